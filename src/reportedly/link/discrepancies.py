"""Where retellings disagree: figures, citations, quote wording, and sums inside one article.

Numbers are compared as intervals: "at least six" is [6, inf) and agrees with
"seven"; "seven" and "eight" do not overlap and conflict. Each appearance is
compared with where it got the content (its cited or copied article), else with
the cluster's first appearance, so a figure changed once is reported once, at
the article that changed it, and not again at every copy downstream. A later
article by the same outlet with a new figure is a ``revision``, not a conflict.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from reportedly.link.citations import Member
from reportedly.link.normalize import words
from reportedly.model import Discrepancy, Quantity, Report

_INF = float("inf")


def interval(q: dict[str, Any]) -> tuple[float, float]:
    """The values a quantity allows ("more than 60" is (60, inf); "nearly 2,000" is (-inf, 2000])."""
    low, high, value, rel = q.get("low"), q.get("high"), q.get("value"), q.get("relation")
    lo = low if low is not None else (value if rel in ("=", "~") and value is not None else -_INF)
    hi = high if high is not None else (value if rel in ("=", "~") and value is not None else _INF)
    return float(lo), float(hi)


def compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return alo <= bhi and blo <= ahi


def word_changes(ref: list[str], other: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """Words replaced, added or dropped inside the shared stretch; and whether either end was cut."""
    ops = difflib.SequenceMatcher(None, ref, other, autojunk=False).get_opcodes()
    changed: list[tuple[str, str]] = []
    truncated = False
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        at_end = n == 0 or n == len(ops) - 1
        if at_end and tag in ("delete", "insert"):
            truncated = True
            continue
        changed.append((" ".join(ref[i1:i2]), " ".join(other[j1:j2])))
    return changed, truncated


def _reference(m: Member, first: Member, by_id: dict[str, Member]) -> Member | None:
    for s in m.sources:
        if s.article and s.article in by_id and s.article != m.article.id:
            return by_id[s.article]
    return None if m is first else first


def _name(m: Member) -> str:
    return m.article.outlet or m.article.id


def cluster_discrepancies(cluster: int, kind: str, ordered: list[Member]) -> list[Discrepancy]:
    """Number, citation and wording discrepancies of one cluster (members in order)."""
    if len(ordered) < 2:
        return []
    first = ordered[0]
    by_id = {m.article.id: m for m in ordered}
    out: list[Discrepancy] = []
    for m in ordered[1:]:
        ref = _reference(m, first, by_id)
        if ref is None or ref is m:
            continue
        cited = m.edge == "cited" and any(s.article == ref.article.id for s in m.sources)
        out += _numbers(cluster, m, ref, cited)
        if kind == "quote" and m.edge != "copied":
            changed, _ = word_changes(words(ref.items[0]["text"]), words(m.items[0]["text"]))
            if changed:
                pairs = ", ".join(f"{a!r} -> {b!r}" for a, b in changed)
                out.append(
                    Discrepancy(
                        kind="quote-changed",
                        conflict=True,
                        article=m.article.id,
                        other_article=ref.article.id,
                        cluster=cluster,
                        message=f"{_name(m)} changed the quote's words from {_name(ref)}: {pairs}",
                        detail={"changed": [{"from": a, "to": b} for a, b in changed]},
                    )
                )
    return out


def _numbers(cluster: int, m: Member, ref: Member, cited: bool) -> list[Discrepancy]:
    mine = [q for it in m.items for q in it["quantities"] if q.get("counted")]
    theirs = [q for it in ref.items for q in it["quantities"] if q.get("counted")]
    out: list[Discrepancy] = []
    done: set[str] = set()
    for q in mine:
        counted = q["counted"]
        same = [t for t in theirs if t["counted"] == counted]
        if counted in done or not same or any(compatible(q, t) for t in same):
            continue
        done.add(counted)
        t = same[0]
        detail = {"value": q["text"], "other_value": t["text"], "counted": counted}
        # the same outlet changing its own figure is a revision, not a conflict
        revised = bool(m.article.outlet_key) and m.article.outlet_key == ref.article.outlet_key
        out.append(
            Discrepancy(
                kind="revision" if revised else "number",
                conflict=not revised,
                article=m.article.id,
                other_article=ref.article.id,
                cluster=cluster,
                counted=counted,
                message=(
                    f"{_name(m)} revised {counted}: {t['text']!r} -> {q['text']!r}"
                    if revised
                    else f"{_name(m)} says {q['text']!r} {counted}, {_name(ref)} says {t['text']!r}"
                ),
                detail=detail,
            )
        )
        if revised:
            continue
        if cited:
            out.append(
                Discrepancy(
                    kind="citation",
                    conflict=True,
                    article=m.article.id,
                    other_article=ref.article.id,
                    cluster=cluster,
                    counted=counted,
                    message=(
                        f"{_name(m)} cites {_name(ref)} for {q['text']!r} {counted}, "
                        f"but {_name(ref)}'s article says {t['text']!r}"
                    ),
                    detail=detail,
                )
            )
    return out


# --------------------------------------------------------------------------- arithmetic

_PART_OF = re.compile(r"\s+of\s+(?:the|those|these|its|their)\s+$", re.IGNORECASE)
_REST = re.compile(r"(?:the\s+)?(?:other|remaining)\s+$", re.IGNORECASE)
#: how far after "X of the Y" the rest ("the other Z") may come
_REST_WINDOW = 300


def arithmetic(report: Report) -> list[Discrepancy]:
    """Part-whole sums inside one article: "four of the seven ... the other three" (adds up or not)."""
    text = report.article.text
    qs = sorted(
        {(q.span.start, q.span.end): q for q in report.quantities if q.value is not None}.values(),
        key=lambda q: q.span.start,
    )
    out: list[Discrepancy] = []
    for i, part in enumerate(qs):
        whole = next((w for w in qs[i + 1 :] if w.span.start > part.span.end), None)
        if whole is None or not _PART_OF.fullmatch(text[part.span.end : whole.span.start]):
            continue
        rest = _rest_after(text, whole, qs)
        if rest is None:
            continue
        assert part.value is not None and whole.value is not None and rest.value is not None
        adds_up = part.value + rest.value == whole.value
        counted = whole.counted or part.counted
        out.append(
            Discrepancy(
                kind="arithmetic",
                conflict=not adds_up,
                article=report.article.id,
                counted=counted,
                message=(
                    f"{part.span.text} + {rest.span.text} {'=' if adds_up else '!='} {whole.span.text}"
                    f" {counted or ''}".rstrip()
                ),
                detail={
                    "part": part.span.text,
                    "rest": rest.span.text,
                    "whole": whole.span.text,
                    "adds_up": adds_up,
                    "start": part.span.start,
                    "end": rest.span.end,
                },
            )
        )
    return out


def _rest_after(text: str, whole: Quantity, qs: list[Quantity]) -> Quantity | None:
    for q in qs:
        if q.span.start <= whole.span.end:
            continue
        if q.span.start - whole.span.end > _REST_WINDOW:
            return None
        before = text[max(whole.span.end, q.span.start - 20) : q.span.start]
        if _REST.search(before):
            return q
    return None
