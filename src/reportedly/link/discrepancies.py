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
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from reportedly.link.citations import Member
from reportedly.link.clusters import speakers_compatible
from reportedly.link.normalize import claim_words, content_set, quote_words
from reportedly.model import Discrepancy, DiscrepancyKind, ItemQuantity, LinkedItem, Quantity, Report
from reportedly.settings import DEFAULT, Settings
from reportedly.store.names import outlet_name

_INF = float("inf")
#: longest stretch of a quote replaced by other words that is still one quote changed
_MAX_SWAP_WORDS = 3
#: the same at either end of a quote, where a longer stretch is a cut or another framing
_MAX_END_SWAP_WORDS = 2


def interval(q: ItemQuantity) -> tuple[float, float]:
    """The values a quantity allows ("more than 60" is (60, inf); "nearly 2,000" is (-inf, 2000])."""
    low, high, value, rel = q.low, q.high, q.value, q.relation
    lo = low if low is not None else (value if rel in ("=", "~") and value is not None else -_INF)
    hi = high if high is not None else (value if rel in ("=", "~") and value is not None else _INF)
    return float(lo), float(hi)


def compatible(a: ItemQuantity, b: ItemQuantity) -> bool:
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
        # cut, or framed in other words ("he wants" a quote, "Trump is calling for" it); a word
        # swapped at an end ("Although" for "Though") is still a change
        if at_end and (tag != "replace" or max(i2 - i1, j2 - j1) > _MAX_END_SWAP_WORDS):
            truncated = True
            continue
        changed.append((" ".join(ref[i1:i2]), " ".join(other[j1:j2])))
    return changed, truncated


#: sources that name a kind of evidence, not one origin: "a poll" in one article and "a poll"
#: in another are often two polls
_GENERIC_SOURCES = frozenset(
    ["poll", "polls", "survey", "surveys", "study", "studies", "report", "reports", "data", "figures"]
)


def same_speaker(a: LinkedItem, b: LinkedItem) -> bool:
    """Both items name who said it, and it is one person or body ("Smith" is "John Smith")."""
    ak, bk = a.speaker_key, b.speaker_key
    if not ak or not bk or a.speaker_kind == "outlet" or b.speaker_kind == "outlet":
        return False
    if len(ak.split()) <= 2 and ak.split()[-1] in _GENERIC_SOURCES:
        return False  # "a new poll": which one is not said
    return speakers_compatible(ak, None, bk, None)


def describe(outlet: str | None, title: str | None) -> str:
    """How a message names an article: its outlet and title ("Northline News Agency ("Twelve dead ...")")."""
    if title:
        short = title if len(title) <= 80 else title[:79].rstrip() + "\u2026"
        return f"{outlet} (\u201c{short}\u201d)" if outlet else f"the article \u201c{short}\u201d"
    return outlet or "an untitled article"


def _where(m: Member) -> str:
    return describe(m.article.outlet, m.article.title)


def _credited(it: LinkedItem, m: Member, by_id: Mapping[str, Member]) -> Member | None:
    """The article of the outlet this item credits by name ("..., Northline reported"), if in the corpus."""
    keys = {v.key for v in it.vias} - {m.article.outlet_key}
    for s in m.sources:
        src = by_id.get(s.article or "")
        if s.evidence == "via" and src is not None and src is not m and src.article.outlet_key in keys:
            return src
    return None


def _counterpart(it: LinkedItem, ref: Member) -> LinkedItem:
    """The item of ``ref`` that ``it`` is compared with: the same speaker's, else the first."""
    return next((r for r in ref.items if same_speaker(it, r)), ref.items[0])


#: finds the first earlier appearance with an item by the same speaker as the one given
EarlierSpeaker = Callable[[LinkedItem], "tuple[Member, LinkedItem] | None"]


def _reference(
    it: LinkedItem, m: Member, earlier_speaker: EarlierSpeaker, by_id: Mapping[str, Member]
) -> tuple[Member, LinkedItem, str] | None:
    """Where this item's content came from, and how we know: a credited outlet's article
    ("credited"), the article it copies ("copied"), or an earlier appearance from the same
    speaker ("speaker"). Two retellings with no common origin are never compared: two
    polls by two pollsters are two claims, not one claim changed."""
    src = _credited(it, m, by_id)
    if src is not None:
        return src, _counterpart(it, src), "credited"
    if m.edge == "copied":
        copied = by_id.get(m.sources[0].article or "") if m.sources else None
        if copied is not None and copied is not m:
            return copied, _counterpart(it, copied), "copied"
        return None
    found = earlier_speaker(it)
    return (found[0], found[1], "speaker") if found else None


def first_same_speaker(it: LinkedItem, before: Iterable[Member]) -> tuple[Member, LinkedItem] | None:
    """The first appearance of ``before`` (in order) with an item by ``it``'s speaker, and that item."""
    for o in before:
        for r in o.items:
            if same_speaker(it, r):
                return o, r
    return None


class SpeakerIndex:
    """``first_same_speaker`` over the appearances added so far, in O(1): a cluster of 1,000
    appearances whose speakers all differ would otherwise scan 1,000 for each of them.

    ``same_speaker`` holds for one key equal to the other, a one-word key equal to the other's
    last word, or the other way round; each way has its own table of first occurrences.
    """

    def __init__(self) -> None:
        self._n = 0
        #: key -> (order of first occurrence, appearance, item)
        self._exact: dict[str, tuple[int, Member, LinkedItem]] = {}
        self._last: dict[str, tuple[int, Member, LinkedItem]] = {}
        self._single: dict[str, tuple[int, Member, LinkedItem]] = {}

    def add(self, m: Member) -> None:
        for r in m.items:
            key = r.speaker_key
            words = key.split() if key else []
            if not words or r.speaker_kind == "outlet":
                continue
            at = (self._n, m, r)
            self._n += 1
            self._exact.setdefault(key or "", at)
            self._last.setdefault(words[-1], at)
            if len(words) == 1:
                self._single.setdefault(words[0], at)

    def find(self, it: LinkedItem) -> tuple[Member, LinkedItem] | None:
        key = it.speaker_key
        if not key or it.speaker_kind == "outlet" or not key.split():
            return None
        words = key.split()
        if len(words) <= 2 and words[-1] in _GENERIC_SOURCES:
            return None
        found = [self._exact.get(key), self._single.get(words[-1])]
        if len(words) == 1:
            found.append(self._last.get(words[0]))
        first = min((f for f in found if f is not None), key=lambda f: f[0], default=None)
        return (first[1], first[2]) if first else None


def cluster_discrepancies(
    cluster: int, kind: str, ordered: list[Member], settings: Settings = DEFAULT
) -> list[Discrepancy]:
    """Number, miscitation and quote-wording discrepancies of one cluster (members in order).

    Each appearance is compared with its own origin only (``_reference``), so a
    figure changed once is reported once, at the article that changed it.
    """
    if len(ordered) < 2:
        return []
    by_id = {m.article.id: m for m in ordered}
    out: list[Discrepancy] = []
    before = SpeakerIndex()
    before.add(ordered[0])
    for m in ordered[1:]:
        out += member_discrepancies(cluster, kind, m, before.find, by_id, settings)
        before.add(m)
    return out


def member_discrepancies(
    cluster: int,
    kind: str,
    m: Member,
    earlier_speaker: EarlierSpeaker,
    by_id: Mapping[str, Member],
    settings: Settings = DEFAULT,
) -> list[Discrepancy]:
    """The discrepancies of one appearance against its origin. ``earlier_speaker`` searches the
    appearances before it; ``by_id`` holds (at least) the appearances its sources name.
    A cluster growing by one last appearance needs only this, for that appearance."""
    out: list[Discrepancy] = []
    counted_done: set[str] = set()
    for it in m.items:
        found = _reference(it, m, earlier_speaker, by_id)
        if found is None:
            continue
        ref, theirs, how = found
        # one speaker, two statements ("nine months" in February, "10 months" in March) are
        # not one figure changed
        if how != "speaker" or claim_similarity(it.text, theirs.text) >= settings.discrepancy_claim_score:
            for d in _numbers(cluster, m, it, ref, theirs, how):
                if d.counted not in counted_done:
                    counted_done.add(d.counted or "")
                    out.append(d)
        if kind == "quote" and how != "copied" and same_speaker(it, theirs):
            out += _quote_changed(cluster, m, it, ref, theirs)
    return out


#: an editor's words in a quote: "not Bill [Clinton], nobody", "[the city] will pay"
_EDITORIAL = re.compile(r"\[[^\]]*\]")


def quote_changes(ref: str, other: str) -> list[tuple[str, str]]:
    """The changed stretches (ref's words, other's) of two wordings of one quote; none when they
    are one wording. Contractions are spelled out; a framing or a cut at an end, and a changed
    stretch that outweighs the shared words (another quote sharing a slogan), are not changes;
    nor are an editor's words in square brackets ("not Bill [Clinton], nobody"): they are not
    the speaker's. A bracket beside a real change ("what the [censored] is going on") is
    reported with it."""
    a, b = quote_words(ref), quote_words(other)
    changed, _ = word_changes(a, b)
    if not changed or not _small_changes(changed, a, b):
        return []
    if quote_words(_EDITORIAL.sub(" ", ref)) == quote_words(_EDITORIAL.sub(" ", other)):
        return []
    return changed


def _quote_changed(
    cluster: int, m: Member, it: LinkedItem, ref: Member, theirs: LinkedItem
) -> list[Discrepancy]:
    changed = quote_changes(theirs.text, it.text)
    if not changed:
        return []
    parts = []
    for a, b in changed:
        if not a:
            parts.append(f"adds \u201c{b}\u201d")
        elif not b:
            parts.append(f"leaves out \u201c{a}\u201d")
        else:
            parts.append(f"has \u201c{b}\u201d for \u201c{a}\u201d")
    return [
        Discrepancy(
            kind="quote-changed",
            conflict=True,
            article=m.article.id,
            other_article=ref.article.id,
            cluster=cluster,
            message=(
                f"{_where(m)} quotes {it.speaker} in other words than {_where(ref)}: " + "; ".join(parts)
            ),
            detail={"changed": [{"from": a, "to": b} for a, b in changed], "speaker": it.speaker},
        )
    ]


@lru_cache(maxsize=1 << 16)
def _claim_set(text: str) -> frozenset[str]:
    # a cluster's members are compared pair by pair, and its retellings repeat few wordings
    return frozenset(content_set(claim_words(text)))


def claim_similarity(a: str, b: str) -> float:
    """Ochiai score (0-100) of two claims' content words, numbers folded."""
    fa, fb = _claim_set(a), _claim_set(b)
    return 100.0 * len(fa & fb) / math.sqrt(len(fa) * len(fb)) if fa and fb else 0.0


def _small_changes(changed: list[tuple[str, str]], ref: list[str], other: list[str]) -> bool:
    """A retelling changed a few words of one quote; it is another quote sharing a phrase when a
    changed stretch is long ("and let's" for "we're in trouble, but ...") or the changes outweigh
    the words in common."""
    if any(a and b and max(len(a.split()), len(b.split())) > _MAX_SWAP_WORDS for a, b in changed):
        return False
    n_changed = sum(len(a.split()) + len(b.split()) for a, b in changed)
    shared = len(ref) - sum(len(a.split()) for a, _ in changed)
    return 2 * n_changed <= min(shared, len(other))


def _by_counted(item: LinkedItem) -> dict[str, list[ItemQuantity]]:
    out: dict[str, list[ItemQuantity]] = {}
    for q in item.quantities:
        if q.counted:
            out.setdefault(q.counted, []).append(q)
    return out


def _conflict(
    mine: list[ItemQuantity], theirs: list[ItemQuantity]
) -> tuple[ItemQuantity, ItemQuantity] | None:
    """The first figure of ``mine`` that no figure of ``theirs`` allows; figures of one kind pair up in
    order when both give as many ("46 percent to 42 percent" against "48 percent to 42 percent")."""
    if len(mine) == len(theirs):
        return next(((q, t) for q, t in zip(mine, theirs, strict=True) if not compatible(q, t)), None)
    for q in mine:
        if not any(compatible(q, t) for t in theirs):
            return q, theirs[0]
    return None


def _figure(q: ItemQuantity) -> str:
    """ "Nine" people, "48 percent": the figure as written, with what it counts unless it says so."""
    # only figures of something counted are compared
    noun = q.what or q.counted or ""
    text = q.text
    return f"\u201c{text}\u201d" if noun.casefold() in text.casefold() else f"\u201c{text}\u201d {noun}"


def _numbers(
    cluster: int, m: Member, it: LinkedItem, ref: Member, theirs: LinkedItem, how: str
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    ref_counts = _by_counted(theirs)
    for counted, mine in _by_counted(it).items():
        same = ref_counts.get(counted)
        found = _conflict(mine, same) if same else None
        if found is None:
            continue
        q, t = found
        detail = {"value": q.text, "other_value": t.text, "counted": counted}
        kind: DiscrepancyKind
        if m.article.outlet_key and m.article.outlet_key == ref.article.outlet_key:
            # the same outlet changing its own figure is a revision, not a conflict
            kind, conflict = "revision", False
            outlet = max((m.article.outlet or "", ref.article.outlet or ""), key=len)
            message = (
                f"{outlet} changed its figure from {_figure(t)} in \u201c{ref.article.title}\u201d "
                f"to {_figure(q)} in \u201c{m.article.title}\u201d"
                if m.article.title and ref.article.title
                else f"{outlet} changed its figure from {_figure(t)} to {_figure(q)}"
            )
        elif how == "credited":
            kind, conflict = "citation", True
            message = (
                f"{_where(m)} credits {ref.article.outlet} with {_figure(q)}, "
                f"but {ref.article.outlet}'s own article {_title(ref)}says {_figure(t)}"
            )
        else:
            kind, conflict = "number", True
            origin = f"both citing {it.speaker}" if how == "speaker" else "in a copy of it"
            message = f"{_where(m)} says {_figure(q)} where {_where(ref)} says {_figure(t)}, {origin}"
        out.append(
            Discrepancy(
                kind=kind,
                conflict=conflict,
                article=m.article.id,
                other_article=ref.article.id,
                cluster=cluster,
                counted=counted,
                message=message,
                detail=detail,
            )
        )
    return out


def _title(m: Member) -> str:
    return f"(\u201c{m.article.title}\u201d) " if m.article.title else ""


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
    where = describe(outlet_name(report.article.publisher, report.article.url), report.article.title)
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
                    f"{where} gives \u201c{part.span.text}\u201d and \u201c{rest.span.text}\u201d as the parts of "
                    f"\u201c{whole.span.text}\u201d{' ' + counted if counted else ''}, "
                    + ("which adds up" if adds_up else "which does not add up")
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
