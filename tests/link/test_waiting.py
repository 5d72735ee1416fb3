"""A big cluster's full derivation waits until enough of it changed, and every run ends by deriving
what still waits: the tables after a run are those of deriving every cluster in every transaction,
and a run stopped before the end leaves nothing half-shown and is completed by the next one.

The thresholds are lowered here (a cluster of two articles counts as big) so that the stories of
a few articles exercise what a story of thousands of copies does in production."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from linkstory import STORY
from sqlalchemy import func, select
from test_growth import _link, republished, tables
from test_transaction_boundaries import _MERGED_STORY

import reportedly
from reportedly.link import link_new
from reportedly.model import LinkSummary, Report
from reportedly.store import Store, linking
from reportedly.store import schema as st
from reportedly.store.migrate import LINK_STALE, get_meta
from reportedly.store.read import load_cluster


@pytest.fixture(scope="module")
def corpus(story_reports: dict[str, Report]) -> list[Report]:
    """The story, then its articles republished by other outlets on later days (two on one day)."""
    out = [story_reports[name] for name in STORY]
    for k, days in enumerate([2, 4, 4, 6, 9], 1):
        out += [republished(story_reports[name], f"Quayside Post {k}", days) for name in STORY[1:]]
    return out


def _waiting_small(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Clusters of two articles wait until half of them changed; returns the clusters derived by
    ``derive_waiting`` as the run goes."""
    monkeypatch.setattr(linking, "DERIVE_NOW_BELOW", 2)
    monkeypatch.setattr(linking, "GROW_FROM", 2)
    monkeypatch.setattr(linking, "DERIVE_SHARE", 0.5)
    monkeypatch.setattr(linking, "BATCH", 3)
    derived: list[int] = []
    derive = linking._Run.derive_clusters

    def recording(run: Any, clusters: list[int]) -> None:
        derived.extend(clusters)
        derive(run, clusters)

    monkeypatch.setattr(linking._Run, "derive_clusters", recording)
    return derived


@pytest.fixture(scope="module")
def reference(corpus: list[Report], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every cluster derived in full in every transaction (nothing waits, nothing grows)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(linking, "DERIVE_NOW_BELOW", 10**9)
        mp.setattr(linking, "GROW_FROM", 10**9)
        return _link(tmp_path_factory.mktemp("ref") / "ref.db", corpus, one_by_one=True)


@pytest.mark.parametrize("one_by_one", [True, False], ids=["one-by-one", "batch"])
def test_clusters_that_waited_end_as_a_full_derivation(
    tmp_path: Path,
    corpus: list[Report],
    reference: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    one_by_one: bool,
) -> None:
    waits: list[int] = []
    due = linking._Run._due

    def counting(run: Any, clusters: list[int], sizes: dict[int, int]) -> list[int]:
        now = due(run, clusters, sizes)
        waits.extend(c for c in clusters if c not in now)
        return now

    monkeypatch.setattr(linking._Run, "_due", counting)
    _waiting_small(monkeypatch)
    found = _link(tmp_path / "waiting.db", corpus, one_by_one)
    assert waits, "some clusters waited for their derivation"
    assert reference["link_clusters"], "the corpus links"
    for name in reference:
        assert found[name] == reference[name], name


def test_a_run_stopped_before_the_waiting_derivations_is_completed_by_the_next(
    tmp_path: Path, corpus: list[Report], reference: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _waiting_small(monkeypatch)
    store = Store.open(str(tmp_path / "stopped.db"))
    try:
        for report in corpus:
            store.add(report)
        # the run ends (as a killed one would) before deriving the clusters left waiting
        with monkeypatch.context() as mp:
            mp.setattr(linking._Run, "derive_waiting", lambda run, conn: False)
            mp.setattr(linking, "DERIVE_SHARE", 10.0)  # and none was due before
            link_new(store)
        with store.engine.connect() as conn:
            waiting = {int(c) for c in json.loads(get_meta(conn, LINK_STALE) or "{}")}
            li = st.link_items
            unplaced = dict(
                conn.execute(
                    select(li.c.cluster, func.count(func.distinct(li.c.article_id)))
                    .where(li.c.edge.is_(None))
                    .group_by(li.c.cluster)
                ).all()
            )
        assert waiting, "the stopped run left clusters waiting"
        assert set(unplaced) <= waiting, "only a waiting cluster has appearances not placed"
        assert unplaced, "a waiting cluster has appearances not placed yet"
        for cid in sorted(waiting):
            shown = load_cluster(store, cid)  # derived once at least: readers see it
            with store.engine.connect() as conn:
                placed = conn.execute(
                    select(func.count(func.distinct(li.c.article_id))).where(
                        li.c.cluster == cid, li.c.edge.is_not(None)
                    )
                ).scalar()
            # readers see the cluster as last derived: the appearances not placed yet are left out
            assert len(shown.appearances) == placed
            assert all(a.edge in ("first-hand", "cited", "copied") for a in shown.appearances)
            positions = [a.position for a in shown.appearances]
            assert positions == sorted(set(positions)), "each shown at its own derived place"

        summary = link_new(store)  # nothing new to link: it derives what waits
        assert summary.articles == 0
        assert summary.clusters_changed >= len(waiting)
        with store.engine.connect() as conn:
            assert get_meta(conn, LINK_STALE) == "{}"
        found = tables(store)
    finally:
        store.close()
    for name in reference:
        assert found[name] == reference[name], name


def _article_counts(store: Store) -> dict[int, int]:
    li = st.link_items
    with store.engine.connect() as conn:
        return dict(
            conn.execute(
                select(li.c.cluster, func.count(func.distinct(li.c.article_id))).group_by(li.c.cluster)
            ).all()
        )


class _Recorded(linking._Run):
    """A link run that stays reachable after ``link_new`` returns."""

    runs: ClassVar[list[linking._Run]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _Recorded.runs.append(self)


def test_cluster_sizes_kept_through_a_run_are_the_stored_counts(
    tmp_path: Path, corpus: list[Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    # one article per transaction: the sizes counted in the first carry through every later one,
    # merges and new clusters included
    monkeypatch.setattr(linking, "BATCH", 1)
    monkeypatch.setattr(linking, "TXN_SECONDS", float("inf"))
    monkeypatch.setattr(linking, "_Run", _Recorded)
    _Recorded.runs.clear()
    merged = [
        reportedly.read_text(text, publisher=publisher, published=day)
        for publisher, day, text in _MERGED_STORY.values()
    ]
    merges: list[tuple[int, int]] = []
    merge = linking._Run._merge

    def counted(run: linking._Run, old: int, new: int) -> None:
        merges.append((old, new))
        merge(run, old, new)

    monkeypatch.setattr(linking._Run, "_merge", counted)
    store = Store.open(str(tmp_path / "sizes.db"))
    try:
        store.add_many([(r, None) for r in corpus + merged])
        link_new(store)
        kept = {c: n for c, n in _Recorded.runs[0]._sizes.items() if n}
        stored = _article_counts(store)
    finally:
        store.close()
    assert max(stored.values()) >= 5, "some cluster gained articles over several transactions"
    assert merges, "Valley Post's quote joins the two halves of the merged story"
    assert kept == {c: stored[c] for c in kept}
    assert set(kept) == set(stored), "every cluster a transaction touched was counted"


def test_a_run_counts_again_after_another_run_linked_in_between(
    tmp_path: Path, corpus: list[Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    # two processes linking the same database take turns between transactions: what one kept in
    # memory is stale once the other wrote
    monkeypatch.setattr(linking, "BATCH", 2)
    monkeypatch.setattr(linking, "TXN_SECONDS", float("inf"))
    store = Store.open(str(tmp_path / "turns.db"))
    try:
        store.add_many([(r, None) for r in corpus])
        runs = [linking._Run(linking.DEFAULT, LinkSummary(), None, None) for _ in range(2)]
        turn = 0
        while True:
            with linking._link_transaction(store) as conn:
                if not runs[turn % 2].step(conn):
                    break
            turn += 1
        assert turn > 4
        stored = _article_counts(store)
        for run in runs:
            with linking._link_transaction(store) as conn:
                run._begin(conn)  # the other run wrote last, or this one did
                sizes = run._cluster_sizes(sorted(stored))
            assert sizes == stored
    finally:
        store.close()


def test_a_story_past_growth_size_waits_instead_of_growing(
    tmp_path: Path, corpus: list[Report], reference: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cluster of ``GROW_UP_TO`` articles or more is not grown in place (growth reads a big story's
    variants whole, a cost per new copy that grows with the story): it waits, and the run still
    ends with the tables of a full derivation."""
    _waiting_small(monkeypatch)
    monkeypatch.setattr(linking, "DERIVE_SHARE", 10.0)  # nothing due early: growth is tried
    monkeypatch.setattr(linking, "GROW_UP_TO", 3)
    grown_at: list[int] = []
    grow = linking.grow_cluster

    def recording(run: Any, cid: int, article_id: str, pending: Any = ()) -> bool:
        grown_at.append(run._sizes[cid])
        return grow(run, cid, article_id, pending)

    monkeypatch.setattr(linking, "grow_cluster", recording)
    found = _link(tmp_path / "capped.db", corpus, one_by_one=True)
    assert grown_at, "clusters of two articles grow in place"
    assert max(grown_at) < 3, "no cluster of three articles or more grows"
    for name in reference:
        assert found[name] == reference[name], name


def test_a_chain_of_merges_in_one_transaction_resolves_to_its_end() -> None:
    # a big story swallowing one cluster after another: each later lookup goes straight to the end
    run = linking._Run(linking.DEFAULT, LinkSummary(), None, None)
    run._renamed = {9: 7, 7: 4, 4: 2, 2: 1}
    assert run._current_cluster(9) == 1
    assert run._renamed == {9: 1, 7: 1, 4: 1, 2: 1}
    assert (run._current_cluster(4), run._current_cluster(3)) == (1, 3)


def test_clusters_merged_in_a_later_transaction_are_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one article per transaction: the Valley Post's quote merges two clusters of earlier ones
    monkeypatch.setattr(linking, "BATCH", 1)
    store = Store.open(str(tmp_path / "merged.db"))
    try:
        for publisher, day, text in _MERGED_STORY.values():
            store.add(reportedly.read_text(text, publisher=publisher, published=day))
        summary = link_new(store)
        with store.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(st.link_clusters)).scalar()
            merged = (
                conn.execute(
                    select(func.count(func.distinct(st.link_items.c.article_id)))
                    .group_by(st.link_items.c.cluster)
                    .order_by(func.count(func.distinct(st.link_items.c.article_id)).desc())
                )
                .scalars()
                .first()
            )
    finally:
        store.close()
    assert merged == 3, "the three articles' quotes are one cluster"
    assert summary.clusters_changed == stored
