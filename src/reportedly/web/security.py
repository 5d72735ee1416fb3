"""Treating article content and requests as hostile.

* ``safe_href``: only http(s) URLs become links; ``javascript:``, ``data:`` and the
  rest are shown as text.
* ``check_public_url`` / ``fetch_public``: the read form's URL fetch refuses
  loopback, private, link-local and other non-public addresses (IPv6 wrappings of
  them too), on the first request and on every redirect; each hop is resolved once
  and connected to at the address that was checked (no DNS rebinding).
* ``Guard``: an ASGI middleware that adds the security headers and refuses request bodies over a size,
  counting what actually arrives rather than trusting Content-Length; it answers HEAD as GET
  without the body.
* ``SECURITY_HEADERS``: a strict Content-Security-Policy (no inline script at
  all), so even a missed escape cannot run script.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from reportedly.errors import FetchError
from reportedly.inputs.url import fetch, is_public, system_resolver
from reportedly.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: schemes a stored URL may have to be rendered as a link
LINK_SCHEMES = ("http", "https")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (render it as text)."""
    if not url:
        return None
    url = url.strip()
    # browsers ignore tabs/newlines inside a scheme ("java\tscript:"); refuse any control character
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    return url


def check_public_url(url: str, settings: Settings) -> None:
    """Raise FetchError unless ``url`` is http(s) and its host resolves only to public addresses
    (the form's early answer; ``fetch`` checks again at every hop, on the address it connects to)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(f"{url}: not a valid URL") from None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// URLs can be read")
    if settings.allow_private_urls:
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = system_resolver(host, port or 443)
        except FetchError as exc:
            raise FetchError(f"{url}: {exc}") from None
    for address in addresses:
        if not is_public(address):
            raise FetchError(
                f"{url}: refusing to fetch a loopback, private or link-local address ({address})"
            )


def fetch_public(url: str, settings: Settings) -> tuple[bytes, str]:
    """``reportedly.inputs.fetch`` for the web: at most 5 redirects, every hop resolved once,
    checked to be public (unless ``allow_private_urls``) and connected to at that address.

    Time (``fetch_timeout``) and size (``max_bytes``) limits apply as in the CLI.
    """
    return fetch(url, settings, max_redirects=5)


def same_origin(headers: dict[bytes, bytes]) -> bool:
    """False when the browser says the request comes from a page of another site.

    Browsers send ``Sec-Fetch-Site`` (older ones only ``Origin``); clients that send
    neither (curl, scripts using the API) are not browsers carrying a visitor's session.
    """
    site = headers.get(b"sec-fetch-site")
    if site is not None:
        return site in (b"same-origin", b"none")
    origin = headers.get(b"origin")
    if origin is None:
        return True
    try:
        return urlsplit(origin.decode("latin-1")).netloc.encode("latin-1") == headers.get(b"host")
    except ValueError:
        return False


_HEADER_BYTES = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class Guard:
    """Add the security headers to every response; refuse (413) request bodies over ``limit`` bytes,
    declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # HEAD is GET without the body (the routes are declared for GET only)
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _plain(send, 413, f"request body larger than {self.limit:,} bytes")
            return
        if scope.get("method") not in ("GET", "HEAD", "OPTIONS") and not same_origin(headers):
            # another site's page must not make a visitor's browser store articles here
            await _plain(send, 403, "cross-site request refused")
            return
        seen = 0
        started = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # answer now and tell the app the client went away: whatever it
                    # makes of that (frameworks turn body errors into a 400) is dropped
                    refused = True
                    if not started:
                        await _plain(send, 413, f"request body larger than {self.limit:,} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADER_BYTES if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, counting_receive, guarded_send)


async def _plain(send: Send, status: int, text: str) -> None:
    body = f"{status}: {text}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += _HEADER_BYTES
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
