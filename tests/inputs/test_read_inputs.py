"""Sources and bad input: every refusal is an InputError with one line naming the input."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportedly.errors import FetchError, InputError
from reportedly.inputs import decode, fetch, load_article
from reportedly.settings import Settings

STORY = (
    "Eastbrook ferry runs again\n\n"
    "The ferry to Eastbrook ran again on Thursday after the river fell, the operator said.\n\n"
    "\u201cWe\u2019re back,\u201d captain Ivo Brandt told passengers \u2013 most of them commuters.\n"
)


def one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_reads_a_text_file(tmp_path: Path):
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    a = load_article(path, publisher="Valley Ledger")
    assert a.title == "Eastbrook ferry runs again"
    assert a.publisher == "Valley Ledger"
    assert "\u201cWe\u2019re back,\u201d" in a.text
    assert load_article(str(path)).text == a.text


def test_cp1252_file_with_curly_quotes_is_decoded(tmp_path: Path):
    path = tmp_path / "ferry-cp1252.txt"
    path.write_bytes(STORY.encode("cp1252"))
    a = load_article(path)
    assert (
        "\u201cWe\u2019re back,\u201d captain Ivo Brandt told passengers \u2013 most of them commuters."
        in a.text
    )


def test_utf8_bom_and_utf16_are_decoded():
    assert decode(b"\xef\xbb\xbfCaf\xc3\xa9 owners agreed.", "x") == "Café owners agreed."
    assert (
        decode("Caf\u00e9 owners \u201cagreed\u201d.".encode("utf-16"), "x")
        == "Caf\u00e9 owners \u201cagreed\u201d."
    )
    assert (
        decode("The ferry ran again on Thursday.".encode("utf-16-le"), "x")
        == "The ferry ran again on Thursday."
    )


def test_bytes_source():
    a = load_article(STORY.encode("utf-8"))
    assert a.title == "Eastbrook ferry runs again"


def test_stdin_source(monkeypatch: pytest.MonkeyPatch):
    class Stdin:
        buffer = io.BytesIO(STORY.encode("utf-8"))

    monkeypatch.setattr("sys.stdin", Stdin())
    assert load_article("-").title == "Eastbrook ferry runs again"


def test_empty_file(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        load_article(path)
    assert one_line(exc) == f"{path}: empty input, not an article"


def test_whitespace_only_file(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\r\n\t  \n")
    with pytest.raises(InputError, match="empty input"):
        load_article(path)


def test_nul_laden_binary(tmp_path: Path):
    path = tmp_path / "notes.bin"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError) as exc:
        load_article(path)
    assert one_line(exc) == f"{path}: binary data, not an article"


def test_control_character_junk_without_nul(tmp_path: Path):
    path = tmp_path / "junk.dat"
    path.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 50 + b"some words")
    with pytest.raises(InputError, match="binary data"):
        load_article(path)


def test_known_binary_format_is_named(tmp_path: Path):
    path = tmp_path / "story.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(InputError, match=r"binary data \(PDF\)"):
        load_article(path)


def test_too_large_file_default_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"The ferry ran again. " * 300_000)  # 6.3 MB
    with pytest.raises(InputError) as exc:
        load_article(path, settings=Settings(max_bytes=5_000_000))
    assert one_line(exc) == (
        f"{path}: 6,300,000 bytes exceeds the 5,000,000-byte limit (set REPORTEDLY_MAX_BYTES or --max-bytes)"
    )


def test_too_large_with_lowered_limit(tmp_path: Path):
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    with pytest.raises(InputError, match=r"exceeds the 100-byte limit"):
        load_article(path, settings=Settings(max_bytes=100))
    with pytest.raises(InputError, match=r"^<bytes>: .* exceeds the 100-byte limit"):
        load_article(STORY.encode(), settings=Settings(max_bytes=100))


def test_missing_path(tmp_path: Path):
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as exc:
        load_article(path)
    assert one_line(exc) == f"{path}: no such file"


def test_directory(tmp_path: Path):
    with pytest.raises(InputError) as exc:
        load_article(tmp_path)
    assert one_line(exc) == f"{tmp_path}: is a directory, not an article file"


def test_text_passed_as_path_gets_a_hint():
    with pytest.raises(InputError, match="looks like article text"):
        load_article(STORY)


# -- URLs: a real server on loopback ------------------------------------------------

PAGE = (
    b"<html><head><title>Eastbrook ferry runs again</title>"
    b'<meta property="og:site_name" content="Valley Ledger"></head><body><article>'
    b"<h1>Eastbrook ferry runs again</h1>"
    b"<p>The ferry to Eastbrook ran again on Thursday after the river fell, the operator said.</p>"
    b"<p>Advertisement</p>"
    b"<p>About 400 passengers crossed before noon, according to the ticket office, twice the usual number.</p>"
    b"</article></body></html>"
)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/story":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/story")
            self.end_headers()
        elif self.path == "/big":
            # no Content-Length: the reader must stop on its own
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 16_384 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader hung up at its cap, as it should
        elif self.path == "/logo.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n")
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


#: the test server is on loopback, which fetching refuses unless allowed
LOOPBACK = Settings(allow_private_urls=True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_follows_redirects(server: str):
    body, final = fetch(f"{server}/moved", LOOPBACK)
    assert body == PAGE
    assert final == f"{server}/story"


def test_load_article_from_url(server: str):
    a = load_article(f"{server}/story", settings=LOOPBACK)
    assert a.title == "Eastbrook ferry runs again"
    assert a.url == f"{server}/story"
    assert a.publisher == "Valley Ledger"
    assert "Advertisement" not in a.text
    assert a.text.split("\n\n")[0] == a.title


def test_http_404(server: str):
    with pytest.raises(FetchError) as exc:
        load_article(f"{server}/gone", settings=LOOPBACK)
    assert one_line(exc) == f"{server}/gone: HTTP 404 Not Found"


def test_streamed_body_over_the_cap_stops(server: str):
    with pytest.raises(FetchError, match=r"more than [\d,]+ bytes exceeds the 100,000-byte limit"):
        fetch(f"{server}/big", Settings(max_bytes=100_000, allow_private_urls=True))


def test_non_article_content_type(server: str):
    with pytest.raises(FetchError, match="content type image/png"):
        fetch(f"{server}/logo.png", LOOPBACK)


def test_unreachable_url():
    with pytest.raises(FetchError) as exc:
        load_article("http://127.0.0.1:9/", settings=Settings(fetch_timeout=2.0, allow_private_urls=True))
    assert one_line(exc).startswith("http://127.0.0.1:9/: cannot connect")


def test_loopback_is_refused_unless_allowed(server: str):
    # the CLI's policy: a scraper pointed at a link must not reach this machine's services
    with pytest.raises(FetchError) as exc:
        load_article(f"{server}/story")
    assert one_line(exc) == (
        f"{server}/story: refusing to fetch a loopback, private or link-local address (127.0.0.1); "
        "use --allow-private-urls to allow it"
    )


def test_fetch_error_is_an_input_error():
    # the CLI and batch readers catch InputError; a failed fetch must be one
    assert issubclass(FetchError, InputError)


def test_html_file_by_path(tmp_path: Path):
    path = tmp_path / "ferry.html"
    path.write_bytes(PAGE)
    a = load_article(path, url="https://ledger.example/ferry")
    assert (a.title, a.publisher, a.url) == (
        "Eastbrook ferry runs again",
        "Valley Ledger",
        "https://ledger.example/ferry",
    )
