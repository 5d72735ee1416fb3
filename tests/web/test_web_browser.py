"""The pages in a real browser (Debian's chromium through Playwright): what a reader sees and clicks."""

from __future__ import annotations

from typing import Any

import pytest
from webcorpus import Corpus, follow

pytestmark = pytest.mark.browser


def test_article_list_search_and_open_article(page: Any, corpus: Corpus) -> None:
    page.goto("/articles")
    rows = page.locator("table.articles tbody tr")
    assert rows.count() == 7
    page.fill("input[name=q]", "worst night")
    follow(page, "form.filters button")
    titles = page.locator("table.articles a.title").all_text_contents()
    assert titles and len(titles) < 7
    assert not any("Harbour Festival" in t for t in titles)
    follow(page, page.locator("table.articles tr", has_text="Daily Roundup").locator("a.title"))
    assert page.url.endswith(f"/articles/{corpus.roundup}")
    marks = page.locator("mark.att[id]")
    assert marks.count() == page.locator("li.attribution").count() > 3
    # the non-colour marker: numbered tags in the text, 1..n
    assert page.locator("mark.att .tag").first.inner_text() == "1"


def test_hover_shows_the_via_chain(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.roundup}")
    entry = page.locator("li.attribution", has_text="worst night")
    assert "Ruth Calloway → Portvale Courier → Daily Roundup" in entry.inner_text()
    mark = page.locator("mark.att[id]", has_text="worst night")
    mark.hover()
    # hovering a quote outlines its entry beside the text, and the tooltip carries the chain
    assert "hl" in (entry.get_attribute("class") or "")
    tip = page.evaluate("el => getComputedStyle(el, '::after').content", mark.element_handle())
    assert "Ruth Calloway → Portvale Courier → Daily Roundup" in tip
    page.mouse.move(0, 0)
    assert "hl" not in (entry.get_attribute("class") or "")
    # the keyboard gets the same: marks are focusable, focus shows the chain and outlines the entry
    mark.focus()
    assert page.evaluate("() => document.activeElement.dataset.att") == mark.get_attribute("data-att")
    assert "hl" in (entry.get_attribute("class") or "")
    tip = page.evaluate("el => getComputedStyle(el, '::after').content", mark.element_handle())
    assert "Ruth Calloway → Portvale Courier → Daily Roundup" in tip


def test_click_a_speaker(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.courier}")
    follow(page, page.locator("li.attribution a.speaker", has_text="Ruth Calloway").first)
    assert page.locator("h1").inner_text() == "Ruth Calloway"
    outlets = page.locator("table.bars th").all_text_contents()
    assert {"Portvale Courier", "Northline", "Daily Roundup"} <= set(outlets)


def test_story_graph(page: Any) -> None:
    page.goto("/stories")
    follow(page, page.locator("table.list a", has_text="Seven people have died").first)
    svg = page.locator("svg.graph")
    assert svg.count() == 1
    outlets = page.locator("svg.graph .node-outlet .label").all_text_contents()
    assert "Portvale Courier" in outlets
    assert page.locator("svg.graph .edge-cited").count() >= 2
    assert page.locator("svg.graph .edge-copied").count() == 1
    conflict = page.locator("svg.graph .node.conflict .label").all_text_contents()
    assert any("Daily Roundup" in c for c in conflict)
    assert "Eight" in page.locator(".discrepancies").inner_text()


def test_read_form_with_pasted_text(page: Any) -> None:
    page.goto("/read")
    page.fill(
        "#text",
        "Kelp farm opens off Drennan Point\n\n"
        '"We expect the first harvest in May," said Ilse Marrow, who runs the farm.\n\n'
        "The Drennan Herald reported that about 40 lines had been laid.",
    )
    page.click("form.read button")
    page.wait_for_selector("mark.att")
    assert "Ilse Marrow" in page.locator("aside.who").inner_text()
    assert page.locator(".qty").count() >= 1
    assert "Not stored" in page.locator("section.result").inner_text()


def test_hostile_article_runs_no_script(page: Any, corpus: Corpus) -> None:
    for path in (
        "/articles",
        f"/articles/{corpus.hostile}",
        "/articles?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/speakers",
        "/outlets",
        "/speakers/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ):
        page.goto(path)
        page.wait_for_load_state("load")
    page.goto(f"/articles/{corpus.hostile}")
    text = page.locator("#marked").inner_text()
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert page.locator("#marked script, #marked img, main img").count() == 0
    # the javascript: URL is shown as text, never as a link
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator(".unsafe-url").inner_text() == "javascript:alert(1)"
    page.locator("mark.att").first.hover()
    # the page fixture fails the test if any dialog opened or the console logged an error


def test_show_all_switch_lists_every_type(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.courier}")
    shown = page.locator("li.attribution").count()
    types = set(page.locator("li.attribution .type").all_text_contents())
    assert shown > 3 and types <= {"speech", "evidence"}
    follow(page, "#show-all")
    assert page.url.endswith("?all=1")
    assert page.locator("li.attribution").count() > shown
    assert page.locator("mark.att[id]").count() == page.locator("li.attribution").count()
    assert set(page.locator("li.attribution .type").all_text_contents()) - {"speech", "evidence"}
    follow(page, "#show-default")
    assert page.locator("li.attribution").count() == shown
