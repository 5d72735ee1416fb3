"""Hostile inputs shared by the robustness tests, the fuzzer and benchmarks/bench_hostile.py.

Each was found by an attack on ``read``, ``ingest`` or ``serve`` (issue 13); they are
built here rather than stored, so the repository holds no megabytes of junk.
"""

from __future__ import annotations

import uuid
import zlib
from pathlib import Path

#: ~30 empty template slots beside an attribution: the old residue regex backtracked
#: exponentially on it (24 slots ~7 s, each one more doubling it)
FREEZING_LINE = "{{}}" * 30 + ' The mayor said "the river is still rising" on Monday.'
FREEZING_TEXT = f"River still rising\n\n{FREEZING_LINE}\n\nThe council met in Portvale on Monday night.\n"

#: pieces that trip parsers: template slots, quote marks, separators, controls, lone
#: surrogates, markup, bylines, credits, boilerplate; used by the property tests (short
#: pieces in random order) and by the fuzzer (inserted into real articles)
HOSTILE_PIECES = [
    "{{}}" * 30,
    "{{",
    "}}",
    "{%",
    "%}",
    "{% x %}",
    "[[",
    "]]",
    "${",
    "${x}",
    "<%",
    "%>",
    '"',
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    ":",
    ": ",
    ' "no" ',
    ' The official was blunt: "no" ',
    " - ",
    " — ",
    " | ",
    "(",
    ")",
    "/",
    "By ",
    "By Jane Roe | ",
    "Photo: ",
    "Photo: Jane Roe/Getty Images",
    "Photos by @a",
    'Photos by @name," she captioned the post.',
    "Getty Images",
    "said",
    " said ",
    " told ",
    " told reporters ",
    "according to ",
    " according to ",
    "(Reuters) - ",
    "PORTVALE, March 2 (Northline) - ",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x1b",
    "\x1b[0m",
    "\ud800",
    "\udfff",
    "\u2028",
    "\ufeff",
    "\u202e",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>",
    "<script>alert(1)</script>",
    "&amp;",
    "&#0;",
    "<!--",
    "<![CDATA[",
    "MORE:",
    "MORE: ",
    "[Related: ",
    "[Related: x]",
    "Follow her on X @a",
    "Sign up",
    "Sign up for our newsletter",
    "newsletter",
    "cookies",
    "We use cookies",
    "Advertisement",
    "1,000",
    "1,000,000",
    "3.5%",
    "nearly 40",
    "null",
    "undefined",
]

#: pieces that are long on their own (the fuzzer repeats them; too big for property tests)
LONG_PIECES = ["x" * 500, " " * 200, "." * 100]

#: one colon-framed quote; thousands of them made quote handling quadratic
COLON_QUOTE = 'The official was blunt: "no" '


def colon_quotes(n: int, quote: str = COLON_QUOTE) -> str:
    return "Council refuses\n\nPortvale council met on Monday. " + quote * n


#: one sentence with an "according to" report; pasted again and again with no space after the
#: full stop, in capitals, the parser reads one sentence of many overlapping reports (found by
#: ``make fuzz``: copying each outer report's via chain into every inner one doubled them at
#: every fold, 40 copies took all 24 GB of memory)
GLUED_REPORT = "Five of the 12 passengers were treated for smoke, according to the county ambulance service."


def glued_reports(n: int) -> str:
    return ("Ferry fire\n\n" + GLUED_REPORT * n).upper()


def repeated_news(size: int) -> str:
    """``size`` characters of ordinary news text, repeated (the 5 MB case)."""
    para = (
        "The harbour wall in Portvale gave way on Sunday night, flooding 40 homes, the council said. "
        '"We warned them about the cracks," said Ilse Brevik, a retired engineer. '
        "Mayor Tomas Lerot told the Valley Post that repairs would start within two weeks.\n\n"
    )
    return ("Harbour wall gives way\n\n" + para * (size // len(para) + 1))[:size]


def warc_head(uri: str, body_size: int) -> bytes:
    """The WARC and HTTP headers of a response record whose HTML body is ``body_size`` bytes."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body_size}\r\n\r\n".encode()
    return (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + body_size}\r\n\r\n"
    ).encode() + http


def write_bomb_warc(path: Path, body_size: int, *, before: bytes = b"", after: bytes = b"") -> int:
    """A gzip WARC whose one response record expands to ``body_size`` bytes of spaces (a few
    hundred kB on disk per GB), between the gzip members ``before`` and ``after``;
    returns the file's size."""
    chunk = b" " * (1 << 20)
    with path.open("wb") as fh:
        fh.write(before)
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        fh.write(z.compress(warc_head("https://bomb.example/", body_size) + b"<html><body>"))
        left = body_size - len(b"<html><body>")
        while left > 0:
            piece = chunk if left >= len(chunk) else chunk[:left]
            fh.write(z.compress(piece))
            left -= len(piece)
        fh.write(z.compress(b"\r\n\r\n"))
        fh.write(z.flush())
        fh.write(after)
        return fh.tell()
