"""Fetching a URL: httpx, a timeout, and a size cap enforced while streaming."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from reportedly import __version__
from reportedly.errors import FetchError
from reportedly.settings import Settings

USER_AGENT = f"reportedly/{__version__} (+https://pypi.org/project/reportedly/)"
#: content types that can hold an article; anything else (PDF, images, JSON APIs) is refused
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    settings: Settings,
    *,
    check: Callable[[str], None] | None = None,
    max_redirects: int = 20,
) -> tuple[bytes, str]:
    """GET ``url`` following redirects; return (body, final URL) or raise FetchError with one line.

    ``check`` is called with the URL and with every redirect target before it is requested; it
    refuses one by raising FetchError (the web app refuses non-public addresses this way).
    """
    limit = settings.max_bytes
    hooks: dict[str, list[Callable[[httpx.Request], None]]] = {}
    if check is not None:
        check(url)
        hooks["request"] = [lambda request: check(str(request.url))]
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=max_redirects,
                timeout=settings.fetch_timeout,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                },
                event_hooks=hooks,
                # with a check, a proxy from the environment would connect to a host we did not check
                trust_env=check is None,
            ) as client,
            client.stream("GET", url) as response,
        ):
            final = str(response.url)
            if not response.is_success:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and not kind.startswith(TEXT_TYPES):
                raise FetchError(f"{url}: content type {kind} is not an article page")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_big(url, int(declared), limit))
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > limit:
                    # stop reading: the server may be sending without end
                    raise FetchError(_too_big(url, len(body), limit, at_least=True))
            return bytes(body), final
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {settings.fetch_timeout:g} s") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: cannot connect ({_reason(exc)})") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"{url}: not a valid http(s) URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: fetch failed ({type(exc).__name__}: {_reason(exc)})") from exc


def _too_big(url: str, size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"{url}: {more}{size:,} bytes exceeds the {limit:,}-byte limit (set REPORTEDLY_MAX_BYTES or --max-bytes)"


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    # httpx wraps OS errors as "[Errno 111] Connection refused"
    if text.startswith("[Errno") and "]" in text:
        text = text.split("]", 1)[1].strip()
    return text or type(exc).__name__
