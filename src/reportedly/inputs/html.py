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
from reportedly.inputs.byline import OUTLET_WORDS
from reportedly.inputs.encoding import normalise_text
from reportedly.inputs.text import build_article, check_chars, is_consent, is_prose
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

#: choose_body: a precise body with less prose than this share of the other's is a stub
STUB_SHARE = 0.2
#: choose_body: prose paragraphs (each at least MIN_LEAD_CHARS) that make a dropped opening
LEAD_PARAGRAPHS = 2
MIN_LEAD_CHARS = 80
#: is_consent_text: share of the text in consent paragraphs that makes the whole a notice
CONSENT_SHARE = 0.5

#: "Headline | CBC News", "Headline - Times of India": a trailing name that looks like a publisher
PUBLISHER_SUFFIX = re.compile(
    r"\s+(?:\||-|–|—|::|·)\s+(?P<site>[A-Z][\w&'’.]*(?:\s+(?:[A-Z][\w&'’.]*|of|the|and|&|on)){0,4})$"
)
#: a section name left before the publisher's ("Headline | Opinion | Valley Post")
SECTION_SUFFIX = re.compile(
    r"\s+(?:\||-|–|—|::|·)\s+(?:opinion|sport|sports|news|business|culture|politics|world|"
    r"live(?: updates)?|analysis|entertainment|lifestyle|tech(?:nology)?)$",
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


def _trafilatura(html: str, url: str | None, name: str, *, precision: bool) -> dict[str, Any]:
    """trafilatura's reading with ``favor_precision`` (``precision``) or ``favor_recall``."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=precision,
            favor_recall=not precision,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # lxml and trafilatura raise many types on pathological markup
        raise InputError(f"{name}: could not parse HTML ({type(exc).__name__}: {exc})") from exc
    return {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()


def choose_body(precise: str, plain: str) -> str:
    """The article body from trafilatura's two readings (``favor_precision``, ``favor_recall``), by a fixed rule.

    The precise reading is the better one on most pages (no standfirst, fewer link
    lists), so it is the default. The recall reading's body (``plain``) wins in two cases:
    1. the precise body is a stub: its prose is under ``STUB_SHARE`` of the other's
       (precision sometimes keeps a FAQ block or a vote table and drops the story);
    2. precision dropped the opening: the default body has a run of at least
       ``LEAD_PARAGRAPHS`` prose paragraphs right before the precise body's first paragraph
       (sports and entertainment templates put the lead in a block of its own); those
       paragraphs are put back in front. A single sentence there is a standfirst, not a lead.
    A body that is mostly a cookie or consent notice never wins over one that is not.
    """
    if is_consent_text(precise) and plain.strip() and not is_consent_text(plain):
        return plain
    if not plain.strip() or is_consent_text(plain):
        return precise
    ours, theirs = _paragraphs(precise), _paragraphs(plain)
    if _prose_chars(ours) < STUB_SHARE * _prose_chars(theirs):
        return plain
    known = set(ours)
    first = next((i for i, p in enumerate(theirs) if p in known), None)
    if not first:
        return precise
    lead: list[str] = []
    for p in reversed(theirs[:first]):
        if not (is_prose(p) and len(p) >= MIN_LEAD_CHARS):
            break
        lead.insert(0, p)
    return "\n".join([*lead, *ours]) if len(lead) >= LEAD_PARAGRAPHS else precise


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _prose_chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs if is_prose(p))


def is_consent_text(text: str) -> bool:
    """True when most of ``text`` is a cookie or consent notice (a consent wall taken for the article)."""
    paragraphs = _paragraphs(text)
    total = sum(len(p) for p in paragraphs)
    notice = sum(len(p) for p in paragraphs if is_consent(p))
    return total > 0 and notice > CONSENT_SHARE * total


def extract(html: str, *, url: str | None = None, name: str = "<html>") -> Extracted:
    """Main text and metadata of a page; InputError when the page has no article text.

    trafilatura runs with ``favor_precision`` and with ``favor_recall``; ``choose_body``
    says which body is the article's."""
    data = _trafilatura(html, url, name, precision=True)
    plain = _trafilatura(html, url, name, precision=False)  # favor_recall
    text = choose_body(str(data.get("text") or ""), str(plain.get("text") or ""))
    if not data:
        data = plain
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    if is_consent_text(text):
        raise InputError(f"{name}: the page's text is a cookie or consent notice, not an article")
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
    if not title:
        return None
    return strip_publisher_suffix(strip_site_name(title, _opt(data.get("sitename")))) or None


def strip_publisher_suffix(title: str) -> str:
    """'Headline | CBC News' -> 'Headline': a trailing name with an outlet word (News, Times,
    Post, Gazette, ...), then a section name before it ('| Opinion'), when a headline of at
    least three words is left."""
    m = PUBLISHER_SUFFIX.search(title)
    if m is None or not OUTLET_WORDS.search(m["site"]):
        return title
    rest = title[: m.start()]
    rest = SECTION_SUFFIX.sub("", rest)
    return rest if len(rest.split()) >= 3 else title


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
    html = normalise_text(html)
    if not html.strip():
        raise InputError(f"{name}: empty input, not an article")
    check_chars(html, name, settings)
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
