"""Incremental linking of stored reports: ``link_new(store)`` (the SQL side of ``reportedly.link``).

Only articles ingested after the last run (``ingest_seq`` above the stored mark)
are read. Each is matched against the persisted LSH bands (its candidates only),
its items join or found clusters, and only the clusters and articles it touched
are re-derived (order, edges, origins, discrepancies).

This module reads and writes; the decisions are ``reportedly.link``'s, over typed
records. For each step it reads the rows a pure function needs, calls it, and writes
what it returns. A transaction's changes come in two halves (``link.plan``'s docstring):
placement, article by article (``link.plan``), then, in ``_finish``, the derivation of
what placement touched: each cluster's row, item order and sources, and discrepancies
(``link.derive``, ``link.unsupported``), then each article's edges (``link.article_edges``). The
lookups that need the database as they go (copies, an outlet's article on the same
story, which clusters to derive again) are still made here.

Where the derivation of a cluster happens: a small cluster is derived in full in the
transaction that changed it; a bigger one grows in place when its new appearances come last
(``store.growth``), and otherwise its full derivation waits until a quarter of it changed
(``DERIVE_NOW_BELOW``, ``_due``); the run ends by deriving every cluster still waiting
(``derive_waiting``, also what a killed run left waiting).

A run writes in short transactions: a few articles (at most ``BATCH``, or as many
as fit in ``TXN_SECONDS``) with everything derived from them and the new mark, so
other writers wait a moment at most, readers never wait, and a process killed
mid-run loses nothing: the next run starts after the last committed batch.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from reportedly.errors import StoreError
from reportedly.link.article_edges import ArticleEdge, StoryOf
from reportedly.link.article_edges import article_edges as derive_edges
from reportedly.link.citations import ArticleInfo, Member, earlier
from reportedly.link.clusters import (
    Item,
    OutletResolver,
    _speaker_and_vias,
    items_of,
    tokens_for,
)
from reportedly.link.copies import (
    STORY_SIMILARITY,
    DocFeatures,
    containment,
    doc_band_keys,
    doc_features,
    doc_signatures,
    jaccard,
)
from reportedly.link.derive import (
    ClusterDerivation,
    derive_cluster,
    effective_item,
    group_members,
    order_cluster,
)
from reportedly.link.discrepancies import arithmetic
from reportedly.link.plan import Candidates, band_rows, item_keys, plan, worth_verifying
from reportedly.link.prepare import Prepared
from reportedly.link.unsupported import Citation, CitationEvidence, citations_to_check
from reportedly.link.unsupported import unsupported as unsupported_citations
from reportedly.model import Discrepancy, LinkedItem, LinkSummary, Report, Source
from reportedly.settings import DEFAULT, Settings
from reportedly.store import schema as st
from reportedly.store.growth import grow_cluster, growth_order
from reportedly.store.itemrows import (
    decode_credits,
    decode_sources,
    decode_vias,
    dumps,
    linked_item,
    names_no_article,
    quantities_value,
    sources_value,
    variants_value,
    via_dict,
    vias_value,
)
from reportedly.store.migrate import (
    LINK_LAST_SEQ,
    LINK_NEXT_CLUSTER,
    LINK_STALE,
    LINK_WRITER,
    RELINK_DUE,
    clear_links,
    get_meta,
    set_meta,
)
from reportedly.store.names import name_key, outlet_name
from reportedly.store.repository import Store, Stored, reports_after, reports_by_id

#: articles read from the store per query, and linked per transaction at most
BATCH = 200
#: a link transaction commits once it has worked this long (other writers wait for it). Where a
#: run's transactions end then depends on the machine, so nothing derived may depend on which
#: articles shared a transaction: every derived value is a function of the stored rows (see
#: ``_story_article``), and tests/link/test_transaction_boundaries.py links with different boundaries
TXN_SECONDS = 1.0
#: PostgreSQL advisory lock key of a link run ("rplink" in ASCII)
_LINK_LOCK = 0x72706C696E6B
#: most recent articles of one outlet considered when a citation or copy hint finds no quote match
STORY_CANDIDATES = 200

#: articles whose document features stay in memory during a run
FEATURE_CACHE = 2000
#: SQLite page cache of the linking connection, in KiB
LINK_CACHE_KB = 65536
#: items of a cluster given their band rows back when an article re-read by ``reanalyze`` leaves it
RESTORED_PER_CLUSTER = 3
#: stored items kept ready for verification during a run (about 1 KB each, their words interned):
#: candidates come from LSH buckets that keep a cluster's first item, so the older the corpus the
#: further back they reach, and a miss costs a query and re-tokenising the text
ITEM_CACHE = 60000
#: cluster ids looked up in ``link_merges`` kept by a run before it starts over (a few MB)
MERGE_CACHE = 500_000
#: a cluster of at least this many articles that needs a full derivation waits for it until the
#: appearances changed since its last one reach ``DERIVE_SHARE`` of its size (``_due``). A full
#: derivation reads every row of the cluster: a story of thousands of copies that gains a few in
#: every transaction would be read once per transaction, quadratic in its size. Waiting makes a
#: run's derivations of it a geometric series, linear in its final size. Every run ends by
#: deriving what still waits (``derive_waiting``), so the tables after a run are those of a full
#: derivation; readers in between see the cluster as last derived (``store.read`` leaves out the
#: appearances not placed yet)
DERIVE_NOW_BELOW = 64
DERIVE_SHARE = 0.25
#: a cluster of fewer articles is derived in full rather than grown in place: its derivation,
#: batched with the other small clusters of the transaction, costs less than growth's checks
GROW_FROM = 64
#: a cluster of this many articles or more is not grown in place but waits like one that needs a
#: full derivation (``_due``). Growth still reads a few things of the whole cluster (its stored
#: variants, its first-hand appearances): at thousands of copies that cost 100 ms per new copy,
#: linear per article, where waiting costs a few rows of a later full derivation per copy
GROW_UP_TO = 512
#: item rows of waiting clusters derived per transaction at the end of a run
WAITING_ROWS = 5000

Progress = Callable[[int], None]
#: band keys computed ahead (``link.prepare``), by article id; None: compute them here
Ahead = Callable[[str], Prepared | None]

K = TypeVar("K")
V = TypeVar("V")


class _Recent(OrderedDict[K, V]):
    """A dict that forgets its oldest entries beyond ``size`` (memory stays flat on big runs)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


def link_new(
    store: Store,
    *,
    full: bool = False,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    ahead: Ahead | None = None,
    relink: Sequence[str] = (),
) -> LinkSummary:
    """Link the articles stored since the last run (every article with ``full``); returns what was done.

    ``ahead`` hands over the band keys of articles prepared elsewhere (``reportedly.scale.link``).
    ``relink`` names linked articles whose stored reading changed (``reanalyze``): only they are
    taken out of their clusters and placed again, and only the clusters and articles they touch
    are derived again. Without it, a changed reading relinks everything."""
    start = time.perf_counter()
    summary = LinkSummary(full=full)
    run = _Run(settings, summary, progress, ahead)
    try:
        with _link_transaction(store) as conn:
            # a stored reading changed (``reanalyze``): relink what it names, else everything
            due = get_meta(conn, RELINK_DUE) is not None
            full = full or (due and not relink)
            if full:
                clear_links(conn)
        summary.full = full
        todo = [] if full else list(relink)
        while todo:
            with _link_transaction(store) as conn:
                todo = run.relink_step(conn, todo)
                if not todo:
                    # the same transaction as the last re-placed article: a kill before it relinks all
                    conn.execute(delete(st.meta).where(st.meta.c.key == RELINK_DUE))
        while True:
            with _link_transaction(store) as conn:
                if not run.step(conn):
                    break
        # also after a run killed before it got here: the waiting clusters are stored
        while True:
            with _link_transaction(store) as conn:
                if not run.derive_waiting(conn):
                    break
    except SQLAlchemyError as exc:  # a locked, full or broken database
        raise StoreError(f"linking failed: {' '.join(str(exc).split())[:300]}") from None
    summary.clusters_changed = len(run.changed)
    summary.seconds = time.perf_counter() - start
    return summary


@contextmanager
def _link_transaction(store: Store) -> Iterator[Connection]:
    with store.engine.connect().execution_options(reportedly_write=True) as conn, conn.begin():
        # one link transaction at a time: two ingests finishing together would both see the same
        # pending articles (PostgreSQL; SQLite's write transaction already serialises)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LINK_LOCK})
        else:
            # the band indexes outgrow SQLite's 2 MB default page cache at a few thousand
            # articles; every lookup then rereads pages (this connection only)
            conn.exec_driver_sql(f"PRAGMA cache_size = -{LINK_CACHE_KB}")
        yield conn


def chunked(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    """Slices small enough for an ``IN (...)`` list on every database."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


class _Run:
    def __init__(
        self, settings: Settings, summary: LinkSummary, progress: Progress | None, ahead: Ahead | None
    ):
        self.settings = settings
        self.ahead = ahead
        self.summary = summary
        self.progress = progress
        #: every cluster changed by this run
        self.changed: set[int] = set()
        self.affected_clusters: set[int] = set()
        self.affected_articles: set[str] = set()
        #: clusters changed by more than new last appearances (merged, founded, touched): derived in full
        self.dirty: set[int] = set()
        #: the new articles that joined each cluster in this transaction
        self.grown: dict[int, set[str]] = defaultdict(set)
        #: clusters founded in this transaction (never derived: readers do not see them yet)
        self.founded: set[int] = set()
        #: clusters whose full derivation waits, with the appearances changed since the last (``_due``)
        self.waiting: dict[int, int] = {}
        #: an outlet became known in this transaction: every name may resolve differently now
        self._outlets_grew = False
        #: clusters an article of an outlet joined or left in this transaction, by outlet: citations
        #: of it elsewhere are asked again
        self._recheck: dict[str, set[int]] = defaultdict(set)
        #: the articles that joined each cluster by a merge in this transaction (``_recheck_citations``)
        self._joined: dict[int, set[str]] = defaultdict(set)
        #: dated articles linked in this transaction, with their keywords, by outlet
        self._arrived: dict[str, list[tuple[ArticleInfo, frozenset[str]]]] = defaultdict(list)
        self.next_cluster = 1
        self.outlets = OutletResolver(())
        self._outlets_loaded = False
        #: clusters merged into another during this transaction: old id -> new id
        self._renamed: dict[int, int] = {}
        #: where the clusters band rows name are now, as far as this run has looked (``link_merges``
        #: and its own merges), and the ids already looked up there
        self._merged: dict[int, int] = {}
        self._looked_up: set[int] = set()
        #: each cluster's first stored item, as far as looked up (``_founders``)
        self._first: _Recent[int, int] = _Recent(ITEM_CACHE)
        #: document features of recent articles (copies arrive near their originals)
        self._features: _Recent[str, DocFeatures] = _Recent(FEATURE_CACHE)
        #: stored items as candidates (their words only: their cluster may change)
        self._cands: _Recent[int, Item] = _Recent(ITEM_CACHE)
        #: articles per cluster, kept up to date as articles join: counting them again in every
        #: transaction read the whole of each big story once per transaction (``_cluster_sizes``)
        self._sizes: dict[int, int] = {}
        #: this run's mark in ``meta`` (``LINK_WRITER``)
        self._token = uuid.uuid4().hex

    # -- the run

    def _begin(self, conn: Connection) -> None:
        self.conn = conn
        # read fresh in every transaction: another process may have linked in between
        self.next_cluster = int(get_meta(conn, LINK_NEXT_CLUSTER) or 1)
        self.affected_clusters, self.affected_articles, self._renamed = set(), set(), {}
        self.dirty, self.grown, self._outlets_grew = set(), defaultdict(set), False
        self.founded = set()
        self._recheck, self._arrived, self._joined = defaultdict(set), defaultdict(list), defaultdict(set)
        self.waiting = {int(c): int(n) for c, n in json.loads(get_meta(conn, LINK_STALE) or "{}").items()}
        if get_meta(conn, LINK_WRITER) != self._token:
            # another run linked since our last transaction (or this is our first)
            self._sizes.clear()
            self._cands.clear()
            self._merged.clear()
            self._looked_up.clear()
            self._first.clear()
        elif len(self._looked_up) > MERGE_CACHE:
            # a cache: ``link_merges`` has the answers, and this transaction's merges are in it
            self._merged.clear()
            self._looked_up.clear()
        if not self._outlets_loaded:
            self.outlets = OutletResolver(
                conn.execute(
                    select(st.articles.c.outlet_key).where(st.articles.c.outlet_key.is_not(None)).distinct()
                )
                .scalars()
                .all()
            )
            self._outlets_loaded = True

    def _finish(self) -> None:
        # an old article whose appearance now resolves to a newly linked article gets new edges
        # (derive_clusters adds the articles whose items changed, not every member of a cluster)
        self._recheck_citations()
        self._closer_story_articles()
        sizes = self._cluster_sizes(sorted(self.affected_clusters))
        self.derive_clusters(self._due(self._grow_in_place(sizes), sizes))
        self.article_edges(sorted(self.affected_articles))
        set_meta(self.conn, LINK_NEXT_CLUSTER, str(self.next_cluster))
        set_meta(self.conn, LINK_WRITER, self._token)
        self._store_waiting()
        # only the clusters merged in this transaction: mapping all of ``changed``, which holds
        # every cluster of the run so far, made each transaction's cost grow with the run
        renamed = [c for c in self._renamed if c in self.changed]
        self.changed.difference_update(renamed)
        self.changed |= {self._current_cluster(c) for c in renamed} | self.affected_clusters

    def _dirty(self, clusters: Iterable[int]) -> None:
        found = set(clusters)
        self.affected_clusters |= found
        self.dirty |= found

    def _grow_in_place(self, sizes: dict[int, int]) -> list[int]:
        """Update the clusters that only gained new last appearances, one after the other in date
        order; returns the others, to derive in full (``grow_cluster`` declines when an appearance
        is not last or the cluster needs more).

        A transaction links tens of articles, and a big story gains several of them: growing
        only clusters that gained exactly one left the biggest clusters derived in full in
        every transaction, the quadratic cost in-place growth is there to avoid."""
        full = []
        for cid in sorted(self.affected_clusters):
            order = (
                None
                if cid in self.dirty
                or cid in self.waiting
                or self._outlets_grew
                or not GROW_FROM <= sizes.get(cid, 0) < GROW_UP_TO
                else growth_order(self, self.grown.get(cid, ()))
            )
            if not order or not all(
                grow_cluster(self, cid, aid, order[i + 1 :]) for i, aid in enumerate(order)
            ):
                # a decline after some appearances grew is safe: the full derivation rewrites
                # every derived row of the cluster
                full.append(cid)
        return full

    def _due(self, clusters: list[int], sizes: dict[int, int]) -> list[int]:
        """Of ``clusters`` (to derive in full), those to derive now; a big one waits until enough of it
        changed (``DERIVE_NOW_BELOW``), its changes counted in ``waiting``. A new one is derived
        now, whatever its size: until then it has no row and readers would not see it."""
        now = []
        for cid in clusters:
            changes = self.waiting.pop(cid, 0) + max(1, len(self.grown.get(cid, ())))
            size = sizes.get(cid, 0)
            if cid in self.founded or size < DERIVE_NOW_BELOW or changes >= DERIVE_SHARE * size:
                now.append(cid)
            else:
                self.waiting[cid] = changes
        return now

    def _cluster_sizes(self, clusters: list[int]) -> dict[int, int]:
        """How many articles each of ``clusters`` has (none: it is empty); counted once per run,
        then kept by ``_count_joined`` and ``_merge`` (which may count an article twice)."""
        li = st.link_items
        unknown = [c for c in clusters if c not in self._sizes]
        for chunk in chunked(unknown):
            self._sizes.update(dict.fromkeys(chunk, 0))
            self._sizes.update(
                self.conn.execute(
                    select(li.c.cluster, func.count(func.distinct(li.c.article_id)))
                    .where(li.c.cluster.in_(chunk))
                    .group_by(li.c.cluster)
                ).all()
            )
        return {c: self._sizes[c] for c in clusters if self._sizes[c]}

    def _count_joined(self, clusters: set[int], created: set[int]) -> None:
        """A new article joined ``clusters`` (founding those in ``created``): one more article each."""
        for c in clusters:
            if c in created:
                self._sizes[c] = 1
            elif c in self._sizes:
                self._sizes[c] += 1

    def derive_waiting(self, conn: Connection) -> bool:
        """Derive the next clusters left waiting (``_due``) in ``conn``'s transaction; False when none
        were left. A few thousand rows per transaction: one story of thousands of copies at a time."""
        self._begin(conn)
        if not self.waiting:
            return False
        li = st.link_items
        rows = 0
        chunk: list[int] = []
        for cid in sorted(self.waiting):
            chunk.append(cid)
            rows += int(conn.execute(select(func.count()).where(li.c.cluster == cid)).scalar() or 0)
            if rows >= WAITING_ROWS:
                break
        for cid in chunk:
            del self.waiting[cid]
        self.affected_clusters |= set(chunk)
        self.derive_clusters(chunk)
        self.article_edges(sorted(self.affected_articles))
        self._store_waiting()
        self.changed |= set(chunk)
        return True

    def _store_waiting(self) -> None:
        set_meta(self.conn, LINK_STALE, json.dumps(self.waiting, sort_keys=True))

    def step(self, conn: Connection) -> bool:
        """Link the next few pending articles in ``conn``'s transaction; False when none were left."""
        self._begin(conn)
        last = int(get_meta(conn, LINK_LAST_SEQ) or 0)
        started = time.perf_counter()
        n = 0
        for stored in reports_after(conn, last, BATCH):
            self.add_article(stored)
            n += 1
            last = stored.seq
            if n >= BATCH or time.perf_counter() - started > TXN_SECONDS:
                break
        if not n:
            return False
        self._finish()
        set_meta(conn, LINK_LAST_SEQ, str(last))
        self.summary.articles += n
        self.summary.last_seq = last
        if self.progress:
            self.progress(n)
        return True

    def relink_step(self, conn: Connection, ids: list[str]) -> list[str]:
        """Place the first few of ``ids`` again in ``conn``'s transaction; returns the rest."""
        self._begin(conn)
        started = time.perf_counter()
        n = 0
        for stored in reports_by_id(conn, ids[:BATCH]):
            self.relink_article(stored)
            n += 1
            if time.perf_counter() - started > TXN_SECONDS:
                break
        n = n or len(ids[:BATCH])  # none of them is stored any more
        self._finish()
        if self.progress:
            self.progress(n)
        return ids[n:]

    def relink_article(self, stored: Stored) -> None:
        """Take a linked article's quotes and claims out of their clusters and place its new reading.

        Its text did not change (``reanalyze`` re-reads the stored text), so its copies, its
        document bands and its place in time stay; its items, credits and sums are new."""
        report = stored.report
        aid = report.article.id
        li, la, ld = st.link_items, st.link_articles, st.link_discrepancies
        if self.conn.execute(select(la.c.article_id).where(la.c.article_id == aid)).first() is None:
            return  # not linked yet: the pending run links it like any new article
        old = self.conn.execute(select(li.c.pk, li.c.cluster).where(li.c.article_id == aid)).all()
        self._drop_bands([pk for pk, _ in old])
        for pk, _ in old:
            self._cands.pop(pk, None)
        self.conn.execute(delete(li).where(li.c.article_id == aid))
        self.conn.execute(delete(ld).where(ld.c.article_id == aid, ld.c.cluster.is_(None)))
        self.conn.execute(
            update(la)
            .where(la.c.article_id == aid)
            .values(credits=dumps(list(self._credits(report).values())))
        )
        # the clusters it leaves are derived again (an emptied one disappears)
        left = {self._current_cluster(c) for _, c in old}
        for c in left:
            self._first.pop(c, None)
        for c in left:
            self._sizes.pop(c, None)
        self._dirty(left)
        self._restore_bands(left)
        self.affected_articles.add(aid)
        items = items_of(report, self.outlets, self.settings)
        self.add_items(items, relinked=True)
        own = self.conn.execute(select(la.c.outlet_key).where(la.c.article_id == aid)).scalar()
        if own:
            self._recheck[self.outlets.canonical(own)] |= left | {it.cluster for it in items}
        self._insert_discrepancies(arithmetic(report))
        self.summary.articles += 1

    def _restore_bands(self, clusters: set[int]) -> None:
        """Band rows for the oldest items left in ``clusters``: a bucket keeps one item per cluster,
        and the one just taken out may have been it, so the cluster could no longer be found."""
        li, lb = st.link_items, st.link_bands
        keep: dict[int, list[int]] = {}
        cluster_of: dict[int, int] = {}
        for chunk in chunked(sorted(clusters)):
            for pk, cluster in self.conn.execute(
                select(li.c.pk, li.c.cluster).where(li.c.cluster.in_(chunk)).order_by(li.c.pk)
            ):
                kept = keep.setdefault(cluster, [])
                if len(kept) < RESTORED_PER_CLUSTER:
                    kept.append(pk)
                    cluster_of[pk] = cluster
        pks = [pk for kept in keep.values() for pk in kept]
        if not pks:
            return
        keys = self._drop_bands(pks)
        rows = [
            {"key": k, "item": pk, "cluster": cluster_of[pk]}
            for pk, ks in zip(pks, keys, strict=True)
            for k in sorted(set(ks))
        ]
        if rows:
            self.conn.execute(insert(lb), rows)

    def _drop_bands(self, pks: list[int]) -> list[list[int]]:
        """Delete the band rows of these items; returns their band keys.

        By (key, item), the keys computed again from the items' words as linking computed them:
        the table is keyed by band key, so deleting by item alone read all of it, once per article
        ``reanalyze`` relinked."""
        found = self._load_candidates(set(pks))
        keys = item_keys([found[pk] for pk in pks], self.settings)
        lb = st.link_bands
        pairs = [{"b_key": k, "b_item": pk} for pk, ks in zip(pks, keys, strict=True) for k in set(ks)]
        if pairs:
            self.conn.execute(
                delete(lb).where(lb.c.key == bindparam("b_key"), lb.c.item == bindparam("b_item")), pairs
            )
        return keys

    # -- one article

    def _credits(self, report: Report) -> dict[str, dict[str, Any]]:
        """The outlets an article credits anywhere (vias and outlet speakers), by key."""
        credits: dict[str, dict[str, Any]] = {}
        resolve = self.outlets.in_article(report)
        for att in report.attributions:
            found = [via_dict(v) for v in _speaker_and_vias(report, att, resolve)[1]]
            # an organisation as speaker may be an outlet the corpus does not know yet
            found += [
                {"name": sp.name, "key": name_key(sp.name, "outlet"), "reported": True, "speaker": True}
                for sp in att.speakers
                if sp.kind == "organization" and not self.outlets(sp.name)
            ]
            for v in found:
                prev = credits.get(v["key"])
                credits[v["key"]] = {**v, "reported": v["reported"] or bool(prev and prev["reported"])}
        return credits

    def add_article(self, stored: Stored) -> None:
        seq, report = stored.seq, stored.report
        a = report.article
        outlet = outlet_name(a.publisher, a.url)
        outlet_key = name_key(outlet, "outlet") if outlet else None
        if outlet_key and outlet_key not in self.outlets.keys:
            self.outlets.add(outlet_key)
            self._outlets_grew = True
            self.revisit_new_outlet(outlet_key)
        credits = self._credits(report)
        pre = self.ahead(a.id) if self.ahead else None
        features = pre.doc if pre else doc_features(a.text)
        info = ArticleInfo(
            id=a.id,
            seq=seq,
            outlet=outlet,
            outlet_key=self.outlets.canonical(outlet_key),
            date=stored.published_date,
            credits=frozenset(credits),
        )
        original_key = (self.outlets(a.original) or name_key(a.original, "outlet")) if a.original else None
        info = self.find_copy(info, features, original_key, a.original, pre.doc_keys if pre else None)
        self.conn.execute(
            insert(st.link_articles),
            [
                {
                    "article_id": a.id,
                    "seq": seq,
                    "outlet": outlet,
                    "outlet_key": outlet_key,
                    "published_date": info.date,
                    "original_key": original_key,
                    "copy_of": info.copy_of,
                    "copy_outlet": info.copy_outlet,
                    "copy_score": None,
                    "copy_evidence": None,
                    "credits": dumps(list(credits.values())),
                    "keywords": " ".join(sorted(features.keywords)),
                }
            ],
        )
        if info.copy_of or info.copy_outlet:
            self.summary.copies += 1
        self.affected_articles.add(a.id)
        if info.outlet_key:
            self.adopt_waiting(info, info.outlet_key, features.keywords)
        items = items_of(report, self.outlets, self.settings)
        self.add_items(items, pre)
        if info.outlet_key:
            self._recheck[info.outlet_key] |= {it.cluster for it in items}
        self._insert_discrepancies(arithmetic(report))

    def find_copy(
        self,
        info: ArticleInfo,
        features: DocFeatures,
        original_key: str | None,
        original: str | None,
        doc_keys: Sequence[int] | None = None,
    ) -> ArticleInfo:
        """``info`` with the article it copies (``copy_of``, or ``copy_outlet`` when only the outlet is
        in the corpus); marks an older near-duplicate as copying this one instead."""
        conn = self.conn
        if doc_keys is None:
            doc_keys = doc_band_keys(doc_signatures([features], self.settings)[0], self.settings)
        keys = list(doc_keys)
        cands: set[str] = set()
        for chunk in chunked(keys):
            cands.update(
                conn.execute(
                    select(st.link_doc_bands.c.article_id).where(st.link_doc_bands.c.key.in_(chunk))
                ).scalars()
            )
        best: tuple[float, ArticleInfo] | None = None
        self._features[info.id] = features
        for other in self._infos(sorted(cands)).values():
            if other.id not in self._features:
                self._features[other.id] = doc_features(self._text(other.id))
            score = containment(features.shingles, self._features[other.id].shingles)
            if score < self.settings.link_copy_containment:
                continue
            hinted = bool(original_key and other.outlet_key == original_key)
            rank = score + (1.0 if hinted else 0.0)
            if best is None or rank > best[0]:
                best = (rank, other)
        conn.execute(
            insert(st.link_doc_bands), [{"key": k, "article_id": info.id} for k in sorted(set(keys))]
        )
        if best is not None:
            other = best[1]
            hinted = bool(original_key and other.outlet_key == original_key)
            if hinted or earlier(other, info):
                return replace(info, copy_of=other.id)
            # the older-looking article is the copy: it reproduces this one, ingested later
            if not other.copy_of:
                conn.execute(
                    update(st.link_articles)
                    .where(st.link_articles.c.article_id == other.id)
                    .values(copy_of=info.id, copy_evidence="near-duplicate")
                )
                self._touch_article(other.id)
            if not original_key:
                return info
        if original_key:
            target = self._story_article(original_key, info, features.keywords)
            return replace(info, copy_of=target) if target else replace(info, copy_outlet=original)
        return info

    def revisit_new_outlet(self, outlet_key: str) -> None:
        """Articles linked earlier that credit this outlet by name, not yet known to be an outlet."""
        la = st.link_articles
        for key in sorted(self.outlets.aliases(outlet_key)):
            pattern = '%"key":' + json.dumps(key, ensure_ascii=False) + "%"
            found = select(la.c.article_id).where(la.c.credits.like(pattern))
            if key != outlet_key:
                # the outlet's other name ("Northline" in a dateline): its articles are this outlet's now
                found = select(la.c.article_id).where(la.c.credits.like(pattern) | (la.c.outlet_key == key))
            for aid in self.conn.execute(found).scalars().all():
                self._touch_article(aid)

    def adopt_waiting(self, info: ArticleInfo, outlet_key: str, keywords: frozenset[str]) -> None:
        """Articles linked before this one that credit or copy its outlet and found no article of it."""
        la, le = st.link_articles, st.link_edges
        names = sorted(self.outlets.aliases(outlet_key))
        citing = self.conn.execute(
            select(le.c.from_article)
            .where(le.c.to_outlet_key.in_(names), le.c.to_article.is_(None))
            .distinct()
        ).scalars()
        self.affected_articles.update(citing)
        if info.date:
            # and those that found one may find this one closer (``_closer_story_articles``)
            self._arrived[outlet_key].append((info, keywords))
        for aid, seq, date, kw in self.conn.execute(
            select(la.c.article_id, la.c.seq, la.c.published_date, la.c.keywords).where(
                la.c.original_key.in_(names), la.c.copy_of.is_(None)
            )
        ).all():
            copier = ArticleInfo(aid, seq, None, None, date)
            if earlier(info, copier) and jaccard(keywords, frozenset((kw or "").split())) >= STORY_SIMILARITY:
                self.conn.execute(
                    update(la).where(la.c.article_id == aid).values(copy_of=info.id, copy_evidence="original")
                )
                self._touch_article(aid)

    def _recheck_citations(self) -> None:
        """Derive again the clusters where an article cites an outlet (with no article of it) and
        shares another cluster with an article of that outlet since this transaction (``_recheck``,
        ``_joined``).

        Whether such a citation is unsupported depends on that other cluster (``unsupported``):
        without this, the answer would depend on whether the outlet's article was linked in the
        transaction that derived the citing cluster. The citing articles are found through their
        stored edges and sources (both derived by the end of every transaction), once per
        transaction rather than per article."""
        li, la, le = st.link_items, st.link_articles, st.link_edges
        by_outlet: dict[str, set[int]] = defaultdict(set)
        for outlet, clusters in self._recheck.items():
            by_outlet[outlet] |= {self._current_cluster(c) for c in clusters}
        citing: dict[str, set[str]] = defaultdict(set)
        # a merge brings together the articles of two clusters, and only the joining side is read:
        # reading the whole cluster it joined, in every transaction, was quadratic in a big story
        joined: dict[int, set[str]] = defaultdict(set)
        for cluster, articles in self._joined.items():
            joined[self._current_cluster(cluster)] |= articles
        cited: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for cluster, articles in sorted(joined.items()):
            for chunk in chunked(sorted(articles)):
                # its outlets: their citations by the articles it joined are asked below
                for key in self.conn.execute(
                    select(la.c.outlet_key)
                    .where(la.c.article_id.in_(chunk), la.c.outlet_key.is_not(None))
                    .distinct()
                ).scalars():
                    by_outlet[self.outlets.canonical(key)].add(cluster)
                # its citations: they are asked when the cluster it joined has an article of the outlet
                for aid, key in self.conn.execute(
                    select(le.c.from_article, le.c.to_outlet_key)
                    .where(
                        le.c.from_article.in_(chunk), le.c.kind == "cited", le.c.to_outlet_key.is_not(None)
                    )
                    .distinct()
                ):
                    cited[self.outlets.canonical(key)][cluster].add(aid)
        for outlet, citers in sorted(cited.items()):
            for cluster in self._clusters_with_outlet(outlet, sorted(citers)):
                for aid in citers[cluster]:
                    citing[aid].add(outlet)
        # one query for all of them: a transaction can bring articles of many outlets
        outlet_of = {name: o for o in set(by_outlet) | set(cited) for name in self.outlets.aliases(o)}
        everywhere = sorted({c for cs in by_outlet.values() for c in cs})
        asked = {name: o for name, o in outlet_of.items() if o in by_outlet}
        for names in chunked(sorted(asked)):
            for some in chunked(everywhere):
                for aid, key, cluster in self.conn.execute(
                    select(le.c.from_article, le.c.to_outlet_key, li.c.cluster)
                    .join(li, li.c.article_id == le.c.from_article)
                    .where(le.c.kind == "cited", le.c.to_outlet_key.in_(names), li.c.cluster.in_(some))
                    .distinct()
                ):
                    if cluster in by_outlet[asked[key]]:
                        citing[aid].add(asked[key])
        # only the clusters where they cite it with no article of it (deriving every cluster of
        # every citing article would undo growing clusters in place)
        found: set[int] = set()
        for chunk in chunked(sorted(citing)):
            for aid, cluster, sources in self.conn.execute(
                select(li.c.article_id, li.c.cluster, li.c.sources).where(
                    li.c.article_id.in_(chunk), li.c.edge == "cited", names_no_article(li.c.sources)
                )
            ):
                for src in decode_sources(sources) or ():
                    name = src.outlet or ""
                    key = self.outlets(name) or name_key(name, "outlet")
                    if not src.article and src.evidence == "via" and outlet_of.get(key) in citing[aid]:
                        found.add(cluster)
                        break
        self._dirty(found)

    def _clusters_with_outlet(self, outlet: str, clusters: Sequence[int]) -> set[int]:
        """Which of ``clusters`` hold an article of ``outlet``, asked from the outlet's articles.

        ``cluster + 0`` keeps the planner off the cluster index: through it a big story's every
        item would be read, where an outlet's articles are found through theirs."""
        li, la = st.link_items, st.link_articles
        found: set[int] = set()
        for chunk in chunked(clusters):
            found.update(
                self.conn.execute(
                    select(li.c.cluster)
                    .join(la, la.c.article_id == li.c.article_id)
                    .where(
                        la.c.outlet_key.in_(sorted(self.outlets.aliases(outlet))),
                        (li.c.cluster + 0).in_(chunk),
                    )
                    .distinct()
                ).scalars()
            )
        return found

    def _closer_story_articles(self) -> None:
        """Articles that found a story article of an outlet before this transaction, and may find a
        closer one in an article of it linked in this one (ingested later, published earlier).

        Whether their edges are derived again must not depend on whether the two were linked in
        the same transaction (``_story_article``). Asked once per transaction and outlet: the
        story edges of a big outlet are many."""
        la, le = st.link_articles, st.link_edges
        for outlet, arrived in sorted(self._arrived.items()):
            oldest = min(str(info.date) for info, _ in arrived)
            for aid, seq, date, kw in self.conn.execute(
                select(la.c.article_id, la.c.seq, la.c.published_date, la.c.keywords)
                .join(le, le.c.from_article == la.c.article_id)
                .where(
                    le.c.to_outlet_key.in_(sorted(self.outlets.aliases(outlet))),
                    le.c.evidence == "story",
                    la.c.published_date > oldest,
                )
                .distinct()
            ).all():
                if aid in self.affected_articles:
                    continue
                citer = ArticleInfo(aid, seq, None, None, date)
                words = frozenset((kw or "").split())
                if any(
                    earlier(info, citer) and jaccard(keywords, words) >= STORY_SIMILARITY
                    for info, keywords in arrived
                ):
                    self.affected_articles.add(aid)

    def _touch_article(self, article_id: str) -> None:
        self.affected_articles.add(article_id)
        self._dirty(
            self.conn.execute(
                select(st.link_items.c.cluster).where(st.link_items.c.article_id == article_id).distinct()
            ).scalars()
        )

    def _story_article(self, outlet_key: str, info: ArticleInfo, keywords: frozenset[str]) -> str | None:
        """The article of ``outlet_key`` (published before ``info``) telling the same story, if any.

        The candidates are fixed by ``info``'s place in ingest order, not by what is stored when
        this runs: the ``STORY_CANDIDATES`` articles of the outlet ingested just before it, and the
        first ``STORY_CANDIDATES`` ingested after it yet published before it. Whenever its edges are
        derived (in its own transaction, a later one, or a run of any batch size) the answer is
        the same once those are stored; ``_closer_story_articles`` derives them again when one
        arrives."""
        la = st.link_articles
        outlet = la.c.outlet_key.in_(sorted(self.outlets.aliases(outlet_key)))
        cols = (la.c.article_id, la.c.seq, la.c.published_date, la.c.keywords)
        rows = list(
            self.conn.execute(
                select(*cols)
                .where(outlet, la.c.seq < info.seq)
                .order_by(la.c.seq.desc())
                .limit(STORY_CANDIDATES)
            )
        )
        if info.date:
            # ingested later, published earlier: only with both dates (else ingest order decides)
            rows += self.conn.execute(
                select(*cols)
                .where(outlet, la.c.seq > info.seq, la.c.published_date < info.date)
                .order_by(la.c.seq)
                .limit(STORY_CANDIDATES)
            ).all()
        best: tuple[float, int, str] | None = None
        for aid, seq, date, kw in rows:
            other = ArticleInfo(aid, seq, None, outlet_key, date)
            if not earlier(other, info):
                continue
            score = jaccard(keywords, frozenset((kw or "").split()))
            # equal scores: the later ingested, whichever order the rows came in
            if score >= STORY_SIMILARITY and (best is None or (score, seq) > best[:2]):
                best = (score, seq, aid)
        return best[2] if best else None

    # -- items and clusters

    def add_items(self, items: list[Item], pre: Prepared | None = None, relinked: bool = False) -> None:
        """Ask ``link.plan`` where the article's items go, given the stored items sharing their band
        keys, and apply its answer."""
        if not items:
            return
        conn = self.conn
        if pre is not None and all(it.attribution_id in pre.item_keys for it in items):
            keys = [list(pre.item_keys[it.attribution_id]) for it in items]
        else:
            keys = item_keys(items, self.settings)
        li, lb = st.link_items, st.link_bands
        buckets: dict[int, list[int]] = defaultdict(list)
        cluster_of: dict[int, int] = {}
        # up to 80 rows per item once the buckets fill (20 band keys, 4 items per bucket), most of
        # them in a few clusters: each cluster is followed through this transaction's merges once
        rows_found: list[tuple[int, int, int]] = []
        for chunk in chunked(sorted({k for ks in keys for k in ks})):
            # fetched at once: row by row cost more than the query
            rows_found += conn.execute(
                select(lb.c.key, lb.c.item, lb.c.cluster).where(lb.c.key.in_(chunk))
            ).all()
        now = self._clusters_now({cluster for _, _, cluster in rows_found})
        for key, pk, cluster in rows_found:
            buckets[key].append(pk)
            cluster_of[pk] = now[cluster]
        found = Candidates(buckets, cluster_of)
        tries = [worth_verifying(ks, found) for ks in keys]
        founders = self._founders({cluster_of[pk] for t in tries for pk in t})
        loaded = self._load_candidates({pk for t in tries for pk in t} | set(founders.values()))
        found = Candidates(buckets, cluster_of, loaded, founders)
        first_new = self.next_cluster
        delta = plan(items, keys, found, self.next_cluster, self.settings, tries)
        for old, new in delta.merges:
            self._merge(old, new)
        self.next_cluster = delta.next_cluster
        placed_in = {a.cluster for a in delta.assignments}
        if relinked:
            # the article was in some of them before: count again when asked
            for c in placed_in:
                self._sizes.pop(c, None)
        else:
            self._count_joined(placed_in, {a.cluster for a in delta.assignments if a.created})
        rows = []
        for it, placed in zip(items, delta.assignments, strict=True):
            it.cluster = placed.cluster
            self.affected_clusters.add(placed.cluster)
            if placed.created:
                self.founded.add(placed.cluster)
            if placed.created or relinked:
                self.dirty.add(placed.cluster)
            else:
                self.grown[placed.cluster].add(it.article_id)
            rows.append(
                {
                    "article_id": it.article_id,
                    "attribution_id": it.attribution_id,
                    "kind": it.kind,
                    "text": it.text,
                    "speaker": it.speaker,
                    "speaker_key": it.speaker_key,
                    "speaker_kind": it.speaker_kind,
                    "vias": vias_value(it.vias),
                    "quantities": quantities_value(it.quantities),
                    "cluster": placed.cluster,
                    "score": placed.score,
                }
            )
        conn.execute(insert(li), rows)
        # read the keys back (one query, not RETURNING, which not every SQLite build has)
        pk_of = dict(
            conn.execute(
                select(li.c.attribution_id, li.c.pk).where(li.c.article_id == items[0].article_id)
            ).all()
        )
        for it in items:  # in the order stored, so the first is the smallest id
            if it.cluster >= first_new:
                self._first.setdefault(it.cluster, pk_of[it.attribution_id])
        added, evict = band_rows(
            [(pk_of[it.attribution_id], it.cluster) for it in items], keys, found, delta.merges
        )
        if added:
            cluster_of_new = {pk_of[it.attribution_id]: it.cluster for it in items}
            conn.execute(
                insert(lb), [{"key": k, "item": pk, "cluster": cluster_of_new[pk]} for k, pk in added]
            )
        if evict:
            conn.execute(
                delete(lb).where(lb.c.key == bindparam("b_key"), lb.c.item < bindparam("b_below")),
                [{"b_key": k, "b_below": below} for k, below in evict],
            )
        self.summary.items += len(items)

    def _load_candidates(self, pks: set[int]) -> dict[int, Item]:
        """The stored items to verify, rebuilt (their words) once per run for the recent ones."""
        li = st.link_items
        out: dict[int, Item] = {}
        missing: list[int] = []
        for pk in sorted(pks):
            cached = self._cands.get(pk)
            if cached is None:
                missing.append(pk)
            else:
                out[pk] = cached
                self._cands.move_to_end(pk)
        for chunk in chunked(missing):
            for r in self.conn.execute(
                select(li.c.pk, li.c.kind, li.c.text, li.c.speaker_key, li.c.speaker_kind).where(
                    li.c.pk.in_(chunk)
                )
            ).all():
                out[r.pk] = self._cands[r.pk] = Item(
                    "",
                    "",
                    r.kind,
                    "",  # verification reads the words only
                    None,
                    r.speaker_key,
                    r.speaker_kind,
                    (),
                    (),
                    [sys.intern(w) for w in tokens_for(r.kind, r.text)],
                )
        return out

    def _founders(self, clusters: set[int]) -> dict[int, int]:
        """The first stored item of each cluster (``link.plan._joined`` checks its speaker)."""
        li = st.link_items
        for c in sorted(clusters):
            if c not in self._first:
                # one cluster per query: with GROUP BY, SQLite reads every row of each cluster for
                # its minimum (the whole of a story of thousands), without it one index entry
                first = self.conn.execute(select(func.min(li.c.pk)).where(li.c.cluster == c)).scalar()
                if first is not None:
                    self._first[c] = first
        return {c: self._first[c] for c in clusters if c in self._first}

    def _clusters_now(self, named: set[int]) -> dict[int, int]:
        """Where the clusters that band rows name hold their items now: the same id unless merged
        since the rows were written (``link_merges``, then this run's merges)."""
        ask = sorted(named - self._looked_up)
        m = st.link_merges
        for chunk in chunked(ask):
            self._merged.update(
                self.conn.execute(select(m.c.cluster, m.c.into_cluster).where(m.c.cluster.in_(chunk))).all()
            )
        self._looked_up.update(ask)
        now = {}
        for c in named:
            seen = self._merged.get(c, c)
            while seen in self._merged:  # merged again by this run after the lookup
                seen = self._merged[seen]
            if seen != c:
                self._merged[c] = seen
            now[c] = self._current_cluster(seen)
        return now

    def _current_cluster(self, stored: int) -> int:
        # a merge earlier in this transaction may have renumbered the candidate's cluster
        seen = self._renamed.get(stored, stored)
        if seen in self._renamed:
            # a chain of merges (a big story swallowing one small cluster after another): point
            # every link of it at the end, or each later lookup walks the whole chain again
            chain = [stored]
            while seen in self._renamed:
                chain.append(seen)
                seen = self._renamed[seen]
            for c in chain:
                self._renamed[c] = seen
        return seen

    def _merge(self, old: int, new: int) -> None:
        """Fold cluster ``old`` into ``new``. Its appearances join ``new`` as if they had just arrived:
        when they all come after ``new``'s, it grows in place (``_grow_in_place``) instead of being
        derived in full, as a small cluster merging into one of thousands of copies usually does."""
        conn, li = self.conn, st.link_items
        joining = set(conn.execute(select(li.c.article_id).where(li.c.cluster == old).distinct()).scalars())
        if new in self._sizes:
            # at most: an article with items in both counts twice until the next run. A size only
            # decides when a cluster is derived (``_due``, ``GROW_FROM``), never what; counting
            # the overlap read ``new``'s rows for every joining article
            self._sizes[new] += len(joining)
        self._sizes.pop(old, None)
        # not placed in ``new`` until grown or derived: a reader during a run that leaves ``new``
        # waiting would otherwise show them at their places in ``old`` (store.read)
        conn.execute(update(li).where(li.c.cluster == old).values(cluster=new, position=None, edge=None))
        conn.execute(delete(st.link_clusters).where(st.link_clusters.c.id == old))
        m = st.link_merges
        conn.execute(update(m).where(m.c.into_cluster == old).values(into_cluster=new))
        conn.execute(insert(m).values(cluster=old, into_cluster=new))
        conn.execute(delete(st.link_discrepancies).where(st.link_discrepancies.c.cluster == old))
        self._renamed[old] = new
        self._merged[old] = new
        # both were among the candidates, so both first items are known, as a rule
        first_old, first_new = self._first.pop(old, None), self._first.pop(new, None)
        if first_old is not None and first_new is not None:
            self._first[new] = min(first_old, first_new)
        if old in self.waiting:
            # its rows were not derived since its last changes: growth cannot start from them
            self.waiting[new] = self.waiting.get(new, 0) + self.waiting.pop(old)
        self.affected_clusters.discard(old)
        self.affected_clusters.add(new)
        self.grown[new] |= joining | self.grown.pop(old, set())
        self._joined[new] |= joining | self._joined.pop(old, set())

    # -- derived data

    def _infos(self, ids: Iterable[str]) -> dict[str, ArticleInfo]:
        la, ar = st.link_articles, st.articles
        out: dict[str, ArticleInfo] = {}
        for chunk in chunked(sorted(set(ids))):
            for r in self.conn.execute(
                select(
                    la.c.article_id,
                    la.c.seq,
                    la.c.outlet,
                    la.c.outlet_key,
                    la.c.published_date,
                    la.c.copy_of,
                    la.c.copy_outlet,
                    la.c.credits,
                    ar.c.url,
                    ar.c.source,
                    ar.c.published,
                    ar.c.title,
                )
                .join(ar, ar.c.id == la.c.article_id)
                .where(la.c.article_id.in_(chunk))
            ):
                out[r.article_id] = ArticleInfo(
                    id=r.article_id,
                    seq=r.seq,
                    outlet=r.outlet,
                    outlet_key=self.outlets.canonical(r.outlet_key),
                    date=r.published_date,
                    copy_of=r.copy_of,
                    copy_outlet=r.copy_outlet,
                    credits=frozenset(c.key for c in decode_credits(r.credits)),
                    url=r.url,
                    source=r.source,
                    published=r.published,
                    title=r.title,
                )
        return out

    def _text(self, article_id: str) -> str:
        payload = self.conn.execute(
            select(st.articles.c.report).where(st.articles.c.id == article_id)
        ).scalar()
        return str(json.loads(payload)["article"]["text"]) if payload else ""

    def derive_clusters(self, clusters: list[int]) -> None:
        """Derive ``clusters`` in full from their stored items (``link.derive``) and write the result."""
        li = st.link_items
        for chunk in chunked(clusters, 200):
            rows = (
                self.conn.execute(select(li).where(li.c.cluster.in_(chunk)).order_by(li.c.pk))
                .mappings()
                .all()
            )
            infos = self._infos(r["article_id"] for r in rows)
            copied_names = self._outlet_names(i.copy_of for i in infos.values() if i.copy_of)
            members = group_members((self.effective(r) for r in rows), infos)
            ordered = {cid: order_cluster(ms, copied_names) for cid, ms in members.items()}
            # the evidence for every citation of the chunk in two queries, not two per citation
            checks = [c for found in ordered.values() for c in citations_to_check(found, self.outlets)]
            evidence = self._citation_evidence(checks)
            self._write_clusters(
                chunk,
                [
                    derive_cluster(cid, found, evidence, self.outlets, self.settings)
                    for cid, found in ordered.items()
                ],
            )

    def _write_clusters(self, chunk: Sequence[int], derived: list[ClusterDerivation]) -> None:
        """Replace the derived rows of ``chunk``'s clusters (a cluster left empty keeps none)."""
        li = st.link_items
        self.conn.execute(delete(st.link_clusters).where(st.link_clusters.c.id.in_(chunk)))
        self.conn.execute(delete(st.link_discrepancies).where(st.link_discrepancies.c.cluster.in_(chunk)))
        if derived:
            self.conn.execute(
                insert(st.link_clusters),
                [
                    {
                        "id": d.id,
                        "kind": d.kind,
                        "text": d.text,
                        "speaker": d.speaker,
                        "n_articles": d.n_articles,
                        "first_article": d.first_article,
                        "first_published": d.first_published,
                        "independent_origins": d.independent_origins,
                        "score": d.score,
                        "variants": variants_value(d.variants),
                    }
                    for d in derived
                ],
            )
        self._insert_discrepancies([x for d in derived for x in d.discrepancies])
        updates = [
            {"b_pk": u.pk, "b_position": u.position, "b_edge": u.edge, "b_sources": sources_value(u.sources)}
            for d in derived
            for u in d.updates
        ]
        if updates:
            self.conn.execute(
                update(li)
                .where(li.c.pk == bindparam("b_pk"))
                .values(
                    position=bindparam("b_position"),
                    edge=bindparam("b_edge"),
                    sources=bindparam("b_sources"),
                ),
                updates,
            )
        for d in derived:
            self.affected_articles |= d.touched

    def effective(self, row: Any) -> LinkedItem:
        """A stored item (a ``link_items`` row) as derivation sees it now (``effective_item``)."""
        return effective_item(linked_item(row), self.outlets)

    def unsupported(self, cid: int, ordered: list[Member]) -> list[Discrepancy]:
        """Citations of an outlet whose article on the same story, in the corpus, does not carry the
        content (``link.unsupported``); reads the evidence only when there is a citation to check."""
        checks = citations_to_check(ordered, self.outlets)
        if not checks:
            return []
        return unsupported_citations(
            cid, ordered, self._citation_evidence(checks), self.outlets, self.settings
        )

    def _citation_evidence(self, checks: Sequence[Citation]) -> CitationEvidence:
        """What ``link.unsupported`` reads about ``checks``: the citing articles' items, then the
        items of the cited outlets' articles in the clusters those are in."""
        if not checks:
            return CitationEvidence()
        li, la, ar = st.link_items, st.link_articles, st.articles
        citing: list[LinkedItem] = []
        for chunk in chunked(sorted({c.member.article.id for c in checks})):
            for r in self.conn.execute(
                select(li.c.pk, li.c.article_id, li.c.kind, li.c.text, li.c.vias, li.c.cluster)
                .where(li.c.article_id.in_(chunk))
                .order_by(li.c.article_id, li.c.pk)  # the article index's order: no sort
            ):
                citing.append(
                    LinkedItem(
                        pk=r.pk,
                        article_id=r.article_id,
                        kind=r.kind,
                        text=r.text,
                        vias=decode_vias(r.vias),
                        cluster=r.cluster,
                    )
                )
        keys = sorted({k for c in checks for k in self.outlets.aliases(c.key)})
        theirs: list[LinkedItem] = []
        outlet_of: dict[str, str | None] = {}
        titles: dict[str, str | None] = {}
        for chunk in chunked(sorted({it.cluster for it in citing})):
            for t in self.conn.execute(
                select(
                    li.c.pk, li.c.article_id, li.c.kind, li.c.text, li.c.cluster, la.c.outlet_key, ar.c.title
                )
                .join(la, la.c.article_id == li.c.article_id)
                .outerjoin(ar, ar.c.id == li.c.article_id)
                .where(la.c.outlet_key.in_(keys), li.c.cluster.in_(chunk))
            ):
                theirs.append(
                    LinkedItem(pk=t.pk, article_id=t.article_id, kind=t.kind, text=t.text, cluster=t.cluster)
                )
                outlet_of[t.article_id], titles[t.article_id] = t.outlet_key, t.title
        theirs.sort(key=lambda it: it.pk)
        return CitationEvidence(tuple(citing), tuple(theirs), outlet_of, titles)

    def _outlet_names(self, ids: Iterable[str]) -> dict[str, str]:
        la = st.link_articles
        out: dict[str, str] = {}
        for chunk in chunked(sorted(set(ids))):
            for aid, outlet in self.conn.execute(
                select(la.c.article_id, la.c.outlet).where(la.c.article_id.in_(chunk))
            ):
                if outlet:
                    out[aid] = outlet
        return out

    def _insert_discrepancies(self, found: list[Any]) -> None:
        if not found:
            return
        self.conn.execute(
            insert(st.link_discrepancies),
            [
                {
                    "kind": d.kind,
                    "conflict": d.conflict,
                    "cluster": d.cluster,
                    "article_id": d.article,
                    "other_article": d.other_article,
                    "counted": d.counted,
                    "message": d.message,
                    "detail": dumps(d.detail),
                }
                for d in found
            ],
        )

    def article_edges(self, articles: list[str]) -> None:
        """Article-to-article (or -outlet) citation and copy edges of the articles touched
        (``link.article_edges``), after their clusters were derived: they read the sources written there."""
        la, li, le = st.link_articles, st.link_items, st.link_edges
        for chunk in chunked(articles, 200):
            self.conn.execute(delete(le).where(le.c.from_article.in_(chunk)))
            infos = self._infos(chunk)
            credits = {
                aid: decode_credits(c)
                for aid, c in self.conn.execute(
                    select(la.c.article_id, la.c.credits).where(la.c.article_id.in_(chunk))
                )
            }
            item_sources: dict[str, list[Source]] = defaultdict(list)
            for aid, edge, sources in self.conn.execute(
                select(li.c.article_id, li.c.edge, li.c.sources)
                .where(li.c.article_id.in_(chunk))
                .order_by(li.c.article_id, li.c.pk)
            ):
                if edge == "cited" and sources:
                    item_sources[aid] += decode_sources(sources) or ()
            copy_names = self._outlet_names(i.copy_of for i in infos.values() if i.copy_of)
            outlet_keys = self._source_outlet_keys(infos, item_sources.values())
            found: list[ArticleEdge] = []
            for aid in chunk:
                info = infos.get(aid)
                if info is not None:
                    found += derive_edges(
                        info,
                        credits.get(aid, ()),
                        item_sources.get(aid, ()),
                        self.outlets,
                        self._story_of(info),
                        copy_names,
                        outlet_keys,
                    )
            if found:
                self.conn.execute(
                    insert(le),
                    [
                        {
                            "kind": e.kind,
                            "from_article": e.from_article,
                            "to_article": e.to_article,
                            "to_outlet": e.to_outlet,
                            "to_outlet_key": e.to_outlet_key,
                            "evidence": e.evidence,
                        }
                        for e in found
                    ],
                )

    def _source_outlet_keys(
        self, infos: dict[str, ArticleInfo], sources: Iterable[Iterable[Source]]
    ) -> dict[str, str | None]:
        """The canonical outlet key of every article the sources name (one query for those outside
        the chunk, ``infos``).

        Canonical for all of them: an outlet with several keys ("northline", "northline news
        agency") otherwise got a second, "story" edge to the same article under the other key
        whenever the source article was not in the citing article's chunk, so the edges depended
        on how a run was split into transactions."""
        out: dict[str, str | None] = {aid: info.outlet_key for aid, info in infos.items()}
        others = sorted({s.article for ss in sources for s in ss if s.article and s.article not in infos})
        la = st.link_articles
        for chunk in chunked(others):
            for aid, key in self.conn.execute(
                select(la.c.article_id, la.c.outlet_key).where(la.c.article_id.in_(chunk))
            ):
                out[aid] = self.outlets.canonical(key)
        return out

    def _story_of(self, info: ArticleInfo) -> StoryOf:
        """``_story_article`` for ``info``, its keywords read at the first call (most articles
        credit no outlet of the corpus and never ask)."""
        keywords: list[frozenset[str]] = []

        def story(outlet_key: str) -> str | None:
            if not keywords:
                keywords.append(self._keywords(info.id))
            return self._story_article(outlet_key, info, keywords[0])

        return story

    def _keywords(self, article_id: str) -> frozenset[str]:
        kw = self.conn.execute(
            select(st.link_articles.c.keywords).where(st.link_articles.c.article_id == article_id)
        ).scalar()
        return frozenset((kw or "").split())
