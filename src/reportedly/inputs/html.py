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
from reportedly.inputs.text import build_article
from reportedly.model import Article
from reportedly.settings import DEFAULT, Settings

#: trafilatura joins several authors with "; "
AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")
#: tags that make bytes an HTML document rather than text that mentions "<"
HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|main|meta|title|div|p|section|span|h[1-6]|br)\b", re.I
)

#: "Headline | Site", "Headline - Site", "Site: Headline", "Site | Headline"
SITE_SEPARATOR_END = re.compile(r"\s+(?:\||-|–|—|::|·)\s*$")
SITE_SEPARATOR_START = re.compile(r"^\s*(?:\||-|–|—|::|·|:)\s+")
#: words trafilatura leaves on author strings from the byline block ("Ann Lee Monday", "AP Auto Writer")
AUTHOR_TAIL = re.compile(
    r"(?:\s+(?:published|updated|posted|(?i:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december)))+$",
    re.I,
)
AUTHOR_NOT_A_PERSON = re.compile(
    r"(?:^|\s)(?:writer|editor|correspondent|reporter|staff|services?|bureau|desk|admin)$|^(?:"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)$",
    re.I,
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
        title=_title(data),
        authors=_authors(data.get("author")),
        date=_opt(data.get("date")),
        sitename=_opt(data.get("sitename")),
        url=_opt(data.get("url")),
    )


def _title(data: dict[str, Any]) -> str | None:
    title = _opt(data.get("title"))
    return strip_site_name(title, _opt(data.get("sitename"))) or None if title else None


def _opt(value: Any) -> str | None:
    text = str(value).strip() if value else ""
    return text or None


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    found: list[str] = []
    for part in AUTHOR_SPLIT.split(str(value)):
        name = AUTHOR_TAIL.sub("", part.strip()).strip(" ,.")
        if name and not AUTHOR_NOT_A_PERSON.search(name) and name not in found:
            found.append(name)
    return found


def strip_site_name(title: str, sitename: str | None) -> str:
    """'Headline | Valley Ledger' -> 'Headline' when the other part is the site's name."""
    site = (sitename or "").strip()
    if not site or len(title) <= len(site):
        return title
    low, site_low = title.casefold(), site.casefold()
    rest = ""
    if low.endswith(site_low) and SITE_SEPARATOR_END.search(title[: -len(site)]):
        rest = SITE_SEPARATOR_END.sub("", title[: -len(site)])
    elif low.startswith(site_low) and SITE_SEPARATOR_START.match(title[len(site) :]):
        rest = SITE_SEPARATOR_START.sub("", title[len(site) :])
    # a one-word remainder is more likely the site name inside the headline than the headline
    return rest if len(rest.split()) >= 2 else title


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
    """Like article_from_html, naming the input ``name`` in errors."""
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
