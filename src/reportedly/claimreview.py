"""schema.org ``ClaimReview`` JSON-LD: a verdict on a quote or claim, with where it appeared.

>>> from reportedly.claimreview import claimreview_jsonld
>>> doc = claimreview_jsonld(cluster, verdict, author)   # a dict, ready for json.dumps

``itemReviewed`` is a ``Claim`` whose ``author`` is the speaker (as speaker identity shows
them), whose ``appearance`` is every article of the trace and ``firstAppearance`` the first
one. Only web addresses become ``url``s: an article read from a file has none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from reportedly.errors import ReportedlyError
from reportedly.link.trace import creative_work, find_cluster
from reportedly.model import Cluster
from reportedly.store import SpeakerIdentity, Store
from reportedly.store.read import load_cluster
from reportedly.store.verdicts import BEST_RATING, WORST_RATING, Verdict, latest_verdicts

SCHEMA = "https://schema.org"


def _agent(name: str, kind: str = "person") -> dict[str, Any]:
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def claimreview_jsonld(cluster: Cluster, verdict: Verdict, author: SpeakerIdentity | None) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "@type": "Claim",
        "text": cluster.text,
        "appearance": [creative_work(a) for a in cluster.appearances],
        "firstAppearance": creative_work(cluster.first),
    }
    if author is not None:
        claim["author"] = _agent(author.name, author.kind)
        if author.external_id and author.external_id.startswith("Q"):
            claim["author"]["sameAs"] = f"https://www.wikidata.org/wiki/{author.external_id}"
    if cluster.first.published:
        claim["datePublished"] = cluster.first.published[:10]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.rating}
    if verdict.value is not None:
        rating.update(ratingValue=verdict.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    review: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "claimReviewed": cluster.text,
        "reviewRating": rating,
        "reviewBody": verdict.explanation,
        "author": {"@type": "Person", "name": verdict.reviewer},
        "datePublished": verdict.created_at[:10],
        "itemReviewed": claim,
    }
    if verdict.url:
        review["url"] = verdict.url
    return review


def reviewed(store: Store) -> Iterator[tuple[Cluster, Verdict]]:
    """Every cluster with a verdict, and its latest verdict. A cluster relinked under another id
    since is found again by its text."""
    for verdict in latest_verdicts(store):
        try:
            cluster: Cluster | None = load_cluster(store, verdict.cluster)
        except ReportedlyError:
            cluster = None
        if cluster is None or cluster.text != verdict.claim:
            found = find_cluster(store, verdict.claim)
            if found is None:
                continue
            cluster = load_cluster(store, found)
        yield cluster, verdict


def review_of(store: Store, cluster: Cluster, verdict: Verdict) -> dict[str, Any]:
    author = None
    if cluster.speaker:
        try:
            author = store.speaker(cluster.speaker)
        except ReportedlyError:  # a speaker the merge does not know (relinked since): as the trace names them
            author = SpeakerIdentity(cluster.speaker, cluster.speaker, "person")
    return claimreview_jsonld(cluster, verdict, author)


def export_claimreview(store: Store, out: IO[str]) -> int:
    """One ``ClaimReview`` per line for every cluster with a verdict; returns how many."""
    n = 0
    for cluster, verdict in reviewed(store):
        out.write(json.dumps(review_of(store, cluster, verdict), ensure_ascii=False) + "\n")
        n += 1
    return n
