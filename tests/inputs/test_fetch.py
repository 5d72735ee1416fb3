"""``fetch`` against real loopback HTTP servers: redirects, the per-hop check, the size cap."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from reportedly.errors import FetchError
from reportedly.inputs.url import fetch
from reportedly.settings import DEFAULT

PAGE = b"<html><body><p>The ferry to Qualmsby ran late again, the harbour master said.</p></body></html>"


@dataclass
class Server:
    url: str
    #: request paths in the order they arrived
    seen: list[str] = field(default_factory=list)
    #: path -> Location to redirect to
    redirects: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    """Two loopback servers: the first redirects as told, the second serves a page."""
    made: list[tuple[ThreadingHTTPServer, Server]] = []
    for _ in range(2):
        record = Server(url="")

        class Handler(BaseHTTPRequestHandler):
            rec = record

            def do_GET(self) -> None:
                self.rec.seen.append(self.path)
                target = self.rec.redirects.get(self.path)
                if target:
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = PAGE * 50 if self.path == "/big" else PAGE
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if self.path != "/big":
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        record.url = f"http://127.0.0.1:{httpd.server_address[1]}"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        made.append((httpd, record))
    try:
        yield made[0][1], made[1][1]
    finally:
        for httpd, _ in made:
            httpd.shutdown()
            httpd.server_close()


def only_origin(origin: str) -> Callable[[str], None]:
    """A check that lets ``origin`` through and refuses every other loopback or private address."""

    def check(url: str) -> None:
        if url.startswith(origin + "/"):
            return
        host = urlsplit(url).hostname or ""
        try:
            private = not ipaddress.ip_address(host).is_global
        except ValueError:
            private = host == "localhost"
        if private:
            raise FetchError(f"{url}: refusing to fetch a private address ({host})")

    return check


def test_redirects_are_followed_without_a_check(servers: tuple[Server, Server]) -> None:
    a, b = servers
    a.redirects["/story"] = b.url + "/page"
    body, final = fetch(a.url + "/story", DEFAULT)
    assert body == PAGE
    assert final == b.url + "/page"
    assert b.seen == ["/page"]


def test_check_refuses_a_redirect_to_a_private_address_before_connecting(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    # the second server is on loopback too, but only the first origin is allowed
    a.redirects["/story"] = b.url.replace("127.0.0.1", "localhost") + "/page"
    with pytest.raises(FetchError, match="refusing to fetch a private address"):
        fetch(a.url + "/story", DEFAULT, check=only_origin(a.url))
    assert a.seen == ["/story"]
    assert b.seen == []  # refused before the request was sent


def test_check_refuses_a_private_network_hop(servers: tuple[Server, Server]) -> None:
    a, _ = servers
    # 10.0.0.0/8 is never reached: a connect attempt would hang until the timeout instead
    a.redirects["/story"] = "http://10.20.30.40/internal"
    settings = replace(DEFAULT, fetch_timeout=2.0)
    with pytest.raises(FetchError, match=r"10\.20\.30\.40"):
        fetch(a.url + "/story", settings, check=only_origin(a.url))


def test_check_sees_the_first_url_and_every_hop(servers: tuple[Server, Server]) -> None:
    a, b = servers
    a.redirects["/one"] = a.url + "/two"
    a.redirects["/two"] = b.url + "/page"
    asked: list[str] = []
    body, final = fetch(a.url + "/one", DEFAULT, check=asked.append)
    assert body == PAGE
    assert final == b.url + "/page"
    assert a.url + "/one" in asked
    assert asked[-2:] == [a.url + "/two", b.url + "/page"]


def test_check_refusing_the_first_url_sends_nothing(servers: tuple[Server, Server]) -> None:
    a, _ = servers
    with pytest.raises(FetchError):
        fetch(a.url + "/page", DEFAULT, check=only_origin("http://elsewhere.example"))
    assert a.seen == []


def test_size_cap_holds_with_a_check(servers: tuple[Server, Server]) -> None:
    a, b = servers
    a.redirects["/story"] = b.url + "/big"
    settings = replace(DEFAULT, max_bytes=len(PAGE) * 10)
    with pytest.raises(FetchError, match="exceeds"):
        fetch(a.url + "/story", settings, check=lambda url: None)
