"""Placing new quotes and claims into clusters: ``plan(new items, candidates) -> LinkDelta``.

Pure: no database. For the band keys of the new items (``item_keys``) the store supplies
the stored items sharing them (``Candidates``) and applies the ``LinkDelta`` in its
transaction. The same function runs in one process or on a distributed engine.

A link transaction changes the tables in two halves, each decided in ``reportedly.link``
and written by ``reportedly.store.linking``:

1. placement, article by article: a ``LinkDelta`` (assignments, merges, band rows to add
   and evict), here;
2. derivation, once all the transaction's articles are placed, of the clusters and
   articles placement touched: a ``link.derive.ClusterDerivation`` per cluster (its row,
   the items whose position, edge or sources changed, its discrepancies, miscitations
   from ``link.unsupported`` included), then ``link.article_edges.ArticleEdge`` records per
   article. Edges come second because they read the sources the clusters' derivation
   gave the article's items; a cluster that only gained a last appearance is updated in
   place instead (``store.growth``), to the same rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportedly.link.clusters import (
    Item,
    band_keys,
    is_named,
    items_compatible,
    repeats,
    same_words,
    signatures,
    verdict,
)
from reportedly.settings import DEFAULT, Settings

#: items with fewer content words are not indexed (their MinHash would collide with everything)
MIN_FEATURES = 3
#: candidates verified per cluster before giving up on joining it (a cluster of 1,000 copies
#: of one quote needs one comparison, not 1,000)
TRIES_PER_CLUSTER = 3
#: candidates verified per item at most (those sharing the most bands first)
MAX_TRIES = 24
#: items kept per LSH bucket (the newest; one per cluster)
BUCKET_SIZE = 4


@dataclass(frozen=True, slots=True)
class Candidates:
    """What the store knows about the band keys of the new items.

    ``buckets``: band key -> stored item ids in it; ``cluster_of``: stored item id ->
    its cluster now; ``items``: the stored items to verify (``worth_verifying`` says which);
    ``founders``: cluster -> its first stored item (in ``items``), whose speaker is checked too.
    """

    buckets: Mapping[int, Sequence[int]]
    cluster_of: Mapping[int, int]
    items: Mapping[int, Item] = field(default_factory=dict)
    #: cluster -> its first stored item, checked as well (in ``items`` when known)
    founders: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one new item goes: a cluster (new when ``created``) and the score that put it there."""

    cluster: int
    score: float
    created: bool


@dataclass(frozen=True, slots=True)
class LinkDelta:
    """What placing one article's items changes: apply merges first, then store the items."""

    #: one per new item, in order (after the merges)
    assignments: tuple[Assignment, ...]
    #: (cluster, into): clusters the new items showed to be one
    merges: tuple[tuple[int, int], ...]
    #: the next unused cluster id
    next_cluster: int


def item_keys(items: Sequence[Item], settings: Settings = DEFAULT) -> list[list[int]]:
    """The LSH band keys of each item; a quote too short for them gets its exact key instead
    (``exact_key``), or none."""
    sigs = signatures(list(items), settings)
    return [
        band_keys(it.kind, sig, settings) if len(it.features) >= MIN_FEATURES else exact_key(it)
        for it, sig in zip(items, sigs, strict=True)
    ]


def exact_key(item: Item) -> list[int]:
    """One key for a short quote by a named speaker: the speaker and the very words.

    Its MinHash bands would collide with every quote sharing one of its two content words, so
    it has none, and copies of "We were there under legitimate pretenses," said Figueroa each
    stayed alone. Only the same words from the same person meet here (``verdict`` still
    verifies); a short quote with no speaker, or a vague one ("officials", "he"), is not linked."""
    key = item.speaker_key or ""
    if item.kind != "quote" or not item.tokens or not is_named(key, item.speaker_kind):
        return []
    digest = hashlib.blake2b(
        f"{key}\x00{item.joined}".encode(), digest_size=8, person=b"exact-quote"
    ).digest()
    return [int.from_bytes(digest, "big", signed=True)]


def worth_verifying(keys: Sequence[int], candidates: Candidates) -> list[int]:
    """The stored items worth verifying against an item with these band keys, best first.

    Most bands shared first (the likeliest matches), newest breaking ties; a few
    tries per cluster are enough to join it, and a bounded number in all.
    """
    shared = Counter(pk for k in keys for pk in candidates.buckets.get(k, ()) if pk in candidates.cluster_of)
    tried: Counter[int] = Counter()
    out: list[int] = []
    for pk, _ in sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0])):
        cluster = candidates.cluster_of[pk]
        if tried[cluster] >= TRIES_PER_CLUSTER:
            continue
        tried[cluster] += 1
        out.append(pk)
        if len(out) >= MAX_TRIES:
            break
    return out


def plan(
    items: Sequence[Item],
    keys: Sequence[Sequence[int]],
    candidates: Candidates,
    next_cluster: int,
    settings: Settings = DEFAULT,
    tries: Sequence[Sequence[int]] | None = None,
) -> LinkDelta:
    """Place each new item: into the cluster of the stored items it matches (merging the
    clusters it shows to be one, into the oldest), else into a new cluster.

    ``tries``: ``worth_verifying`` of each item's keys, when the caller asked it already (to load
    those candidates); the same lists, not asked twice."""
    if tries is None:
        tries = [worth_verifying(ks, candidates) for ks in keys]
    renamed: dict[int, int] = {}

    def current(cluster: int) -> int:
        while cluster in renamed:
            cluster = renamed[cluster]
        return cluster

    merges: list[tuple[int, int]] = []
    placed: list[tuple[int, float, bool]] = []
    for it, its_tries in zip(items, tries, strict=True):
        joined = _joined(
            it, [(current(candidates.cluster_of[pk]), pk) for pk in its_tries], candidates, settings
        )
        if joined:
            target = min(joined)
            for other in sorted(set(joined) - {target}):
                renamed[other] = target
                merges.append((other, target))
            placed.append((target, min(joined.values()), False))
        else:
            placed.append((next_cluster, 100.0, True))
            next_cluster += 1
    # a later item may have merged an earlier one's cluster away
    return LinkDelta(
        assignments=tuple(Assignment(current(c), score, created) for c, score, created in placed),
        merges=tuple(merges),
        next_cluster=next_cluster,
    )


def _joined(
    item: Item, tried: Sequence[tuple[int, int]], candidates: Candidates, settings: Settings
) -> dict[int, float]:
    """The clusters ``item`` joins (merging them), with its score in each, from the stored items
    ``tried`` (cluster, item id), best first.

    Single linkage chains: a copy crediting plain "Castillo" matches both Lucia Castillo's
    statement and Maria Castillo's near-identical one, and would make them one story. So a
    cluster with an item that contradicts this one's speaker (``Verdict.conflict``) is not
    joined, its first item (``Candidates.founders``) checked too: the items found may all be
    copies crediting the surname only, inside Lucia's story, which let Maria's in. Only clusters
    whose matched items could share a speaker are merged (``_mergeable``); the item goes with
    the best of them."""
    matched: dict[int, tuple[float, Item]] = {}
    vetoed: set[int] = set()
    for cluster, pk in tried:
        other = candidates.items.get(pk)
        if other is None or cluster in vetoed:
            continue
        if cluster in matched and items_compatible(item, other):
            continue  # one match is enough to join; only a conflict can undo it
        v = verdict(item, other, settings)
        if v.conflict:
            vetoed.add(cluster)
            matched.pop(cluster, None)
        elif v.score is not None and cluster not in matched:
            matched[cluster] = (v.score, other)
    tried_pks = {pk for _, pk in tried}
    for cluster in list(matched):
        # the matched items may name a surname only ("Moreau"): the cluster's first item says who
        # its speaker is ("Lucia Moreau", not "Grace Moreau")
        first = candidates.items.get(candidates.founders.get(cluster, -1))
        if (
            first is not None
            and candidates.founders[cluster] not in tried_pks
            and verdict(item, first, settings).conflict
        ):
            matched.pop(cluster)
    joined: dict[int, float] = {}
    # a cut-short copy can be word for word the start of two people's statements: on a tie it
    # goes with its own speaker's
    for cluster in sorted(
        matched, key=lambda c: (-matched[c][0], not items_compatible(item, matched[c][1]), c)
    ):
        score, other = matched[cluster]
        if all(_mergeable(other, matched[c][1], item) for c in joined):
            joined[cluster] = score
    return joined


def _mergeable(item: Item, joined: Item, bridge: Item) -> bool:
    """Whether the cluster of ``item`` may merge with that of ``joined``, both matched by the new
    item ``bridge``.

    A bridge that names its speaker says who said it, and a surname fits two people: a copy
    crediting plain "Castillo" matches Lucia Castillo's statement and Maria Castillo's nearly
    identical one, and must not make them one. So it merges only clusters whose speakers could
    be one person. A bridge with no named speaker ("a city spokesperson") joins on the words
    alone: two outlets crediting those words to different people is then one quote with a
    misattribution to flag (``link.unsupported``), which is what a reader needs to see.

    Not refused: "Tanaka" and "Emeka Tanaka" (one could be Jonas Tanaka). Refusing that unless
    the words were the same split Barack Obama's quote in PolNeAR from the same quote credited
    to "Obama", and with it a real changed-quote flag (BENCHMARKS.md).

    Refused: a bridge that repeats one statement word for word (``repeats``: its words are those
    of ``joined``, or a stretch of them) merging another whose words differ. Maria Quinlan's "We
    are committed to working with the people of Lockerbie ..." matched a copy crediting "Quinlan"
    with the same stock phrase about Dalry; she may have said both, but they are two statements.
    A bridge that repeats neither exactly (Ostrow's "start the work" between her "begin the
    work" and an engineer's retelling, tests/fixtures/discrepancies) still merges what it
    matches."""
    if not is_named(bridge.speaker_key or "", bridge.speaker_kind):
        return True
    if repeats(bridge, joined) and not same_words(bridge, item):
        return False
    return items_compatible(item, joined)


def band_rows(
    new: Sequence[tuple[int, int]],
    keys: Sequence[Sequence[int]],
    candidates: Candidates,
    merges: Sequence[tuple[int, int]] = (),
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The band rows to add for the stored new items ``(item id, cluster)``, and the evictions
    ``(key, least item id kept)`` that keep every bucket small.

    A bucket needs one item per cluster (a cluster of 1,000 copies of a quote is
    found through any of them), and only its newest ``BUCKET_SIZE`` items: a key
    shared by that many clusters says little, and news repeats recent stories.
    Without both, buckets grow with the corpus and so does each lookup.
    """
    renamed = dict(merges)

    def current(cluster: int) -> int:
        while cluster in renamed:
            cluster = renamed[cluster]
        return cluster

    cluster_of = {pk: current(c) for pk, c in candidates.cluster_of.items()}
    buckets = {k: list(v) for k, v in candidates.buckets.items()}
    rows: list[tuple[int, int]] = []
    for (pk, cluster), its_keys in zip(new, keys, strict=True):
        cluster_of[pk] = cluster
        for k in sorted(set(its_keys)):
            bucket = buckets.setdefault(k, [])
            if any(cluster_of.get(other) == cluster for other in bucket):
                continue
            bucket.append(pk)
            rows.append((k, pk))
    evict = [(k, sorted(bucket)[-BUCKET_SIZE]) for k, bucket in buckets.items() if len(bucket) > BUCKET_SIZE]
    return rows, evict
