"""``link --full`` stores the same tables however its articles were split into transactions.

A run commits after ``BATCH`` articles or ``TXN_SECONDS`` of work, so where its transactions end
depends on the machine. Here the same stored corpus is linked with different batch sizes (and
no time limit) and every link table is compared. Cluster ids are compared as they are: they are
numbered in the order articles are placed, which no boundary changes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from linkstory import STORY, band_clusters
from sqlalchemy import select
from test_growth import republished, tables

import reportedly
from linkcorpus import FAMILY, POLNEAR, build, load_originals
from reportedly.link import link_new
from reportedly.model import Report
from reportedly.store import Store, linking
from reportedly.store import schema as st


def _linked(
    tmp_path: Path, reports: list[Report], batch: int, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """The link tables after a full run over ``reports``, ``batch`` articles per transaction."""
    monkeypatch.setattr(linking, "BATCH", batch)
    monkeypatch.setattr(linking, "TXN_SECONDS", float("inf"))
    store = Store.open(str(tmp_path / f"batch-{batch}.db"))
    try:
        store.add_many([(r, None) for r in reports])
        link_new(store, full=True)
        return tables(store)
    finally:
        store.close()


def _same_for_any_boundaries(
    tmp_path: Path, reports: list[Report], batches: list[int], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    *others, last = [_linked(tmp_path, reports, b, monkeypatch) for b in batches]
    assert last["link_clusters"], "the corpus links"
    for batch, got in zip(batches, others, strict=False):
        for name in last:
            assert got[name] == last[name], f"{name}: {batch} articles per transaction vs {batches[-1]}"
    return last


def _story_edges(found: dict[str, Any]) -> dict[str, str]:
    """Citing article -> the article of the cited outlet it was given as the story's."""
    cols = [c.name for c in st.link_edges.c if c.name != "pk"]
    rows = [dict(zip(cols, r, strict=True)) for r in found["link_edges"]]
    return {r["from_article"]: r["to_article"] for r in rows if r["evidence"] == "story"}


def test_the_story_in_any_order_links_the_same_in_any_batches(
    tmp_path: Path, story_reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = [story_reports[name] for name in STORY]
    for k, days in enumerate([3, 5, 5, 8], 1):
        corpus += [republished(story_reports[name], f"Harbour Echo {k}", days) for name in STORY[1:]]
    # citing articles before the articles they cite, copies before their originals
    random.Random(3).shuffle(corpus)
    _same_for_any_boundaries(tmp_path, corpus, [1, 2, 7, 200], monkeypatch)


#: PolNeAR articles (train/text) crediting an outlet whose articles on the same story arrive
#: later though published earlier, the better-matching one last: (file, publisher, date)
_CITING = "nyt_2016-02-08_twitter-takes-bigger-steps-to-th"
_OLDER = "nyt_2015-11-17_terrorism-moves-to-fore-of-u-s-c"
_CLOSER = "nyt_2015-12-09_terrorists-mock-bids-to-block-th"
_WAPO = "wash-post_2016-04-09_trump-s-new-go-to-guy-no-strange"
_POLITICO = (
    "politico_2016-02-17_bush-rubio-collide-in-scramble-f",
    "politico_2016-02-19_q-a-with-vice-president-joe-bide",
)
_PUBLISHERS = {"nyt": "The New York Times", "wash-post": "The Washington Post", "politico": "Politico"}


def _polnear(name: str) -> Report:
    slug, day, _ = name.split("_", 2)
    text = (POLNEAR / "train" / "text" / f"{name}.txt").read_text(encoding="utf-8")
    return reportedly.read_text(text, publisher=_PUBLISHERS[slug], published=day)


@pytest.mark.polnear
def test_a_closer_story_article_ingested_later_wins_in_any_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one article at a time, the citing article found the older story article first and kept it;
    # in one transaction it saw the closer one too
    order = [_CITING, _OLDER, _CLOSER, _POLITICO[0], _WAPO, _POLITICO[1]]
    reports = {name: _polnear(name) for name in order}
    found = _same_for_any_boundaries(tmp_path, [reports[n] for n in order], [1, 2, 3, 200], monkeypatch)
    story = _story_edges(found)
    assert story[reports[_CITING].article.id] == reports[_CLOSER].article.id
    assert reports[_WAPO].article.id in story


@pytest.mark.polnear
def test_citations_checked_against_articles_ingested_later_in_any_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rewrites crediting an outlet arrive before that outlet's article on the same story: whether
    # it carries what they credit it with is asked again when it arrives, whatever the batch
    reports = build(12 * FAMILY, load_originals(12))
    random.Random(5).shuffle(reports)
    found = _same_for_any_boundaries(tmp_path, reports, [1, 7, 200], monkeypatch)
    assert any(r[0] == "citation" for r in found["link_discrepancies"]), "unsupported citations found"


def test_an_outlet_with_two_names_gets_one_edge_in_any_batches(
    tmp_path: Path, story_reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the dam story cites "Northline" (a dateline's short name) and Northline News Agency's
    # articles are in the corpus: the source article's outlet key was canonical only when it
    # shared the citing article's transaction, else a second "story" edge to it appeared
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "discrepancies"
    corpus = [story_reports[name] for name in STORY]
    corpus += [reportedly.read(str(p)) for p in sorted(fixtures.glob("*.txt"))]
    found = _same_for_any_boundaries(tmp_path, corpus, [1, 200], monkeypatch)
    cols = [c.name for c in st.link_edges.c if c.name != "pk"]
    edges = [dict(zip(cols, r, strict=True)) for r in found["link_edges"]]
    pairs = [(e["from_article"], e["to_article"]) for e in edges if e["to_article"]]
    assert len(pairs) == len(set(pairs)), "one edge from an article to another"


#: Harbour Gazette credits Coastal Times with a claim Coastal Times' article does not make; the two
#: share a story only once Valley Post's longer quote joins their two halves of the quote (their
#: speakers differ, so neither half matches the other): a merge, in a later transaction
_MERGED_STORY = {
    "gazette": (
        "Harbour Gazette",
        "2026-03-01",
        "Dam inspectors found damage at the Portvale spillway on Sunday.\n\n"
        "The Coastal Times reported that the inspection found forty cracks in the spillway wall.\n\n"
        '"Our crews will rebuild the northern levee, the harbour wall and the old pumping station before '
        'the winter storms arrive, so families can stay," the mayor, Elena Ruiz, said, according to the '
        "Coastal Times.",
    ),
    "times": (
        "Coastal Times",
        "2026-02-28",
        "Portvale's mayor spoke about the spillway inspection on Saturday.\n\n"
        '"We will rebuild the harbour wall and the old pumping station before the winter storms arrive, '
        "so families can stay through another flood season in safety,\" said Tom Baker, the city's works "
        "director.",
    ),
    "post": (
        "Valley Post",
        "2026-03-02",
        "The mayor of Portvale promised work on the levee.\n\n"
        '"Our crews will rebuild the northern levee, the harbour wall and the old pumping station before '
        'the winter storms arrive, so families can stay through another flood season in safety," a city '
        "spokesperson said.",
    ),
}


@pytest.mark.parametrize("order", [("gazette", "times", "post"), ("times", "gazette", "post")])
def test_a_merge_that_brings_a_citing_article_and_the_cited_outlets_together_in_any_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[str, ...]
) -> None:
    # the citing article on the joining side (Coastal Times' first) or on the side joined (the Gazette's)
    reports = {
        name: reportedly.read_text(text, publisher=publisher, published=day)
        for name, (publisher, day, text) in _MERGED_STORY.items()
    }
    found = _same_for_any_boundaries(tmp_path, [reports[n] for n in order], [1, 3], monkeypatch)
    kind, article, other = (st.link_discrepancies.c[c] for c in ("kind", "article_id", "other_article"))
    cols = [c for c in st.link_discrepancies.c if c.name != "pk"]
    cited = [
        (r[cols.index(article)], r[cols.index(other)])
        for r in found["link_discrepancies"]
        if r[cols.index(kind)] == "citation"
    ]
    assert cited == [(reports["gazette"].article.id, reports["times"].article.id)]


def test_band_rows_find_their_cluster_through_a_merge_of_a_later_run(tmp_path: Path) -> None:
    # one article per run: the Post merges the Gazette's and the Times' clusters in the third run;
    # band rows keep the cluster they were written in and are read through ``link_merges``
    echo = (
        "Portvale Echo",
        "2026-03-03",
        "Works director speaks on the spillway.\n\n"
        '"We will rebuild the harbour wall and the old pumping station before the winter storms arrive, '
        'so families can stay through another flood season in safety," a city official said.',
    )
    store = Store.open(str(tmp_path / "runs.db"))
    try:
        for publisher, day, text in [*_MERGED_STORY.values(), echo]:
            store.add(reportedly.read_text(text, publisher=publisher, published=day))
            link_new(store)
            found = band_clusters(store)
            assert found and all(named == actual for _, _, named, actual in found), publisher
        with store.engine.connect() as conn:
            merged = conn.execute(select(st.link_merges.c.cluster, st.link_merges.c.into_cluster)).all()
            quoted = conn.execute(
                select(st.link_articles.c.outlet, st.link_items.c.cluster)
                .join(st.link_articles, st.link_articles.c.article_id == st.link_items.c.article_id)
                .where(st.link_items.c.kind == "quote")
            ).all()
    finally:
        store.close()
    assert len(merged) == 1
    ((gone, kept),) = merged
    clusters = dict(quoted)
    # the Echo's copy matches the Times' quote, whose band rows name the cluster merged away
    assert clusters["Portvale Echo"] == clusters["Coastal Times"] == clusters["Valley Post"] == kept != gone
