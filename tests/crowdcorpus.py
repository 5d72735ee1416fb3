"""A corpus that crowds the LSH buckets: many distinct quotes that share most of their words.

``linkcorpus``'s families are PolNeAR texts, each quote unlike the others, so no bucket ever
holds more than one family and the bucket cap (``link.plan.BUCKET_SIZE``) is never tested.
Press statements are not like that: a hundred mayors say "We are committed to working with the
people of X to make sure every family has Y before the end of Z", each a different quote from a
different speaker, and outlets copy each of them over the following days. Here every statement
fills a template (a few words differ, the rest is shared) and is said by its own speaker; an
original article quotes it first and later articles repeat it, verbatim, cut short, with one
word changed or the speaker by surname only, among the newer statements of the same template.
A third of the statements are reported in indirect speech throughout ("..., Ana Ruiz said."),
so claims crowd their buckets too. A copy then finds its cluster only through the bands of the
words that set it apart, or through buckets the newer statements have not filled.

The articles are invented and written here (no data from ../shared); their reports are built
with ``linkcorpus.synthetic_report``'s regular expressions. The gold group of an item is the
statement it repeats (``build`` returns it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from linkcorpus import link_and_score, synthetic_report
from reportedly.model import Report

TEMPLATES = (
    "We are committed to working with the people of {place} to make sure every family has {good} "
    "before the end of {month}",
    "Our thoughts are with the families in {place}, and we will not rest until those responsible "
    "for the {event} are held to account",
    "The council has opened an inquiry into the {event} in {place} and will publish what it finds by {month}",
    "This agreement will bring {number} jobs to {place} over the next {years} years and new "
    "investment to the {sector} sector",
    "We have seen a {number} percent rise in {problem} across {place} since {month}, and the "
    "trend is not slowing down",
    "The people of {place} deserve {good}, and I will keep fighting in the capital until they get it",
)
SLOTS = {
    "place": [
        "Dunmore",
        "Ashby",
        "Kelso",
        "Brackley",
        "Thornbury",
        "Wexcombe",
        "Harlow",
        "Penrith",
        "Alston",
        "Corbridge",
        "Rothbury",
        "Hexam",
        "Ludlow",
        "Tenby",
        "Fowey",
        "Bude",
        "Looe",
        "Wells",
        "Ely",
        "Ripon",
        "Selby",
        "Thirsk",
        "Malton",
        "Pickering",
        "Whitby",
        "Settle",
        "Sedbergh",
        "Kendal",
        "Ulverston",
        "Keswick",
        "Cockermouth",
        "Wigton",
        "Brampton",
        "Haltwhistle",
        "Morpeth",
        "Alnwick",
        "Wooler",
        "Berwick",
        "Duns",
        "Peebles",
        "Moffat",
        "Lockerbie",
        "Annan",
        "Dumfries",
        "Girvan",
        "Maybole",
        "Largs",
        "Troon",
        "Irvine",
        "Dalry",
    ],
    "good": [
        "clean water",
        "safe housing",
        "a school place",
        "a doctor nearby",
        "reliable heating",
        "fast broadband",
        "a bus service",
        "fresh food",
        "a safe road",
        "affordable childcare",
        "a local library",
        "steady work",
    ],
    "month": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
    ],
    "event": [
        "flooding",
        "fire",
        "bridge collapse",
        "water contamination",
        "power cut",
        "rail crash",
        "landslide",
        "gas explosion",
        "factory fire",
        "storm damage",
    ],
    "number": [str(n) for n in range(120, 4000, 37)],
    "years": ["two", "three", "four", "five", "six", "seven", "eight"],
    "sector": [
        "farming",
        "fishing",
        "tourism",
        "energy",
        "steel",
        "textile",
        "software",
        "shipping",
        "timber",
        "retail",
    ],
    "problem": [
        "burglaries",
        "evictions",
        "food bank visits",
        "hospital admissions",
        "school absences",
        "bus cancellations",
        "unpaid bills",
        "road accidents",
    ],
}
FIRST = [
    "Maria",
    "Tomas",
    "Aisha",
    "Pieter",
    "Ingrid",
    "Kwame",
    "Lucia",
    "Dmitri",
    "Sofia",
    "Rahul",
    "Mei",
    "Oskar",
    "Nadia",
    "Felix",
    "Grace",
    "Emeka",
    "Hanna",
    "Jonas",
    "Leila",
    "Marco",
    "Priya",
    "Stefan",
    "Yara",
    "Diego",
]
LAST = [
    "Lopez",
    "Varga",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Novak",
    "Brennan",
    "Castillo",
    "Fischer",
    "Ivanova",
    "Mensah",
    "Petrov",
    "Quinlan",
    "Rossi",
    "Sandoval",
    "Tanaka",
    "Ueda",
    "Valdez",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zeller",
    "Abbott",
]
ROLES = ("the mayor of {place}", "a councillor in {place}", "the member for {place}")
OUTLETS = tuple(
    f"{town} {kind}"
    for town in ("Northline", "Eastgate", "Riverside", "Hillcrest")
    for kind in ("Post", "Herald", "Courier", "Daily", "Echo")
)
#: articles after its first during which a statement is repeated
WINDOW = 400
#: repeats of a statement after the original, at most
REPEATS = 6


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its words, who said it, and its gold label."""

    label: str
    words: str
    speaker: str
    role: str
    #: reported in indirect speech ("..., Ana Ruiz said."): a claim, not a quote
    indirect: bool = False


def statements(rng: random.Random, n: int) -> list[Statement]:
    """``n`` distinct statements (the templates in turn), none two of one template by one speaker."""
    out: list[Statement] = []
    seen: set[str] = set()
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(names)
    while len(out) < n:
        template = TEMPLATES[len(out) % len(TEMPLATES)]
        values = {k: rng.choice(v) for k, v in SLOTS.items()}
        words = template.format(**values)
        if words in seen:
            continue
        seen.add(words)
        # one statement of each template per speaker: the same person repeating a template is
        # one quote changed, not a new one
        speaker = names[(len(out) // len(TEMPLATES)) % len(names)]
        role = rng.choice(ROLES).format(**values)
        out.append(Statement(f"s{len(out)}", words, speaker, role, (len(out) // len(TEMPLATES)) % 3 == 2))
    return out


def _retold(s: Statement, rng: random.Random) -> tuple[str, str]:
    """A repeat of ``s``: (quote, speaker as written), mostly verbatim, else cut short, one word
    changed, or the speaker by surname only."""
    words, speaker = s.words, s.speaker
    roll = rng.random()
    ws = words.split()
    if roll < 0.2:
        words = " ".join(ws[: max(8, int(len(ws) * rng.uniform(0.6, 0.85)))]).rstrip(",")
    elif roll < 0.35:
        i = rng.randrange(len(ws))
        ws[i] = rng.choice(["really", "truly", "very", "clearly"])
        words = " ".join(ws)
    if rng.random() < 0.2:
        speaker = speaker.split()[-1]
    return words, speaker


def quality(n: int, db: Path) -> dict[str, float]:
    """Link ``n`` articles of the corpus in a new store at ``db`` and score them (B-cubed)."""
    reports, gold = build(n)
    return link_and_score(reports, gold, db)


def build(n: int, seed: int = 11) -> tuple[list[Report], dict[tuple[str, str], str]]:
    """``n`` articles of up to three statements each (a third of the statements reported in
    indirect speech, as claims) and the gold group of every item: (article id, attribution id)
    -> the statement's label. New statements keep coming while older ones are repeated, so
    buckets of shared words fill with newer statements before the repeats arrive."""
    rng = random.Random(seed)
    pool = statements(rng, n)
    due: dict[int, list[Statement]] = {}
    reports: list[Report] = []
    gold: dict[tuple[str, str], str] = {}
    fresh = iter(pool)
    for k in range(n):
        quoted: list[tuple[str, str, Statement]] = []  # words, speaker as written, statement
        s = next(fresh)
        quoted.append((s.words, s.speaker, s))
        for later in rng.sample(range(k + 1, k + WINDOW), rng.randint(1, REPEATS)):
            due.setdefault(later, []).append(s)
        for old in due.pop(k, [])[:2]:  # at most two repeats an article; the rest are dropped
            words, speaker = _retold(old, rng)
            if all(words != w for w, _, _ in quoted):  # one label per wording in an article
                quoted.append((words, speaker, old))
        rng.shuffle(quoted)
        outlet = OUTLETS[k % len(OUTLETS)]
        paras = [f"Statements from around the region ({outlet}, item {k})."]
        paras += [
            f"{words}, {speaker} said." if st.indirect else f'"{words}," said {speaker}, {st.role}.'
            for words, speaker, st in quoted
        ]
        day = (date(2026, 1, 1) + timedelta(days=k // 20)).isoformat()
        report = synthetic_report("\n\n".join(paras), outlet, day, None, None)
        labels = {words: st.label for words, _, st in quoted}
        for a in report.attributions:
            gold[(report.article.id, a.id)] = labels[a.content_text.rstrip(",")]
        reports.append(report)
    return reports, gold
