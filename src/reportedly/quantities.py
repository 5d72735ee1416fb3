"""Amounts in an article: what number, how hedged, what it counts, who said it.

``extract_quantities`` walks the parsed tokens itself rather than trusting NER
(which misses "hundreds" and mislabels "40 per cent" as MONEY), then uses the
dependency parse for the hedge ("nearly", "at least") and the counted noun.

Conventions (the choices the report format leaves open):

* A point value hedged "about/around/some" is ``~`` with bounds of
  ±``APPROX_TOLERANCE``; "nearly/almost/up to" is ``<=`` with ``high`` only;
  "more than/over" is ``>`` with ``low`` only; plain numbers are ``=`` with
  ``low == high == value``. The hedge words are part of the span.
* Vague amounts ("hundreds", "dozens", "tens of thousands", "several
  hundred") have no value, relation ``approx`` and the bounds in ``_VAGUE``.
  "several" or "many" alone are not quantities.
* "between 5 and 10" and "20 to 30" (also "$300 to $900") are one quantity: value None, low and
  high, ``~``. "from 10 to 12" (a change) and "4 to 1" (a score) stay two quantities.
* Counted: the noun the number modifies, with its adjectives but without determiners or
  "other"/"more"; else the noun of its of-phrase ("three of those 12 guardsmen", "eight of 10
  voters"); "percent" for a bare percentage and the currency ("dollars") for an amount of money;
  else a number standing alone as subject or object ("the other nine withdrew") takes the counted
  noun of the latest earlier quantity within ``ANTECEDENT_SENTENCES`` sentences.
* Not quantities: ordinals, years, dates and clock times, ages ("42-year-old",
  "aged 42", "42 years old"), compound adjectives ("a five-year plan"),
  numbers glued to other digits or words ("555-0123", "COVID-19"), labels
  ("Room 101", "page 12", "No. 7", "Apollo 11"), numbers inside names ("Ground Zero"),
  an age after a name ("Ann Lee, 58, said"), long digit strings (ids), and "one" unless it
  directly counts a noun ("one soldier", not "one of them").
* Durations ("for three days") are kept: they count "days".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportedly.model import Attribution, Quantity, Relation, Span
from reportedly.nlp import ent_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: "about 1,000" covers 900..1,100
APPROX_TOLERANCE = 0.1
#: a bare number ("the other nine") borrows the counted noun of a quantity at most this many sentences back
ANTECEDENT_SENTENCES = 3

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: "5m", "$3bn": glued to the digits, so "m" cannot be a word here
_ABBREV = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
#: plural scale words with no point value: [low, high]
_VAGUE = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 199.0),
    "hundreds": (100.0, 999.0),
    "thousands": (1e3, 9999.0),
    "millions": (1e6, 1e7 - 1),
    "billions": (1e9, 1e10 - 1),
}
#: "tens of thousands" multiplies the inner range by 10..99 and so on
_VAGUE_OUTER = {"tens": (10.0, 99.0), "hundreds": (100.0, 999.0)}
#: "several hundred" and "a few thousand": multiples of the scale word
_FEW = {"several": (3.0, 9.0), "few": (2.0, 5.0)}
_CURRENCY = {"$": "dollars", "us$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
_PERCENT = {"%", "percent", "pct"}
_TIME_UNITS = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades", "century", "centuries",
}  # fmt: skip
#: singular nouns that still count many ("200 police"), so "N <singular>" is not a misparse
_COLLECTIVE = {
    "police", "staff", "personnel", "cattle", "crew", "livestock", "military", "infantry", "militia",
    "clergy", "people", "percent", "cent", "per", "strong", "head", "%",
}  # fmt: skip
#: modifiers of the counted noun that say which members, not what is counted
_NOT_COUNTED = {"other", "others'", "more", "such", "additional", "further", "same", "remaining", "extra"}
#: words that make a DATE/TIME entity a point in time rather than a duration
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "a.m", "p.m",
    "am", "pm", "o'clock", "noon", "midnight", "ago", "gmt", "utc", "bst", "est", "edt", "pst", "cet",
}  # fmt: skip
#: roles in which a lone number stands for a noun said earlier ("the other nine withdrew")
_NOMINAL = {"nsubj", "nsubjpass", "dobj", "conj", "appos", "ROOT"}
#: what a bare number never refers back to: "the other nine" are not nine percent, dollars or years
_NO_ANTECEDENT = {
    "percent", "dollars", "pounds", "euros", "yen", "cents", "feet", "miles", "tons", "tonnes", "acres",
    "points", "percentage points", "figures", "times",
} | _TIME_UNITS  # fmt: skip
#: a number inside one of these entities is part of a name
_NAME_ENTS = {"PERSON", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "NORP"}
#: words after a number that make it a clock time, whatever NER thinks
_CLOCK = {"a.m", "p.m", "am", "pm", "o'clock", "gmt", "utc", "hrs"}
#: nouns before a number that make it a label, not an amount
_LABELS = {"no", "number", "#", "room", "page", "article", "section", "flight", "route", "chapter"}

# (words, relation, needs_attachment): prepositions like "over" or "about" are only a hedge when the
# parse hangs them on the number ("over 300 people" yes, "a dispute over 12 ships" no).
_HEDGES: list[tuple[tuple[str, ...], Relation, bool]] = [
    (("no", "fewer", "than"), ">=", False),
    (("no", "less", "than"), ">=", False),
    (("not", "less", "than"), ">=", False),
    (("no", "more", "than"), "<=", False),
    (("in", "excess", "of"), ">", False),
    (("a", "maximum", "of"), "<=", False),
    (("as", "many", "as"), "<=", False),
    (("as", "much", "as"), "<=", False),
    (("as", "few", "as"), "<=", False),
    (("just", "under"), "<=", False),
    (("just", "over"), ">", False),
    (("close", "to"), "<=", False),
    (("at", "least"), ">=", False),
    (("at", "most"), "<=", False),
    (("more", "than"), ">", False),
    (("greater", "than"), ">", False),
    (("upwards", "of"), ">", False),
    (("fewer", "than"), "<", False),
    (("less", "than"), "<", False),
    (("up", "to"), "<=", True),
    (("an", "estimated"), "~", False),
    (("estimated",), "~", False),
    (("nearly",), "<=", False),
    (("almost",), "<=", False),
    (("about",), "~", True),
    (("around",), "~", True),
    (("roughly",), "~", False),
    (("approximately",), "~", False),
    (("approx.",), "~", False),
    (("some",), "~", True),
    (("over",), ">", True),
    (("above",), ">", True),
    (("under",), "<", True),
    (("below",), "<", True),
    (("just",), "=", False),
    (("only",), "=", False),
    (("exactly",), "=", False),
    (("precisely",), "=", False),
]
_POSTFIX: list[tuple[tuple[str, ...], Relation]] = [
    (("or", "more"), ">="),
    (("or", "fewer"), "<="),
    (("or", "less"), "<="),
    (("or", "so"), "~"),
]

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_ABBREV = re.compile(
    r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|mn|mln|bn|b|tn|trn|million|billion|trillion)$", re.I
)
#: joins a number to something that makes it an id, score, date or time
_GLUE = "-–/:."


@dataclass(frozen=True, slots=True)
class _Amount:
    """A run of tokens that spell one number, before hedges and counting."""

    start: int  # token index
    end: int  # token index, exclusive
    value: float | None
    low: float | None
    high: float | None
    currency: str | None = None
    percent: bool = False
    #: a bare "one": only an amount when it counts a noun
    lone_one: bool = False


def extract_quantities(doc: Doc, attributions: list[Attribution]) -> list[Quantity]:
    """Every amount in ``doc`` with its hedge, what it counts and the attribution quoting it."""
    text = doc.text
    out: list[Quantity] = []
    amounts = _merge_ranges(doc, list(_amounts(doc)))
    # tokens of amounts never belong to what another amount counts ("5m residents" counts "residents")
    numeric = {i for a in amounts for i in range(a.start, a.end)}
    # a doc without sentence boundaries (no parser) looks back over the whole text
    sent_starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else []
    contents = _Contents(attributions)
    for amount in amounts:
        if _excluded(doc, amount):
            continue
        head = _head(doc, amount)
        counted, bare = _counted(doc, amount, head, numeric)
        if amount.lone_one and counted is None:
            continue
        if counted is None and bare:
            counted = _antecedent(doc, amount, out, sent_starts)
        start, end, relation, low, high = _hedge(doc, amount, head)
        span = Span.of(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
        out.append(
            Quantity(
                span=span,
                value=amount.value,
                low=low,
                high=high,
                relation=relation,
                counted=counted,
                attribution=contents.innermost(span),
            )
        )
    out.sort(key=lambda q: (q.span.start, q.span.end))
    return _drop_overlaps(out)


# --- finding amounts ---------------------------------------------------------------------------------


def _glued(a: Token) -> bool:
    """True when nothing separates ``a`` from the token after it."""
    return not a.whitespace_


def _word_value(words: Sequence[str]) -> float:
    """Value of "two hundred and fifty", "1.2 million", "twenty - five", "two dozen"."""
    total = 0.0
    current = 0.0
    for w in words:
        if w in ("-", "and"):
            continue
        if w in ("a", "an"):
            current = current or 1.0
        elif w == "half":
            current = 0.5
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w in _UNITS:
            current += _UNITS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in _SCALES or w in _ABBREV:
            total += (current or 1.0) * _SCALES.get(w, _ABBREV.get(w, 1.0))
            current = 0.0
        else:
            current += float(w.replace(",", ""))
    # 65.4 * 1e9 is 65400000000.00001 in floating point
    return round(total + current, 6)


def _is_number_word(w: str) -> bool:
    return w in _UNITS or w in _SCALES or w == "dozen"


def _amounts(doc: Doc) -> Iterable[_Amount]:
    i = 0
    n = len(doc)
    while i < n:
        found = _vague_at(doc, i) or _number_at(doc, i)
        if found is None:
            i += 1
            continue
        yield found
        i = found.end


def _vague_at(doc: Doc, i: int) -> _Amount | None:
    """ "hundreds", "tens of thousands", "several hundred", "a few thousand"."""
    w = doc[i].lower_
    n = len(doc)
    if w in _VAGUE_OUTER and i + 2 < n and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in _VAGUE:
        lo, hi = _VAGUE_OUTER[w]
        inner = _SCALES.get(doc[i + 2].lower_[:-1], 1.0)
        return _Amount(i, i + 3, None, lo * inner, (hi + 1) * inner - 1)
    if w in _VAGUE:
        lo, hi = _VAGUE[w]
        return _Amount(i, i + 1, None, lo, hi)
    few = w if w in _FEW else None
    j = i + 1
    if w == "a" and i + 1 < n and doc[i + 1].lower_ == "few":
        few, j = "few", i + 2
    if few and j < n and doc[j].lower_ in _SCALES:
        lo, hi = _FEW[few]
        scale = _SCALES[doc[j].lower_]
        return _Amount(i, j + 1, None, lo * scale, hi * scale)
    return None


def _number_at(doc: Doc, i: int) -> _Amount | None:
    """A point value starting at token ``i``, with its currency sign and percent sign."""
    n = len(doc)
    tok = doc[i]
    currency = None
    start = i
    if tok.lower_ in _CURRENCY and i + 1 < n and _glued(tok):
        currency = _CURRENCY[tok.lower_]
        i += 1
        tok = doc[i]
    w = tok.lower_
    words: list[str] = []
    j = i
    m = _DIGITS_ABBREV.match(tok.text)
    if m:
        words = [m.group(1), m.group(2).lower()]
        j = i + 1
    elif _DIGITS.match(tok.text):
        words = [tok.text]
        j = i + 1
        if j < n and _glued(tok) and doc[j].lower_ in _ABBREV:
            words.append(doc[j].lower_)
            j += 1
    elif w in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in ("dozen", *_SCALES):
        words = [w]
        j = i + 1
    elif w == "half" and i + 2 < n and doc[i + 1].lower_ in ("a", "an") and doc[i + 2].lower_ == "dozen":
        words = ["half", "a"]
        j = i + 2
    elif (_is_number_word(w) and w != "dozen") or (w == "dozen" and i > 0 and doc[i - 1].lower_ in _UNITS):
        words = [w]
        j = i + 1
    else:
        return None
    # extend over "million", "hundred and fifty", "twenty-five", "two dozen"
    while j < n:
        nxt = doc[j].lower_
        prev = words[-1]
        if _is_number_word(nxt) and not (nxt in _UNITS and (prev in _UNITS or _DIGITS.match(prev))):
            words.append(nxt)
            j += 1
        elif (
            nxt == "-"
            and j + 1 < n
            and _glued(doc[j - 1])
            and _glued(doc[j])
            and prev in _UNITS
            and doc[j + 1].lower_ in _UNITS
            and _UNITS[prev] >= 20
            and _UNITS[doc[j + 1].lower_] < 10
        ):
            words.extend(["-", doc[j + 1].lower_])
            j += 2
        elif nxt == "and" and j + 1 < n and prev in _SCALES and doc[j + 1].lower_ in _UNITS:
            words.extend(["and", doc[j + 1].lower_])
            j += 2
        else:
            break
    if words == ["a"] or words == ["half", "a"]:
        # "a"/"half a" without what follows: the loop must have taken "dozen" or a scale
        return None
    value = _word_value(words)
    percent = False
    if j < n and doc[j].lower_ in _PERCENT:
        percent, j = True, j + 1
    elif j + 1 < n and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        percent, j = True, j + 2
    lone_one = words == ["one"] and not percent and currency is None
    return _Amount(start, j, value, value, value, currency, percent, lone_one)


def _merge_ranges(doc: Doc, amounts: list[_Amount]) -> list[_Amount]:
    """ "between 5 and 10" is one amount with bounds, not two."""
    out: list[_Amount] = []
    k = 0
    while k < len(amounts):
        a = amounts[k]
        b = amounts[k + 1] if k + 1 < len(amounts) else None
        # "46 percent to 42 percent" compares two amounts; "10 to 15 percent" is one range
        joined = (
            b is not None
            and b.start == a.end + 1
            and a.value is not None
            and b.value is not None
            and a.value < b.value
        )
        word = doc[a.end].lower_ if joined else ""
        before = doc[a.start - 1].lower_ if a.start > 0 else ""
        if (
            b is not None
            and joined
            and ((word == "and" and before == "between") or (word == "to" and before != "from"))
        ):
            # "from 10 to 15" is a change between two amounts, "10 to 15 people" one vague amount
            start = a.start - 1 if word == "and" else a.start
            out.append(_Amount(start, b.end, None, a.value, b.value, a.currency or b.currency, b.percent))
            k += 2
            continue
        out.append(a)
        k += 1
    return out


# --- what is not an amount -----------------------------------------------------------------------------


def _excluded(doc: Doc, a: _Amount) -> bool:
    first, last = doc[a.start], doc[a.end - 1]
    digits = [t for t in doc[a.start : a.end] if t.text[:1].isdigit()]
    before = doc[a.start - 1] if a.start > 0 else None
    after = doc[a.end] if a.end < len(doc) else None
    after2 = doc[a.end + 1] if a.end + 1 < len(doc) else None
    # glued to other characters: phone numbers, scores, ids, "COVID-19", "10:30", compound adjectives
    if before is not None and _glued(before) and (before.text[-1] in _GLUE or before.text[-1].isalnum()):
        return True
    if after is not None and _glued(last) and after.text[:1] in _GLUE and after.text != ".":
        return True
    if digits and any(len(t.text) >= 7 and t.text.isdigit() for t in digits):
        return True  # ids and phone numbers without separators
    year = a.end - a.start == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", first.text) is not None
    # a year, unless it plainly counts the plural noun right after it ("2000 troops", not "1995 tax filings")
    if year and not (first.dep_ == "nummod" and first.head.tag_ == "NNS" and first.head.i == a.end):
        return True
    # part of a name: "Ground Zero", "Catch-22", a show called "The 411"
    if {t.ent_type_ for t in doc[a.start : a.end]} & _NAME_ENTS:
        return True
    if _in_date(doc, a):
        return True
    if after is not None and after.lower_.rstrip(".").replace("\u2019", "'") in _CLOCK:
        return True
    if (
        after is not None
        and after.lower_ in _TIME_UNITS
        and after2 is not None
        and after2.lower_ in ("old", "ago")
    ):
        return True
    if before is not None and before.lower_ in ("aged", "age"):
        return True
    if before is not None and before.lower_.rstrip(".") in _LABELS:
        return True
    # "Mr. King, 82, said": an age in apposition to a name
    if (
        before is not None
        and before.text == ","
        and a.start >= 2
        and doc[a.start - 2].ent_type_ == "PERSON"
        and after is not None
        and after.text in (",", ".", ";")
    ):
        return True
    # a proper name right before a plain number labels it: "Patriot 125", "Apollo 11"
    if before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and not a.percent:
        return a.currency is None
    # "Room 101": a number hung on the noun before it labels that noun
    head = _head(doc, a)
    return (
        head.dep_ in ("nummod", "appos", "npadvmod")
        and head.head.i == a.start - 1
        and head.head.pos_ in ("PROPN", "NOUN")
    )


def _in_date(doc: Doc, a: _Amount) -> bool:
    """Inside a date or clock time: NER says DATE/TIME *and* the entity has a calendar or clock word.

    NER alone is too eager ("Between 5 and 10 ambulances" came out as a DATE) and also tags
    durations ("for three days"), which are amounts of days.
    """
    for t in doc[a.start : a.end]:
        if t.ent_type_ not in ("DATE", "TIME"):
            continue
        ent = ent_at(doc, t.i)
        if ent is not None and any(w.lower_.rstrip(".").replace("\u2019", "'") in _CALENDAR for w in ent):
            return True
    return False


# --- parse helpers -------------------------------------------------------------------------------------


def _head(doc: Doc, a: _Amount) -> Token:
    """The token of the amount whose head lies outside it (the last one if several)."""
    inside = range(a.start, a.end)
    heads = [t for t in doc[a.start : a.end] if t.head.i not in inside or t.head.i == t.i]
    return heads[-1] if heads else doc[a.end - 1]


def _phrase(noun: Token, after: int, numeric: set[int]) -> str:
    """ "national guardsmen", "soldiers and guardsmen": the noun with its modifiers, no determiners."""
    keep: list[Token] = [noun]
    for child in noun.lefts:
        if child.i < after:
            continue
        if child.dep_ in ("amod", "compound", "nmod") and child.lower_ not in _NOT_COUNTED:
            keep.extend(t for t in child.subtree if t.lower_ not in _NOT_COUNTED)
    for child in noun.rights:
        if child.dep_ == "compound":
            keep.append(child)
    keep.extend(_conjuncts(noun, numeric))
    keep = sorted(
        {t.i: t for t in keep if t.lower_ not in _NOT_COUNTED and t.i not in numeric}.values(),
        key=lambda t: t.i,
    )
    doc = noun.doc
    out: list[str] = []
    for k, t in enumerate(keep):
        out.append(t.text)
        if k + 1 < len(keep):
            nxt = keep[k + 1]
            if nxt.i == t.i + 1:
                out.append(t.whitespace_)
            else:
                # a list whose commas we dropped with the determiners between them
                out.append(", " if any(x.text == "," for x in doc[t.i + 1 : nxt.i]) else " ")
    return "".join(out).strip()


def _conjuncts(noun: Token, numeric: set[int]) -> list[Token]:
    """ "soldiers and guardsmen", "members, editors and contestants" (but not a conjunct with its own amount)."""
    out: list[Token] = []
    for child in noun.rights:
        # same kind of noun ("soldiers and guardsmen"), not a name or a singular tacked on by the parse
        if child.dep_ != "conj" or child.pos_ != noun.pos_ or child.lower_ in _NOT_COUNTED:
            continue
        if child.tag_ != noun.tag_ and any(c.dep_ == "prep" for c in child.rights):
            continue  # "18 states, corporations and a number of cities"
        # "parcels and 5m stamps": a conjunct with its own amount is counted there
        if any(t.i in numeric for t in child.subtree if t.i <= child.i):
            continue
        cc = [t for t in noun.rights if t.dep_ == "cc" and t.i < child.i]
        cc += [t for t in child.lefts if t.dep_ == "cc"]
        if cc and cc[-1].lower_ not in ("and", "or", "&"):
            continue  # "six women, but front runners"
        out.extend(cc[-1:])
        out.extend(
            t
            for t in child.subtree
            if t.i <= child.i and t.dep_ not in ("det", "poss", "predet", "cc", "punct", "case")
        )
        out.extend(_conjuncts(child, numeric))
    return out


def _of_object(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _counted(doc: Doc, a: _Amount, head: Token, numeric: set[int]) -> tuple[str | None, bool]:
    """(what the amount counts, whether it stands alone for a noun said earlier)."""
    if a.percent:
        obj = _of_object(doc[a.end - 1]) or _of_object(head)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return _phrase(obj, obj.left_edge.i, numeric), False
        return "percent", False
    if a.currency:
        return a.currency, False
    if a.lone_one:
        # only "one soldier": "one of them", "no one", "the one who" are pronouns
        noun = head.head
        if head.dep_ == "nummod" and noun.i == a.end and noun.pos_ in ("NOUN", "PROPN"):
            return _phrase(noun, a.end, numeric), False
        return None, False
    noun = head.head
    if (
        head.dep_ in ("nummod", "amod", "compound", "nmod")
        and noun.i >= a.end
        and noun.pos_ in ("NOUN", "PROPN")
    ):
        misparse = (
            noun.tag_ in ("NN", "NNP") and a.value not in (None, 1.0) and noun.lower_ not in _COLLECTIVE
        )
        if not misparse:
            return _phrase(noun, a.end, numeric), False
    # "hundreds of billions of dollars": the of-phrase of whichever amount word has one outside the amount
    objs = [_of_object(t) for t in reversed(doc[a.start : a.end])]
    obj = next((o for o in objs if o is not None and o.i not in numeric), None)
    if obj is None and a.end < len(doc) and doc[a.end].lower_ == "of":
        obj = next((c for c in doc[a.end].children if c.dep_ == "pobj"), None)
    if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.i not in numeric:
        return _phrase(obj, obj.left_edge.i, numeric), False
    # "eight of 10 avocados": the parse hangs "eight" on the "10"; both count the avocados
    k = a.end + 1
    if k < len(doc) and doc[a.end].lower_ == "of":
        while k < len(doc) and (k in numeric or doc[k].dep_ in ("det", "poss")):
            k += 1
        if k > a.end + 1 and k < len(doc) and doc[k].pos_ == "NOUN" and (k - 1) in numeric:
            return _phrase(doc[k], k, numeric), False
    # "25 million more people", "nine other states": the parse often hangs the amount on the adjective
    k = a.end
    while k < len(doc) and doc[k].lower_ in _NOT_COUNTED:
        k += 1
    if a.end < k < len(doc) and doc[k].tag_ in ("NNS", "NNPS"):
        return _phrase(doc[k], k, numeric), False
    # only a number standing where a noun would ("the other nine withdrew") refers back
    bare = head.dep_ in _NOMINAL or (head.dep_ in ("nummod", "amod") and head.head.i >= a.end)
    return None, bare


def _antecedent(doc: Doc, a: _Amount, earlier: list[Quantity], sent_starts: list[int]) -> str | None:
    """The counted noun of the latest earlier quantity close enough to be what "nine" refers to."""
    idx = max(0, bisect.bisect_right(sent_starts, a.start) - 1)
    limit = doc[sent_starts[max(0, idx - ANTECEDENT_SENTENCES)]].idx if sent_starts else 0
    for q in reversed(earlier):
        if q.span.start < limit:
            break
        # a singular "one soldier" cannot be what "six" counts; nor can percentages or money
        if q.counted and q.value != 1 and q.counted.lower() not in _NO_ANTECEDENT:
            return q.counted
    return None


# --- hedges --------------------------------------------------------------------------------------------


def _hedge(doc: Doc, a: _Amount, head: Token) -> tuple[int, int, Relation, float | None, float | None]:
    """(start token, end token, relation, low, high) with the hedge words inside the span."""
    if a.value is None:
        relation: Relation = (
            "~" if a.low is not None and a.high is not None and _is_range(doc, a) else "approx"
        )
        return a.start, a.end, relation, a.low, a.high
    inside = set(range(a.start, a.end))
    for words, rel, attached in _HEDGES:
        k = a.start - len(words)
        if k < 0 or tuple(t.lower_ for t in doc[k : a.start]) != words:
            continue
        if attached and not _attached([doc[x] for x in range(k, a.start)], inside, head):
            continue
        return (k, a.end, *_bounds(rel, a.value))
    for words, rel in _POSTFIX:
        k = a.end + len(words)
        if k <= len(doc) and tuple(t.lower_ for t in doc[a.end : k]) == words:
            return (a.start, k, *_bounds(rel, a.value))
    return (a.start, a.end, *_bounds("=", a.value))


def _is_range(doc: Doc, a: _Amount) -> bool:
    return any(t.lower_ in ("and", "to") for t in doc[a.start : a.end])


def _attached(toks: Sequence[Token], inside: set[int], head: Token) -> bool:
    if any(t.head.i in inside for t in toks):
        return True
    # "under 50 stayed": the number is the object of the preposition itself
    return head.dep_ == "pobj" and head.head.i == toks[-1].i


def _bounds(rel: Relation, v: float) -> tuple[Relation, float | None, float | None]:
    if rel == "=":
        return rel, v, v
    if rel == "~":
        # rounded so that "about 12" reads 10.8..13.2, not 13.200000000000001
        return rel, round(v * (1 - APPROX_TOLERANCE), 9), round(v * (1 + APPROX_TOLERANCE), 9)
    if rel in ("<", "<="):
        return rel, None, v
    return rel, v, None


# --- attribution and clean-up --------------------------------------------------------------------------


class _Contents:
    """Attribution content spans ordered by start, to find the one holding a quantity without
    scanning them all for every quantity (quadratic on a long article)."""

    def __init__(self, attributions: list[Attribution]) -> None:
        # (start, end, position in the list, id): on a tie the earlier attribution wins
        pieces = sorted((s.start, s.end, n, a.id) for n, a in enumerate(attributions) for s in a.content)
        self.starts = [p[0] for p in pieces]
        self.pieces = pieces
        self.longest = max((p[1] - p[0] for p in pieces), default=0)

    def innermost(self, span: Span) -> str | None:
        """The attribution whose content holds ``span`` most tightly (the first on a tie)."""
        best: tuple[int, str] | None = None
        i = bisect.bisect_right(self.starts, span.start)
        # only pieces starting within the longest piece's length before the span can hold it
        while i > 0 and self.pieces[i - 1][0] >= span.start - self.longest:
            i -= 1
            start, end, _, aid = self.pieces[i]
            if span.end <= end and (best is None or end - start <= best[0]):
                best = (end - start, aid)
        return best[1] if best else None


def _drop_overlaps(qs: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in qs:
        if out and q.span.start < out[-1].span.end:
            if (q.span.end - q.span.start) > (out[-1].span.end - out[-1].span.start):
                out[-1] = q
            continue
        out.append(q)
    return out
