"""Fixtures for the web tests: a small corpus (the repo's examples plus a hostile article),
the application over it, and a live server on loopback for the browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webcorpus import (
    EXAMPLES,
    HOSTILE_PUBLISHER,
    HOSTILE_TEXT,
    HOSTILE_URL,
    Corpus,
    serving,
)

from reportedly.store import Store
from reportedly.web.headless import CHROMIUM, CHROMIUM_ARGS


def _add(store: Store, report: Any, source: str) -> str:
    store.add(report, source=source)
    return str(report.article.id)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The six example articles and the hostile one, ingested and linked (spaCy loads once here)."""
    from reportedly.inputs import article_from_text, load_article
    from reportedly.link import link_new
    from reportedly.pipeline import analyze

    db = tmp_path_factory.mktemp("web") / "corpus.db"
    ids: dict[str, str] = {}
    with Store.open(str(db)) as store:
        for path in sorted(EXAMPLES.glob("*.txt")):
            ids[path.stem] = _add(store, analyze(load_article(str(path))), str(path))
        hostile = article_from_text(
            HOSTILE_TEXT, url=HOSTILE_URL, publisher=HOSTILE_PUBLISHER, published="2026-03-06"
        )
        ids["hostile"] = _add(store, analyze(hostile), "hostile.txt")
        link_new(store)
    return Corpus(
        db=db,
        hostile=ids["hostile"],
        courier=ids["portvale-courier-flood"],
        roundup=ids["dailyroundup-flood"],
        festival=ids["harbour-festival"],
    )


@pytest.fixture()
def corpus_copy(corpus: Corpus, tmp_path: Path) -> Path:
    """A private copy of the corpus for tests that write to it."""
    target = tmp_path / "copy.db"
    shutil.copy(corpus.db, target)
    return target


@pytest.fixture(scope="session")
def client(corpus: Corpus) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from reportedly.web.app import create_app

    with TestClient(create_app(str(corpus.db)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(corpus: Corpus) -> Iterator[str]:
    with serving(corpus.db) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page that fails the test on any dialog (alert) or console error."""
    context = browser.new_context(base_url=live_server)
    pg = context.new_page()
    problems: list[str] = []

    def on_dialog(dialog: Any) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def on_console(message: Any) -> None:
        # a page's own 404 status is logged as an error; failed assets are caught below
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"asset {response.url}: HTTP {response.status}")

    pg.on("console", on_console)
    pg.on("response", on_response)
    yield pg
    context.close()
    assert not problems, problems
