"""The derivation half of linking without a database: a cluster's rows and discrepancies
(``link.derive``, ``link.unsupported``) and an article's edges (``link.article_edges``) from hand-built
records, as the store would read them."""

from __future__ import annotations

import pytest

from reportedly.link.article_edges import ArticleEdge, Credit, article_edges
from reportedly.link.citations import ArticleInfo, Member
from reportedly.link.clusters import OutletResolver
from reportedly.link.derive import derive_cluster, group_members, order_cluster
from reportedly.link.unsupported import CitationEvidence, citations_to_check, unsupported
from reportedly.model import LinkedItem, OutletVia, Source

OUTLETS = ("northline", "portvale courier")
CLAIM = "Eight people died when the river burst its banks on Tuesday night"
#: what the Courier also credits Northline with, in another cluster, and Northline's telling of it
CREDITED = "Twelve roads were closed by the flood across the valley"
NORTHLINE_TOLD = "Twelve roads were closed by the flood across the valley, officials said"
NORTHLINE = OutletVia("Northline", "northline", True)

COURIER = ArticleInfo(
    "courier-1", 2, "Portvale Courier", "portvale courier", "2026-03-03", title="Flood toll rises to eight"
)
WIRE = ArticleInfo(
    "northline-1", 1, "Northline", "northline", "2026-03-02", title="Valley roads shut by flood"
)


def claim(pk: int, article: str, text: str = CLAIM, *vias: OutletVia, cluster: int = 1) -> LinkedItem:
    return LinkedItem(pk=pk, article_id=article, kind="claim", text=text, vias=vias, cluster=cluster)


def cluster_of(*items: LinkedItem, infos: dict[str, ArticleInfo]) -> list[Member]:
    (members,) = group_members(items, infos).values()
    return order_cluster(members, {})


def courier_crediting_northline() -> list[Member]:
    """Cluster 1: the Courier credits Northline with the claim; Northline's article is not in it."""
    return cluster_of(claim(10, COURIER.id, CLAIM, NORTHLINE), infos={COURIER.id: COURIER})


def evidence(northline_text: str) -> CitationEvidence:
    """Cluster 2 holds the Courier crediting Northline with something else, and Northline's article."""
    return CitationEvidence(
        citing=(
            claim(10, COURIER.id, CLAIM, NORTHLINE),
            claim(11, COURIER.id, CREDITED, NORTHLINE, cluster=2),
        ),
        theirs=(claim(3, WIRE.id, northline_text, cluster=2),),
        outlet_of={WIRE.id: "northline"},
        titles={WIRE.id: WIRE.title},
    )


def test_a_citation_the_outlets_article_on_the_same_story_does_not_carry_is_one_miscitation() -> None:
    outlets = OutletResolver(OUTLETS)
    ordered = courier_crediting_northline()
    assert [(m.edge, m.sources) for m in ordered] == [("cited", (Source("Northline", None, "via"),))]
    (check,) = citations_to_check(ordered, outlets)
    assert (check.member.article.id, check.key) == (COURIER.id, "northline")

    (found,) = unsupported(1, ordered, evidence(NORTHLINE_TOLD), outlets)
    assert (found.kind, found.conflict, found.article, found.other_article, found.cluster) == (
        "citation",
        True,
        COURIER.id,
        WIRE.id,
        1,
    )
    # outlet names and titles, never ids
    assert found.message == (
        "Portvale Courier (\u201cFlood toll rises to eight\u201d) credits Northline with this, but "
        "Northline (\u201cValley roads shut by flood\u201d), on the same story, does not say it"
    )
    assert found.detail == {"outlet": "Northline", "text": CLAIM}
    # the full derivation reports it with the cluster's other discrepancies
    derived = derive_cluster(1, ordered, evidence(NORTHLINE_TOLD), outlets)
    assert derived.discrepancies == (found,)


def test_no_miscitation_when_the_outlets_article_is_not_on_the_same_story() -> None:
    # Northline's article in cluster 2 only shares a loose neighbour's words: not the same story
    outlets = OutletResolver(OUTLETS)
    loose = "The harbour festival will open on Saturday despite the rain"
    assert unsupported(1, courier_crediting_northline(), evidence(loose), outlets) == []


def test_a_citation_the_outlets_article_carries_is_no_miscitation() -> None:
    # Northline's earlier article carries the claim: the Courier's source is that article, nothing
    # is left to check, and no evidence needs reading
    outlets = OutletResolver(OUTLETS)
    ordered = cluster_of(
        claim(10, COURIER.id, CLAIM, NORTHLINE),
        claim(3, WIRE.id, CLAIM),
        infos={COURIER.id: COURIER, WIRE.id: WIRE},
    )
    assert [m.article.id for m in ordered] == [WIRE.id, COURIER.id]
    assert ordered[1].sources == (Source("Northline", WIRE.id, "via"),)
    assert citations_to_check(ordered, outlets) == []
    derived = derive_cluster(1, ordered, CitationEvidence(), outlets)
    assert [d.kind for d in derived.discrepancies] == []
    assert (derived.n_articles, derived.first_article, derived.first_published) == (2, WIRE.id, "2026-03-02")
    assert derived.independent_origins == 1
    # both rows were never derived: both are written, and the Courier's edges are derived again
    assert {(u.pk, u.position, u.edge) for u in derived.updates} == {(3, 0, "first-hand"), (10, 1, "cited")}
    assert derived.touched == {WIRE.id, COURIER.id}


def test_a_cluster_derived_again_unchanged_updates_no_row() -> None:
    outlets = OutletResolver(OUTLETS)
    placed = (
        LinkedItem(
            pk=3, article_id=WIRE.id, kind="quote", text=CLAIM, position=0, edge="first-hand", sources=()
        ),
        LinkedItem(
            pk=10,
            article_id=COURIER.id,
            kind="quote",
            text=CLAIM,
            vias=(NORTHLINE,),
            position=1,
            edge="cited",
            sources=(Source("Northline", WIRE.id, "via"),),
        ),
    )
    ordered = cluster_of(*placed, infos={COURIER.id: COURIER, WIRE.id: WIRE})
    derived = derive_cluster(1, ordered, CitationEvidence(), outlets)
    assert (derived.updates, derived.touched) == ((), frozenset())
    assert (derived.kind, derived.text, derived.speaker) == ("quote", CLAIM, None)
    assert [(v.text, v.articles) for v in derived.variants] == [(CLAIM, [WIRE.id, COURIER.id])]


def no_story(key: str) -> str | None:
    raise AssertionError(f"the story article of {key} was looked up")


def test_a_copy_has_one_copied_edge_to_its_original() -> None:
    copy = ArticleInfo("copy-1", 3, "Valley Times", "valley times", "2026-03-04", copy_of=WIRE.id)
    credits = [Credit("Portvale Courier", "portvale courier", True)]
    found = article_edges(copy, credits, [], OutletResolver(OUTLETS), no_story, {WIRE.id: "Northline"}, {})
    # its citations are the original's: none of its own
    assert found == [ArticleEdge("copied", "copy-1", WIRE.id, "Northline", None, "copy")]


def test_a_cited_source_is_an_edge_to_its_article_and_a_credit_to_the_story_article() -> None:
    asked: list[str] = []

    def story_of(key: str) -> str | None:
        asked.append(key)
        return "courier-0" if key == "portvale courier" else None

    writer = ArticleInfo("times-1", 4, "Valley Times", "valley times", "2026-03-04")
    credits = [
        Credit("Northline", "northline", True),  # already an article through the item's source
        Credit("Portvale Courier", "portvale courier", True),
    ]
    found = article_edges(
        writer,
        credits,
        [Source("Northline", WIRE.id, "via")],
        OutletResolver((*OUTLETS, "valley times")),
        story_of,
        {},
        {WIRE.id: "northline"},
    )
    assert found == [
        ArticleEdge("cited", "times-1", WIRE.id, "Northline", "northline", "via"),
        ArticleEdge("cited", "times-1", "courier-0", "Portvale Courier", "portvale courier", "story"),
    ]
    assert asked == ["portvale courier"], "looked up only for the credit without an article"


def test_an_outlet_named_without_an_article_is_an_edge_to_the_outlet() -> None:
    writer = ArticleInfo("times-1", 4, "Valley Times", "valley times", "2026-03-04")
    found = article_edges(
        writer, [], [Source("Harbour Echo", None, "via")], OutletResolver(OUTLETS), no_story, {}, {}
    )
    assert found == [ArticleEdge("cited", "times-1", None, "Harbour Echo", "harbour echo", "via")]


@pytest.mark.parametrize("known", [False, True])
def test_an_organisation_speaking_is_no_citation_unless_it_is_an_outlet(known: bool) -> None:
    writer = ArticleInfo("times-1", 4, "Valley Times", "valley times", "2026-03-04")
    council = Credit("City Council", "city council", True, speaker=True)
    outlets = OutletResolver((*OUTLETS, "city council") if known else OUTLETS)
    found = article_edges(writer, [council], [], outlets, lambda key: None, {}, {})
    if known:  # an outlet of the corpus after all ("..., City Council reported")
        assert found == [ArticleEdge("cited", "times-1", None, "City Council", "city council", "via")]
    else:
        assert found == []


def test_its_own_outlet_as_recipient_is_its_own_interview() -> None:
    # "Calloway told the Courier", in the Courier
    found = article_edges(
        COURIER,
        [Credit("the Courier", "portvale courier", False)],
        [],
        OutletResolver(OUTLETS),
        no_story,
        {},
        {},
    )
    assert found == []
