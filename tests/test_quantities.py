"""Quantities on sentences written for these tests, plus the shared Insider example's gold amounts."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reportedly import nlp as nlp_mod
from reportedly.model import Attribution, Quantity, Span
from reportedly.quantities import extract_quantities

if TYPE_CHECKING:
    from spacy.language import Language

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EXAMPLE = SHARED / "examples" / "insider-russian-guardsmen"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return nlp_mod.load()


def quantities(nlp: Language, text: str, attributions: list[Attribution] | None = None) -> list[Quantity]:
    return extract_quantities(nlp(text), attributions or [])


def by_text(nlp: Language, text: str) -> dict[str, Quantity]:
    qs = quantities(nlp, text)
    found = {q.span.text: q for q in qs}
    assert len(found) == len(qs), "two quantities with the same text in one test sentence"
    return found


def test_digits_words_and_scales(nlp: Language) -> None:
    found = by_text(
        nlp,
        "The ferry carried 1,250 passengers and 3.5 tonnes of grain. Twenty-five sailors and "
        "a dozen cooks handled two million letters, 1.2 million parcels and 5m stamps.",
    )
    assert {t: (q.value, q.counted) for t, q in found.items()} == {
        "1,250": (1250, "passengers"),
        "3.5": (3.5, "tonnes"),
        "Twenty-five": (25, "sailors"),
        "a dozen": (12, "cooks"),
        "two million": (2e6, "letters"),
        "1.2 million": (1.2e6, "parcels"),
        "5m": (5e6, "stamps"),
    }
    assert all(q.relation == "=" and q.low == q.high == q.value for q in found.values())


def test_money(nlp: Language) -> None:
    found = by_text(
        nlp,
        "The port authority approved a $3 billion plan, a £40m loan, $12million in grants and 250 thousand euros.",
    )
    assert (found["$12million"].value, found["$12million"].counted) == (1.2e7, "dollars")
    assert found["$3 billion"].value == 3e9
    assert found["$3 billion"].counted == "dollars"
    assert (found["£40m"].value, found["£40m"].counted) == (4e7, "pounds")
    assert (found["250 thousand"].value, found["250 thousand"].counted) == (250_000, "euros")


def test_things_that_are_not_quantities(nlp: Language) -> None:
    text = (
        "For the third time since 2016, the 42-year-old mayor met on March 3 at 10:30 in Room 101. "
        "Call 555-0142 or quote case 20481733. One of them said the five-year plan had no one behind it."
    )
    assert quantities(nlp, text) == []


def test_one_only_when_it_counts_a_noun(nlp: Language) -> None:
    found = by_text(nlp, "One of the pilots said one soldier was hurt.")
    assert list(found) == ["one"]
    assert found["one"].counted == "soldier"


def test_vague_amounts(nlp: Language) -> None:
    found = by_text(
        nlp,
        "Hundreds of miners marched, dozens of nurses joined, thousands of students watched and "
        "tens of thousands of farmers stayed home while several teachers and scores of porters waited.",
    )
    expected = {
        "Hundreds": (100, 999, "miners"),
        "dozens": (24, 144, "nurses"),
        "thousands": (1000, 9999, "students"),
        "tens of thousands": (10_000, 99_999, "farmers"),
        "scores": (40, 199, "porters"),
    }
    assert {t: (q.low, q.high, q.counted) for t, q in found.items()} == expected
    assert all(q.value is None and q.relation == "approx" for q in found.values())


def test_percentages(nlp: Language) -> None:
    found = by_text(
        nlp, "Turnout hit 40%, though 35 per cent of voters and 12.5 percent of farmers stayed home."
    )
    assert (found["40%"].value, found["40%"].counted) == (40, "percent")
    assert (found["35 per cent"].value, found["35 per cent"].counted) == (35, "voters")
    assert (found["12.5 percent"].value, found["12.5 percent"].counted) == (12.5, "farmers")


@pytest.mark.parametrize(
    ("sentence", "span", "value", "relation", "low", "high"),
    [
        ("Nearly 1,000 volunteers arrived.", "Nearly 1,000", 1000, "<=", None, 1000),
        ("Almost 60 boats sank.", "Almost 60", 60, "<=", None, 60),
        ("The club has close to 500 members.", "close to 500", 500, "<=", None, 500),
        ("About 30 engineers quit.", "About 30", 30, "~", 27, 33),
        ("Roughly 80 houses flooded.", "Roughly 80", 80, "~", 72, 88),
        ("Some 200 porters went on strike.", "Some 200", 200, "~", 180, 220),
        ("An estimated 4,000 people fled.", "An estimated 4,000", 4000, "~", 3600, 4400),
        ("At least 300 workers were laid off.", "At least 300", 300, ">=", 300, None),
        ("The rebels freed no fewer than 70 hostages.", "no fewer than 70", 70, ">=", 70, None),
        ("More than 50 trucks were seized.", "More than 50", 50, ">", 50, None),
        ("Over 300 climbers reached the summit.", "Over 300", 300, ">", 300, None),
        ("Fewer than 20 shops reopened.", "Fewer than 20", 20, "<", None, 20),
        ("Up to 4,000 pilgrims are expected.", "Up to 4,000", 4000, "<=", None, 4000),
        ("As many as 90 miners were trapped.", "As many as 90", 90, "<=", None, 90),
        ("Just three divers came back.", "Just three", 3, "=", 3, 3),
        ("Only 12 tickets were sold.", "Only 12", 12, "=", 12, 12),
        ("They expect 200 or more guests.", "200 or more", 200, ">=", 200, None),
    ],
)
def test_hedges(
    nlp: Language, sentence: str, span: str, value: float, relation: str, low: float, high: float
) -> None:
    found = by_text(nlp, sentence)
    assert list(found) == [span]
    q = found[span]
    assert (q.value, q.relation, q.low, q.high) == (value, relation, low, high)


def test_preposition_is_not_a_hedge_when_it_heads_the_noun(nlp: Language) -> None:
    found = by_text(nlp, "The long dispute over 12 fishing boats ended.")
    assert found["12"].relation == "="
    assert found["12"].counted == "fishing boats"


def test_between_is_one_ranged_quantity(nlp: Language) -> None:
    found = by_text(nlp, "Between 5 and 10 ambulances were sent.")
    q = found["Between 5 and 10"]
    assert (q.value, q.low, q.high, q.relation, q.counted) == (None, 5, 10, "~", "ambulances")


def test_ranges_with_to_and_money(nlp: Language) -> None:
    found = by_text(
        nlp,
        "Guides earn between $300 and $900 a week, and 20 to 30 hikers arrive daily. "
        "The vote split 4 to 1, and prices rose from 10 to 12 percent.",
    )
    money = found["between $300 and $900"]
    assert (money.value, money.low, money.high, money.relation, money.counted) == (
        None,
        300,
        900,
        "~",
        "dollars",
    )
    hikers = found["20 to 30"]
    assert (hikers.low, hikers.high, hikers.relation, hikers.counted) == (20, 30, "~", "hikers")
    # a score and a change are two amounts each, not a range
    assert {"4", "1", "10", "12 percent"} <= set(found)


def test_names_ages_and_clock_times_are_skipped(nlp: Language) -> None:
    text = (
        "Wendy Marlowe, 58, met the crew at 7 p.m. near Ground Zero. "
        "The band Sector 9 played for 45 minutes to 600 fans."
    )
    assert [(q.span.text, q.counted) for q in quantities(nlp, text)] == [("45", "minutes"), ("600", "fans")]


def test_part_of_a_counted_group(nlp: Language) -> None:
    found = by_text(nlp, "Eight of 10 orchards and hundreds of millions of bees depend on the river.")
    assert found["Eight"].counted == "orchards"
    assert found["10"].counted == "orchards"
    bees = found["hundreds of millions"]
    assert (bees.low, bees.high, bees.counted) == (1e8, 999_999_999, "bees")


def test_counted_nouns_and_antecedents(nlp: Language) -> None:
    text = (
        "The union represents 14 dock workers. Just four of those 14 dock workers signed the letter. "
        "The other ten refused, and hundreds of other porters and drivers backed them."
    )
    qs = quantities(nlp, text)
    got = [(q.span.text, q.value, q.counted) for q in qs]
    assert got == [
        ("14", 14, "dock workers"),
        ("Just four", 4, "dock workers"),
        ("14", 14, "dock workers"),
        ("ten", 10, "dock workers"),
        ("hundreds", None, "porters and drivers"),
    ]


def test_spans_index_the_text_sorted_without_overlap(nlp: Language) -> None:
    text = "Some 200 staff and about a dozen guards left; nearly 40% of them had served over 10 years."
    qs = quantities(nlp, text)
    assert [q.span.text for q in qs] == ["Some 200", "about a dozen", "nearly 40%", "over 10"]
    for q in qs:
        assert text[q.span.start : q.span.end] == q.span.text
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(qs))
    assert qs[-1].counted == "years"


def test_attribution_is_the_smallest_enclosing_content(nlp: Language) -> None:
    text = "The mayor said that 30 buses were late and that the depot admitted 12 drivers quit. 5 trains ran."
    outer_start = text.index("30 buses")
    outer = Span.of(text, outer_start, text.index(". 5"))
    inner = Span.of(text, text.index("12 drivers"), text.index(". 5"))
    attributions = [
        Attribution(id="a1", kind="indirect", content=[outer], cue=None, source=None),
        Attribution(id="a2", kind="indirect", content=[inner], cue=None, source=None),
    ]
    qs = quantities(nlp, text, attributions)
    assert [(q.span.text, q.attribution) for q in qs] == [("30", "a1"), ("12", "a2"), ("5", None)]


def _norm(phrase: str | None) -> str:
    return re.sub(r"^(the|those|these|a|an)\s+", "", (phrase or "").strip().lower())


@pytest.mark.skipif(not EXAMPLE.with_suffix(".txt").exists(), reason="needs ../shared/examples")
def test_shared_example_gold_quantities(nlp: Language) -> None:
    text = EXAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    gold = json.loads(EXAMPLE.with_suffix(".gold.json").read_text(encoding="utf-8"))["quantities"]
    qs = extract_quantities(nlp(text), [])
    assert gold
    for g in gold:

        def matches(q: Quantity, g: dict[str, object] = g) -> bool:
            # the gold marks the number, our span also carries its hedge ("just three")
            same_text = q.span.text == g["text"] or q.span.text.endswith(" " + str(g["text"]))
            return same_text and q.relation == g["relation"] and q.value == g["value"]

        candidates = [q for q in qs if matches(q)]
        assert candidates, f"gold quantity {g['text']!r} not found"
        assert any(_norm(q.counted) == _norm(str(g["counts"])) for q in candidates), (
            g,
            [q.counted for q in candidates],
        )
