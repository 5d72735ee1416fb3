"""A corpus for linking without spaCy: PolNeAR texts and their generated copies and rewrites.

Shared by ``benchmarks/bench_link.py`` (10,000 articles and more) and the Ray
linking test. The texts are read from ../shared at run time, never copied. Each
original gets ``FAMILY - 1`` derivatives: near-verbatim copies (one in two says
"Read the original article on X") and rewrites that keep most paragraphs, credit the
original outlet ("..., X reported"), sometimes change one word of a quote or one
figure. The reports are **synthetic**: built with regular expressions (quoted
passages with a "said"/"says" speaker nearby become direct attributions, "X, Y
said." sentences indirect ones, numbers quantities), *not* with spaCy, so that
thousands of articles can be prepared in seconds. Linking sees the same records
the engine produces.

Its gold (``gold_groups``): an item belongs with the item of its family's original it derives
from; ``quality`` scores a linking run against it (B-cubed), for the accuracy gate and
``benchmarks/link_quality.py``.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from reportedly.model import Article, Attribution, Entity, Quantity, Report, Span, Speaker, Via

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


def build(
    n: int,
    originals: list[tuple[str, str, str]],
    seed: int = 7,
    every: int = 1,
    families: list[int] | None = None,
) -> list[Report]:
    """``n`` reports: the originals in turn (again as later editions once all are used), each
    ``every``-th with its family of derivatives, the others alone. ``families`` receives, for
    each report, the index of the original it derives from (a later edition's too)."""
    rng = random.Random(seed)
    out: list[Report] = []
    k = 0
    while len(out) < n:
        text, publisher, day = originals[k % len(originals)]
        if k >= len(originals):
            text = f"(Edition {k // len(originals)})\n\n" + text
        made = (
            family(text, publisher, day, k, rng)
            if k % every == 0
            else [synthetic_report(text, publisher, day, None, None)]
        )
        out += made
        if families is not None:
            families += [k % len(originals)] * len(made)
        k += 1
    if families is not None:
        del families[n:]
    return out[:n]


# --------------------------------------------------------------------------- its gold

#: least word overlap for an item to come from an item of its family's original
SAME_ITEM = 0.5
_WORDS = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORDS.findall(text))


def gold_groups(reports: list[Report], families: list[int]) -> dict[tuple[str, str], str]:
    """(article id, attribution id) -> gold group: ``origin:attribution`` of the original item it
    comes from, else its own key."""
    originals: dict[int, list[tuple[str, frozenset[str]]]] = {}
    for report, origin in zip(reports, families, strict=True):
        if origin not in originals:  # the first of a family is its original
            originals[origin] = [(a.id, _words(a.content_text)) for a in report.attributions]
    gold: dict[tuple[str, str], str] = {}
    for report, origin in zip(reports, families, strict=True):
        for a in report.attributions:
            words = _words(a.content_text)
            best, label = SAME_ITEM, f"{report.article.id}:{a.id}"
            for oid, owords in originals[origin]:
                score = len(words & owords) / max(1, len(words | owords))
                if score >= best:
                    best, label = score, f"{origin}:{oid}"
                    if score == 1.0:
                        break
            gold[(report.article.id, a.id)] = label
    return gold


def b_cubed(found: dict[tuple[str, str], int], gold: dict[tuple[str, str], str]) -> tuple[float, float]:
    """B-cubed precision and recall of clusters ``found`` against ``gold``, over the items in both."""
    keys = [k for k in found if k in gold]
    both = Counter((found[k], gold[k]) for k in keys)
    size_found = Counter(found[k] for k in keys)
    size_gold = Counter(gold[k] for k in keys)
    p = sum(both[(found[k], gold[k])] / size_found[found[k]] for k in keys)
    r = sum(both[(found[k], gold[k])] / size_gold[gold[k]] for k in keys)
    return p / max(1, len(keys)), r / max(1, len(keys))


def quality(n: int, db: Path) -> dict[str, float]:
    """Link the first ``n`` reports of the corpus in a new store at ``db``; B-cubed precision and
    recall of the clusters against ``gold_groups``, with counts and the linking CPU time."""
    families: list[int] = []
    reports = build(n, load_originals(n // FAMILY + 1), families=families)
    return link_and_score(reports, gold_groups(reports, families), db)


def link_and_score(reports: list[Report], gold: dict[tuple[str, str], str], db: Path) -> dict[str, float]:
    """Store ``reports`` in a new store at ``db``, link them, and score the clusters against
    ``gold`` (B-cubed), with counts and the linking CPU time."""
    from sqlalchemy import select

    from reportedly.link import link_new
    from reportedly.store import Store
    from reportedly.store import schema as st

    store = Store.open(str(db))
    try:
        for i in range(0, len(reports), 500):
            store.add_many([(r, "linkcorpus") for r in reports[i : i + 500]])
        started = time.process_time()
        link_new(store)
        cpu = time.process_time() - started
        li = st.link_items
        with store.engine.connect() as conn:
            found = {
                (aid, att): cluster
                for aid, att, cluster in conn.execute(
                    select(li.c.article_id, li.c.attribution_id, li.c.cluster)
                )
            }
    finally:
        store.close()
    precision, recall = b_cubed(found, gold)
    return {
        "articles": len(reports),
        "items": len(found),
        "gold_groups": len({gold[k] for k in found if k in gold}),
        "clusters": len(set(found.values())),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "link_cpu_seconds": cpu,
    }
