"""Dates: the one place where what articles, feeds and users write becomes a calendar date.

Values are parsed by python-dateutil: ISO dates and timestamps, RFC 2822 (feeds,
HTTP, e-mail: "Mon, 02 Mar 2026 09:00:00 GMT"), "March 2, 2026", "2 March 2026",
"Mar. 2 2026". A date is the day as written, in the writer's time zone: a feed's
"Mon, 02 Mar 2026 23:30:00 -0800" is 2 March, as its readers saw it.

A day and month without a year (wire datelines: "PORTVALE, March 2 (Northline) -")
take the year from the article's context: the year that puts them nearest to a
date the article gives elsewhere, else the year the article mentions most. With
no context at all they stay undated rather than guessed.

Regular expressions elsewhere (``inputs/byline.py``) only decide whether a line
*is* a byline, stamp or dateline and where its date sits; the value is parsed here.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from datetime import date, datetime

from dateutil import parser as _parser

from reportedly.errors import ReportedlyError

#: two defaults differing in every field: a field that comes out different was not written
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))  # leap years, so "February 29" parses
#: a written year, as news text mentions them
_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20\d\d)(?![\d/-])")
#: longer strings are not a date but text that mentions one
_MAX_LEN = 80


def _fields(value: str) -> tuple[date, bool] | None:
    """(date, whether the year was written) when ``value`` names a day and month, else None."""
    value = value.strip()
    if not value or len(value) > _MAX_LEN:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names ("ET"): only the day matters here
            a, b = (_parser.parse(value, default=d, ignoretz=True) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.month != b.month or a.day != b.day:
        return None  # "2026", "March 2026", "5": not a day
    if a.year == b.year:
        return a.date(), True
    return a.date(), False


def _with_year(day: date, context: date) -> date | None:
    """``day`` (its year unknown) in the year that puts it nearest to ``context``."""
    best: tuple[int, date] | None = None
    for year in (context.year - 1, context.year, context.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        gap = abs((candidate - context).days)
        if best is None or gap < best[0]:
            best = (gap, candidate)
    return best[1] if best else None


def to_date(value: str | date | None, *, context: str | date | int | None = None) -> date | None:
    """The calendar date ``value`` names, or None.

    ``context`` supplies a missing year: a date (the year putting the day nearest to it)
    or a year.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _fields(value)
    if found is None:
        return None
    day, has_year = found
    if has_year:
        return day
    if isinstance(context, int):
        try:
            return day.replace(year=context)
        except ValueError:  # 29 February
            return None
    ref = to_date(context)
    return _with_year(day, ref) if ref is not None else None


def iso(value: str | date | None, *, context: str | date | int | None = None) -> str | None:
    """``to_date`` as "YYYY-MM-DD" (how dates are stored and compared), or None."""
    day = to_date(value, context=context)
    return day.isoformat() if day else None


def user_date(
    value: str | date | None, what: str, error: type[ReportedlyError] = ReportedlyError
) -> str | None:
    """A date a user typed (``--since``, a form field) as "YYYY-MM-DD"; a clear error when it is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return iso(value)
    found = _fields(value)
    if found is None or not found[1]:
        raise error(f"{what}: {value!r} is not a date (use YYYY-MM-DD)")
    return found[0].isoformat()


def year_in_text(text: str) -> int | None:
    """A context for year-less dates from the text alone: the year it mentions most (the latest
    of equals), or None when it mentions none."""
    years = Counter(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))
