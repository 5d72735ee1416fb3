"""The read model: what ``trace``, the web pages and the CLI ask of a corpus, in typed records.

Every function here reads through a plain connection (on SQLite a deferred
transaction in WAL mode), so none of them ever waits for an ingest or a link run
that is writing at the same time, and none of them writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.exc import OperationalError

from reportedly import dates
from reportedly.errors import ReportedlyError
from reportedly.model import Appearance, Cluster, Discrepancy, Edge
from reportedly.store import schema as st
from reportedly.store.itemrows import decode_sources, decode_variants, decode_vias
from reportedly.store.migrate import IDENTITY_REVISION, LINK_LAST_SEQ, RELINK_DUE, get_meta
from reportedly.store.names import name_key
from reportedly.store.repository import Store, quotes_matching, rows_after

# --------------------------------------------------------------------------- clusters


@dataclass(frozen=True, slots=True)
class ClusterText:
    """One wording (a linked item) of a cluster, with the cluster's own summary."""

    cluster: int
    text: str
    cluster_text: str
    kind: str
    speaker: str | None
    articles: int


def load_cluster(store: Store, cluster_id: int, limit: int | None = None) -> Cluster:
    """The cluster ``cluster_id`` with its appearances in order (raises if there is none); with
    ``limit``, only its first ``limit`` appearances (a list, not the provenance: origins and
    discrepancies are the cluster's own)."""
    with store.engine.connect() as conn:
        cluster = _load(conn, cluster_id, limit)
    if cluster is None:
        raise ReportedlyError(f"no cluster {cluster_id}; run `reportedly link` first?")
    return cluster


def _load(conn: Connection, cluster_id: int, limit: int | None = None) -> Cluster | None:
    c = conn.execute(select(st.link_clusters).where(st.link_clusters.c.id == cluster_id)).mappings().first()
    if c is None:
        return None
    li, ar = st.link_items, st.articles
    rows = conn.execute(
        select(
            li.c.article_id,
            li.c.attribution_id,
            li.c.text,
            li.c.speaker,
            li.c.vias,
            li.c.edge,
            li.c.sources,
            li.c.position,
            ar.c.url,
            ar.c.source,
            ar.c.outlet,
            ar.c.published,
        )
        .join(ar, ar.c.id == li.c.article_id)
        # an appearance with no edge is not placed yet: a link run is under way and its story
        # waits for a full derivation (``store.linking.DERIVE_NOW_BELOW``); it is left out, as
        # the articles not linked yet are
        .where(li.c.cluster == cluster_id, li.c.edge.is_not(None))
        .order_by(li.c.position, li.c.pk)
    )
    appearances: list[Appearance] = []
    seen: set[str] = set()
    for r in rows:
        if r.article_id in seen:
            continue  # one appearance per article; its first item speaks for it
        if limit is not None and len(appearances) >= limit:
            break
        seen.add(r.article_id)
        appearances.append(
            Appearance(
                cluster=cluster_id,
                article=r.article_id,
                text=r.text,
                url=r.url or r.source,
                publisher=r.outlet,
                published=r.published,
                speaker=r.speaker,
                via=list(dict.fromkeys(v.name for v in decode_vias(r.vias))),
                edge=r.edge,  # never None: unplaced appearances are left out above
                sources=list(decode_sources(r.sources) or ()),
                attribution=r.attribution_id,
                position=r.position or 0,
            )
        )
    rows.close()
    if not appearances:
        return None
    ds = conn.execute(
        select(st.link_discrepancies)
        .where(st.link_discrepancies.c.cluster == cluster_id)
        .order_by(st.link_discrepancies.c.pk)
    ).mappings()
    variants = decode_variants(c["variants"])
    return Cluster(
        id=cluster_id,
        kind=c["kind"],
        text=c["text"],
        speaker=c["speaker"],
        appearances=appearances,
        independent_origins=c["independent_origins"],
        discrepancies=[_discrepancy(d) for d in ds],
        variants=variants,
        score=c["score"],
    )


def _discrepancy(d: Any) -> Discrepancy:
    return Discrepancy(
        kind=d["kind"],
        conflict=bool(d["conflict"]),
        article=d["article_id"],
        message=d["message"],
        other_article=d["other_article"],
        cluster=d["cluster"],
        counted=d["counted"],
        detail=json.loads(d["detail"] or "{}"),
    )


def iter_clusters(store: Store, min_articles: int = 2) -> Iterator[Cluster]:
    """Every cluster told by at least ``min_articles`` articles, oldest first."""
    lc = st.link_clusters
    with store.engine.connect() as conn:
        ids = (
            conn.execute(
                select(lc.c.id)
                .where(lc.c.n_articles >= min_articles)
                .order_by(lc.c.first_published.is_(None), lc.c.first_published, lc.c.id)
            )
            .scalars()
            .all()
        )
        for cid in ids:
            cluster = _load(conn, cid)
            if cluster is not None:
                yield cluster


def cluster_texts(store: Store, min_articles: int = 1) -> list[ClusterText]:
    """Every distinct wording of every cluster told by ``min_articles`` or more: what ``trace``
    matches against."""
    li, lc = st.link_items, st.link_clusters
    with store.engine.connect() as conn:
        # distinct in the database: a quote reprinted 1,000 times is one wording, and reading every
        # copy made each trace read the whole corpus (slow answers while another process links)
        rows = conn.execute(
            select(li.c.cluster, li.c.text, lc.c.text, lc.c.kind, lc.c.speaker, lc.c.n_articles)
            .join(lc, lc.c.id == li.c.cluster)
            .where(lc.c.n_articles >= min_articles)
            .distinct()
            .order_by(li.c.cluster, li.c.text)
        ).all()
    return [ClusterText(*r) for r in rows]


def edges(store: Store) -> list[Edge]:
    """Every article-level citation and copy edge."""
    le = st.link_edges
    with store.engine.connect() as conn:
        rows = conn.execute(select(le).order_by(le.c.pk)).mappings().all()
    return [
        Edge(r["kind"], r["from_article"], r["to_article"], r["to_outlet"], r["evidence"] or "") for r in rows
    ]


def all_discrepancies(store: Store) -> list[Discrepancy]:
    ld = st.link_discrepancies
    with store.engine.connect() as conn:
        return [_discrepancy(d) for d in conn.execute(select(ld).order_by(ld.c.pk)).mappings()]


def pending_count(store: Store) -> int:
    """How many stored articles the next link run would read."""
    with store.engine.connect() as conn:
        last = int(get_meta(conn, LINK_LAST_SEQ) or 0)
        return int(
            conn.execute(
                select(func.count()).select_from(st.articles).where(st.articles.c.ingest_seq > last)
            ).scalar()
            or 0
        )


def pending_reports(store: Store, *, full: bool = False, batch: int = 500) -> Iterator[str]:
    """The reports (JSON) the next link run reads, in its order: those stored since the last run,
    or every one with ``full`` or when a relink is due (what ``link_new`` decides the same way)."""
    with store.engine.connect() as conn:
        after = (
            0 if full or get_meta(conn, RELINK_DUE) is not None else int(get_meta(conn, LINK_LAST_SEQ) or 0)
        )
        yield from (payload for _, _, payload in rows_after(conn, after, batch))


def linked_count(store: Store) -> int:
    """How many articles have been linked so far."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(st.link_articles)).scalar() or 0)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "quotes": self.quotes,
        }


@dataclass(frozen=True, slots=True)
class ArticlePage:
    rows: list[ArticleRow]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    kind: str
    text: str
    speaker: str | None
    articles: int
    first_published: str | None
    independent_origins: int
    conflicts: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "articles": self.articles,
            "first_published": self.first_published,
            "independent_origins": self.independent_origins,
            "conflicts": self.conflicts,
        }


@dataclass(frozen=True, slots=True)
class OutletLinks:
    """Who credits an outlet: outlets whose articles name it in a via chain, and copies of it."""

    cited_by: list[tuple[str, int]]
    copied_by: list[tuple[str, int]]
    copies: list[tuple[str, int]]


def corpus_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever an article is stored or linked, or a speaker edited: the key of corpus-wide caches."""
    with store.engine.connect() as conn:
        n, last = conn.execute(select(func.count(), func.max(st.articles.c.ingest_seq))).one()
        linked = conn.execute(select(func.count(), func.max(st.link_clusters.c.id))).one()
        edited = get_meta(conn, IDENTITY_REVISION)
    return (n, last, tuple(linked), edited)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_articles(
    store: Store,
    *,
    search: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ArticlePage:
    """Articles, newest first, matching every filter; ``search`` looks in titles and quoted words."""
    ar, at, sp = st.articles, st.attributions, st.speakers
    since_d, until_d = dates.user_date(since, "since"), dates.user_date(until, "until")
    conds: list[Any] = []
    if outlet and outlet.strip():
        conds.append(ar.c.outlet_key == name_key(outlet, "outlet"))
    if since_d:
        conds.append(ar.c.published_date >= since_d)
    if until_d:
        conds.append(ar.c.published_date <= until_d)
    if speaker and speaker.strip():
        keys = store.speaker_filter_keys(speaker)
        # an IN over the key index: a correlated EXISTS makes SQLite scan every row of those keys per article
        conds.append(ar.c.id.in_(select(sp.c.article_id).where(sp.c.key.in_(keys))))
    if search and search.strip():
        in_title = ar.c.title.ilike(_like(search.strip()), escape="\\")
        in_quotes = ar.c.id.in_(select(at.c.article_id).where(quotes_matching(store.dialect, search)))
        conds.append(or_(in_title, in_quotes))
    where = and_(*conds) if conds else None
    quotes = (
        select(func.count()).select_from(at).where(at.c.article_id == ar.c.id).correlate(ar).scalar_subquery()
    )
    stmt = select(ar.c.id, ar.c.title, ar.c.outlet, ar.c.published, ar.c.url, quotes.label("quotes"))
    count = select(func.count()).select_from(ar)
    if where is not None:
        stmt, count = stmt.where(where), count.where(where)
    stmt = (
        stmt.order_by(ar.c.published_date.is_(None), ar.c.published_date.desc(), ar.c.ingest_seq.desc())
        .limit(limit)
        .offset(offset)
    )
    try:
        with store.engine.connect() as conn:
            total = int(conn.execute(count).scalar() or 0)
            rows = [ArticleRow(*r) for r in conn.execute(stmt)]
    except OperationalError:
        if search and search.strip():
            raise ReportedlyError(f"cannot search for {search!r}") from None
        raise
    return ArticlePage(rows, total, offset, limit)


def titles(store: Store, ids: list[str]) -> dict[str, str | None]:
    """Article id -> title."""
    ar = st.articles
    with store.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(select(ar.c.id, ar.c.title).where(ar.c.id.in_(ids)))}


def outlet_names(store: Store) -> list[str]:
    """Every outlet with stored articles, by name."""
    ar = st.articles
    with store.engine.connect() as conn:
        return list(
            conn.execute(
                select(ar.c.outlet).where(ar.c.outlet.is_not(None)).distinct().order_by(ar.c.outlet)
            ).scalars()
        )


def outlet_links(store: Store, outlet: str) -> OutletLinks:
    ar, vi, la = st.articles, st.vias, st.link_articles
    key = name_key(outlet, "outlet")
    src = la.alias("src")
    with store.engine.connect() as conn:
        cited = conn.execute(
            select(ar.c.outlet, func.count())
            .join(vi, vi.c.article_id == ar.c.id)
            .where(vi.c.key == key, or_(ar.c.outlet_key.is_(None), ar.c.outlet_key != key))
            .group_by(ar.c.outlet)
            .order_by(func.count().desc())
        ).all()
        # an article copies another in the corpus (copy_of), or only names its outlet
        copied_by = conn.execute(
            select(la.c.outlet, func.count())
            .select_from(la.outerjoin(src, src.c.article_id == la.c.copy_of))
            .where(
                or_(src.c.outlet_key == key, la.c.original_key == key),
                or_(la.c.outlet_key.is_(None), la.c.outlet_key != key),
            )
            .group_by(la.c.outlet)
        ).all()
        copies = conn.execute(
            select(func.coalesce(src.c.outlet, la.c.copy_outlet), func.count())
            .select_from(la.outerjoin(src, src.c.article_id == la.c.copy_of))
            .where(la.c.outlet_key == key, or_(la.c.copy_of.is_not(None), la.c.copy_outlet.is_not(None)))
            .group_by(func.coalesce(src.c.outlet, la.c.copy_outlet))
        ).all()
    return OutletLinks(
        cited_by=[(o or "unknown", n) for o, n in cited],
        copied_by=[(o or "unknown", n) for o, n in copied_by],
        copies=[(o or "unknown", n) for o, n in copies],
    )


def stories(store: Store, *, limit: int = 200, article: str | None = None) -> list[StoryRow]:
    """Linked clusters told by at least two articles (or every cluster of ``article``), widest first."""
    lc, ld, li = st.link_clusters, st.link_discrepancies, st.link_items
    conflicts = (
        select(func.count())
        .select_from(ld)
        .where(ld.c.cluster == lc.c.id, ld.c.conflict.is_(True))
        .correlate(lc)
        .scalar_subquery()
    )
    stmt = select(
        lc.c.id,
        lc.c.kind,
        lc.c.text,
        lc.c.speaker,
        lc.c.n_articles,
        lc.c.first_published,
        lc.c.independent_origins,
        conflicts,
    )
    if article:
        stmt = stmt.where(lc.c.id.in_(select(li.c.cluster).where(li.c.article_id == article)))
    else:
        stmt = stmt.where(lc.c.n_articles >= 2)
    stmt = stmt.order_by(lc.c.n_articles.desc(), lc.c.first_published, lc.c.id).limit(limit)
    with store.engine.connect() as conn:
        return [StoryRow(*r) for r in conn.execute(stmt)]


@dataclass(frozen=True, slots=True)
class AttributionFacts:
    """What a cluster's appearance does not carry: the cue, the kind and the type of its attribution."""

    cue: str | None
    kind: str
    type: str


def attribution_facts(store: Store, articles: list[str]) -> dict[tuple[str, str], AttributionFacts]:
    """(article id, attribution id) -> cue, kind and type, for every attribution of ``articles``."""
    at = st.attributions
    found: dict[tuple[str, str], AttributionFacts] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(articles), 500):
            rows = conn.execute(
                select(at.c.article_id, at.c.attribution_id, at.c.cue, at.c.kind, at.c.type).where(
                    at.c.article_id.in_(articles[i : i + 500])
                )
            )
            for aid, att, cue, kind, kind_of_speech in rows:
                found[(aid, att)] = AttributionFacts(cue, kind, kind_of_speech)
    return found
