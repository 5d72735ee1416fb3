"""Linking cases the bundled story lacks (tests/fixtures/story, invented), and the same
linking on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkstory import COURIER, NEWSBUZZ, NORTHLINE, ROUNDUP, UPDATE, store_story

import reportedly
from reportedly.link import all_discrepancies, edges, link_new, trace_text
from reportedly.model import Article, Attribution, Report, Span, Speaker
from reportedly.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "story"
GAZETTE = "kestrel-gazette-ferry-fire"
COASTLINE = "coastline-wire-ferry-fire"


@pytest.fixture(scope="module")
def ferry_reports() -> dict[str, Report]:
    return {name: reportedly.read(str(FIXTURES / f"{name}.txt")) for name in (GAZETTE, COASTLINE)}


@pytest.fixture
def ferry(tmp_path: Path, ferry_reports: dict[str, Report]) -> Store:
    store = Store.open(str(tmp_path / "ferry.db"))
    for r in ferry_reports.values():
        store.add(r)
    link_new(store)
    return store


def test_at_least_six_then_seven_is_not_a_conflict(ferry: Store, ferry_reports: dict[str, Report]) -> None:
    c = trace_text(ferry, "people were injured when fire broke out in the engine room of the ferry")
    assert [a.publisher for a in c.appearances] == ["Kestrel Gazette", "Coastline News"]
    assert not [d for d in all_discrepancies(ferry) if d.kind == "number"]


def test_quote_credited_to_the_gazette_is_a_citation_of_its_article(
    ferry: Store, ferry_reports: dict[str, Report]
) -> None:
    c = trace_text(ferry, "The crew got every passenger off in under ten minutes")
    assert [(a.publisher, a.edge) for a in c.appearances] == [
        ("Kestrel Gazette", "first-hand"),
        ("Coastline News", "cited"),
    ]
    assert c.appearances[1].sources[0].article == ferry_reports[GAZETTE].article.id
    cites = {(e.kind, e.from_article, e.to_article) for e in edges(ferry)}
    assert cites == {("cited", ferry_reports[COASTLINE].article.id, ferry_reports[GAZETTE].article.id)}


def test_a_sum_that_does_not_add_up_is_a_conflict(ferry: Store, ferry_reports: dict[str, Report]) -> None:
    sums = [d for d in all_discrepancies(ferry) if d.kind == "arithmetic"]
    assert len(sums) == 1
    assert sums[0].conflict and sums[0].detail["adds_up"] is False
    assert sums[0].article == ferry_reports[GAZETTE].article.id
    assert (sums[0].detail["part"], sums[0].detail["whole"], sums[0].detail["rest"]) == (
        "Five",
        "12",
        "eight",
    )


def test_story_links_the_same_on_every_database(
    db_url: str, story_reports: dict[str, Report], names: dict[str, str]
) -> None:
    store = store_story(db_url, story_reports)
    try:
        link_new(store)
        got = {
            (e.kind, names[e.from_article], names.get(e.to_article or "", e.to_outlet)) for e in edges(store)
        }
        assert got == {
            ("cited", NORTHLINE, COURIER),
            ("cited", ROUNDUP, COURIER),
            ("cited", ROUNDUP, NORTHLINE),
            ("cited", UPDATE, COURIER),
            ("copied", NEWSBUZZ, ROUNDUP),
        }
        assert link_new(store).articles == 0
        c = trace_text(store, "worst night this town has seen")
        assert [names[a.article] for a in c.appearances] == [COURIER, NORTHLINE, ROUNDUP, NEWSBUZZ]
    finally:
        store.close()


def test_citation_the_cited_article_does_not_support(ferry: Store, ferry_reports: dict[str, Report]) -> None:
    found = [d for d in all_discrepancies(ferry) if d.kind == "citation"]
    assert len(found) == 1
    d = found[0]
    assert d.conflict
    assert (d.article, d.other_article) == (
        ferry_reports[COASTLINE].article.id,
        ferry_reports[GAZETTE].article.id,
    )
    assert "safety inspection" in d.detail["text"]


def test_an_article_with_only_short_quotes_links(tmp_path: Path) -> None:
    # built by hand (no parse needed): a quote with too few content words to index, a claim too short
    text = 'Storm shuts pier\n\n"We are closed today," the manager said. Repairs start soon, he said.'
    start = text.index("We are")
    quote = Span.of(text, start, start + len("We are closed today"))
    claim_at = text.index("Repairs")
    claim = Span.of(text, claim_at, claim_at + len("Repairs start soon"))
    manager = [Speaker("the manager", "role", "e1")]
    report = Report(
        Article(text=text, publisher="Pier Post", published="2026-06-01"),
        [
            Attribution("a1", "direct", [quote], None, None, manager),
            Attribution("a2", "indirect", [claim], None, None, manager),
        ],
    )
    store = Store.open(str(tmp_path / "short.db"))
    try:
        store.add(report)
        summary = link_new(store)
        assert (summary.articles, summary.items) == (1, 1)
        assert edges(store) == [] and all_discrepancies(store) == []
    finally:
        store.close()
