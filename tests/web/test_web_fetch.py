"""The read form's URL fetch: ``fetch_public`` is ``fetch`` with the public-address check on every hop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reportedly.errors import FetchError
from reportedly.inputs.url import fetch
from reportedly.settings import DEFAULT, Settings
from reportedly.web.security import check_public_url, fetch_public


@pytest.fixture
def redirector() -> Iterator[tuple[str, list[str]]]:
    """A loopback server whose every path redirects to another loopback port; (its URL, paths seen)."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/admin")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_public_refuses_a_loopback_url_without_sending(redirector: tuple[str, list[str]]) -> None:
    url, seen = redirector
    with pytest.raises(FetchError, match="loopback, private or link-local"):
        fetch_public(url + "/story", DEFAULT)
    assert seen == []


def test_public_check_refuses_a_redirect_hop_to_loopback(redirector: tuple[str, list[str]]) -> None:
    url, seen = redirector

    # the first hop is let through so that the redirect, not the first URL, meets the real check
    def check(hop: str) -> None:
        if not hop.startswith(url + "/"):
            check_public_url(hop, DEFAULT)

    with pytest.raises(FetchError, match=r"127\.0\.0\.1:9/admin: refusing"):
        # loopback allowed for fetch itself, so that the hop check is what refuses
        fetch(url + "/story", Settings(allow_private_urls=True), check=check)
    assert seen == ["/story"]
