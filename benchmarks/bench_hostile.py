#!/usr/bin/env python
"""Hostile inputs, measured: a gzip bomb in a WARC, and a 5 MB article of repeated news text.

    .venv/bin/python benchmarks/bench_hostile.py                 # 1 GB bomb, 5 MB article
    .venv/bin/python benchmarks/bench_hostile.py --bomb-mb 200 --article-mb 1

Each case runs in a child process so that its peak memory (ru_maxrss) is its own:
1. ``iter_warc`` over a gzip WARC whose one response record expands to ``--bomb-mb`` MB
   (a good record before it must still be read; the bomb must be refused, not inflated);
2. ``read`` of a ``--article-mb`` MB text of repeated news paragraphs: read, or refused by
   the per-article budget (Settings.article_seconds / article_memory_mb).
Prints wall seconds and peak memory of each.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import repeated_news, write_bomb_warc  # noqa: E402

#: runs a command and writes its peak memory (kB) to stderr: the command's own, not the bench's
_MEASURED = (
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
    "sys.stderr.write(f'peak {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}'); sys.exit(rc)"
)


def child(code: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        sys.exit(f"error: child failed\n{done.stderr[-2000:]}")
    return time.perf_counter() - t0, done.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bomb-mb", type=int, default=1024)
    ap.add_argument("--article-mb", type=float, default=5.0)
    args = ap.parse_args()

    from test_ingest import html_page, warc_record

    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.warc.gz"
        good = gzip.compress(
            warc_record("https://ledger.example/a", "2024-05-01T10:00:00Z", html_page(1).encode())
        )
        t0 = time.perf_counter()
        size = write_bomb_warc(bomb, args.bomb_mb * 2**20, before=good)
        made = time.perf_counter() - t0
        spent, out = child(
            f"""
            import resource
            from pathlib import Path
            from reportedly.ingest import iter_warc
            got = list(iter_warc(Path({str(bomb)!r})))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(peak, "|", " / ".join(getattr(g, "reason", None) or "read: " + str(g.url) for g in got))
            """
        )
        peak, what = out.split("|", 1)
        print(f"gzip bomb: {args.bomb_mb:,} MB record in a {size / 2**20:.1f} MB WARC (made in {made:.0f} s)")
        print(f"  iter_warc: {spent:.1f} s, peak memory {int(peak):,} MB; {what.strip()}")

        article = Path(tmp) / "repeated.txt"
        article.write_text(repeated_news(int(args.article_mb * 1_000_000)), encoding="utf-8")
        # the whole command a user runs, start-up included: wall time and the peak memory of
        # the process (the per-article budget starts when reading starts)
        t0 = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _MEASURED,
                str(Path(sys.executable).with_name("reportedly")),
                "read",
                str(article),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        spent = time.perf_counter() - t0
        peak_line, _, err = done.stderr.rpartition("peak ")
        peak = int(err.split()[0]) // 1024 if err.strip() else 0
        done.stderr = peak_line
        what = (done.stdout.strip().splitlines() or [""])[0] if done.returncode == 0 else done.stderr.strip()
        print(f"{args.article_mb:g} MB article of repeated news text ({article.stat().st_size:,} bytes)")
        print(
            f"  reportedly read: {spent:.1f} s wall with start-up, peak memory {peak:,} MB, "
            f"exit {done.returncode}; {what[:200]}"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()
