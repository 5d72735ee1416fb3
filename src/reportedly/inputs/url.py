"""Fetching a URL: httpx, a timeout, a size cap enforced while streaming, and the address policy.

Policy (CLI, library and web alike): loopback, private, link-local and other non-public
addresses are refused unless ``Settings.allow_private_urls`` (``--allow-private-urls``);
each hop is resolved once and connected to at the address that was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from reportedly import __version__
from reportedly.errors import FetchError
from reportedly.settings import Settings

USER_AGENT = f"reportedly/{__version__} (+https://pypi.org/project/reportedly/)"
#: content types that can hold an article; anything else (PDF, images, JSON APIs) is refused
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


#: answers (host, port) with the addresses to connect to; tests pass their own
Resolver = Callable[[str, int], list[str]]

#: IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052) and its
#: local-use range (RFC 8215), IPv4-translated (RFC 2765), IPv4-compatible (deprecated)
_WRAPS_IPV4_LOW32 = tuple(
    ipaddress.IPv6Network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::ffff:0:0:0/96", "::/96")
)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the system's order, each once."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    """True for a globally routable unicast address. An IPv6 address that wraps an IPv4 one
    (mapped, translated, NAT64, 6to4, Teredo, compatible) is as public as what it wraps."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        wrapped = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if any(ip in net for net in _WRAPS_IPV4_LOW32):
            wrapped.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        inner = [w for w in wrapped if w is not None]
        if inner:
            return all(is_public(str(w)) for w in inner)
    return bool(ip.is_global) and not ip.is_multicast


def fetch(
    url: str,
    settings: Settings,
    *,
    check: Callable[[str], None] | None = None,
    resolver: Resolver = system_resolver,
    address_ok: Callable[[str], bool] = is_public,
    max_redirects: int = 20,
) -> tuple[bytes, str]:
    """GET ``url`` following redirects; return (body, final URL) or raise FetchError with one line.

    Every hop (the first URL and each redirect target) is resolved once, its addresses are
    checked, and the connection goes to the checked address (Host header and TLS server name
    set to the host): a resolver that answers differently the second time (DNS rebinding)
    gets no second question. Unless ``settings.allow_private_urls``, a host with any loopback,
    private, link-local or otherwise non-public address is refused before anything is sent.
    ``check`` is also called with each hop's URL first (and may refuse it by raising FetchError);
    ``resolver`` and ``address_ok`` (which addresses count as public) are for tests.
    Proxies from the environment are not used: the address checked is the address connected.
    """
    limit = settings.max_bytes
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"}
    try:
        with httpx.Client(follow_redirects=False, timeout=settings.fetch_timeout, trust_env=False) as client:
            hop = url
            for _ in range(max_redirects + 1):
                if check is not None:
                    check(hop)
                request = _pinned_request(client, hop, headers, settings, resolver, address_ok)
                response = client.send(request, stream=True)
                try:
                    location = response.headers.get("location") if response.is_redirect else None
                    if location:
                        hop = urljoin(hop, location.strip())
                        continue
                    return _body(response, hop, url, limit), hop
                finally:
                    response.close()
            raise FetchError(f"{url}: more than {max_redirects} redirects")
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


def _pinned_request(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    settings: Settings,
    resolver: Resolver,
    address_ok: Callable[[str], bool],
) -> httpx.Request:
    """A request for ``url`` addressed to the IP its host resolves to (checked), once."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(f"{url}: not a valid URL") from None
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("http", "https") or not host:
        raise FetchError(f"{url}: only http:// and https:// URLs can be read")
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except FetchError as exc:
            raise FetchError(f"{url}: {exc}") from None
    if not addresses:
        raise FetchError(f"{url}: cannot resolve host {host!r}")
    if not settings.allow_private_urls:
        for address in addresses:
            if not address_ok(address):
                raise FetchError(
                    f"{url}: refusing to fetch a loopback, private or link-local address ({address}); "
                    "use --allow-private-urls to allow it"
                )
    address = addresses[0]
    literal = f"[{address}]" if ":" in address else address
    target = urlunsplit((scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
    bracketed = f"[{host}]" if ":" in host else host
    host_header = bracketed if parts.port is None else f"{bracketed}:{parts.port}"
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    return client.build_request(
        "GET", target, headers={**headers, "Host": host_header}, extensions=extensions
    )


def _body(response: httpx.Response, hop: str, url: str, limit: int) -> bytes:
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
    return bytes(body)


def _too_big(url: str, size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"{url}: {more}{size:,} bytes exceeds the {limit:,}-byte limit (set REPORTEDLY_MAX_BYTES or --max-bytes)"


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    # httpx wraps OS errors as "[Errno 111] Connection refused"
    if text.startswith("[Errno") and "]" in text:
        text = text.split("]", 1)[1].strip()
    return text or type(exc).__name__
