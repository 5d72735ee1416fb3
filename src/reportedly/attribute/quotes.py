"""Quotation marks: where direct speech starts and ends in the clean text.

Handles straight and curly double quotes, doubled marks (``X'' and ''X''), British single quotes (curly and
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


def _is_open_context(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return before in _BEFORE_OPEN and not after.isspace()


def _is_close_context(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return not before.isspace() and (after in _AFTER_CLOSE or after in CLOSE_DOUBLE + "\"'’”")


#: double quotes typed as two marks: ``like this'' and ''like this'' (wire and archive copy)
_PAIRED = ("``", "''")


def _marks(text: str, lo: int, hi: int, single: bool) -> list[tuple[int, str, int]]:
    """Opening ('o') and closing ('c') marks in text[lo:hi], in order, with their widths."""
    out: list[tuple[int, str, int]] = []
    skip = -1
    for i in range(lo, hi):
        if i <= skip:
            continue
        ch = text[i]
        pair = text[i : i + 2]
        if pair in _PAIRED and i + 1 < hi:
            # ''X'' is a double quote, never two apostrophes; the same tests as '"', over two marks
            skip = i + 1
            if not single:
                if pair == "``" or _is_open_context(text, i, 2):
                    out.append((i, "o", 2))
                elif _is_close_context(text, i, 2):
                    out.append((i, "c", 2))
            continue
        if not single:
            if ch in OPEN_DOUBLE:
                out.append((i, "o", 1))
            elif ch in CLOSE_DOUBLE:
                out.append((i, "c", 1))
            elif ch == '"':
                if _is_open_context(text, i):
                    out.append((i, "o", 1))
                elif _is_close_context(text, i):
                    out.append((i, "c", 1))
        else:
            if ch in (OPEN_SINGLE, "'") and _is_open_context(text, i) and _WORD.match(text, i + 1):
                out.append((i, "o", 1))
            elif ch in (CLOSE_SINGLE, "'") and _is_close_context(text, i):
                # "the troops’ morale": a plural possessive, not a closing mark
                if text[i - 1] == "s" and re.match(r"\s+[a-z]", text[i + 1 : i + 3]):
                    continue
                out.append((i, "c", 1))
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
        opened = 1
        if pending:
            # A continued quote must reopen at the start of the next paragraph.
            if marks and marks[0][1] == "o" and text[p_start : marks[0][0]].strip() == "":
                open_at, opened = marks[0][0], marks[0][2]
                marks = marks[1:]
            else:
                quotes.append(Quote(tuple(pending), pending_outer, pending[-1][1], closed=False))
                pending, pending_outer = [], -1
        for pos, kind, width in marks:
            if kind == "o" and open_at is None:
                open_at, opened = pos, width
            elif kind == "c" and open_at is not None:
                pieces = (*pending, (open_at + opened, pos))
                outer = pending_outer if pending else open_at
                if pos > open_at + opened:
                    quotes.append(Quote(tuple(pieces), outer, pos + width, closed=True))
                pending, pending_outer, open_at = [], -1, None
        if open_at is not None:
            # Unclosed at paragraph end: either a multi-paragraph quote or a stray mark.
            end = p_end
            if not pending:
                pending_outer = open_at
            pending.append((open_at + opened, end))
    if pending:
        quotes.append(Quote(tuple(pending), pending_outer, pending[-1][1], closed=False))
    # Unclosed single "quotes" are almost always apostrophes; unclosed doubles at
    # the very end of a text are kept (scrapes often cut the last mark off).
    return [q for q in quotes if q.closed or (not single and len(q.pieces) > 1)]
