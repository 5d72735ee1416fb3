"""Reading while another process links: how long each web page and trace takes, per answer.

Stores the flood story of ``examples/`` with ``--reprints`` syndicated copies, links it, stores as
many copies again and starts ``reportedly link`` in another process; while that runs, asks the
story pages, the article list, the JSON API and a trace in turn and times every answer (the
figures behind ``tests/link/test_reliability.py``, which asserts every answer within 1 s).
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from fastapi.testclient import TestClient

from reportedly.inputs import load_article
from reportedly.link import link_new, trace_text
from reportedly.pipeline import analyze
from reportedly.store import Store
from reportedly.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "link"))  # the reprints of tests/link/test_reliability.py

from linkstory import reprint  # noqa: E402

STORY = ("harbour-festival", "portvale-courier-flood", "northline-wire-flood")
QUOTE = "worst night this town has seen"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", help="SQLite path or postgresql:// URL of an empty database (default: a temp file)"
    )
    parser.add_argument(
        "--reprints", type=int, default=160, help="copies linked before, and again during, the run"
    )
    parser.add_argument("--json", help="append one JSON line with the results to this file")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "readers.db")
    reports = {name: analyze(load_article(str(ROOT / "examples" / f"{name}.txt"))) for name in STORY}
    store = Store.open(db)
    for report in reports.values():
        store.add(report)
    courier = reports["portvale-courier-flood"]
    for n in range(args.reprints):
        store.add(reprint(courier, n))
    link_new(store)
    for n in range(args.reprints, 2 * args.reprints):
        store.add(reprint(courier, n))
    cluster = trace_text(store, QUOTE).id
    asks = ("/stories", f"/stories/{cluster}", "/articles", "/api/stories", "trace")
    took: dict[str, list[float]] = {ask: [] for ask in asks}
    # spaCy and the parsed articles stay in this process, not in a web server's (it reads in a
    # child process): their collection pauses are this script's, not the reader's
    gc.collect()
    gc.freeze()
    with TestClient(create_app(db)) as web:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportedly.cli", "link", "--db", db, "--no-progress"],
            stdout=subprocess.DEVNULL,
        )
        started = time.monotonic()
        while proc.poll() is None:
            for ask in asks:
                t = time.monotonic()
                if ask == "trace":
                    trace_text(store, QUOTE)
                else:
                    web.get(ask).raise_for_status()
                took[ask].append(time.monotonic() - t)
        link_seconds = time.monotonic() - started
    store.close()
    print(f"{args.reprints} reprints linked by another process in {link_seconds:.1f} s")
    print(f"{'answer':<16}{'n':>6}{'p50 ms':>10}{'p90 ms':>10}{'max ms':>10}")
    rows = []
    for ask, values in took.items():
        values.sort()
        row = {
            "answer": ask.replace(str(cluster), "{id}"),
            "n": len(values),
            "p50_ms": round(1000 * median(values), 1),
            "p90_ms": round(1000 * values[int(len(values) * 0.9)], 1),
            "max_ms": round(1000 * values[-1], 1),
        }
        rows.append(row)
        print(f"{row['answer']:<16}{row['n']:>6}{row['p50_ms']:>10}{row['p90_ms']:>10}{row['max_ms']:>10}")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps({"bench": "readers", "reprints": args.reprints, "rows": rows}) + "\n")


if __name__ == "__main__":
    main()
