"""Linking is incremental: new articles only, and the same answer whatever the ingest order."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from linkstory import NEWSBUZZ, ROUNDUP, STORY, store_story

from reportedly.link import all_discrepancies, edges, iter_clusters, link_new
from reportedly.model import Report
from reportedly.store import Store


def state(store: Store, names: dict[str, str]) -> dict[str, Any]:
    """Everything linking concluded, in file names and without cluster ids (which depend on order)."""
    clusters = sorted(
        (
            c.kind,
            tuple(
                (
                    names[a.article],
                    a.edge,
                    tuple(sorted(names.get(s.article or "", s.outlet or "") for s in a.sources)),
                )
                for a in c.appearances
            ),
            c.independent_origins,
        )
        for c in iter_clusters(store)
    )
    return {
        "clusters": clusters,
        "edges": sorted(
            (e.kind, names[e.from_article], names.get(e.to_article or "", e.to_outlet)) for e in edges(store)
        ),
        "discrepancies": sorted(
            (d.kind, d.conflict, names[d.article], names.get(d.other_article or "", ""))
            for d in all_discrepancies(store)
        ),
    }


@pytest.fixture
def full_state(tmp_path: Path, story_reports: dict[str, Report], names: dict[str, str]) -> dict[str, Any]:
    store = store_story(str(tmp_path / "full.db"), story_reports)
    try:
        link_new(store)
        return state(store, names)
    finally:
        store.close()


def test_adding_one_article_links_only_it(
    tmp_path: Path, story_reports: dict[str, Report], names: dict[str, str], full_state: dict[str, Any]
) -> None:
    store = store_story(str(tmp_path / "inc.db"), story_reports, tuple(n for n in STORY if n != NEWSBUZZ))
    try:
        assert link_new(store).articles == 5
        before = state(store, names)
        assert not [e for e in before["edges"] if e[1] == NEWSBUZZ]
        store.add(story_reports[NEWSBUZZ])
        summary = link_new(store)
        assert summary.articles == 1
        assert summary.copies == 1
        # the copy only joins clusters: it changes no cluster's first appearance or origin count
        assert state(store, names) == full_state
    finally:
        store.close()


def test_reverse_ingest_order_one_by_one_gives_the_same_links(
    tmp_path: Path, story_reports: dict[str, Report], names: dict[str, str], full_state: dict[str, Any]
) -> None:
    # the copy arrives before its original, every citing article before the one it cites
    store = Store.open(str(tmp_path / "rev.db"))
    try:
        for name in reversed(STORY):
            store.add(story_reports[name], source=f"examples/{name}.txt")
            assert link_new(store).articles == 1
        assert state(store, names) == full_state
    finally:
        store.close()


def test_full_relinks_everything(story_store: Store, names: dict[str, str]) -> None:
    link_new(story_store)
    first = state(story_store, names)
    again = link_new(story_store, full=True)
    assert again.full and again.articles == len(STORY)
    assert state(story_store, names) == first


def test_roundup_added_last_takes_over_newsbuzz_copy(
    tmp_path: Path, story_reports: dict[str, Report], names: dict[str, str], full_state: dict[str, Any]
) -> None:
    store = store_story(str(tmp_path / "late.db"), story_reports, tuple(n for n in STORY if n != ROUNDUP))
    try:
        link_new(store)
        early = {(e.kind, names[e.from_article], e.to_outlet) for e in edges(store) if e.kind == "copied"}
        assert early == {("copied", NEWSBUZZ, "Daily Roundup")}  # an outlet, not yet an article
        store.add(story_reports[ROUNDUP])
        assert link_new(store).articles == 1
        assert state(store, names) == full_state
    finally:
        store.close()


def _rfc2822(report: Report) -> Report:
    """The report as a feed would date it: "Mon, 02 Mar 2026 09:00:00 GMT" instead of "2026-03-02"."""
    day = date.fromisoformat(report.article.published or "")
    article = dataclasses.replace(
        report.article,
        published=format_datetime(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), usegmt=True),
    )
    return dataclasses.replace(report, article=article)


def test_feed_dates_order_the_story_like_iso_dates(
    tmp_path: Path, story_reports: dict[str, Report], names: dict[str, str], full_state: dict[str, Any]
) -> None:
    # ingested newest first: only the dates can say who had it first
    store = Store.open(str(tmp_path / "rfc.db"))
    try:
        for name in reversed(STORY):
            report = _rfc2822(story_reports[name])
            assert (report.article.published or "").endswith(" GMT")
            store.add(report, source=f"examples/{name}.txt")
        link_new(store)
        assert state(store, names) == full_state
        first = next(c for c in iter_clusters(store) if "worst night" in c.text)
        assert first.first.publisher == "Portvale Courier"
    finally:
        store.close()
