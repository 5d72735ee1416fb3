"""HTML pages through trafilatura, then the same cleaning."""

from __future__ import annotations

import pytest

from reportedly.errors import InputError
from reportedly.inputs import article_from_bytes, article_from_html
from reportedly.inputs.html import strip_site_name

TITLE = "Eastbrook dam holds as river peaks overnight"

PAGE = f"""<!DOCTYPE html>
<html><head><title>{TITLE} | Valley Ledger</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Valley Ledger">
<meta name="author" content="Ann Lee; Tom Roe">
<meta property="article:published_time" content="2026-03-04T07:15:00Z">
<meta property="og:url" content="https://ledger.example/eastbrook-dam">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>{TITLE}</h1>
<p>Advertisement</p>
<p>Engineers watched the Eastbrook dam through the night as the river reached its highest level in forty years.Sam Poe/Northline via Getty Images</p>
<p>The dam held, the county engineer said on Wednesday morning, and no homes below it were flooded.</p>
<p>"It did exactly what it was built to do," engineer Mara Quill told the Valley Ledger.</p>
<p>Share this article</p>
<p>About 120 residents spent the night in the school gym, according to the county, which reopened the road at dawn.</p>
</article>
<footer><p>Copyright 2026 Valley Ledger. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return article_from_html(PAGE)


def test_metadata_from_the_page(article):
    assert article.title == TITLE
    assert article.publisher == "Valley Ledger"
    assert article.published == "2026-03-04"
    assert article.byline == ["Ann Lee", "Tom Roe"]
    assert article.url == "https://ledger.example/eastbrook-dam"


def test_title_first_once_and_noise_cleaned(article):
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == TITLE
    assert article.text.count(TITLE) == 1
    for noise in ("Advertisement", "Getty Images", "Share this article", "Home", "Copyright"):
        assert noise not in article.text
    assert (
        "The dam held, the county engineer said on Wednesday morning, and no homes below it were flooded."
        in paragraphs
    )
    assert {"caption", "photo credit"} <= {r.why for r in article.removed}


def test_given_metadata_wins():
    a = article_from_html(PAGE, publisher="Northline", url="https://other.example/a", published="2026-03-05")
    assert (a.publisher, a.url, a.published) == ("Northline", "https://other.example/a", "2026-03-05")


def test_bytes_are_sniffed_as_html():
    a = article_from_bytes(PAGE.encode("utf-8"), name="page.txt")
    assert a.title == TITLE


def test_broken_html_does_not_crash():
    broken = (
        "<html><body><div><p>The ferry to Eastbrook ran again on Thursday after the river fell, "
        "the operator said. <b>Passengers <i>queued from dawn</p><div><p>Tickets were free for the first"
    )
    a = article_from_bytes(broken.encode(), name="broken.html")
    assert "The ferry to Eastbrook ran again on Thursday" in a.text


def test_navigation_only_page_is_refused():
    links = "".join(
        f"<li><a href='/{w.lower()}'>{w}</a></li>"
        for w in [
            "World",
            "Politics",
            "Business",
            "Weather",
            "Sport",
            "Culture",
            "Opinion",
            "Science",
            "Health",
            "Travel",
        ]
    )
    page = (
        f"<html><head><title>Valley Ledger</title></head><body><header><nav><ul>{links}</ul></nav></header>"
        f"<div class='menu'><ul>{links}</ul></div>"
        "<footer><p>Contact us</p><p>About the Ledger</p><p>Privacy policy</p></footer></body></html>"
    )
    with pytest.raises(InputError, match=r"^nav\.html: no article text"):
        article_from_bytes(page.encode(), name="nav.html")


def test_empty_body_page_is_refused():
    with pytest.raises(InputError, match=r"^empty\.html: no article text"):
        article_from_bytes(
            b"<html><head><title>Nothing</title></head><body></body></html>", name="empty.html"
        )


def test_site_name_is_cut_from_the_page_title():
    page = PAGE.replace(f'<meta property="og:title" content="{TITLE}">', "")
    a = article_from_html(page)
    assert a.title == TITLE
    assert a.text.count(TITLE) == 1


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (f"{TITLE} | Valley Ledger", "Valley Ledger", TITLE),
        (f"Valley Ledger: {TITLE}", "Valley Ledger", TITLE),
        (f"{TITLE} - Northline", "Valley Ledger", f"{TITLE} - Northline"),
        ("Valley Ledger wins regional award", "Valley Ledger", "Valley Ledger wins regional award"),
    ],
)
def test_strip_site_name(title, site, expected):
    assert strip_site_name(title, site) == expected


def test_author_strings_are_tidied():
    page = PAGE.replace('content="Ann Lee; Tom Roe"', 'content="Ann Lee Monday; Valley Staff Writer; March"')
    assert article_from_html(page).byline == ["Ann Lee"]
