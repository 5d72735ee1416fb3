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
        spent, out = child(
            f"""
            import resource, time
            from reportedly.errors import ReportedlyError
            from reportedly.inputs import load_article
            from reportedly.pipeline import analyze
            t0 = time.perf_counter()
            try:
                report = analyze(load_article({str(article)!r}))
                what = f"read: {{len(report.attributions):,}} attributions"
            except ReportedlyError as exc:
                what = f"refused: {{exc}}"
            spent = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(peak, "|", f"{{spent:.1f}}", "|", what)
            """
        )
        peak, inner, what = out.split("|", 2)
        print(f"{args.article_mb:g} MB article of repeated news text ({article.stat().st_size:,} bytes)")
        print(
            f"  read: {spent:.1f} s with start-up ({inner.strip()} s reading), peak memory {int(peak):,} MB; "
            f"{what.strip()}"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()
