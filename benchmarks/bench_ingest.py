"""Ingest throughput and database size: PolNeAR ``train`` texts into a temporary SQLite file.

    .venv/bin/python benchmarks/bench_ingest.py              # all 840 texts, 1 and 2 jobs
    .venv/bin/python benchmarks/bench_ingest.py -n 100 --jobs 2

For each job count: a fresh database, one ingest (timed), then the same ingest
again, which must find every article already present. Prints articles/s and the
database size per 1,000 articles (after a WAL checkpoint). The texts are read
from ../shared at run time, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from reportedly.ingest import ingest
from reportedly.store import Store

DEFAULT_TEXTS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "polnear" / "train" / "text"
)


def run(texts: list[str], jobs: int) -> dict[str, float | int]:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        db = str(Path(tmp) / "bench.db")
        first = ingest(texts, db, jobs=jobs)
        for name, reason in first.failures:
            print(f"failed: {name}: {reason}", file=sys.stderr)
        second = ingest(texts, db, jobs=jobs)
        with Store.open(db) as store:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            count = store.count()
            size = store.size_bytes() or 0
    return {
        "jobs": jobs,
        "articles": len(texts),
        "new": first.new,
        "failed": first.failed,
        "seconds": round(first.seconds, 1),
        "articles_per_s": round(first.new / first.seconds, 2) if first.seconds else 0.0,
        "again_present": second.present,
        "again_seconds": round(second.seconds, 1),
        "stored": count,
        "db_mb_per_1000": round(size / max(count, 1) * 1000 / 1e6, 2),
        # the machine may be shared: a busy one makes every figure lower
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=840, help="number of texts (sorted by name)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.texts.is_dir():
        print(f"no texts at {args.texts}", file=sys.stderr)
        return 1
    texts = sorted(str(p) for p in args.texts.glob("*.txt"))[: args.n]
    results = [run(texts, j) for j in args.jobs]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print("jobs  articles  new  failed  seconds  articles/s  again: present (s)  MB per 1,000  load")
        for r in results:
            print(
                f"{r['jobs']:>4}  {r['articles']:>8}  {r['new']:>3}  {r['failed']:>6}  {r['seconds']:>7}  "
                f"{r['articles_per_s']:>10}  {r['again_present']:>8} ({r['again_seconds']})  {r['db_mb_per_1000']:>12}  "
                f"{r['load_before']}->{r['load_after']}"
            )
    ok = all(r["again_present"] == r["articles"] - r["failed"] for r in results)
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
