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
from webcorpus import Corpus, follow, serving

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
    follow(page, "form.filters button")
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
        "/search?q=" + quote("worst night this town has seen"),
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
    # following an in-page link is not synchronous with the key press: wait for it, within 5 s
    page.wait_for_function(
        "() => location.hash === '#main' && document.activeElement.id === 'main'", timeout=5000
    )
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
    follow(page, "form.filters button")
    assert sorted(_listed(page)) == ["industry official", "insurance industry official"]
    page.goto("/speakers")
    page.select_option("select[name=kind]", "outlet")
    follow(page, "form.filters button")
    outlets = _listed(page)
    assert "Portvale Courier" in outlets and "Ruth Calloway" not in outlets
    # a page past the end shows the last one
    page.goto("/speakers?page=40")
    assert _listed(page) == everyone


def test_merge_rename_and_hide_a_speaker(own_page: Any) -> None:
    page = own_page
    page.goto("/speakers?q=insurance")
    follow(page, page.locator("a.speaker", has_text="insurance industry official"))
    page.click("details.identity summary")
    merge = page.locator("form.edit", has=page.locator("input[value=merge]"))
    merge.locator("input[name=value]").fill("industry official")
    follow(page, merge.locator("button"))
    # the merged speaker's page: every quote of both spellings
    assert page.locator("h1").inner_text() == "industry official"
    assert page.title() == "industry official · reportedly"
    assert "3 quotes" in page.locator("p.meta").first.inner_text()
    page.goto("/speakers")
    assert "insurance industry official" not in _listed(page)
    assert (
        "insurance industry official" in page.locator("tr", has_text="industry official").first.inner_text()
    )

    page.goto("/speakers?q=council")
    follow(page, page.locator("a.speaker", has_text="council").first)
    page.click("details.identity summary")
    rename = page.locator("form.edit", has=page.locator("input[value=rename]"))
    rename.locator("input[name=value]").fill("Portvale Town Council")
    follow(page, rename.locator("button"))
    assert page.locator("h1").inner_text() == "Portvale Town Council"
    api = page.request.get("/api/speakers?limit=100").json()
    assert "Portvale Town Council" in {s["name"] for s in api}

    page.goto("/speakers?q=photos")
    follow(page, page.locator("a.speaker", has_text="Photos shared"))
    page.click("details.identity summary")
    follow(page, page.locator("form.edit button", has_text="Hide this speaker"))
    assert "Hidden" in page.locator(".hidden-note").inner_text()
    page.goto("/speakers")
    assert "Photos shared" not in _listed(page)
    # and back
    page.goto("/speakers/photos%20shared")
    page.click("details.identity summary")
    follow(page, page.locator("form.edit button", has_text="Show again"))
    page.goto("/speakers")
    assert "Photos shared" in _listed(page)


def test_verdict_entry_and_claimreview(own_page: Any) -> None:
    from schemaorg import validate

    page = own_page
    page.goto("/stories")
    follow(page, page.locator("table.list td.main a", has_text="worst night").first)
    story_url = page.url
    assert "Not reviewed yet" in page.locator("section.verdict").inner_text()
    page.locator("section.verdict summary").click()
    page.select_option("select[name=rating]", "mostly true")
    page.fill(
        "textarea[name=explanation]", "The chief said it to the Courier; later outlets quote her exactly."
    )
    page.fill("input[name=reviewer]", "Ines Calder")
    page.fill("input[name=url]", "https://factcheck.example/portvale")
    follow(page, page.locator("form.verdict-form button"))
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
    follow(page, page.locator("form.verdict-form button"))
    assert "not an http(s) URL" in page.locator("section.verdict .error").inner_text()
    assert page.locator("textarea[name=explanation]").input_value() == "Wrong."
    page.goto(story_url)
    assert "Mostly true" in page.locator("section.verdict").inner_text()


#: a story told by fifty articles (invented outlets and people): two first-hand reports by the
#: Tarn Courier, thirty retellings by twelve outlets that credit it, eighteen copies of its first
QUOTE = "We have never seen the harbour freeze like this in forty years"
RETELLERS = [
    f"{name} {kind}"
    for name in ("Fenwick", "Orla", "Brackley", "Hessel")
    for kind in ("Post", "Herald", "Daily")
]
FIRST = (
    "Harbour freezes over in Tarn\n\n"
    f'"{QUOTE}," harbour master Olu Bankole told reporters on the quay on Monday morning.\n\n'
    "Seven ferries were stranded at their moorings and the island crossing was cancelled until further notice.\n"
)


def _story_records() -> list[dict[str, str]]:
    records = [
        {
            "text": FIRST,
            "publisher": "Tarn Courier",
            "published": "2026-01-05",
            "url": "https://tarn.example/1",
        },
        {
            "text": "Ferries stay in port as ice holds\n\n"
            f'"{QUOTE}," Olu Bankole, the harbour master, said again on Tuesday as crews tried to break the ice.\n',
            "publisher": "Tarn Courier",
            "published": "2026-01-06",
        },
    ]
    for i in range(30):
        outlet = RETELLERS[i % len(RETELLERS)]
        records.append(
            {
                "text": f"{outlet} on the frozen harbour, part {i + 1}\n\n"
                f'"{QUOTE}," the harbour master Olu Bankole told the Tarn Courier.\n\n'
                f"Our reporter in {outlet.split()[0]} counted {i + 3} boats waiting on the {i + 1}th day of the freeze "
                f"while the {outlet} weather desk expected {i % 5 + 2} more nights below zero.\n",
                "publisher": outlet,
                "published": f"2026-01-{6 + i % 20:02d}",
            }
        )
    for i in range(18):
        records.append(
            {
                "text": FIRST + f"\nShared by Copyfarm {i + 1}.\n",
                "publisher": f"Copyfarm {i + 1}",
                "published": f"2026-01-{7 + i % 10:02d}",
            }
        )
    return records


@pytest.fixture(scope="module")
def story50_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reportedly.ingest import ingest

    folder = tmp_path_factory.mktemp("story50")
    (folder / "story.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _story_records()))
    db = folder / "story50.db"
    summary = ingest([str(folder / "story.jsonl")], str(db))
    assert summary.new == 50, summary.failures
    return db


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ):
                pairs.append((i, j))
    return pairs


def test_story_of_fifty_articles_timeline_and_graph(browser: Any, story50_db: Path) -> None:
    with serving(story50_db) as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        stories = page.request.get("/api/stories").json()
        story = max(stories, key=lambda s: s["articles"])
        assert story["articles"] == 50
        page.goto(f"/stories/{story['id']}")

        # the timeline: one bar segment per day and outlet, every dated appearance counted once
        bars = page.locator("svg.timeline rect.bar")
        assert sum(int(c) for c in bars.evaluate_all("els => els.map(e => e.dataset.count)")) == 50
        days = set(bars.evaluate_all("els => els.map(e => e.dataset.day)"))
        assert min(days) == "2026-01-05" and len(days) > 10
        labels = page.locator("svg.timeline text.day-label").evaluate_all(
            "els => els.map(e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, w: b.width, h: b.height} })"
        )
        assert len(labels) >= 3 and _overlaps(labels) == []

        # the graph: outlets grouped, the eighteen copies one node, readable
        nodes = page.locator("svg.graph .node")
        assert nodes.count() <= 25
        counts = nodes.evaluate_all(
            "els => els.map(e => [e.querySelector('.label').textContent, +e.dataset.count])"
        )
        assert ["18 copies", 18] in counts
        assert any(label.startswith("Tarn Courier · 2 articles") for label, _n in counts)
        assert sum(n for label, n in counts if not label.endswith("outlet")) >= 50
        texts = page.locator("svg.graph text").evaluate_all(
            "els => els.map(e => { const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height} })"
        )
        assert _overlaps(texts) == [], "labels overlap"
        # every label stays inside its box
        outside = page.evaluate(
            """() => [...document.querySelectorAll('svg.graph .node')].flatMap(n => {
                 const r = n.querySelector('rect').getBBox();
                 return [...n.querySelectorAll('text')].map(t => t.getBBox())
                   .filter(b => b.x < r.x || b.x + b.width > r.x + r.width || b.y < r.y || b.y + b.height > r.y + r.height)
                   .map(() => n.dataset.node) })"""
        )
        assert outside == []
        # and no two boxes overlap either
        rects = page.locator("svg.graph .node rect").evaluate_all(
            "els => els.map(e => { const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height} })"
        )
        assert _overlaps(rects) == []
        context.close()


def test_article_page_names_its_stories_by_their_words(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.roundup}")
    stories = page.locator("section.stories-of li a")
    words = stories.all_text_contents()
    assert words and any("worst night this town has seen" in w for w in words)
    assert not any(w.strip().startswith("#") for w in words)
    page.goto(stories.filter(has_text="worst night").first.get_attribute("href"))
    assert "worst night this town has seen" in page.locator("blockquote.story-text").inner_text()


def test_quote_first_search(page: Any) -> None:
    page.goto("/articles")
    follow(page, page.locator("nav a", has_text="Search"))
    page.fill("input[name=q]", "worst nite this town has seen")  # a typo still finds it
    follow(page, page.locator("form.search button"))
    candidates = page.locator("li.candidate")
    assert candidates.count() >= 1
    first = candidates.first.inner_text()
    assert "worst night this town has seen" in first and "score" in first
    scores = [int(s.split()[-1]) for s in page.locator("li.candidate .score").all_text_contents()]
    assert scores == sorted(scores, reverse=True) and scores[0] >= 70
    story = page.locator("section.story-hit").first
    # near wordings grouped: "town" and "city"
    wordings = story.locator("ul.wordings li").all_text_contents()
    assert any("this town has seen" in w for w in wordings) and any(
        "this city has seen" in w for w in wordings
    )
    rows = story.locator("tr.hit")
    assert rows.count() == 4
    outlets = [r.locator("td.outlet").inner_text() for r in rows.all()]
    assert outlets == ["Portvale Courier", "Northline", "Daily Roundup", "NewsBuzz"]
    roundup = rows.nth(2).inner_text()
    assert "Ruth Calloway" in roundup and "told" in roundup and "via Portvale Courier" in roundup
    assert "cited" in roundup and "2026-03-04" in roundup
    assert "copied" in rows.nth(3).inner_text()
    # each appearance links to its article
    page.goto(rows.nth(1).locator("td.outlet a").get_attribute("href"))
    assert "Northline" in page.locator("main").inner_text()

    page.goto("/search?q=" + quote("zebra crossings on the moon"))
    assert "Nothing in the corpus matches" in page.locator("main").inner_text()
    api = page.request.get("/api/search?q=" + quote("worst night this town")).json()
    assert api["stories"][0]["appearances"][0]["outlet"] == "Portvale Courier"
