"""Miscitations: an appearance credits an outlet whose article on the same story, in the corpus,
does not carry it (``unsupported``).

Pure. ``citations_to_check`` names the citations worth asking about; the store reads, for
those, what the answer depends on (``CitationEvidence``) and ``unsupported`` decides.

"Same story" is strict on purpose: the citing article must credit the same outlet for
something else that the outlet's article does carry (another cluster holding both), so a
citation of a paper's other reporting (not in the corpus) is not blamed on whatever article
of that paper shares a phrase.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportedly.link.citations import Member
from reportedly.link.clusters import OutletResolver
from reportedly.link.discrepancies import claim_similarity, describe
from reportedly.model import Discrepancy, LinkedItem, Source
from reportedly.settings import DEFAULT, Settings
from reportedly.store.names import name_key


@dataclass(frozen=True, slots=True)
class Citation:
    """An appearance crediting an outlet of the corpus by name, with no article of it to point to."""

    member: Member
    source: Source
    #: the outlet's key, as the corpus knows it
    key: str


@dataclass(frozen=True, slots=True)
class CitationEvidence:
    """What ``unsupported`` reads about some citations, as the store holds it now.

    ``citing``: the items of the citing articles (all their clusters; ``unsupported`` looks
    at the others); ``theirs``: the items of the cited outlets' articles (any stored key of
    the outlet) in those clusters; both in ``pk`` order, which decides between candidates.
    """

    citing: tuple[LinkedItem, ...] = ()
    theirs: tuple[LinkedItem, ...] = ()
    #: article id -> its outlet key as stored, for each article in ``theirs``
    outlet_of: Mapping[str, str | None] = field(default_factory=dict)
    #: article id -> title, for each article in ``theirs`` (the message names it)
    titles: Mapping[str, str | None] = field(default_factory=dict)


def citations_to_check(ordered: Sequence[Member], outlets: OutletResolver) -> list[Citation]:
    """The citations of a cluster that may be unsupported: an outlet the corpus knows, other than
    the article's own, credited by name (``via``) and not found among the cluster's articles.

    The store reads evidence only for these, and none at all for a cluster without any."""
    out: list[Citation] = []
    for m in ordered:
        if m.edge != "cited":
            continue
        for s in m.sources:
            name = s.outlet or ""
            key = outlets(name) or name_key(name, "outlet")
            if s.article or s.evidence != "via" or key == m.article.outlet_key or key not in outlets.keys:
                continue
            out.append(Citation(m, s, key))
    return out


def unsupported(
    cid: int,
    ordered: Sequence[Member],
    evidence: CitationEvidence,
    outlets: OutletResolver,
    settings: Settings = DEFAULT,
) -> list[Discrepancy]:
    """One ``citation`` discrepancy per citation of cluster ``cid`` (``citations_to_check``) whose
    outlet's article on the same story does not carry the content; ``evidence`` must cover them."""
    checks = citations_to_check(ordered, outlets)
    if not checks:
        return []
    # indexed once: a big cluster can hold many citations of one outlet
    citing: dict[str, list[LinkedItem]] = {}
    for it in evidence.citing:
        citing.setdefault(it.article_id, []).append(it)
    theirs: dict[int, list[LinkedItem]] = {}
    for it in evidence.theirs:
        theirs.setdefault(it.cluster, []).append(it)
    out: list[Discrepancy] = []
    for c in checks:
        m, s, key = c.member, c.source, c.key
        # the other clusters where the citing article credits the same outlet (the last item wins)
        crediting = {
            it.cluster: it.text
            for it in citing.get(m.article.id, ())
            if it.cluster != cid
            and any((outlets(v.name) or outlets.canonical(v.key)) == key for v in it.vias)
        }
        aliases = outlets.aliases(key)
        candidates = sorted(
            (it for cluster in crediting for it in theirs.get(cluster, ())), key=lambda it: it.pk
        )
        # the outlet's article carries something else the citing article credits it with
        # (a loose cluster neighbour sharing a few words is not that)
        found = next(
            (
                it.article_id
                for it in candidates
                if evidence.outlet_of.get(it.article_id) in aliases
                and claim_similarity(crediting[it.cluster], it.text) >= settings.discrepancy_claim_score
            ),
            None,
        )
        if found is None:
            continue
        out.append(
            Discrepancy(
                kind="citation",
                conflict=True,
                article=m.article.id,
                other_article=found,
                cluster=cid,
                message=(
                    f"{describe(m.article.outlet, m.article.title)} credits {s.outlet} with this, "
                    f"but {describe(s.outlet, evidence.titles.get(found))}, on the same story, does not say it"
                ),
                detail={"outlet": s.outlet, "text": m.items[0].text},
            )
        )
    return out
