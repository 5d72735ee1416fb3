#!/usr/bin/env python
"""Linking time (``reportedly.link.link_new``) for corpora of 1,000 and 10,000 articles.

    .venv/bin/python benchmarks/bench_link.py                      # sizes 1000 and 10000, both corpora
    .venv/bin/python benchmarks/bench_link.py --corpus duplicates --sizes 1000 4000
    .venv/bin/python benchmarks/bench_link.py --sizes 500 2000 --json results.jsonl

Two corpora (``--corpus polnear``, ``duplicates`` or ``both``, the default):

*polnear*: PolNeAR texts (read from ../shared at run time, never copied) as originals,
each with generated derivatives: near-verbatim copies (one in two says "Read the
original article on X"), and rewrites that keep most paragraphs, credit the original
outlet ("..., X reported"), sometimes change one word of a quote or one figure.
Rewrites drop about a fifth of the words outside quotes, so they are not copies.
A *family* is one original and its ``FAMILY - 1`` derivatives, so both sizes have the
same structure and only the number of stories grows. The reports are **synthetic**:
built with regular expressions (quoted passages with a "said"/"says" speaker nearby
become direct attributions, "X, Y said." sentences indirect ones, numbers
quantities), *not* with spaCy, so that 10,000 articles can be prepared on two
shared cores. Linking sees the same records the engine produces.

*duplicates*: the corpus of ``bench_web.py``: the six bundled example articles,
analysed once with spaCy, copied in groups with a group-seeded word substitution,
another outlet and date. Every group retells the same story, so clusters grow with
the corpus (one holds nearly every article) and LSH buckets fill with near-identical
items: the worst case for per-cluster and per-bucket work.

The figure that matters is the growth (in CPU time, as the machine is shared): with
sub-quadratic candidate generation the time for 10x the articles should be at most about
10 x log(10n)/log(n) (13.3x for 1,000 -> 10,000). Each size then gets ``--incremental``
more articles (100 by default) linked on their own (the case ``ingest`` triggers).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import re
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from reportedly.link import link_new
from reportedly.model import Article, Attribution, Entity, Quantity, Report, Span, Speaker, Via
from reportedly.store import Store

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT / ".." / "shared" / "datasets" / "polnear"
#: one original and its derivatives
FAMILY = 11
COPIES = 3

_QUOTE = re.compile(r"[“\"]([^”\"]{20,400})[”\"]")
_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s+(?:said|says|told)\b|\b(?:said|says)\s+([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
)
_INDIRECT = re.compile(
    r"^(?P<content>[A-Z][^“”\"]{30,300}?),\s+(?P<speaker>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s+said\.$"
)
_NUMBER = re.compile(r"\b(\d[\d,]*)\s+([a-z]+)")


def load_originals(limit: int) -> list[tuple[str, str, str]]:
    """(text, publisher, date) of PolNeAR texts, from their file names (publisher_date_slug)."""
    paths = sorted(POLNEAR.glob("*/text/*.txt"))
    if not paths:
        sys.exit(f"error: no PolNeAR texts under {POLNEAR}")
    out = []
    for p in paths[:limit]:
        publisher, day, _ = [*p.stem.split("_", 2), "", ""][:3]
        out.append((p.read_text(encoding="utf-8"), publisher, day))
    return out


def synthetic_report(
    text: str, publisher: str, published: str, original: str | None, via: str | None
) -> Report:
    """A Report from regular expressions: no spaCy (see the module docstring)."""
    article = Article(text=text, publisher=publisher, published=published, original=original)
    atts: list[Attribution] = []
    quantities: list[Quantity] = []
    entities: list[Entity] = []
    if via:
        entities.append(Entity("o1", via, "outlet"))
    pos = 0
    for para in text.split("\n\n"):
        start = text.find(para, pos)
        pos = start + len(para)
        sm = _SPEAKER.search(para)
        name = (sm.group(1) or sm.group(2)) if sm else None
        speakers = [Speaker(name, "person", f"p{len(atts)}")] if name else []
        vias = [Via(via, "o1", Span.of(text, start, start + 1), None)] if via else []
        spans: list[Span] = []
        for m in _QUOTE.finditer(para):
            spans.append(Span.of(text, start + m.start(1), start + m.end(1)))
            atts.append(Attribution(f"a{len(atts) + 1}", "direct", [spans[-1]], None, None, speakers, vias))
        im = _INDIRECT.match(para.strip())
        if im and not spans:
            offset = start + para.index(im.group("content"))
            span = Span.of(text, offset, offset + len(im.group("content")))
            who = [Speaker(im.group("speaker"), "person", f"p{len(atts)}")]
            atts.append(Attribution(f"a{len(atts) + 1}", "indirect", [span], None, None, who, vias))
            spans.append(span)
        for span in spans:
            for n in _NUMBER.finditer(span.text):
                value = float(n.group(1).replace(",", ""))
                q = Span.of(text, span.start + n.start(1), span.start + n.end(1))
                quantities.append(Quantity(q, value, value, value, "=", n.group(2), atts[-1].id))
    return Report(article, atts, quantities, entities)


def _shift(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except ValueError:
        return day


def _reword(para: str, rng: random.Random) -> str:
    """A rewrite, not a copy: drop about one word in five outside quotes."""
    ws = para.split()
    return " ".join(w for i, w in enumerate(ws) if i % 5 != 2 or rng.random() < 0.2)


def _tweak_word(para: str, rng: random.Random) -> str:
    m = _QUOTE.search(para)
    if not m:
        return para
    ws = m.group(1).split()
    i = rng.randrange(len(ws))
    ws[i] = rng.choice(["really", "truly", "very", "clearly"])
    return para[: m.start(1)] + " ".join(ws) + para[m.end(1) :]


def _tweak_number(para: str, rng: random.Random) -> str:
    m = _NUMBER.search(para)
    if not m or not m.group(1).replace(",", "").isdigit():
        return para
    return para[: m.start(1)] + str(int(m.group(1).replace(",", "")) + rng.randint(1, 9)) + para[m.end(1) :]


def family(text: str, publisher: str, day: str, k: int, rng: random.Random) -> list[Report]:
    """One original and FAMILY - 1 derivatives (copies, then rewrites crediting the original)."""
    reports = [synthetic_report(text, publisher, day, None, None)]
    paras = text.split("\n\n")
    for c in range(COPIES):
        farm = f"copyfarm-{k % 97}-{c}"
        body = "\n\n".join(paras[:-1] if len(paras) > 2 else paras)
        hint = publisher if c % 2 == 0 else None
        reports.append(
            synthetic_report(body + f"\n\nShared by {farm}.", farm, _shift(day, 1 + c), hint, None)
        )
    for r in range(FAMILY - 1 - COPIES):
        outlet = f"rewire-{k % 89}-{r}"
        kept = [p if _QUOTE.search(p) else _reword(p, rng) for p in paras if rng.random() < 0.75] or paras[:1]
        if rng.random() < 0.2:
            kept = [_tweak_word(p, rng) for p in kept]
        if rng.random() < 0.2:
            kept = [_tweak_number(p, rng) for p in kept]
        body = "\n\n".join(kept) + f"\n\nThis report draws on {publisher}. ({outlet} {k}-{r})"
        reports.append(synthetic_report(body, outlet, _shift(day, 1 + r % 3), None, publisher))
    return reports


def build(n: int, originals: list[tuple[str, str, str]], seed: int = 7) -> list[Report]:
    rng = random.Random(seed)
    out: list[Report] = []
    k = 0
    while len(out) < n:
        text, publisher, day = originals[k % len(originals)]
        if k >= len(originals):
            text = f"(Edition {k // len(originals)})\n\n" + text
        out += family(text, publisher, day, k, rng)
        k += 1
    return out[:n]


def duplicates(n: int) -> list[Report]:
    """``n`` articles of the ``bench_web.py`` corpus (its builder, without its database writes)."""
    import bench_web  # next to this file: run as a script, benchmarks/ is on sys.path

    bases = bench_web.base_reports()
    vocab: dict[int, set[str]] = {}
    for r in bases:
        for w in bench_web.WORD.findall(r.article.text):
            vocab.setdefault(len(w), set()).add(w.lower())
    vocab_sorted = {k: sorted(v) for k, v in vocab.items()}
    out: list[Report] = []
    group = 0
    while len(out) < n:
        mapping = bench_web._mapping(vocab_sorted, random.Random(group))
        out += [bench_web.variant(r, group, mapping, 40) for r in bases]
        group += 1
    return out[:n]


def _store(store: Store, reports: list[Report]) -> None:
    """Write reports in batches (``Store.add`` is one transaction per article: minutes at 10,000)."""
    import bench_web

    from reportedly.store import report_rows

    for i in range(0, len(reports), 500):
        bench_web._write(store, [report_rows(r, source="bench") for r in reports[i : i + 500]])


def run(n: int, reports: list[Report], extra: int) -> dict[str, object]:
    """Link the first ``n`` reports, then ``extra`` more incrementally; times in wall and CPU seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        _store(store, reports[:n])
        t0, c0 = time.perf_counter(), time.process_time()
        summary = link_new(store)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        row: dict[str, object] = {
            "articles": n,
            "items": summary.items,
            "clusters": summary.clusters_changed,
            "link_seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "articles_per_second": round(n / seconds, 1),
        }
        if extra:
            _store(store, reports[n : n + extra])
            t0, c0 = time.perf_counter(), time.process_time()
            more = link_new(store)
            row["incremental_articles"] = more.articles
            row["incremental_seconds"] = round(time.perf_counter() - t0, 2)
            row["incremental_cpu_seconds"] = round(time.process_time() - c0, 2)
        store.close()
    return row


def report(corpus: str, rows: list[dict[str, object]]) -> dict[str, object]:
    """Print one corpus's table and growth; returns the growth figures."""
    print(f"corpus: {corpus}")
    print(
        f"{'articles':>9} {'items':>8} {'wall s':>8} {'cpu s':>8} {'art/s':>8}"
        f" {'+new':>6} {'+wall s':>8} {'+cpu s':>8}"
    )
    for r in rows:
        print(
            f"{r['articles']:>9} {r['items']:>8} {r['link_seconds']:>8} {r['cpu_seconds']:>8}"
            f" {r['articles_per_second']:>8} {r.get('incremental_articles', ''):>6}"
            f" {r.get('incremental_seconds', ''):>8} {r.get('incremental_cpu_seconds', ''):>8}"
        )
    growth: dict[str, object] = {}
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        na, nb = float(a["articles"]), float(b["articles"])  # type: ignore[arg-type]
        # CPU time: the machine is shared, so wall time also measures the neighbours
        ratio = float(b["cpu_seconds"]) / float(a["cpu_seconds"])  # type: ignore[arg-type]
        nlogn = (nb * math.log(nb)) / (na * math.log(na))
        print(
            f"full link: cpu time x{ratio:.1f} for articles x{nb / na:.0f}; "
            f"n log n allows x{nlogn:.1f}, n^2 x{(nb / na) ** 2:.0f}"
        )
        growth = {"growth": round(ratio, 2), "nlogn_bound": round(nlogn, 2)}
        if "incremental_cpu_seconds" in a and "incremental_cpu_seconds" in b:
            inc = float(b["incremental_cpu_seconds"]) / max(0.01, float(a["incremental_cpu_seconds"]))  # type: ignore[arg-type]
            print(f"incremental link of {b['incremental_articles']} more: cpu time x{inc:.1f}")
            growth["incremental_growth"] = round(inc, 2)
    print()
    return growth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--corpus", choices=["polnear", "duplicates", "both"], default="both")
    ap.add_argument("--incremental", type=int, default=100, help="articles added and linked after each size")
    ap.add_argument("--json", type=Path, help="append one JSON line with the results")
    args = ap.parse_args(argv)
    sizes = sorted(args.sizes)
    corpora = ["polnear", "duplicates"] if args.corpus == "both" else [args.corpus]
    results: dict[str, object] = {}
    for corpus in corpora:
        total = sizes[-1] + args.incremental
        if corpus == "polnear":
            reports = build(total, load_originals(total // FAMILY + 1))
        else:
            reports = duplicates(total)
        # the articles added incrementally are the same for every size: the next ones in the corpus
        rows = [run(n, reports[:n] + reports[sizes[-1] :], args.incremental) for n in sizes]
        results[corpus] = {"rows": rows, **report(corpus, rows)}
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            record = {"bench": "link", "python": platform.python_version(), "corpora": results}
            fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
