"""Span scoring shared by every attribution corpus: EXACT and OVERLAP matching per role,
attribution-level matching, and the direct/indirect breakdown.

Spans are tuples of ``(start, end)`` character fragments into one text, so gold
(brat multi-fragment spans) and predictions (our multi-span contents) have one shape.

Conventions, chosen to follow the published PolNeAR figures where they are defined:

- EXACT: each fragment is stripped of surrounding whitespace and punctuation, fragments
  are sorted, and fragments separated only by whitespace/punctuation are merged (brat
  splits a span at every line break, which says nothing about the annotation). Two spans
  match when the resulting fragment tuples are equal. Multi-fragment spans are therefore
  compared as the *set of stripped fragments*, not as their covering span: a quote
  interrupted by "he said" is two fragments in the gold and two spans in our reports, and
  the covering span would swallow the cue and source.
- OVERLAP: token-overlap F1 between the word tokens (``\\w+``) under each span is at least
  0.5; matching is one-to-one, greedy by best overlap.
- Each role (source, cue, content) is matched on its own, one-to-one within a document.
- An attribution matches when its content and its source both overlap (F1 >= 0.5); two
  absent sources agree, one absent source does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]
Role = Literal["source", "cue", "content"]
Kind = Literal["direct", "indirect"]
Mode = Literal["exact", "overlap"]

ROLES: tuple[Role, ...] = ("source", "cue", "content")
KINDS: tuple[Kind, ...] = ("direct", "indirect")
MODES: tuple[Mode, ...] = ("exact", "overlap")

#: token-overlap F1 at or above which two spans count as the same (OVERLAP mode)
OVERLAP_THRESHOLD = 0.5

_WORD = re.compile(r"\w+")
_NONSPACE = re.compile(r"[^\w\s]")
#: a content opening on one of these is a direct quote (a single quote may be an apostrophe)
_DOUBLE_OPEN = '"“«„'


@dataclass(frozen=True, slots=True)
class AttributionSpans:
    """One attribution as three spans: what gold annotations and predictions are reduced to."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()
    #: who produced it (annotator id, attribution id) — for error dumps only
    label: str = ""

    def role(self, role: Role) -> Fragments:
        return self.content if role == "content" else self.cue if role == "cue" else self.source


def fragments(*pairs: tuple[int, int]) -> Fragments:
    return tuple((int(s), int(e)) for s, e in pairs if e > s)


def covering(frags: Iterable[Fragment]) -> Fragments:
    """The one fragment from the first start to the last end (empty stays empty)."""
    frags = list(frags)
    if not frags:
        return ()
    return ((min(s for s, _ in frags), max(e for _, e in frags)),)


def _strippable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def strip_fragment(text: str, start: int, end: int) -> Fragment:
    """Shrink ``[start, end)`` past surrounding whitespace and punctuation (may become empty)."""
    while start < end and _strippable(text[start]):
        start += 1
    while end > start and _strippable(text[end - 1]):
        end -= 1
    return start, end


def _strip_space(text: str, start: int, end: int) -> Fragment:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def normalize(text: str, frags: Fragments) -> Fragments:
    """Stripped, sorted fragments, merged where only whitespace/punctuation separates them."""
    stripped = sorted(f for f in (strip_fragment(text, s, e) for s, e in frags) if f[1] > f[0])
    if not stripped:
        # a span of punctuation only (PolNeAR has ~200 cues that are just ":") keeps its marks
        return tuple(sorted(f for s, e in frags if (f := _strip_space(text, s, e))[1] > f[0]))
    merged: list[Fragment] = []
    for s, e in stripped:
        if merged:
            ps, pe = merged[-1]
            if s <= pe or all(_strippable(c) for c in text[pe:s]):
                merged[-1] = (ps, max(pe, e))
                continue
        merged.append((s, e))
    return tuple(merged)


def tokens(text: str, frags: Fragments) -> frozenset[Fragment]:
    """Word tokens under the fragments, as character offsets (so overlap is positional);
    a span without words (a bare ":" cue) is its punctuation marks."""
    out: set[Fragment] = set()
    for s, e in frags:
        out.update((m.start(), m.end()) for m in _WORD.finditer(text, s, e))
    if not out:
        for s, e in frags:
            out.update((m.start(), m.end()) for m in _NONSPACE.finditer(text, s, e))
    return frozenset(out)


def overlap_f1(a: frozenset[Fragment], b: frozenset[Fragment]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return 2 * common / (len(a) + len(b))


def kind_of(text: str, content: Fragments) -> Kind:
    """``direct`` when the content opens with a quote mark or most of its words are quoted.

    Content that merely ends on a quoted phrase (PolNeAR's many mixed reports,
    'that X would "keep the details under wraps."') counts as indirect.
    """
    if not content:
        return "indirect"
    start, end = content[0][0], content[-1][1]
    # A prediction may leave the quote marks outside its span; look one step past it.
    before = text[max(0, start - 2) : start].rstrip()[-1:]
    body = text[start:end].lstrip()
    if any(ch and ch in _DOUBLE_OPEN for ch in (body[:1], before)):
        return "direct"
    words = [(m.start(), m.end()) for s, e in content for m in _WORD.finditer(text, s, e)]
    if not words:
        return "indirect"
    inside = _quoted_mask(text, start, end)
    quoted = sum(1 for s, _ in words if inside(s))
    return "direct" if quoted * 2 > len(words) else "indirect"


def _quoted_mask(text: str, start: int, end: int) -> Callable[[int], bool]:
    """Which positions of ``text[start:end]`` lie between double quote marks."""
    regions: list[Fragment] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch == '"' and opened is None):
            opened = i
        elif (ch == "”" or ch == '"') and opened is not None:
            regions.append((opened, i))
            opened = None
    if opened is not None:
        regions.append((opened, end))

    def inside(pos: int) -> bool:
        return any(s < pos < e for s, e in regions)

    return inside


# --- matching ---------------------------------------------------------------------------


def match_exact(text: str, gold: Sequence[Fragments], pred: Sequence[Fragments]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, pred index)`` with equal normalized spans."""
    free: dict[Fragments, list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault(normalize(text, p), []).append(j)
    pairs: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        key = normalize(text, g)
        if key and free.get(key):
            pairs.append((i, free[key].pop(0)))
    return pairs


def match_overlap(
    text: str, gold: Sequence[Fragments], pred: Sequence[Fragments], threshold: float = OVERLAP_THRESHOLD
) -> list[tuple[int, int]]:
    """One-to-one pairs with token-overlap F1 >= threshold, greedy by best overlap."""
    gtok = [tokens(text, g) for g in gold]
    ptok = [tokens(text, p) for p in pred]
    scored = [
        (f1, i, j)
        for i, g in enumerate(gtok)
        for j, p in enumerate(ptok)
        if (f1 := overlap_f1(g, p)) >= threshold
    ]
    return _greedy(scored)


def _greedy(scored: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def match_attributions(
    text: str,
    gold: Sequence[AttributionSpans],
    pred: Sequence[AttributionSpans],
    threshold: float = OVERLAP_THRESHOLD,
) -> list[tuple[int, int]]:
    """One-to-one pairs whose content and source both overlap (absent sources agree)."""
    gc = [tokens(text, g.content) for g in gold]
    pc = [tokens(text, p.content) for p in pred]
    gs = [tokens(text, g.source) for g in gold]
    ps = [tokens(text, p.source) for p in pred]
    scored = []
    for i in range(len(gold)):
        for j in range(len(pred)):
            c = overlap_f1(gc[i], pc[j])
            if c < threshold:
                continue
            if not gs[i] and not ps[j]:
                s = 1.0
            else:
                s = overlap_f1(gs[i], ps[j])
                if s < threshold:
                    continue
            scored.append((c + s, i, j))
    return _greedy(scored)


# --- counts -----------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Matched predictions / predictions and matched gold / gold (the two differ only in
    a breakdown, where a pair's prediction and gold may fall in different groups)."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.n_pred,
            "gold": self.n_gold,
            "matched": self.tp_gold,
        }


@dataclass(frozen=True, slots=True)
class SpanError:
    """A miss (gold nobody predicted) or a false alarm (prediction matching no gold)."""

    doc: str
    role: str  # source, cue, content or attribution
    error: Literal["miss", "false_alarm"]
    start: int
    end: int
    text: str
    context: str
    #: whether the span was matched under OVERLAP (a boundary error rather than a whole miss)
    overlaps: bool
    kind: Kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "role": self.role,
            "error": self.error,
            "kind": self.kind,
            "overlaps": self.overlaps,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "context": self.context,
        }


@dataclass(slots=True)
class Evaluation:
    """Aggregated scores over documents; ``to_dict`` is the ``--json`` shape."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    attribution: Counts = field(default_factory=Counts)
    #: kind -> measure ("content_exact", "content_overlap", "attribution") -> counts
    by_kind: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {
            k: {m: Counts() for m in ("content_exact", "content_overlap", "attribution")} for k in KINDS
        }
    )
    documents: int = 0
    errors: list[SpanError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "exact": {r: c.to_dict() for r, c in self.exact.items()},
            "overlap": {r: c.to_dict() for r, c in self.overlap.items()},
            "attribution": self.attribution.to_dict(),
            "by_kind": {k: {m: c.to_dict() for m, c in v.items()} for k, v in self.by_kind.items()},
        }


def context(text: str, start: int, end: int, width: int = 200) -> str:
    """The paragraph around a span, clipped to ``width`` characters either side."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left = max(left, start - width)
    right = min(right, end + width)
    return " ".join(text[left:right].split())


class Scorer:
    """Accumulates one document at a time; ``keep_errors`` records every miss and false alarm."""

    def __init__(self, keep_errors: bool = False) -> None:
        self.result = Evaluation()
        self.keep_errors = keep_errors

    def add(
        self, doc: str, text: str, gold: Sequence[AttributionSpans], pred: Sequence[AttributionSpans]
    ) -> None:
        res = self.result
        res.documents += 1
        gkind = [kind_of(text, g.content) for g in gold]
        pkind = [kind_of(text, p.content) for p in pred]
        for role in ROLES:
            gi = [i for i, g in enumerate(gold) if g.role(role)]
            pj = [j for j, p in enumerate(pred) if p.role(role)]
            gspans = [gold[i].role(role) for i in gi]
            pspans = [pred[j].role(role) for j in pj]
            ex = match_exact(text, gspans, pspans)
            ov = match_overlap(text, gspans, pspans)
            for mode, pairs in (("exact", ex), ("overlap", ov)):
                table = res.exact if mode == "exact" else res.overlap
                table[role].add(Counts(len(pairs), len(pspans), len(pairs), len(gspans)))
                if role == "content":
                    self._by_kind(
                        f"content_{mode}",
                        [(gi[a], pj[b]) for a, b in pairs],
                        gi,
                        pj,
                        gkind,
                        pkind,
                    )
            if self.keep_errors:
                ov_g = {a for a, _ in ov}
                ov_p = {b for _, b in ov}
                self._errors(doc, text, role, ex, gspans, pspans, ov_g, ov_p,
                             [gkind[i] for i in gi], [pkind[j] for j in pj])  # fmt: skip
        att = match_attributions(text, gold, pred)
        res.attribution.add(Counts(len(att), len(pred), len(att), len(gold)))
        self._by_kind("attribution", att, list(range(len(gold))), list(range(len(pred))), gkind, pkind)
        if self.keep_errors:
            gcont = [g.content for g in gold]
            pcont = [p.content for p in pred]
            self._errors(doc, text, "attribution", att, gcont, pcont, set(), set(), gkind, pkind)

    def _by_kind(
        self,
        measure: str,
        pairs: list[tuple[int, int]],
        gi: list[int],
        pj: list[int],
        gkind: list[Kind],
        pkind: list[Kind],
    ) -> None:
        matched_g = {a for a, _ in pairs}
        matched_p = {b for _, b in pairs}
        for k in KINDS:
            self.result.by_kind[k][measure].add(
                Counts(
                    tp_pred=sum(1 for j in matched_p if pkind[j] == k),
                    n_pred=sum(1 for j in pj if pkind[j] == k),
                    tp_gold=sum(1 for i in matched_g if gkind[i] == k),
                    n_gold=sum(1 for i in gi if gkind[i] == k),
                )
            )

    def _errors(
        self,
        doc: str,
        text: str,
        role: str,
        pairs: list[tuple[int, int]],
        gspans: Sequence[Fragments],
        pspans: Sequence[Fragments],
        overlap_g: set[int],
        overlap_p: set[int],
        gkind: Sequence[Kind],
        pkind: Sequence[Kind],
    ) -> None:
        matched_g = {a for a, _ in pairs}
        matched_p = {b for _, b in pairs}
        for error, spans, matched, overlapping, kinds in (
            ("miss", gspans, matched_g, overlap_g, gkind),
            ("false_alarm", pspans, matched_p, overlap_p, pkind),
        ):
            for i, frags in enumerate(spans):
                if i in matched or not frags:
                    continue
                s, e = frags[0][0], frags[-1][1]
                self.result.errors.append(
                    SpanError(
                        doc=doc,
                        role=role,
                        error=error,  # type: ignore[arg-type]
                        start=s,
                        end=e,
                        text=" … ".join(text[a:b] for a, b in frags),
                        context=context(text, s, e),
                        overlaps=i in overlapping,
                        kind=kinds[i],
                    )
                )
