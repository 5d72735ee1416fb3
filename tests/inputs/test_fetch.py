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
from reportedly.inputs.url import fetch, is_public
from reportedly.settings import DEFAULT, Settings

#: these servers are on loopback, which fetch refuses unless allowed
LOOPBACK = Settings(allow_private_urls=True)
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
    body, final = fetch(a.url + "/story", LOOPBACK)
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
        fetch(a.url + "/story", LOOPBACK, check=only_origin(a.url))
    assert a.seen == ["/story"]
    assert b.seen == []  # refused before the request was sent


def test_check_refuses_a_private_network_hop(servers: tuple[Server, Server]) -> None:
    a, _ = servers
    # 10.0.0.0/8 is never reached: a connect attempt would hang until the timeout instead
    a.redirects["/story"] = "http://10.20.30.40/internal"
    settings = replace(LOOPBACK, fetch_timeout=2.0)
    with pytest.raises(FetchError, match=r"10\.20\.30\.40"):
        fetch(a.url + "/story", settings, check=only_origin(a.url))


def test_check_sees_the_first_url_and_every_hop(servers: tuple[Server, Server]) -> None:
    a, b = servers
    a.redirects["/one"] = a.url + "/two"
    a.redirects["/two"] = b.url + "/page"
    asked: list[str] = []
    body, final = fetch(a.url + "/one", LOOPBACK, check=asked.append)
    assert body == PAGE
    assert final == b.url + "/page"
    assert a.url + "/one" in asked
    assert asked[-2:] == [a.url + "/two", b.url + "/page"]


def test_check_refusing_the_first_url_sends_nothing(servers: tuple[Server, Server]) -> None:
    a, _ = servers
    with pytest.raises(FetchError):
        fetch(a.url + "/page", LOOPBACK, check=only_origin("http://elsewhere.example"))
    assert a.seen == []


def test_size_cap_holds_with_a_check(servers: tuple[Server, Server]) -> None:
    a, b = servers
    a.redirects["/story"] = b.url + "/big"
    settings = replace(LOOPBACK, max_bytes=len(PAGE) * 10)
    with pytest.raises(FetchError, match="exceeds"):
        fetch(a.url + "/story", settings, check=lambda url: None)


# --------------------------------------------------------------------------- DNS rebinding


@dataclass
class Seen:
    hosts: list[str] = field(default_factory=list)


def _serve(address: str, port: int, seen: Seen) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.hosts.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((address, port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def rebinding() -> Iterator[tuple[int, Seen, Seen]]:
    """A "public" server on 127.0.0.2 and an "internal" one on 127.0.0.1, on the same port."""
    for _ in range(20):
        public_seen, internal_seen = Seen(), Seen()
        public = _serve("127.0.0.2", 0, public_seen)
        port = public.server_address[1]
        try:
            internal = _serve("127.0.0.1", port, internal_seen)
        except OSError:  # the port is taken on 127.0.0.1: try another
            public.shutdown()
            public.server_close()
            continue
        try:
            yield port, public_seen, internal_seen
        finally:
            for httpd in (public, internal):
                httpd.shutdown()
                httpd.server_close()
        return
    pytest.skip("no port free on both loopback addresses")


def only_127_0_0_2(address: str) -> bool:
    """The test's notion of "public": 127.0.0.2 stands for the internet, the rest is internal."""
    return address == "127.0.0.2"


def test_fetch_connects_to_the_address_it_checked(rebinding: tuple[int, Seen, Seen]) -> None:
    port, public, internal = rebinding
    asked: list[str] = []

    def rebinding_resolver(host: str, port: int) -> list[str]:
        # a public answer for the check, loopback for anyone who asks again
        asked.append(host)
        return ["127.0.0.2"] if len(asked) == 1 else ["127.0.0.1"]

    url = f"http://news.rebind.test:{port}/story"
    body, final = fetch(url, DEFAULT, resolver=rebinding_resolver, address_ok=only_127_0_0_2)
    assert body == PAGE and final == url
    assert asked == ["news.rebind.test"]  # resolved once
    assert public.hosts == [f"news.rebind.test:{port}"]  # the Host header names the site
    assert internal.hosts == []


def test_fetch_refuses_a_host_that_resolves_internal(rebinding: tuple[int, Seen, Seen]) -> None:
    port, public, internal = rebinding
    with pytest.raises(
        FetchError, match=r"refusing to fetch a loopback, private or link-local address \(127\.0\.0\.1\)"
    ):
        fetch(
            f"http://intranet.rebind.test:{port}/",
            DEFAULT,
            resolver=lambda host, port: ["127.0.0.2", "127.0.0.1"],
            address_ok=only_127_0_0_2,
        )
    assert public.hosts == [] and internal.hosts == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:0:7f00:1",  # IPv4-translated
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "::127.0.0.1",  # IPv4-compatible
        "fe80::1%eth0",
        "fd00::1",
    ],
)
def test_addresses_that_wrap_private_ones_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "2606:4700::1111", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1"]
)
def test_public_addresses(address: str) -> None:
    assert is_public(address)
