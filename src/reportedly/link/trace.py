"""Finding a quote or claim in the linked corpus (``trace``) and exporting link results."""

from __future__ import annotations

import json
from typing import IO, Any

from rapidfuzz import fuzz

from reportedly.errors import ReportedlyError
from reportedly.link.normalize import words
from reportedly.model import Appearance, Cluster
from reportedly.store import Store
from reportedly.store.read import cluster_texts, iter_clusters, load_cluster

#: least fuzzy score (0-100) for ``trace TEXT`` to accept a cluster
TRACE_MIN_SCORE = 60.0


def find_cluster(store: Store, text: str, min_articles: int = 1) -> int | None:
    """The id of the cluster whose quote or claim best matches ``text`` (fuzzy), or None."""
    query = " ".join(words(text))
    if not query:
        raise ReportedlyError("trace: give some words of a quote or claim")
    best: tuple[float, int, int] | None = None
    for cid, item_text, n in cluster_texts(store, min_articles):
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


# --------------------------------------------------------------------------- exports

#: ``export --format`` values this module writes
EXPORT_FORMATS = ("claims", "clusters")


def creative_work(a: Appearance) -> dict[str, Any]:
    """The article an appearance is in, as a schema.org ``CreativeWork``; ``url`` only when it
    is a web address (an article read from a file has none to give)."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if a.url and a.url.lower().startswith(("http://", "https://")):
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
        "firstAppearance": creative_work(c.first),
        "appearance": [creative_work(a) for a in c.appearances],
    }
    if c.speaker:
        claim["author"] = {"@type": "Person", "name": c.speaker}
    if c.first.published:
        claim["datePublished"] = c.first.published
    return claim


def export_link(store: Store, fmt: str, out: IO[str]) -> int:
    """Write link results as ``claims`` (one JSON-LD ``Claim`` per line) or ``clusters``
    (one JSON object per line, as ``trace --json`` prints); returns the number of clusters written."""
    if fmt not in EXPORT_FORMATS:
        raise ReportedlyError(f"unknown link export format {fmt!r} (use {' or '.join(EXPORT_FORMATS)})")
    n = 0
    for c in iter_clusters(store):
        obj = claim_jsonld(c) if fmt == "claims" else c.to_dict()
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n
