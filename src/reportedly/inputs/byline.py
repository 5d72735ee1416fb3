"""Bylines, datelines, credit lines and date stamps: lines that are metadata, not story.

Each parser takes one line (or the head of a paragraph) and returns a small
record, or None when the line is not of that kind. They are strict on purpose:
"By Tuesday, the river had risen" and "Portvale officials said" are story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportedly import dates

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?i:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"

#: "March 2, 2026", "Mar. 2 2026", "Monday, March 2, 2026"
MONTH_DAY_YEAR = re.compile(
    rf"\b(?:{_WEEKDAY}\s+)?(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
    re.I,
)
#: "2 March 2026"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.I
)
#: "2026-03-02" (also the date part of an ISO timestamp)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:\b|T)")
#: "March 2" with no year, as in wire datelines
MONTH_DAY = re.compile(rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\b", re.I)
#: a time of day: "10:32 AM", "10:32 a.m. ET", "9pm"
TIME = re.compile(r"\b\d{1,2}(?::\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?|\s*[AaPp]\.?[Mm]\.?)(?:\s+[A-Z]{2,4}\b)?")
#: the time part of an ISO timestamp: "10:32:00Z", "10:32:00+01:00"
ISO_TIME = re.compile(r"(?:T\d{2}:\d{2}|\d{2}:\d{2}:\d{2})(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
#: what may surround a date on a date-only line
SEPARATORS_ONLY = re.compile(r"[\s,.|·:–—-]*")
#: words that join dates and times in a stamp
WHEN_WORDS = re.compile(rf"\b(?:at|on|{_WEEKDAY}|today|yesterday|[A-Z]{{2,4}})(?=\W|$)", re.I)
#: "3 hours ago"
RELATIVE_TIME = re.compile(r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b", re.I)

#: "Published March 2, 2026", "Updated: 10:32 AM", "Last updated on ..."
STAMP = re.compile(
    r"^(?P<kind>published|updated|posted|last updated|first published|last modified|modified)"
    r"(?:\s+(?:on|at))?\s*:?\s+(?P<rest>.+)$",
    re.I,
)

#: "By Ann Lee | Portvale Courier | March 2, 2026"; also "Written by", "Words by", "Story by"
BYLINE_START = re.compile(r"^(?:written\s+by|words\s+by|story\s+by|by)[\s:]+(?=\S)", re.I)
#: separators between byline fields
BYLINE_FIELDS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|,|;)\s*")
#: separators between names in one field
NAME_JOIN = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)
#: one person's name: two to four capitalised words, initials and particles allowed
PERSON = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)(?:\s+(?:(?:de|van|von|der|da|di|la|le|al|bin|del)\s+)?(?:[A-Z][\w'’.-]*|[A-Z]\.)){1,3}$"
)
#: words that make a capitalised phrase an outlet rather than a person
OUTLET_WORDS = re.compile(
    r"\b(?:Courier|Times|News|Post|Herald|Press|Journal|Tribune|Gazette|Guardian|Telegraph|Chronicle|Daily|"
    r"Weekly|Review|Record|Star|Sun|Mail|Observer|Independent|Insider|Reuters|Associated|AFP|AP|BBC|CNN|"
    r"Radio|TV|Television|Media|Network|Magazine|Wire|Agency|Bulletin|Dispatch|Standard|Monitor|Online)\b"
)
#: job titles that follow a name in a byline ("By Ann Lee, Staff Writer")
ROLE = re.compile(
    r"^(?:(?:senior|chief|staff|special|political|foreign|business|science|health|local|national|"
    r"contributing|deputy|associate|managing)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|staff|bureau chief|"
    r"photographer)s?$",
    re.I,
)
#: a desk or staff byline ("NewsBuzz Desk", "Northline Staff"): who wrote it, but not a person
DESK = re.compile(
    r"^(?:[A-Z][\w&'’.-]*\s+){0,3}(?:(?:News|City|Foreign|Business|Sports?|Metro|Digital|Web|Online)\s+)?"
    r"(?:Desk|Staff|Newsroom|Team|Editors|Editorial(?:\s+Board)?|Staff\s+Reporters?|Wire\s+Services?)$"
)
#: one capitalised word ("Northline", "NewsBuzz", "BBC"): an outlet when it sits in a dated "|" byline
ONE_WORD_OUTLET = re.compile(r"^[A-Z][\w&'’.-]+$")
#: a byline laid out as fields ("By Ann Lee | Northline | March 3, 2026") rather than as prose
FIELD_BARS = re.compile(r"\s[|·•]\s")
#: days and months look like capitalised names; never take them for people
NOT_NAMES = re.compile(rf"^(?:{_WEEKDAY}|{_MONTH}|today|yesterday)(?:\s|$)", re.I)

#: "PORTVALE, March 2 (Northline) - ", "PORTVALE, Ruritania (AP) — ", "PORTVALE — "
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s+(?P<region>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2}))??"
    rf"(?:,\s+(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?))?"
    r"\s*(?:\((?P<wire>[^()]{2,40})\))?"
    r"\s*(?:-{1,2}|–|—)\s+(?=\S)"
)
#: "(Northline) - " with no place
WIRE_ONLY = re.compile(r"^\((?P<wire>[A-Z][^()]{1,39})\)\s*(?:-{1,2}|–|—)\s+(?=\S)")

#: "(Reporting by Ann Lee in Portvale; Editing by Tom Roe)"
CREDITS = re.compile(
    r"^\(\s*(?P<body>(?:[A-Za-z ]+?\s+by\s+[^;()]+)(?:;\s*[A-Za-z ]+?\s+by\s+[^;()]+)*)\s*\)\.?$"
)
#: between credit parts: ";" or ", editing by" / ", with reporting by"
CREDIT_SPLIT = re.compile(r";\s*|,\s*(?=(?:with\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?\s+by\s)", re.I)
CREDIT_PART = re.compile(
    r"^(?:with\s+)?(?:additional\s+)?(?P<role>reporting|reported|writing|written|editing|edited|compiled|"
    r"research(?:ed)?|produced|production|translat(?:ed|ion)|fact-checking|graphics|data)\s+by\s+(?P<names>.+)$",
    re.I,
)
#: "Ann Lee in Portvale" -> "Ann Lee"
IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'’-]*$")


@dataclass(frozen=True, slots=True)
class Byline:
    #: people only: a desk byline leaves this empty
    names: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    #: "NewsBuzz Desk": the byline names a desk or staff, not a person
    desk: str | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    #: the prefix as it stood at the start of the paragraph
    text: str
    place: str | None
    wire: str | None
    published: str | None
    #: the date as written, which may lack a year ("March 2"); the article supplies it
    date_text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Stamp:
    kind: str
    published: str | None


def parse_date(text: str) -> str | None:
    """The first full calendar date in ``text`` as ISO "YYYY-MM-DD", or None (the patterns find
    where a date is, ``reportedly.dates`` reads it)."""
    for pattern in (ISO_DATE, MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        for m in pattern.finditer(text):
            found = dates.iso(m[0].rstrip("T"))
            if found:
                return found
    return None


def is_date_only(text: str) -> bool:
    """True for a line that is just a date and maybe a time ("March 2, 2026 10:32 AM ET")."""
    for pattern in (ISO_DATE, MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        m = pattern.search(text)
        if m:
            rest = TIME.sub("", ISO_TIME.sub("", text[: m.start()] + " " + text[m.end() :]))
            return bool(SEPARATORS_ONLY.fullmatch(rest))
    return False


def parse_stamp(line: str) -> Stamp | None:
    """'Published March 2, 2026' / 'Updated 10:32 AM' lines; None for anything longer or different."""
    if len(line) > 100:
        return None
    m = STAMP.match(line)
    if not m:
        return None
    rest = m["rest"]
    if not is_when(rest):
        return None
    return Stamp(kind=m["kind"].lower(), published=parse_date(rest))


def is_when(text: str) -> bool:
    """True when ``text`` is nothing but dates, times and joining words ("at 10:32 a.m. ET, March 2")."""
    rest = ISO_TIME.sub(" ", text)
    for pattern in (ISO_DATE, MONTH_DAY_YEAR, DAY_MONTH_YEAR, MONTH_DAY, RELATIVE_TIME, TIME, WHEN_WORDS):
        rest = pattern.sub(" ", rest)
    return rest != text and bool(SEPARATORS_ONLY.fullmatch(rest))


def parse_byline(line: str) -> Byline | None:
    """'By Ann Lee and Tom Roe | Portvale Courier | March 2, 2026' -> names, publisher, date.

    'By NewsBuzz Desk | NewsBuzz | March 5, 2026' is a byline with no people: desk and publisher.
    """
    if len(line) > 160:
        return None
    m = BYLINE_START.match(line)
    if not m:
        return None
    body = line[m.end() :].strip()
    # dates carry their own commas: take them out before splitting fields
    published = parse_date(body)
    for pattern in (ISO_DATE, MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        body = pattern.sub(" | ", body)
    body = TIME.sub(" | ", body)
    fielded = published is not None and bool(FIELD_BARS.search(line))
    names: list[str] = []
    publisher: str | None = None
    desk: str | None = None
    for part in filter(None, (p.strip(" .") for p in BYLINE_FIELDS.split(body))):
        if ROLE.match(part):
            continue
        if DESK.match(part):
            desk = desk or part
            continue
        if _is_outlet(part, fielded=fielded):
            if publisher is not None:
                return None
            publisher = part
            continue
        people = _people(part)
        if people is None:
            return None
        names.extend(people)
    if not names and not desk:
        return None
    return Byline(names=names, publisher=publisher, published=published, desk=desk)


def _is_outlet(part: str, *, fielded: bool) -> bool:
    if OUTLET_WORDS.search(part) and not _all_people(part):
        return True
    # a one-word field is never a person's name; in a dated "|" byline it is the outlet
    return fielded and bool(ONE_WORD_OUTLET.match(part)) and not NOT_NAMES.match(part)


def _people(field_text: str) -> list[str] | None:
    found = []
    for chunk in filter(None, (c.strip() for c in NAME_JOIN.split(field_text))):
        if NOT_NAMES.match(chunk) or not PERSON.match(chunk):
            return None
        found.append(_name_case(chunk))
    return found or None


def _all_people(field_text: str) -> bool:
    # "Ann Press" is a person whose surname happens to be an outlet word; an outlet has 1-4 words too,
    # so only a field joined by "and" reads as people.
    return bool(re.search(r"\band\b|&", field_text)) and _people(field_text) is not None


def _name_case(name: str) -> str:
    return name.title() if name.isupper() and len(name) > 3 else name


def parse_dateline(paragraph: str) -> Dateline | None:
    """The wire-style place/date/agency prefix at the start of a paragraph."""
    m = DATELINE.match(paragraph)
    if m and len(m["place"].replace(" ", "")) >= 3:
        # a capitalised acronym alone ("NATO - ") is not a dateline without a date or wire
        if not (m["date"] or m["wire"] or m["region"] or len(m["place"]) >= 4):
            return None
        published = parse_date(m["date"]) if m["date"] else None
        return Dateline(
            text=m[0], place=m["place"], wire=_clean_wire(m["wire"]), published=published, date_text=m["date"]
        )
    w = WIRE_ONLY.match(paragraph)
    if w:
        return Dateline(text=w[0], place=None, wire=_clean_wire(w["wire"]), published=None)
    return None


def _clean_wire(wire: str | None) -> str | None:
    return wire.strip() if wire else None


def parse_credits(line: str) -> list[str] | None:
    """'(Reporting by Ann Lee; Editing by Tom Roe and Sam Poe)' -> every person named."""
    m = CREDITS.match(line.strip())
    if not m:
        return None
    names: list[str] = []
    for part in CREDIT_SPLIT.split(m["body"]):
        pm = CREDIT_PART.match(part.strip())
        if not pm:
            return None
        for chunk in NAME_JOIN.split(pm["names"]):
            chunk = IN_PLACE.sub("", chunk.strip()).strip(" .")
            if chunk and chunk not in names:
                names.append(chunk)
    return names
