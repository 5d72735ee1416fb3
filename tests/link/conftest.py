"""The bundled Portvale flood story (``examples/``), read once per session, stored per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from linkstory import EXAMPLES, STORY, store_story

import reportedly
from reportedly.model import Report
from reportedly.store import Store


@pytest.fixture(scope="session")
def story_reports() -> dict[str, Report]:
    """File stem -> report, each article analysed once for the whole session."""
    return {name: reportedly.read(str(EXAMPLES / f"{name}.txt")) for name in STORY}


@pytest.fixture(scope="session")
def names(story_reports: dict[str, Report]) -> dict[str, str]:
    """Article id -> file stem, to write assertions in the README's terms."""
    return {r.article.id: name for name, r in story_reports.items()}


@pytest.fixture(scope="session")
def ids(story_reports: dict[str, Report]) -> dict[str, str]:
    return {name: r.article.id for name, r in story_reports.items()}


@pytest.fixture
def story_store(tmp_path: Path, story_reports: dict[str, Report]) -> Iterator[Store]:
    """A fresh SQLite store holding the six story articles, not yet linked."""
    store = store_story(str(tmp_path / "story.db"), story_reports)
    try:
        yield store
    finally:
        store.close()
