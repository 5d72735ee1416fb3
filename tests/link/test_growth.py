"""A cluster gaining a new last appearance is updated in place, and stores exactly what deriving
it in full stores: linked one article at a time, in one batch, or with in-place growth disabled."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from linkstory import STORY

from linkcorpus import FAMILY, build, load_originals
from reportedly.inputs import article_from_text
from reportedly.link import link_new
from reportedly.model import Report
from reportedly.pipeline import analyze
from reportedly.store import Store, linking
from reportedly.store import schema as st

#: what a link run writes; the ids of edges and discrepancies depend on when they were derived
_UNORDERED = {"link_edges", "link_discrepancies"}


@pytest.fixture(autouse=True)
def grow_small_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    """These stories have a few articles: a run derives such clusters in full (``GROW_FROM``), and
    growth in place is what these tests check."""
    monkeypatch.setattr(linking, "GROW_FROM", 1)


def tables(store: Store) -> dict[str, Any]:
    """Every link table, row by row (edges as a set; discrepancies in their order within each cluster)."""
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for table in st.LINK_TABLES:
            cols = [c for c in table.c if not (table.name in _UNORDERED and c.name == "pk")]
            order = [table.c.pk] if "pk" in table.c else list(cols)
            rows = [tuple(r) for r in conn.execute(table.select().with_only_columns(*cols).order_by(*order))]
            if table.name == "link_discrepancies":
                # stable: the order within one cluster (the read model's) stays
                rows.sort(key=lambda r: r[cols.index(table.c.cluster)] or -1)
            elif table.name in _UNORDERED:
                rows.sort(key=repr)
            out[table.name] = rows
    return out


def republished(report: Report, outlet: str, days: int) -> Report:
    """The article republished by ``outlet`` ``days`` later, with a line saying so."""
    a = report.article
    day = (date.fromisoformat(a.published or "2026-03-02") + timedelta(days=days)).isoformat()
    article = dataclasses.replace(
        a, text=a.text + f"\n\nRepublished by {outlet}.", publisher=outlet, published=day, url=None, id=""
    )
    return dataclasses.replace(report, article=article)


@pytest.fixture(scope="module")
def corpus(story_reports: dict[str, Report]) -> list[Report]:
    """The story, then its articles republished by other outlets in later days (two on one day)."""
    out = [story_reports[name] for name in STORY]
    for k, days in enumerate([3, 5, 5, 8], 1):
        out += [republished(story_reports[name], f"Harbour Echo {k}", days) for name in STORY[1:]]
    return out


def _link(path: Path, corpus: list[Report], one_by_one: bool) -> dict[str, Any]:
    store = Store.open(str(path))
    try:
        for report in corpus:
            store.add(report)
            if one_by_one:
                link_new(store)
        link_new(store)
        return tables(store)
    finally:
        store.close()


def _linked_in_runs(path: Path, runs: list[list[Report]]) -> dict[str, Any]:
    """The link tables after storing each run's reports and linking them, run after run."""
    store = Store.open(str(path))
    try:
        for run in runs:
            for report in run:
                store.add(report)
            link_new(store)
        return tables(store)
    finally:
        store.close()


def _count_growths(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, int]]:
    """Record every in-place growth: (done, appearances of its transaction grown after it)."""
    grown: list[tuple[bool, int]] = []
    grow = linking.grow_cluster

    def counting(run: Any, cid: int, article_id: str, pending: Sequence[str] = ()) -> bool:
        done = grow(run, cid, article_id, pending)
        grown.append((done, len(pending)))
        return done

    monkeypatch.setattr(linking, "grow_cluster", counting)
    return grown


def _same_either_way(
    tmp_path: Path, corpus: list[Report], monkeypatch: pytest.MonkeyPatch, least: int
) -> None:
    """Link ``corpus`` one by one and in one batch, growing in place and not: the same tables."""
    grown = _count_growths(monkeypatch)
    incremental = _link(tmp_path / "inc.db", corpus, one_by_one=True)
    assert sum(done for done, _ in grown) >= least, "the one-by-one run grew clusters in place"
    assert not all(done for done, _ in grown), (
        "and derived some in full (an earlier appearance, a same-day citation)"
    )
    batch_grown = _link(tmp_path / "batch-grown.db", corpus, one_by_one=False)

    monkeypatch.setattr(linking, "grow_cluster", lambda run, cid, article_id, pending=(): False)
    full = _link(tmp_path / "full.db", corpus, one_by_one=True)
    batch = _link(tmp_path / "batch.db", corpus, one_by_one=False)
    assert incremental["link_clusters"], "the corpus links"
    for name in incremental:
        assert incremental[name] == full[name], name
        assert incremental[name] == batch[name], name
        assert batch_grown[name] == batch[name], name


def test_growing_in_place_stores_what_a_full_derivation_stores(
    tmp_path: Path, corpus: list[Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_either_way(tmp_path, corpus, monkeypatch, least=50)


def test_a_cluster_grows_by_several_appearances_in_one_transaction(
    tmp_path: Path, story_reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the story linked, then its articles republished on four different later days linked in
    # one transaction: each cluster of the story gains four last appearances at once
    story = [story_reports[name] for name in STORY]
    later = [
        republished(story_reports[name], f"Harbour Echo {k}", days)
        for k, days in enumerate([3, 5, 8, 13], 1)
        for name in STORY[1:]
    ]
    monkeypatch.setattr(linking, "TXN_SECONDS", 3600.0)
    grown = _count_growths(monkeypatch)

    in_place = _linked_in_runs(tmp_path / "grown.db", [story, later])
    followed = [done for done, pending in grown if pending]
    assert len(followed) >= 10 and all(followed), "appearances followed by others of the transaction grew"
    monkeypatch.setattr(linking, "grow_cluster", lambda run, cid, article_id, pending=(): False)
    full = _linked_in_runs(tmp_path / "full.db", [story, later])
    assert in_place["link_clusters"], "the corpus links"
    for name in full:
        assert in_place[name] == full[name], name


@pytest.mark.polnear
def test_growing_in_place_on_copies_and_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # rewrites credit the original, some change a word of a quote or a figure: discrepancies
    reports = build(6 * FAMILY, load_originals(6))
    _same_either_way(tmp_path, reports, monkeypatch, least=20)


#: two halves of one quote, reported apart, then whole: the whole quote shows them to be one cluster
_HALVES = (
    "The wall held for forty years, and tonight it simply folded like wet cardboard",
    "Nobody on the quay had time to move the boats before the black water reached them",
)


def _harbour(quote: str, outlet: str, day: str) -> Report:
    text = (
        f"Harbour wall collapses\n\nStorm surge overnight flooded the lower town and the marina, officials "
        f'said on {day}.\n\n"{quote}," said Mayor Ruth Calloway.\n\nCrews worked through the night to '
        "pump out basements along Dock Street."
    )
    article = dataclasses.replace(article_from_text(text, publisher=outlet), published=day)
    return analyze(article)


@pytest.mark.parametrize(("second_day", "grows"), [("2026-03-02", True), ("2026-02-27", False)])
def test_a_merged_cluster_grows_in_place_when_its_appearances_come_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second_day: str, grows: bool
) -> None:
    first, second = (
        _harbour(_HALVES[0], "Harbour Echo", "2026-03-01"),
        _harbour(_HALVES[1], "Bay Ledger", second_day),
    )
    whole = _harbour(". ".join(_HALVES), "Coast Times", "2026-03-03")
    merged: list[tuple[int, int]] = []
    merge = linking._Run._merge

    def counting_merge(run: Any, old: int, new: int) -> None:
        merged.append((old, new))
        merge(run, old, new)

    monkeypatch.setattr(linking._Run, "_merge", counting_merge)
    grown = _count_growths(monkeypatch)

    runs = [[first, second], [whole]]
    in_place = _linked_in_runs(tmp_path / "grown.db", runs)
    assert len(merged) == 1, "the whole quote joins the two halves' clusters into one"
    (quote_cluster,) = [c for c in in_place["link_clusters"] if c[1] == "quote"]
    assert quote_cluster[4] == 3, "one cluster of three appearances"
    # the half reported second joins with the whole quote: grown in place when it came after the
    # first half, derived in full when it came before it (its position is not last)
    followed = [done for done, pending in grown if pending]
    assert followed == [grows], grown
    monkeypatch.setattr(linking, "grow_cluster", lambda run, cid, article_id, pending=(): False)
    full = _linked_in_runs(tmp_path / "full.db", runs)
    for name in full:
        assert in_place[name] == full[name], name
