"""Linking the bundled Portvale flood story, checked against the provenance in examples/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkstory import COURIER, FESTIVAL, NEWSBUZZ, NORTHLINE, ROUNDUP, SHORT_QUOTES, UPDATE
from sqlalchemy import select

import reportedly
from reportedly.link import Cluster, all_discrepancies, edges, iter_clusters, link_new, trace_text
from reportedly.store import Store
from reportedly.store import schema as st


@pytest.fixture
def linked(story_store: Store) -> Store:
    summary = link_new(story_store)
    assert summary.articles == 6
    return story_store


def cluster_of(store: Store, text: str) -> Cluster:
    return trace_text(store, text)


def how(c: Cluster, names: dict[str, str]) -> list[tuple[str, str, list[str | None]]]:
    """(article, edge, [source articles or outlets]) in the cluster's order."""
    return [
        (names[a.article], a.edge, [names.get(s.article or "", s.outlet) for s in a.sources])
        for a in c.appearances
    ]


# --------------------------------------------------------------------------- quote clusters


def test_calloway_quote_travels_courier_northline_roundup_newsbuzz(
    linked: Store, names: dict[str, str]
) -> None:
    c = cluster_of(linked, "This is the worst night this town has seen in living memory")
    assert c.kind == "quote"
    assert c.speaker == "Ruth Calloway"
    assert how(c, names) == [
        (COURIER, "first-hand", []),
        (NORTHLINE, "cited", [COURIER]),
        (ROUNDUP, "cited", [COURIER]),
        (NEWSBUZZ, "copied", [ROUNDUP]),
    ]
    assert c.first.published == "2026-03-02"
    assert c.independent_origins == 1
    wordings = {frozenset(names[a] for a in v.articles): v.changed for v in c.variants}
    assert wordings == {
        frozenset({COURIER, NORTHLINE}): [],
        frozenset({NEWSBUZZ, ROUNDUP}): [("town", "city")],
    }


def test_nandakumar_quote_is_truncated_not_changed(linked: Store, names: dict[str, str]) -> None:
    c = cluster_of(linked, "The river is falling, but the ground is saturated")
    assert c.speaker == "Priya Nandakumar"
    assert how(c, names) == [
        (NORTHLINE, "first-hand", []),
        (ROUNDUP, "cited", [NORTHLINE]),
        (NEWSBUZZ, "copied", [ROUNDUP]),
    ]
    assert c.independent_origins == 1
    roundup = next(v for v in c.variants if names[v.articles[0]] == ROUNDUP)
    assert roundup.truncated and roundup.changed == []
    assert not [d for d in c.discrepancies if d.kind == "quote-changed"]


@pytest.mark.parametrize(
    "quote",
    [
        "We will not stop searching until everyone is accounted for",
        "Some of them had been waiting in the dark for hours",
        "One family of five was clinging to the roof of a van",
        "The water came through the door like a wall",
        "I had about ten seconds to get upstairs",
        "We are asking people not to go back to their homes yet",
        "We had hoped to find them alive",
        "Our thoughts are with their family and with everyone who has lost someone this week",
        "We will rebuild Quay Street, and we will rebuild it better",
    ],
)
def test_quotes_that_appear_once_form_no_cluster(linked: Store, quote: str) -> None:
    c = cluster_of(linked, quote)
    assert len(c.appearances) == 1, [a.publisher for a in c.appearances]


def test_the_festival_article_is_in_no_cluster_and_no_edge(linked: Store, ids: dict[str, str]) -> None:
    festival = ids[FESTIVAL]
    for c in iter_clusters(linked):
        assert festival not in c.articles, c.text
    assert not [e for e in edges(linked) if festival in (e.from_article, e.to_article)]
    assert not [d for d in all_discrepancies(linked) if festival in (d.article, d.other_article)]


# --------------------------------------------------------------------------- claim clusters


def test_ferris_rescue_claim_has_two_independent_origins(linked: Store, names: dict[str, str]) -> None:
    c = cluster_of(linked, "crews had rescued more than 60 people from rooftops and cars")
    assert c.kind == "claim"
    assert how(c, names) == [
        (COURIER, "first-hand", []),
        (NORTHLINE, "first-hand", []),
        (ROUNDUP, "cited", [NORTHLINE, COURIER]),
        (NEWSBUZZ, "copied", [ROUNDUP]),
    ]
    assert c.independent_origins == 2


def test_calloway_residents_claim_goes_courier_northline_roundup(
    linked: Store, names: dict[str, str]
) -> None:
    c = cluster_of(linked, "about 1,500 residents had been moved to rest centres")
    assert how(c, names) == [
        (COURIER, "first-hand", []),
        (NORTHLINE, "cited", [COURIER]),
        (ROUNDUP, "cited", [NORTHLINE]),
        (NEWSBUZZ, "copied", [ROUNDUP]),
    ]
    assert c.independent_origins == 1


@pytest.mark.parametrize(
    "claim",
    [
        "The Marrow Valley Water Board opened two emergency spillways to lower the river",
        "claims could run into the tens of millions",
    ],
)
def test_northline_claims_are_cited_by_the_roundup_and_copied(
    linked: Store, names: dict[str, str], claim: str
) -> None:
    c = cluster_of(linked, claim)
    assert how(c, names) == [
        (NORTHLINE, "first-hand", []),
        (ROUNDUP, "cited", [NORTHLINE]),
        (NEWSBUZZ, "copied", [ROUNDUP]),
    ]
    assert c.independent_origins == 1


def test_death_toll_claim_clusters_seven_and_eight(linked: Store, names: dict[str, str]) -> None:
    c = cluster_of(linked, "Seven people died when the River Marrow burst its banks")
    assert [names[a] for a in c.articles] == [COURIER, NORTHLINE, ROUNDUP, NEWSBUZZ]
    assert how(c, names)[2] == (ROUNDUP, "cited", [COURIER])


# --------------------------------------------------------------------------- edges


def test_every_citation_and_copy_edge(linked: Store, names: dict[str, str]) -> None:
    got = {(e.kind, names[e.from_article], names.get(e.to_article or "", e.to_outlet)) for e in edges(linked)}
    assert got == {
        ("cited", NORTHLINE, COURIER),
        ("cited", ROUNDUP, COURIER),
        ("cited", ROUNDUP, NORTHLINE),
        ("cited", UPDATE, COURIER),
        ("copied", NEWSBUZZ, ROUNDUP),
    }


# --------------------------------------------------------------------------- discrepancies


def test_discrepancies_are_exactly_the_readme_ones(linked: Store, names: dict[str, str]) -> None:
    found = all_discrepancies(linked)
    conflicts = {(d.kind, names[d.article], names.get(d.other_article or "")) for d in found if d.conflict}
    # Roundup credits the Courier with eight dead: one miscitation, not also a second "number" line
    assert conflicts == {
        ("citation", ROUNDUP, COURIER),
        ("quote-changed", ROUNDUP, COURIER),
    }
    number = next(d for d in found if d.kind == "citation")
    assert number.counted == "people"
    assert (number.detail["value"].lower(), number.detail["other_value"].lower()) == ("eight", "seven")
    changed = next(d for d in found if d.kind == "quote-changed")
    assert changed.detail["changed"] == [{"from": "town", "to": "city"}]


def test_arithmetic_four_plus_three_is_seven(linked: Store, names: dict[str, str]) -> None:
    sums = [d for d in all_discrepancies(linked) if d.kind == "arithmetic"]
    assert [(names[d.article], d.conflict) for d in sums] == [(COURIER, False)]
    assert sums[0].detail["adds_up"] is True
    assert sums[0].counted == "victims"


# --------------------------------------------------------------------------- incremental


def test_linking_twice_adds_nothing(linked: Store) -> None:
    before = (
        [c.to_dict() for c in iter_clusters(linked)],
        [e.to_dict() for e in edges(linked)],
        [d.to_dict() for d in all_discrepancies(linked)],
    )
    again = link_new(linked)
    assert (again.articles, again.items, again.clusters_changed) == (0, 0, 0)
    after = (
        [c.to_dict() for c in iter_clusters(linked)],
        [e.to_dict() for e in edges(linked)],
        [d.to_dict() for d in all_discrepancies(linked)],
    )
    assert after == before


def test_a_short_quote_links_across_outlets_only_from_the_same_speaker(tmp_path: Path) -> None:
    # two content words ("legitimate pretenses"): too few for MinHash bands, so only the exact
    # words from the same named speaker meet
    store = Store.open(str(tmp_path / "short.db"))
    try:
        for i, (publisher, text) in enumerate(SHORT_QUOTES.items()):
            store.add(reportedly.read_text(text, publisher=publisher, published=f"2026-03-0{i + 1}"))
        link_new(store)
        li, la = st.link_items, st.link_articles
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(la.c.outlet, li.c.cluster)
                .join(la, la.c.article_id == li.c.article_id)
                .where(li.c.text.contains("legitimate pretenses"))
            ).all()
    finally:
        store.close()
    cluster = dict(rows)
    assert len(cluster) == 3, rows
    assert cluster["Harbour Gazette"] == cluster["Valley Post"] != cluster["Coastal Times"]
