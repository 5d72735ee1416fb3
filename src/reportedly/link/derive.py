"""Deriving one cluster in full from its stored items: ``derive_cluster -> ClusterDerivation``.

Pure. The store reads the cluster's items and their articles, and ``order_cluster`` gives
every appearance its edge and sources and puts them in order; the store then reads the
evidence for the citations that order names (``link.unsupported``), and ``derive_cluster``
returns everything the cluster's rows say: the ``link_clusters`` row, the items whose
position, edge or sources changed, and its discrepancies. The store writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from reportedly.link.citations import ArticleInfo, Member, order_members, resolve_sources
from reportedly.link.clusters import OutletResolver
from reportedly.link.discrepancies import cluster_discrepancies
from reportedly.link.origins import independent_origins
from reportedly.link.unsupported import CitationEvidence, unsupported
from reportedly.link.variants import variants
from reportedly.model import Discrepancy, EdgeKind, ItemKind, LinkedItem, OutletVia, Source, Variant
from reportedly.settings import DEFAULT, Settings


@dataclass(frozen=True, slots=True)
class ItemUpdate:
    """A stored item's new place in its cluster, how it got to its article, and from where."""

    pk: int
    position: int
    edge: EdgeKind
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class ClusterDerivation:
    """What a full derivation says about one cluster: its ``link_clusters`` row (the fields up to
    ``variants``), the item rows to update, and its discrepancies, in order."""

    id: int
    kind: ItemKind
    text: str
    speaker: str | None
    n_articles: int
    first_article: str
    first_published: str | None
    independent_origins: int
    score: float
    #: the wordings of a quote (none for a claim)
    variants: tuple[Variant, ...]
    #: only the items whose position, edge or sources changed: a big cluster gaining one
    #: appearance rewrites one row, not all
    updates: tuple[ItemUpdate, ...]
    discrepancies: tuple[Discrepancy, ...]
    #: articles whose edge or sources changed here: their article edges are derived again
    touched: frozenset[str]


def effective_item(item: LinkedItem, outlets: OutletResolver) -> LinkedItem:
    """A stored item as derivation sees it now: names resolve against the outlets known now, not
    when the item was stored (an outlet may have joined the corpus since)."""
    vias = tuple(replace(v, key=outlets(v.name) or outlets.canonical(v.key)) for v in item.vias)
    speaker = item.speaker
    if speaker and item.speaker_kind == "organization":
        key = outlets(speaker)
        if key:  # "..., according to Northline": an outlet reporting, not a source speaking
            vias += (OutletVia(speaker, key, True),)
            speaker = None
    if vias == item.vias and speaker == item.speaker:
        return item  # the common case: a full derivation reads thousands of rows through here
    return replace(item, vias=vias, speaker=speaker)


def group_members(items: Iterable[LinkedItem], infos: Mapping[str, ArticleInfo]) -> dict[int, list[Member]]:
    """The appearances of each cluster (one per article, its items in the order given), clusters
    and appearances in order of their first item."""
    grouped: dict[int, dict[str, list[LinkedItem]]] = {}
    for it in items:
        grouped.setdefault(it.cluster, {}).setdefault(it.article_id, []).append(it)
    return {
        cid: [Member(infos[aid], tuple(its)) for aid, its in by_article.items()]
        for cid, by_article in grouped.items()
    }


def order_cluster(members: list[Member], copied_names: Mapping[str, str]) -> list[Member]:
    """Give each appearance its edge and sources, then order them (sources first).

    ``copied_names``: the outlet of each article copied by a member."""
    return order_members(resolve_sources(members, copied_names))


def derive_cluster(
    cid: int,
    ordered: Sequence[Member],
    evidence: CitationEvidence,
    outlets: OutletResolver,
    settings: Settings = DEFAULT,
) -> ClusterDerivation:
    """Everything derived about cluster ``cid`` from its appearances in order (``order_cluster``).

    ``evidence`` covers the cluster's ``citations_to_check`` (it may hold more)."""
    ordered = list(ordered)
    first = ordered[0]
    kind = first.items[0].kind
    updates: list[ItemUpdate] = []
    touched: set[str] = set()
    for pos, m in enumerate(ordered):
        sources = tuple(m.sources)
        for it in m.items:
            if (it.position, it.edge, it.sources) == (pos, m.edge, sources):
                continue
            if (it.edge, it.sources) != (m.edge, sources):
                touched.add(m.article.id)
            updates.append(ItemUpdate(it.pk, pos, m.edge, sources))
    # the origin's speaker as the first outlet named them, else the commonest naming
    speakers = Counter(it.speaker for m in ordered for it in m.items if it.speaker)
    origin = next((it.speaker for it in first.items if it.speaker), None)
    return ClusterDerivation(
        id=cid,
        kind=kind,
        text=first.items[0].text,
        speaker=origin or (speakers.most_common(1)[0][0] if speakers else None),
        n_articles=len(ordered),
        first_article=first.article.id,
        first_published=first.article.date,
        independent_origins=independent_origins(ordered),
        score=min(float(it.score or 100.0) for m in ordered for it in m.items),
        variants=tuple(variants(ordered)) if kind == "quote" else (),
        updates=tuple(updates),
        discrepancies=(
            *cluster_discrepancies(cid, kind, ordered, settings),
            *unsupported(cid, ordered, evidence, outlets, settings),
        ),
        touched=frozenset(touched),
    )
