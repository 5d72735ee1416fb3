"""How each appearance reached its article: first-hand, cited (which article or outlet), copied.

An attribution's via outlet ("told the Courier", "Northline reported") becomes
an edge to the article of that outlet in the same cluster: the article that
actually carries the quote or claim. With no such article in the corpus the edge
stays an edge to the outlet. An outlet named as the *recipient* in its own
article ("Calloway told the Courier", in the Courier) is first-hand reporting.
An appearance with no via of its own, in an article that credits outlet X
elsewhere, came from X when X's article carried it earlier ("inferred").
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reportedly.model import EdgeKind, LinkedItem, OutletVia, Source


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What linking needs to know about one article (``link_articles`` joined with ``articles``)."""

    id: str
    seq: int
    outlet: str | None
    outlet_key: str | None
    date: str | None
    copy_of: str | None = None
    copy_outlet: str | None = None
    credits: frozenset[str] = frozenset()
    url: str | None = None
    source: str | None = None
    published: str | None = None
    title: str | None = None

    @property
    def origin_key(self) -> str:
        return f"outlet:{self.outlet_key}" if self.outlet_key else f"article:{self.id}"


@dataclass(frozen=True, slots=True)
class Member:
    """The appearance of a cluster in one article: its items (usually one, in ``pk`` order) and how
    it got there (``resolve_sources`` derives ``edge`` and ``sources``)."""

    article: ArticleInfo
    items: tuple[LinkedItem, ...]
    edge: EdgeKind = "first-hand"
    sources: tuple[Source, ...] = ()

    @property
    def vias(self) -> list[OutletVia]:
        return [v for it in self.items for v in it.vias]


def earlier(a: ArticleInfo, b: ArticleInfo) -> bool:
    """``a`` was published before ``b`` (by date when both have one, else by ingest order)."""
    if a.date and b.date and a.date != b.date:
        return a.date < b.date
    return a.seq < b.seq


def _dated_after(a: ArticleInfo, b: ArticleInfo) -> bool:
    return bool(a.date and b.date and a.date > b.date)


def _sort_key(a: ArticleInfo) -> tuple[str, int]:
    return (a.date or "9999-99-99", a.seq)


class _Holders:
    """The members of one cluster by outlet, earliest first: "the earliest article of X that ..." in O(1).

    A cluster can hold thousands of appearances from a few outlets; scanning an
    outlet's members for every appearance that credits it is quadratic.
    """

    def __init__(self, members: Sequence[Member]) -> None:
        self.by_outlet: dict[str, list[Member]] = {}
        for m in members:
            if m.article.outlet_key:
                self.by_outlet.setdefault(m.article.outlet_key, []).append(m)
        #: index of the first undated member of each outlet (they sort last)
        self.undated: dict[str, int] = {}
        for key, ms in self.by_outlet.items():
            ms.sort(key=lambda o: _sort_key(o.article))
            self.undated[key] = next((i for i, o in enumerate(ms) if not o.article.date), len(ms))

    def credited(self, key: str, m: Member) -> Member | None:
        """The earliest member of outlet ``key`` other than ``m`` not plainly published after it."""
        ms = self.by_outlet.get(key, [])
        for i, o in enumerate(ms):
            if o is m:
                continue
            if _dated_after(o.article, m.article):
                # every later dated member is dated after too: only the undated ones are left
                return next((u for u in ms[max(i, self.undated[key]) :] if u is not m), None)
            return o
        return None

    def earlier(self, key: str, m: Member) -> Member | None:
        """The earliest member of outlet ``key`` published before ``m``."""
        art = m.article
        ms = self.by_outlet.get(key, [])
        for i, o in enumerate(ms):
            if earlier(o.article, art):
                return o
            if not o.article.date:
                return None  # the undated sort last, by ingest order: none later is earlier either
            if art.date:
                # dated members after a dated one that is not earlier are not earlier either
                rest = ms[max(i + 1, self.undated[key]) :]
                return next((u for u in rest if earlier(u.article, art)), None)
        return None


def resolve_sources(members: Sequence[Member], outlet_name: Mapping[str, str]) -> list[Member]:
    """The members of one cluster, in the order given, each with its ``edge`` and ``sources``."""
    holders = _Holders(members)
    out: list[Member] = []
    for m in members:
        art = m.article
        if art.copy_of or art.copy_outlet:
            name = outlet_name.get(art.copy_of or "", art.copy_outlet)
            out.append(replace(m, edge="copied", sources=(Source(name, art.copy_of, "copy"),)))
            continue
        sources: list[Source] = []
        seen: set[str] = set()
        explicit = False
        for v in m.vias:
            key = v.key
            explicit = True  # any via, even the article's own outlet, says where it came from
            if key in seen:
                continue
            if key == art.outlet_key and not v.reported:
                continue  # "told the Courier" in the Courier: its own interview
            seen.add(key)
            # the article credited is the source unless it was plainly published later
            src = holders.credited(key, m)
            if src is not None:
                sources.append(Source(src.article.outlet, src.article.id, "via"))
            elif key != art.outlet_key:
                sources.append(Source(v.name, None, "via"))
        if not sources and not explicit:
            for key in sorted(art.credits - {art.outlet_key or ""}):
                src = holders.earlier(key, m)
                if src is not None:
                    sources.append(Source(src.article.outlet, src.article.id, "inferred"))
        out.append(replace(m, edge="cited" if sources else "first-hand", sources=tuple(sources)))
    return out


def order_members(members: list[Member]) -> list[Member]:
    """Earliest published first, ingest order breaking ties; a source always precedes what used it.

    An article without a date is placed no earlier than the sources it credits
    (its date is taken to be theirs), so a missing date does not move it first.
    """
    ids = {m.article.id for m in members}
    waiting: dict[str, set[str]] = {
        m.article.id: {s.article for s in m.sources if s.article in ids and s.article != m.article.id}
        for m in members
    }
    users: dict[str, list[Member]] = {}
    for m in members:
        for src in waiting[m.article.id]:
            users.setdefault(src, []).append(m)
    bound: dict[str, str] = {}
    heap: list[tuple[str, int, str]] = []
    by_id = {m.article.id: m for m in members}

    def push(m: Member) -> None:
        date = m.article.date or bound.get(m.article.id) or "9999-99-99"
        heapq.heappush(heap, (date, m.article.seq, m.article.id))

    for m in members:
        if not waiting[m.article.id]:
            push(m)
    out: list[Member] = []
    while heap:
        date, _, aid = heapq.heappop(heap)
        m = by_id[aid]
        out.append(m)
        for u in users.get(aid, []):
            pending = waiting[u.article.id]
            pending.discard(aid)
            if date != "9999-99-99":
                bound[u.article.id] = max(bound.get(u.article.id, date), date)
            if not pending:
                push(u)
    if len(out) < len(members):
        # a citation cycle (two articles crediting each other): fall back to dates alone
        placed = {m.article.id for m in out}
        out += sorted((m for m in members if m.article.id not in placed), key=lambda m: _sort_key(m.article))
    return out
