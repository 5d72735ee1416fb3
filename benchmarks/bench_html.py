#!/usr/bin/env python
"""HTML to article text: pages per second and the article-extraction benchmark's shingle F1.

    .venv/bin/python benchmarks/bench_html.py                  # all 181 pages
    .venv/bin/python benchmarks/bench_html.py --limit 30 --json results.jsonl

Pages come from ../shared/datasets/article-extraction (Scrapinghub's benchmark; read in
place, never copied). Each page goes through ``reportedly.inputs.article_from_html``
(trafilatura plus our cleaning); the clock covers that call only (not gunzip, not decoding).
Its gold is the article body without the title, and our text starts with the title as its
first paragraph, so that paragraph is dropped before scoring.

The measure re-implements the benchmark's: word tokens (``\\w+``), 4-word shingles counted
with multiplicity, per-page true/false positives and false negatives normalised to sum 1,
precision and recall averaged over pages, F1 of the two averages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / ".." / "shared" / "datasets" / "article-extraction"

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    # a text shorter than n words is one (short) shingle, as in the benchmark
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aggregate(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0

    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def body(text: str, title: str | None) -> str:
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title.strip():
            return rest.lstrip("\n")
    return text


def noise_lines(true: str, pred: str) -> int:
    """Lines of ``pred`` (of at least four words) none of whose 4-word shingles is in ``true``:
    whole lines the reader added that the article does not have (menus, promos, captions)."""
    gold = shingles(true)
    return sum(
        1 for line in pred.split("\n") if len(_TOKEN.findall(line)) >= 4 and not (shingles(line) & gold)
    )


def pages_of(args: argparse.Namespace) -> list[tuple[str, str, str | None, str]]:
    """(name, html, url, expected body) for the benchmark's pages, or for our own fixture pages."""
    from reportedly.inputs.encoding import decode

    if args.pages:
        out = []
        for path in sorted(args.pages.glob("*.html"))[: args.limit]:
            expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
            out.append((path.stem, path.read_text(encoding="utf-8"), None, expected.partition("\n\n")[2]))
        return out
    truth = json.loads((args.dir / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for path in sorted((args.dir / "html").glob("*.html.gz"))[: args.limit]:
        key = path.name.removesuffix(".html.gz")
        html = decode(gzip.decompress(path.read_bytes()), path.name)
        gold = truth.get(key, {})
        out.append((key, html, gold.get("url"), gold.get("articleBody", "")))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--dir", type=Path, default=DEFAULT_DIR, help="holds html/*.html.gz and ground-truth.json"
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", type=Path, default=None, help="append the figures as one JSON line here")
    ap.add_argument(
        "--pages",
        type=Path,
        default=None,
        help="our own fixture pages instead (NAME.html + NAME.expected.txt)",
    )
    ap.add_argument("--bare", action="store_true", help="bare trafilatura.extract instead of reportedly")
    args = ap.parse_args(argv)

    from reportedly.errors import ReportedlyError
    from reportedly.inputs import article_from_html

    pages = pages_of(args)
    if not pages:
        sys.exit(f"error: no pages in {args.pages or args.dir}")
    counts: list[tuple[float, float, float]] = []
    failed: list[str] = []
    noisy = noise = 0
    spent = 0.0
    for key, html, url, gold in pages:
        t0 = time.perf_counter()
        if args.bare:
            import trafilatura

            text = trafilatura.extract(html, url=url) or ""
        else:
            try:
                article = article_from_html(html, url=url)
                text = body(article.text, article.title)
            except ReportedlyError as exc:
                failed.append(f"{key[:12]}: {exc}")
                text = ""
        spent += time.perf_counter() - t0
        counts.append(page_counts(gold, text))
        n = noise_lines(gold, text)
        noise += n
        noisy += n > 0
    scores = aggregate(counts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "pages": len(pages),
        "set": str(args.pages or "article-extraction"),
        "reader": "trafilatura" if args.bare else "reportedly",
        "failed": len(failed),
        "noise_lines": noise,
        "pages_with_noise": noisy,
        "seconds": spent,
        "pages_per_second": len(pages) / spent if spent else 0.0,
        **scores,
        "peak_rss_mb": round(rss, 1),
    }
    reader = "trafilatura.extract" if args.bare else "article_from_html"
    print(f"{len(pages)} pages, {len(failed)} refused, {spent:.2f} s in {reader}")
    print(f"pages/s {summary['pages_per_second']:.1f}")
    print(
        f"shingle precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  F1 {scores['f1']:.3f}"
    )
    print(f"noise lines {noise} on {noisy} pages (lines of 4+ words sharing no 4-word shingle with the gold)")
    print(f"peak RSS {rss:.0f} MB")
    for f in failed[:10]:
        print(f"  refused {f}")
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"benchmark": "html", "time": time.time(), **summary}) + "\n")


if __name__ == "__main__":
    main()
