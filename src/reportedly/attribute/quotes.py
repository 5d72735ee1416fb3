"""Quotation marks: where direct speech starts and ends in the clean text.

Handles straight and curly double quotes, British single quotes (curly and
straight, told apart from apostrophes), and quotes that run over several
paragraphs (each paragraph opens with a mark, only the last one closes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
#: characters that may stand before an opening mark
_BEFORE_OPEN = set(" \t\n([{—–-/:;,")
#: characters that may follow a closing mark
_AFTER_CLOSE = set(" \t\n)]}.,;:!?—–-…")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: its pieces are interior spans (one per paragraph it spans)."""

    pieces: tuple[tuple[int, int], ...]
    #: offset of the first opening mark and just past the last closing mark
    outer_start: int
    outer_end: int
    closed: bool

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def words(self, text: str) -> int:
        return sum(len(text[s:e].split()) for s, e in self.pieces)


def _is_open_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return before in _BEFORE_OPEN and not after.isspace()


def _is_close_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return not before.isspace() and (after in _AFTER_CLOSE or after in CLOSE_DOUBLE + "\"'’”")


def _marks(text: str, lo: int, hi: int, single: bool) -> list[tuple[int, str]]:
    """Opening ('o') and closing ('c') marks in text[lo:hi], in order."""
    out: list[tuple[int, str]] = []
    for i in range(lo, hi):
        ch = text[i]
        if not single:
            if ch in OPEN_DOUBLE:
                out.append((i, "o"))
            elif ch in CLOSE_DOUBLE:
                out.append((i, "c"))
            elif ch == '"':
                if _is_open_context(text, i):
                    out.append((i, "o"))
                elif _is_close_context(text, i):
                    out.append((i, "c"))
        else:
            if ch in (OPEN_SINGLE, "'") and _is_open_context(text, i) and _WORD.match(text, i + 1):
                out.append((i, "o"))
            elif ch in (CLOSE_SINGLE, "'") and _is_close_context(text, i):
                # "the troops’ morale": a plural possessive, not a closing mark
                if text[i - 1] == "s" and re.match(r"\s+[a-z]", text[i + 1 : i + 3]):
                    continue
                out.append((i, "c"))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        spans.append((m.start(), m.end()))
    return spans


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, ordered by start; single quotes only when they pair cleanly."""
    quotes = _find(text, single=False)
    taken = [(q.outer_start, q.outer_end) for q in quotes]
    for q in _find(text, single=True):
        # A single-quoted stretch inside a double quote is a quote within a quote.
        if any(s <= q.outer_start and q.outer_end <= e for s, e in taken):
            continue
        if q.words(text) >= 1:
            quotes.append(q)
    return sorted(quotes, key=lambda q: q.outer_start)


def _find(text: str, single: bool) -> list[Quote]:
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote still open across paragraphs
    pending_outer = -1
    for p_start, p_end in _paragraphs(text):
        marks = _marks(text, p_start, p_end, single)
        open_at: int | None = None
        if pending:
            # A continued quote must reopen at the start of the next paragraph.
            if marks and marks[0][1] == "o" and text[p_start : marks[0][0]].strip() == "":
                open_at = marks[0][0]
                marks = marks[1:]
            else:
                quotes.append(Quote(tuple(pending), pending_outer, pending[-1][1], closed=False))
                pending, pending_outer = [], -1
        for pos, kind in marks:
            if kind == "o" and open_at is None:
                open_at = pos
            elif kind == "c" and open_at is not None:
                pieces = (*pending, (open_at + 1, pos))
                outer = pending_outer if pending else open_at
                if pos > open_at + 1:
                    quotes.append(Quote(tuple(pieces), outer, pos + 1, closed=True))
                pending, pending_outer, open_at = [], -1, None
        if open_at is not None:
            # Unclosed at paragraph end: either a multi-paragraph quote or a stray mark.
            end = p_end
            if not pending:
                pending_outer = open_at
            pending.append((open_at + 1, end))
    if pending:
        quotes.append(Quote(tuple(pending), pending_outer, pending[-1][1], closed=False))
    # Unclosed single "quotes" are almost always apostrophes; unclosed doubles at
    # the very end of a text are kept (scrapes often cut the last mark off).
    return [q for q in quotes if q.closed or (not single and len(q.pieces) > 1)]
