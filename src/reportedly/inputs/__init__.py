"""Reading articles: files, URLs, stdin or bytes in; a clean ``Article`` out.

>>> from reportedly.inputs import load_article
>>> article = load_article("story.html")     # or "https://...", "-", b"..."
>>> article.text.split("\\n\\n")[0] == article.title
True

Where things happen: ``encoding`` (bytes to text, binary junk), ``text`` (noise
cleaning rules), ``byline`` (bylines, datelines, credits, dates), ``html``
(trafilatura), ``url`` (fetching).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reportedly.errors import InputError
from reportedly.inputs.encoding import decode
from reportedly.inputs.html import article_from_html, html_article, looks_like_html
from reportedly.inputs.text import Cleaned, article_from_text, build_article, clean
from reportedly.inputs.url import fetch, is_url
from reportedly.model import Article
from reportedly.settings import DEFAULT, Settings

__all__ = [
    "Cleaned",
    "article_from_bytes",
    "article_from_html",
    "article_from_text",
    "clean",
    "decode",
    "fetch",
    "load_article",
    "read_file",
]

#: a str longer than this, or with a newline, is text someone meant to analyse, not a path
MAX_PATH_CHARS = 4096


def load_article(
    source: str | bytes | os.PathLike[str],
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings = DEFAULT,
) -> Article:
    """Read one article from a path, an http(s) URL, "-" (stdin) or raw bytes; HTML or text is sniffed."""

    def from_bytes(data: bytes, name: str, page_url: str | None = url) -> Article:
        return article_from_bytes(
            data, name=name, publisher=publisher, url=page_url, published=published, settings=settings
        )

    if isinstance(source, bytes | bytearray):
        return from_bytes(bytes(source), "<bytes>")
    if isinstance(source, str):
        if source == "-":
            return from_bytes(read_stdin(settings), "<stdin>")
        if is_url(source):
            body, final = fetch(source, settings)
            return from_bytes(body, source, url or final)
        if "\n" in source or len(source) > MAX_PATH_CHARS:
            head = source.strip()[:40].split("\n")[0]
            raise InputError(f"{head!r}...: looks like article text, not a path or URL (use read_text)")
    path = Path(source)
    return from_bytes(read_file(path, settings), str(path))


def article_from_bytes(
    data: bytes,
    *,
    name: str = "<input>",
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    settings: Settings = DEFAULT,
) -> Article:
    """Decode ``data`` (any encoding), refuse junk, and read it as HTML or text (``title``: plain
    text only; a page's own title wins)."""
    check_size(len(data), name, settings)
    if not data.strip():
        raise InputError(f"{name}: empty input, not an article")
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty input, not an article")
    if looks_like_html(data, name):
        return html_article(
            text, name=name, publisher=publisher, url=url, published=published, settings=settings
        )
    return build_article(
        text, name=name, publisher=publisher, url=url, published=published, title=title, settings=settings
    )


def read_file(path: Path, settings: Settings) -> bytes:
    """The bytes of ``path``, checking existence and size before reading it all."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not an article file")
        size = path.stat().st_size
        check_size(size, name, settings)
        with path.open("rb") as fh:
            # a file can grow between stat and read (a log, a pipe): never read past the cap
            data = fh.read(settings.max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    check_size(len(data), name, settings)
    return data


def read_stdin(settings: Settings) -> bytes:
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    check_size(len(data), "<stdin>", settings)
    return data


def check_size(size: int, name: str, settings: Settings) -> None:
    if size > settings.max_bytes:
        raise InputError(
            f"{name}: {size:,} bytes exceeds the {settings.max_bytes:,}-byte limit "
            "(set REPORTEDLY_MAX_BYTES or --max-bytes)"
        )
