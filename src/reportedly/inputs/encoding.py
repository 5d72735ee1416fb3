"""Bytes to text: byte-order marks, UTF-8, then detection; and refusing binary junk.

Scraped files arrive in whatever encoding the scraper wrote. English news in a
legacy single-byte encoding is almost always Windows-1252 (curly quotes at
0x91-0x94), which detectors confuse with its Central European cousins on short
texts, so a clean cp1252 decoding wins over such a guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from reportedly.errors import InputError

#: byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: file signatures of formats people feed by mistake, named in the error
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
)

#: encodings a detector may return for what is really Windows-1252 text
CP1252_LOOKALIKES = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "iso8859_9", "mac_roman"}
)

#: share of non-printable characters above which decoded text is junk
MAX_CONTROL_SHARE = 0.05

#: lone UTF-16 surrogates: not characters, cannot be encoded (a str built from JSON "\\ud800" has them)
SURROGATES = re.compile("[\ud800-\udfff]")
#: C0/C1 controls and DEL that carry no layout: NUL, escape codes, bell. Tab and the line
#: breaks (\n \r \v \f, NEL) stay: the cleaner reads them as whitespace and paragraph ends
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")


def normalise_text(text: str) -> str:
    """The one normalisation every input gets on the way in, whatever its path (bytes, pasted
    text, JSON-lines fields, HTML, metadata): lone surrogates become U+FFFD, NULs and control
    characters that are not layout are dropped. Wording, quote marks and line breaks are kept,
    so offsets into the result are offsets into what was read."""
    text = SURROGATES.sub("\ufffd", text)
    return CONTROLS.sub("", text)


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` to text, or raise InputError naming ``name`` if it is not text."""
    signature = _magic(data)
    if signature:
        raise InputError(f"{name}: binary data ({signature}), not an article")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), name)
    if b"\x00" in data:
        raise InputError(f"{name}: binary data, not an article")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    return _checked(_detect(data, name), name)


def _magic(data: bytes) -> str | None:
    return next((what for sig, what in MAGIC if data.startswith(sig)), None)


def _bomless_utf16(data: bytes) -> str | None:
    # ASCII text in UTF-16 without a BOM has a NUL in every other byte.
    sample = data[:2000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _detect(data: bytes, name: str) -> str:
    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in CP1252_LOOKALIKES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    if best is None:
        raise InputError(f"{name}: binary data, not an article")
    return str(best)


def _checked(text: str, name: str) -> str:
    if looks_binary(text):
        raise InputError(f"{name}: binary data, not an article")
    return text


def looks_binary(text: str) -> bool:
    """True when too much of ``text`` is control characters or replacement marks."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if _is_junk(ch))
    return bad > MAX_CONTROL_SHARE * len(sample)


def _is_junk(ch: str) -> bool:
    if ch in "\n\r\t\f\v":
        return False
    if ch == "\ufffd":
        return True
    # Cc control, Cs surrogates, Co private use, Cn unassigned; Cf (zero-width, soft hyphen) is fine.
    return unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
