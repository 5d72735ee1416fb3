"""A cluster gaining one new last appearance, updated in place (``grow_cluster``).

Deriving a cluster in full reads every row of it: a quote copied by 1,000 articles
costs 1,000 rows for each new copy, so a corpus of copies links in quadratic time.
When the new article's appearance is the cluster's last (dated after every other
one, all of them dated, no cycle of citations among them) and changes nobody else's
source, only its own rows, the cluster's counts, variants and score and its own
discrepancies change. ``grow_cluster`` checks that, writes exactly what the full
derivation would, and declines otherwise (the caller then derives in full).

Growth is for stories of tens to hundreds of articles (``linking.GROW_FROM``,
``linking.GROW_UP_TO``): its checks and the cluster's stored variants are read whole, so at
thousands of copies a geometric series of full derivations (``_Run._due``) costs less.

A merge is growth too: the appearances of the cluster merged away join the one it merges
into as if they had just arrived (``_Run._merge``), so a small cluster found to be part of
a story of thousands of copies costs its own rows, not the story's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, true, update

from reportedly.link.citations import ArticleInfo, Member, resolve_sources
from reportedly.link.discrepancies import _GENERIC_SOURCES, member_discrepancies, same_speaker
from reportedly.link.origins import origin_keys, source_origin_keys
from reportedly.link.variants import add_variant
from reportedly.model import LinkedItem
from reportedly.store import schema as st
from reportedly.store.itemrows import (
    decode_sources,
    decode_variants,
    names_no_article,
    sources_value,
    variants_value,
)
from reportedly.store.names import name_key

if TYPE_CHECKING:
    from reportedly.store.linking import _Run

#: appearances followed back through their sources to rule out a citation cycle
CYCLE_BUDGET = 64


def grow_cluster(run: _Run, cid: int, article_id: str, pending: Iterable[str] = ()) -> bool:
    """Update cluster ``cid`` for ``article_id``'s new appearance, if it is the last one; False
    (nothing written) when the cluster must be derived in full.

    ``pending``: articles that joined the cluster in the same transaction and are grown after
    this one (dated later); until then the cluster is read as if they were not in it."""
    return _Growth(run, cid, article_id, frozenset(pending)).apply()


def growth_order(run: _Run, joined: Iterable[str]) -> list[str] | None:
    """The order to grow a cluster by the articles that joined it in one transaction: by date, then
    ingest order, as ``order_members`` places them (None when one is undated: it goes anywhere).

    Two of one day may cite each other: each growth checks that no appearance of its day
    credits its outlet (``_credited_same_day``), so the second of a pair that does is derived
    in full. A syndicated story arrives as several same-day copies per transaction."""
    joined = set(joined)
    infos = run._infos(joined)
    dated = sorted((info.date or "", info.seq, aid) for aid, info in infos.items())
    if len(dated) != len(joined) or any(not d for d, _, _ in dated):
        return None
    return [aid for _, _, aid in dated]


class _Growth:
    def __init__(self, run: _Run, cid: int, article_id: str, pending: frozenset[str]) -> None:
        self.run, self.conn, self.cid, self.aid = run, run.conn, cid, article_id
        li = st.link_items
        #: the cluster's rows as they stand before this appearance: its own and later ones left out
        self.before = li.c.article_id.not_in(sorted(pending | {article_id}))
        #: the cluster's rows with this appearance (the later ones of the transaction left out)
        self.placed = li.c.article_id.not_in(sorted(pending)) if pending else true()

    def _rows(self, *where: Any) -> list[LinkedItem]:
        li = st.link_items
        return [
            self.run.effective(r)
            for r in self.conn.execute(
                select(li)
                .where(li.c.cluster == self.cid, self.placed, *where)
                .order_by(li.c.position, li.c.pk)
            ).mappings()
        ]

    def _member(self, article_id: str, infos: dict[str, ArticleInfo] | None = None) -> Member | None:
        info = (infos or self.run._infos([article_id])).get(article_id)
        items = self._rows(st.link_items.c.article_id == article_id)
        return Member(info, tuple(items)) if info is not None and items else None

    def apply(self) -> bool:
        run, li, la, lc = self.run, st.link_items, st.link_articles, st.link_clusters
        row = self.conn.execute(select(lc).where(lc.c.id == self.cid)).mappings().first()
        new = self._member(self.aid)
        if row is None or new is None or not new.article.date:
            return False
        date = new.article.date
        joined = li.join(la, la.c.article_id == li.c.article_id)
        others = (li.c.cluster == self.cid, self.before)
        count, latest, undated = self.conn.execute(
            select(
                func.count(func.distinct(li.c.article_id)),
                func.max(la.c.published_date),
                func.count(li.c.pk) - func.count(la.c.published_date),
            )
            .select_from(joined)
            .where(*others)
        ).one()
        if not count or count != row["n_articles"] or undated or latest is None or latest > date:
            return False
        if latest == date and (
            self._later_same_day(date, new.article.seq)
            or self._credited_same_day(date, new.article.outlet_key)
        ):
            return False
        if not self._no_cycle(count - 1):
            return False
        first = self._member(row["first_article"])
        if first is None:
            return False
        # the cluster's speaker is the origin's, else the commonest: a new one could outvote it
        origin = next((it.speaker for it in first.items if it.speaker), None)
        if origin is None and any(it.speaker for it in new.items):
            return False
        if self._citations_to_check():
            return False

        new, by_id = self._sources_of(new)
        position = count
        sources = sources_value(new.sources)
        self.conn.execute(
            update(li)
            .where(li.c.cluster == self.cid, li.c.article_id == self.aid)
            .values(position=position, edge=new.edge, sources=sources)
        )
        kind = row["kind"]
        variants = row["variants"]
        if kind == "quote":
            variants = variants_value(add_variant(decode_variants(variants), row["text"], new))
        self.conn.execute(
            update(lc)
            .where(lc.c.id == self.cid)
            .values(
                n_articles=count + 1,
                independent_origins=max(1, len(self._origins(new))),
                score=min([float(row["score"])] + [float(it.score or 100.0) for it in new.items]),
                variants=variants,
            )
        )
        by_id[new.article.id] = new
        found = member_discrepancies(self.cid, kind, new, self._earlier_speaker, by_id, run.settings)
        run._insert_discrepancies(found + run.unsupported(self.cid, [new]))
        run.affected_articles.add(self.aid)
        return True

    # -- is the new appearance the last, and the others unchanged?

    def _later_same_day(self, date: str, seq: int) -> bool:
        """An appearance of the same day ingested after the new one goes after it: the new one is not
        last (an article of a cluster merged into this one can be older than its members)."""
        li, la = st.link_items, st.link_articles
        return (
            self.conn.execute(
                select(li.c.pk)
                .join(la, la.c.article_id == li.c.article_id)
                .where(li.c.cluster == self.cid, self.before, la.c.published_date == date, la.c.seq > seq)
                .limit(1)
            ).first()
            is not None
        )

    def _credited_same_day(self, date: str, outlet_key: str | None) -> bool:
        """An appearance of the same day crediting the new article's outlet may take it as its source."""
        if not outlet_key:
            return False
        li, la = st.link_items, st.link_articles
        same_day = select(la.c.article_id).where(la.c.published_date == date)
        for it in self._rows(self.before, li.c.article_id.in_(same_day)):
            if any(v.key == outlet_key for v in it.vias):
                return True
        return False

    def _deps(self, article_id: str) -> set[str] | None:
        li = st.link_items
        sources = decode_sources(
            self.conn.execute(
                select(li.c.sources).where(li.c.cluster == self.cid, li.c.article_id == article_id).limit(1)
            ).scalar()
        )
        if sources is None:
            return None
        named = {s.article for s in sources if s.article} - {article_id}
        return self._in_cluster(named)

    def _in_cluster(self, ids: Iterable[str]) -> set[str]:
        li = st.link_items
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        return set(
            self.conn.execute(
                select(li.c.article_id)
                .where(li.c.cluster == self.cid, self.placed, li.c.article_id.in_(wanted))
                .distinct()
            ).scalars()
        )

    def _no_cycle(self, last_position: int) -> bool:
        """The order has no citation cycle: ``order_members`` appends the appearances caught in one
        (and those waiting for them) after the rest, so the last appearance would be one of them
        and a new last appearance would go before them."""
        li = st.link_items
        last = self.conn.execute(
            select(li.c.article_id)
            .where(li.c.cluster == self.cid, self.before, li.c.position == last_position)
            .limit(1)
        ).scalar()
        if last is None:
            return False
        done: set[str] = set()
        on_path: list[tuple[str, list[str]]] = []
        deps = self._deps(last)
        if deps is None:
            return False
        on_path.append((last, sorted(deps)))
        visited = 1
        while on_path:
            node, pending = on_path[-1]
            if not pending:
                done.add(node)
                on_path.pop()
                continue
            nxt = pending.pop()
            if nxt in done:
                continue
            if any(nxt == n for n, _ in on_path):
                return False  # a cycle
            visited += 1
            if visited > CYCLE_BUDGET:
                return False
            nd = self._deps(nxt)
            if nd is None:
                return False
            on_path.append((nxt, sorted(nd)))
        return True

    def _citations_to_check(self) -> bool:
        """Appearances citing an outlet of the corpus with no article of it in the cluster: whether
        that outlet's article says otherwise (``unsupported``) depends on the whole corpus, so the
        full derivation asks again."""
        li, run = st.link_items, self.run
        for raw in self.conn.execute(
            select(li.c.sources)
            .where(
                li.c.cluster == self.cid, self.before, li.c.edge == "cited", names_no_article(li.c.sources)
            )
            .distinct()
        ).scalars():
            for s in decode_sources(raw) or ():
                if s.article or s.evidence != "via":
                    continue
                name = s.outlet or ""
                if (run.outlets(name) or name_key(name, "outlet")) in run.outlets.keys:
                    return True
        return False

    # -- what the new appearance brings

    def _sources_of(self, new: Member) -> tuple[Member, dict[str, Member]]:
        """The new appearance with its edge and sources, from the earliest appearance of each outlet
        it credits, and the appearances they name (its origins, for the discrepancies)."""
        li, la, run = st.link_items, st.link_articles, self.run
        keys = {v.key for v in new.vias} | set(new.article.credits)
        stored = sorted({k for key in keys if key for k in run.outlets.aliases(key)})
        earliest: dict[str, tuple[str, int, str]] = {}
        if stored:
            for aid, outlet_key, date, seq in self.conn.execute(
                select(la.c.article_id, la.c.outlet_key, la.c.published_date, la.c.seq)
                .join(li, li.c.article_id == la.c.article_id)
                .where(li.c.cluster == self.cid, self.before, la.c.outlet_key.in_(stored))
                .distinct()
            ):
                key = run.outlets.canonical(outlet_key) or ""
                if key in keys and (key not in earliest or (date, seq) < earliest[key][:2]):
                    earliest[key] = (date, seq, aid)
        infos = run._infos(aid for _, _, aid in earliest.values())
        holders = [Member(infos[aid], ()) for _, _, aid in earliest.values() if aid in infos]
        copied = run._outlet_names([new.article.copy_of] if new.article.copy_of else [])
        new = resolve_sources([new, *holders], copied)[0]
        named = {s.article for s in new.sources if s.article}
        infos = run._infos(named)
        out: dict[str, Member] = {}
        for aid in named:
            m = self._member(aid, infos)
            if m is not None:
                out[aid] = m
        return new, out

    def _origins(self, new: Member) -> set[str]:
        li, la, run = st.link_items, st.link_articles, self.run
        keys: set[str] = set()
        for outlet_key, aid in self.conn.execute(
            select(la.c.outlet_key, li.c.article_id)
            .join(li, li.c.article_id == la.c.article_id)
            .where(li.c.cluster == self.cid, self.placed, li.c.edge == "first-hand")
            .distinct()
        ):
            key = run.outlets.canonical(outlet_key)
            keys.add(f"outlet:{key}" if key else f"article:{aid}")
        sources = [
            list(decode_sources(raw) or ())
            for raw in self.conn.execute(
                select(li.c.sources)
                .where(li.c.cluster == self.cid, self.placed, li.c.edge.in_(["cited", "copied"]))
                .distinct()
            ).scalars()
        ]
        named = {s.article for ss in [*sources, new.sources] for s in ss if s.article}
        ids = self._in_cluster(named) | {self.aid}
        for ss in sources:
            keys |= source_origin_keys(ss, ids)
        return keys | origin_keys([new], ids)

    def _earlier_speaker(self, it: LinkedItem) -> tuple[Member, LinkedItem] | None:
        """The first earlier appearance with an item by ``it``'s speaker (``first_same_speaker``,
        with the database narrowing the search to the speaker's possible keys)."""
        key = it.speaker_key
        if not key or it.speaker_kind == "outlet":
            return None
        words = key.split()
        if len(words) <= 2 and words[-1] in _GENERIC_SOURCES:
            return None
        li = st.link_items
        fits = (li.c.speaker_key == key) | (li.c.speaker_key == words[-1])
        if len(words) == 1:
            fits = fits | li.c.speaker_key.endswith(" " + key, autoescape=True)
        # row by row, stopping at the first: a speaker quoted in every copy of a story has thousands
        rows = self.conn.execute(
            select(li)
            .where(li.c.cluster == self.cid, self.placed, self.before, li.c.speaker_key.is_not(None), fits)
            .order_by(li.c.position, li.c.pk)
        ).mappings()
        found = next((r for r in map(self.run.effective, rows) if same_speaker(it, r)), None)
        rows.close()
        if found is None:
            return None
        info = self.run._infos([found.article_id]).get(found.article_id)
        return (Member(info, (found,)), found) if info is not None else None
