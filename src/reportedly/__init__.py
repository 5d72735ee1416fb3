"""reportedly: who said what, who reported it, and how far it travelled.

>>> import reportedly
>>> report = reportedly.read("article.html")          # path, URL or raw bytes
>>> report = reportedly.read_text("Smith said ...")   # already-scraped text
>>> [(a.speakers[0].name, a.content_text) for a in report.attributions]
"""

from __future__ import annotations

from reportedly.errors import FetchError, InputError, ReportedlyError, StoreError
from reportedly.model import (
    SCHEMA,
    Article,
    Attribution,
    Entity,
    Quantity,
    Removal,
    Report,
    Span,
    Speaker,
    Via,
)
from reportedly.settings import DEFAULT, Settings

__version__ = "0.1.0"

__all__ = [
    "DEFAULT",
    "SCHEMA",
    "Article",
    "Attribution",
    "Entity",
    "FetchError",
    "InputError",
    "Quantity",
    "Removal",
    "Report",
    "ReportedlyError",
    "Settings",
    "Span",
    "Speaker",
    "StoreError",
    "Via",
    "read",
    "read_html",
    "read_text",
]


def read(
    source: str | bytes,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Report:
    """Read one article from a path, an http(s) URL, or raw bytes, and analyse it."""
    from reportedly.inputs import load_article
    from reportedly.pipeline import analyze

    article = load_article(source, publisher=publisher, url=url, published=published, settings=settings)
    return analyze(article, settings)


def read_text(
    text: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Report:
    """Analyse already-scraped plain text (noise is cleaned first)."""
    from reportedly.inputs import article_from_text
    from reportedly.pipeline import analyze

    article = article_from_text(text, publisher=publisher, url=url, published=published, settings=settings)
    return analyze(article, settings)


def read_html(
    html: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Report:
    """Analyse an HTML page: main text and metadata through trafilatura."""
    from reportedly.inputs import article_from_html
    from reportedly.pipeline import analyze

    article = article_from_html(html, publisher=publisher, url=url, published=published, settings=settings)
    return analyze(article, settings)
