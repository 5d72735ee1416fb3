"""The fact-checker's workbench in a real browser (Debian's chromium through Playwright): corpora with
their metadata, paging, phone widths and the keyboard."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from typer.testing import CliRunner
from webcorpus import Corpus, serving

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

TIDE = (
    "Tide gauge fails during storm.\n\n"
    "The Westmere tide gauge stopped reporting at midnight, the harbour master Olu Bankole said on Monday.\n\n"
    '"We were blind for six hours," Bankole told the Westmere Gazette.\n'
)
PIER = (
    "The pier will reopen on Friday after repairs costing about 40,000 pounds, "
    "the council's engineer Siân Pryce said."
)


@pytest.fixture(scope="module")
def metadata_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus ingested the way a new user would: a folder of text, a CSV and JSON lines, with flags."""
    from reportedly.cli import _register
    from reportedly.cliapp import app

    _register()
    folder = tmp_path_factory.mktemp("meta")
    texts = folder / "texts"
    texts.mkdir()
    (texts / "tide-gauge.txt").write_text(TIDE)
    with (folder / "feed.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "publisher", "published", "title", "text"])
        w.writerow(["https://pier.example/1", "Pier Post", "2026-03-07", "Pier to reopen.", PIER])
    (folder / "undated.jsonl").write_text(
        json.dumps({"text": "Ferry strike ends.\n\n" + PIER.replace("pier", "ferry"), "publisher": "Wire"})
        + "\n"
    )
    db = folder / "meta.db"
    runner = CliRunner()
    done = runner.invoke(
        app,
        [
            *("ingest", str(texts), "--db", str(db), "--publisher", "Westmere Gazette"),
            *("--published", "2026-03-02", "--title-from", "first-line", "--no-progress"),
        ],
    )
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        app,
        ["ingest", str(folder / "feed.csv"), str(folder / "undated.jsonl"), "--db", str(db), "--no-progress"],
    )
    assert done.exit_code == 0, done.output
    return db


@pytest.fixture()
def meta_page(browser: Any, metadata_db: Path) -> Iterator[Any]:
    with serving(metadata_db) as url:
        context = browser.new_context(base_url=url)
        yield context.new_page()
        context.close()


def test_metadata_ingest_shows_titles_outlets_and_dates(meta_page: Any) -> None:
    page = meta_page
    page.goto("/articles")
    rows = page.locator("table.articles tbody tr")
    assert rows.count() == 3
    seen = {
        row.locator("a.title").inner_text(): (
            row.locator("td.date").inner_text(),
            row.locator("td").nth(1).inner_text(),
        )
        for row in rows.all()
    }
    assert seen == {
        "Tide gauge fails during storm.": ("2026-03-02", "Westmere Gazette"),
        "Pier to reopen.": ("2026-03-07", "Pier Post"),
        "Ferry strike ends.": ("undated", "Wire"),
    }
    # a date filter says what it cannot place instead of dropping it silently
    page.fill("input[name=since]", "2026-03-01")
    page.click("form.filters button")
    assert page.locator("table.articles tbody tr").count() == 2
    assert "1 undated article left out by the date filter" in page.locator("p.count").inner_text()
    # past the last page: the last page
    page.goto("/articles?page=99")
    assert page.locator("table.articles tbody tr").count() == 3
    assert "No articles match" not in page.inner_text("main")


def test_every_page_fits_a_phone(browser: Any, live_server: str, corpus: Corpus) -> None:
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    page = context.new_page()
    paths = [
        "/articles",
        f"/articles/{corpus.courier}",
        f"/articles/{corpus.hostile}",
        "/speakers",
        "/speakers/" + quote("ruth calloway"),
        "/outlets",
        "/outlets/" + quote("Portvale Courier"),
        "/stories",
        "/read",
        "/api",
        "/articles/nosuch",
    ]
    page.goto("/stories")
    paths += [page.locator("table.list td.main a").first.get_attribute("href")]
    for path in paths:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
        # and nothing pokes out of the page on the right (overflow hidden somewhere would hide it)
        poking = page.evaluate(
            """() => [...document.querySelectorAll('main *, header *')]
                 .filter(e => !e.closest('.graph-wrap, .timeline-wrap'))
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .map(e => e.tagName + '.' + e.className)"""
        )
        assert poking == [], f"{path}: {poking[:5]}"
    context.close()


def test_skip_link_takes_the_keyboard_to_the_content(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.courier}")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # the next Tab lands inside the content, not back in the navigation
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


@pytest.fixture()
def own_page(browser: Any, corpus: Corpus, tmp_path: Path) -> Iterator[Any]:
    """A page on a private copy of the test corpus, for tests that edit it."""
    target = tmp_path / "copy.db"
    shutil.copy(corpus.db, target)
    with serving(target) as url:
        context = browser.new_context(base_url=url)
        yield context.new_page()
        context.close()


def _listed(page: Any) -> list[str]:
    return page.locator("table.speakers a.speaker").all_text_contents()


def test_speakers_search_kind_and_paging(page: Any) -> None:
    page.goto("/speakers")
    everyone = _listed(page)
    assert "Ruth Calloway" in everyone and len(everyone) > 10
    page.fill("input[name=q]", "official")
    page.click("form.filters button")
    assert sorted(_listed(page)) == ["industry official", "insurance industry official"]
    page.goto("/speakers")
    page.select_option("select[name=kind]", "outlet")
    page.click("form.filters button")
    outlets = _listed(page)
    assert "Portvale Courier" in outlets and "Ruth Calloway" not in outlets
    # a page past the end shows the last one
    page.goto("/speakers?page=40")
    assert _listed(page) == everyone


def test_merge_rename_and_hide_a_speaker(own_page: Any) -> None:
    page = own_page
    page.goto("/speakers?q=insurance")
    page.locator("a.speaker", has_text="insurance industry official").click()
    page.click("details.identity summary")
    merge = page.locator("form.edit", has=page.locator("input[value=merge]"))
    merge.locator("input[name=value]").fill("industry official")
    merge.locator("button").click()
    # the merged speaker's page: every quote of both spellings
    assert page.locator("h1").inner_text() == "industry official"
    assert "3 quotes" in page.locator("p.meta").first.inner_text()
    page.goto("/speakers")
    assert "insurance industry official" not in _listed(page)
    assert (
        "insurance industry official" in page.locator("tr", has_text="industry official").first.inner_text()
    )

    page.goto("/speakers?q=council")
    page.locator("a.speaker", has_text="council").first.click()
    page.click("details.identity summary")
    rename = page.locator("form.edit", has=page.locator("input[value=rename]"))
    rename.locator("input[name=value]").fill("Portvale Town Council")
    rename.locator("button").click()
    assert page.locator("h1").inner_text() == "Portvale Town Council"
    api = page.request.get("/api/speakers?limit=100").json()
    assert "Portvale Town Council" in {s["name"] for s in api}

    page.goto("/speakers?q=photos")
    page.locator("a.speaker", has_text="Photos shared").click()
    page.click("details.identity summary")
    page.locator("form.edit button", has_text="Hide this speaker").click()
    assert "Hidden" in page.locator(".hidden-note").inner_text()
    page.goto("/speakers")
    assert "Photos shared" not in _listed(page)
    # and back
    page.goto("/speakers/photos%20shared")
    page.click("details.identity summary")
    page.locator("form.edit button", has_text="Show again").click()
    page.goto("/speakers")
    assert "Photos shared" in _listed(page)


def test_verdict_entry_and_claimreview(own_page: Any) -> None:
    from schemaorg import validate

    page = own_page
    page.goto("/stories")
    page.locator("table.list td.main a", has_text="worst night").first.click()
    story_url = page.url
    assert "Not reviewed yet" in page.locator("section.verdict").inner_text()
    page.locator("section.verdict summary").click()
    page.select_option("select[name=rating]", "mostly true")
    page.fill(
        "textarea[name=explanation]", "The chief said it to the Courier; later outlets quote her exactly."
    )
    page.fill("input[name=reviewer]", "Ines Calder")
    page.fill("input[name=url]", "https://factcheck.example/portvale")
    page.locator("form.verdict-form button").click()
    assert page.url.startswith(story_url) and page.url.endswith("#verdict")
    verdict = page.locator("section.verdict").inner_text()
    assert "Mostly true" in verdict and "Ines Calder" in verdict and "later outlets quote her" in verdict
    link = page.locator("section.verdict a", has_text="ClaimReview JSON-LD")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/ld+json")
    doc = response.json()
    assert validate(doc) == []
    assert doc["reviewRating"]["ratingValue"] == 4 and doc["url"] == "https://factcheck.example/portvale"
    assert doc["itemReviewed"]["author"]["name"] == "Ruth Calloway"
    assert doc["itemReviewed"]["firstAppearance"]["publisher"]["name"] == "Portvale Courier"
    # a bad value comes back as a message beside the form, with what was typed kept
    page.locator("section.verdict summary").click()
    page.select_option("select[name=rating]", "false")
    page.fill("textarea[name=explanation]", "Wrong.")
    page.fill("input[name=reviewer]", "Ines Calder")
    page.evaluate("() => { document.querySelector('input[name=url]').type = 'text' }")
    page.fill("input[name=url]", "/home/ines/review.html")
    page.locator("form.verdict-form button").click()
    assert "not an http(s) URL" in page.locator("section.verdict .error").inner_text()
    assert page.locator("textarea[name=explanation]").input_value() == "Wrong."
    page.goto(story_url)
    assert "Mostly true" in page.locator("section.verdict").inner_text()
