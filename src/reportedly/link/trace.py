"""Reading link results back: one cluster's story (``trace``), all clusters, edges, exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, select

from reportedly.errors import ReportedlyError
from reportedly.link import store as ls
from reportedly.link.normalize import words
from reportedly.link.records import Appearance, Cluster, Discrepancy, Edge, Source, Variant
from reportedly.store import Store
from reportedly.store import schema as st

#: least fuzzy score (0-100) for ``trace TEXT`` to accept a cluster
TRACE_MIN_SCORE = 60.0


def _ready(store: Store) -> None:
    ls.ensure_tables(store.engine)


def load_cluster(store: Store, cluster_id: int) -> Cluster:
    """The cluster ``cluster_id`` with its appearances in order (raises if there is none)."""
    _ready(store)
    with store.engine.connect() as conn:
        cluster = _load(conn, cluster_id)
    if cluster is None:
        raise ReportedlyError(f"no cluster {cluster_id}; run `reportedly link` first?")
    return cluster


def _load(conn: Connection, cluster_id: int) -> Cluster | None:
    c = conn.execute(select(ls.link_clusters).where(ls.link_clusters.c.id == cluster_id)).mappings().first()
    if c is None:
        return None
    li, ar = ls.link_items, st.articles
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
        .where(li.c.cluster == cluster_id)
        .order_by(li.c.position, li.c.pk)
    ).all()
    appearances: list[Appearance] = []
    seen: set[str] = set()
    for r in rows:
        if r.article_id in seen:
            continue  # one appearance per article; its first item speaks for it
        seen.add(r.article_id)
        vias = json.loads(r.vias or "[]")
        appearances.append(
            Appearance(
                cluster=cluster_id,
                article=r.article_id,
                text=r.text,
                url=r.url or r.source,
                publisher=r.outlet,
                published=r.published,
                speaker=r.speaker,
                via=list(dict.fromkeys(v["name"] for v in vias)),
                edge=r.edge or "first-hand",
                sources=[Source.from_dict(s) for s in json.loads(r.sources or "[]")],
                attribution=r.attribution_id,
                position=r.position or 0,
            )
        )
    if not appearances:
        return None
    ds = conn.execute(
        select(ls.link_discrepancies)
        .where(ls.link_discrepancies.c.cluster == cluster_id)
        .order_by(ls.link_discrepancies.c.pk)
    ).mappings()
    variants = [
        Variant(v["text"], v["articles"], [(x["from"], x["to"]) for x in v["changed"]], bool(v["truncated"]))
        for v in json.loads(c["variants"] or "[]")
    ]
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
    _ready(store)
    lc = ls.link_clusters
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


def find_cluster(store: Store, text: str, min_articles: int = 1) -> int | None:
    """The id of the cluster whose quote or claim best matches ``text`` (fuzzy), or None."""
    _ready(store)
    query = " ".join(words(text))
    if not query:
        raise ReportedlyError("trace: give some words of a quote or claim")
    li, lc = ls.link_items, ls.link_clusters
    best: tuple[float, int, int] | None = None
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(li.c.cluster, li.c.text, lc.c.n_articles)
            .join(lc, lc.c.id == li.c.cluster)
            .where(lc.c.n_articles >= min_articles)
        )
        for cid, item_text, n in rows:
            candidate = " ".join(words(item_text))
            score = (
                fuzz.partial_ratio(query, candidate)
                if len(query) <= len(candidate)
                else fuzz.ratio(query, candidate)
            )
            # prefer the better match, then the cluster more articles share
            key = (score, n, -cid)
            if best is None or key > best:
                best = key
    if best is None or best[0] < TRACE_MIN_SCORE:
        return None
    return -best[2]


def trace_text(store: Store, text: str) -> Cluster:
    """The cluster best matching ``text`` (raises a one-line error when nothing matches)."""
    cid = find_cluster(store, text)
    if cid is None:
        raise ReportedlyError(f"no quote or claim in the linked corpus matches {text!r}")
    return load_cluster(store, cid)


def edges(store: Store) -> list[Edge]:
    """Every article-level citation and copy edge."""
    _ready(store)
    le = ls.link_edges
    with store.engine.connect() as conn:
        rows = conn.execute(select(le).order_by(le.c.pk)).mappings().all()
    return [
        Edge(r["kind"], r["from_article"], r["to_article"], r["to_outlet"], r["evidence"] or "") for r in rows
    ]


def all_discrepancies(store: Store) -> list[Discrepancy]:
    _ready(store)
    ld = ls.link_discrepancies
    with store.engine.connect() as conn:
        return [_discrepancy(d) for d in conn.execute(select(ld).order_by(ld.c.pk)).mappings()]


# --------------------------------------------------------------------------- exports

#: ``export --format`` values this module writes
EXPORT_FORMATS = ("claimreview", "clusters")


def _work(a: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if a.url:
        work["url"] = a.url
    if a.publisher:
        work["publisher"] = {"@type": "Organization", "name": a.publisher}
    if a.published:
        work["datePublished"] = a.published
    work["identifier"] = a.article
    return work


def claim_jsonld(c: Cluster) -> dict[str, Any]:
    """A schema.org ``Claim`` for one cluster (the vocabulary of ClaimReview)."""
    claim: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "identifier": f"reportedly:cluster:{c.id}",
        "text": c.text,
        "firstAppearance": _work(c.first),
        "appearance": [_work(a) for a in c.appearances],
    }
    if c.speaker:
        claim["author"] = {"@type": "Person", "name": c.speaker}
    if c.first.published:
        claim["datePublished"] = c.first.published
    return claim


def export_link(store: Store, fmt: str, out: IO[str]) -> int:
    """Write link results as ``claimreview`` (one JSON-LD ``Claim`` per line) or ``clusters``
    (one JSON object per line, as ``trace --json`` prints); returns the number of clusters written."""
    if fmt not in EXPORT_FORMATS:
        raise ReportedlyError(f"unknown link export format {fmt!r} (use {' or '.join(EXPORT_FORMATS)})")
    n = 0
    for c in iter_clusters(store):
        obj = claim_jsonld(c) if fmt == "claimreview" else c.to_dict()
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n
