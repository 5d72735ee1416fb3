"""HTML pages: trafilatura finds the main text and the metadata, then the text cleaner runs.

trafilatura already drops navigation, comments and most figure markup; the
cleaner still runs on its output because captions, credits, ad markers and a
repeated headline often sit inside the article element itself.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura

from reportedly.errors import InputError
from reportedly.model import Article
from reportedly.read.text import build_article
from reportedly.settings import DEFAULT, Settings

#: trafilatura joins several authors with "; "
AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")
#: tags that make bytes an HTML document rather than text that mentions "<"
HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|main|meta|title|div|p|section|span|h[1-6]|br)\b", re.I
)

# trafilatura logs every page it finds little in; the caller gets an InputError instead
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found on a page."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def looks_like_html(data: bytes | str, name: str = "") -> bool:
    """Sniff the first kilobytes (or trust an .html/.htm/.xhtml name)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", errors="replace")
    return bool(HTML_SNIFF.search(head))


def extract(html: str, *, url: str | None = None, name: str = "<html>") -> Extracted:
    """Main text and metadata of a page; InputError when the page has no article text."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # lxml and trafilatura raise many types on pathological markup
        raise InputError(f"{name}: could not parse HTML ({type(exc).__name__}: {exc})") from exc
    data: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = str(data.get("text") or "")
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return Extracted(
        text=text,
        title=_opt(data.get("title")),
        authors=_authors(data.get("author")),
        date=_opt(data.get("date")),
        sitename=_opt(data.get("sitename")),
        url=_opt(data.get("url")),
    )


def _opt(value: Any) -> str | None:
    text = str(value).strip() if value else ""
    return text or None


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    return [a for a in (part.strip() for part in AUTHOR_SPLIT.split(str(value))) if a]


def article_from_html(
    html: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Article:
    """An Article from an HTML page: trafilatura's main text, cleaned, with the page's metadata."""
    return html_article(
        html, name="<html>", publisher=publisher, url=url, published=published, settings=settings
    )


def html_article(
    html: str,
    *,
    name: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Article:
    if not html.strip():
        raise InputError(f"{name}: empty input, not an article")
    page = extract(html, url=url, name=name)
    return build_article(
        page.text,
        name=name,
        publisher=publisher or page.sitename,
        url=url or page.url,
        published=published or page.date,
        title=page.title,
        byline=page.authors,
        settings=settings,
    )
