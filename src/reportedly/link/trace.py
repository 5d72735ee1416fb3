"""Finding a quote or claim in the linked corpus (``trace``) and exporting link results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any

from rapidfuzz import fuzz, process

from reportedly.errors import ReportedlyError
from reportedly.link.normalize import STOPWORDS, words
from reportedly.model import Appearance, Cluster, ClusterMatch
from reportedly.store import Store
from reportedly.store.read import ClusterText, cluster_texts, iter_clusters, load_cluster

#: least score (0-100) for a cluster to match ``trace TEXT``; below it nothing matched. A score
#: is the share of the asked words that the wording holds (each word matched fuzzily, so a typo
#: or another inflection still counts), capped by how closely the words line up in order.
TRACE_MIN_SCORE = 70.0
#: the best match is traced on its own only when it leads the next by this many points
TRACE_LEAD = 10.0
#: a word counts as present when it is this similar (0-100) to a word of the wording
_WORD_SIMILARITY = 85.0


def _coverage(asked: list[str], have: set[str]) -> float:
    """Share (0-100) of the asked words found among ``have``, allowing small spelling changes."""
    if not asked:
        return 0.0
    found = 0
    for w in asked:
        if w in have or (
            len(w) > 3 and process.extractOne(w, have, scorer=fuzz.ratio, score_cutoff=_WORD_SIMILARITY)
        ):
            found += 1
    return 100.0 * found / len(asked)


@dataclass(frozen=True, slots=True)
class MatchIndex:
    """Every wording ``match_clusters`` compares against, with its words already normalised: built
    once per corpus version by a long-running reader (the web server) instead of per question."""

    rows: list[ClusterText]
    lowered: list[str]


def match_index(store: Store, min_articles: int = 1) -> MatchIndex:
    # reprints repeat a wording many times: each (cluster, wording) is kept and scored once
    rows = list({(r.cluster, r.text): r for r in cluster_texts(store, min_articles)}.values())
    return MatchIndex(rows, [" ".join(words(r.text)) for r in rows])


def match_clusters(
    store: Store, text: str, *, limit: int = 10, min_articles: int = 1, index: MatchIndex | None = None
) -> list[ClusterMatch]:
    """Clusters whose quote or claim holds the words of ``text``, best first, each with its score;
    empty when none reaches ``TRACE_MIN_SCORE``.

    The score of a cluster is that of its best wording: the share of the asked content
    words it holds (stop words count only when nothing else is asked), capped by the
    fuzzy alignment of the whole phrase, so "worst nite this town has seen" finds the
    quote and "nonexistent words xyz" finds nothing.
    """
    asked_all = words(text)
    if not asked_all:
        raise ReportedlyError("trace: give some words of a quote or claim")
    asked = [w for w in asked_all if w not in STOPWORDS] or asked_all
    query = " ".join(asked_all)
    index = index or match_index(store, min_articles)
    rows, lowered = index.rows, index.lowered
    # a fast first cut in C: the phrase must line up with the wording at least loosely
    near = process.extract(
        query, lowered, scorer=fuzz.partial_ratio, score_cutoff=TRACE_MIN_SCORE - 15, limit=None
    )
    best: dict[int, tuple[float, str]] = {}
    for candidate, aligned, i in near:
        if len(query) > len(candidate):
            aligned = fuzz.ratio(query, candidate)
        score = min(float(aligned), _coverage(asked, set(candidate.split())))
        row = rows[i]
        if score >= TRACE_MIN_SCORE and score > best.get(row.cluster, (-1.0, ""))[0]:
            best[row.cluster] = (score, row.text)
    info = {r.cluster: r for r in rows}
    found = [
        ClusterMatch(
            cluster=cid,
            score=score,
            kind="quote" if info[cid].kind == "quote" else "claim",
            text=info[cid].cluster_text,
            matched=matched,
            speaker=info[cid].speaker,
            articles=info[cid].articles,
        )
        for cid, (score, matched) in best.items()
    ]
    # the better match first, then the cluster more articles share, then the older one
    found.sort(key=lambda m: (-m.score, -m.articles, m.cluster))
    return found[:limit]


def clear_winner(matches: list[ClusterMatch]) -> ClusterMatch | None:
    """The best match when it leads the next by ``TRACE_LEAD`` points (or stands alone), else None."""
    if not matches:
        return None
    if len(matches) == 1 or matches[0].score - matches[1].score >= TRACE_LEAD:
        return matches[0]
    return None


def find_cluster(store: Store, text: str, min_articles: int = 1) -> int | None:
    """The id of the one cluster that clearly best matches ``text``, or None."""
    winner = clear_winner(match_clusters(store, text, min_articles=min_articles))
    return winner.cluster if winner else None


def trace_text(store: Store, text: str) -> Cluster:
    """The cluster clearly best matching ``text``; a one-line error when nothing matches or
    several match about as well (``match_clusters`` lists them)."""
    matches = match_clusters(store, text)
    if not matches:
        raise ReportedlyError(f"no quote or claim in the linked corpus matches {text!r}")
    winner = clear_winner(matches)
    if winner is None:
        listed = "; ".join(f"{m.cluster} ({m.score:.0f})" for m in matches[:5])
        raise ReportedlyError(
            f"{len(matches)} clusters match {text!r} about as well: {listed}; pick one with --cluster"
        )
    return load_cluster(store, winner.cluster)


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
