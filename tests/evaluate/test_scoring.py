"""The span scorer on hand-made gold and predictions over invented sentences."""

from __future__ import annotations

import pytest

from reportedly.evaluate.scoring import (
    AttributionSpans,
    Counts,
    Scorer,
    kind_of,
    match_attributions,
    match_exact,
    match_overlap,
    normalize,
    strip_fragment,
)

TEXT = (
    "The harbour master said that the bridge would reopen in May.\n"
    "“We will rebuild the pier,” Ms. Varga told the Tidewater Gazette, “and we will do it fast.”\n"
    "Officials have said the ferry is safe.\n"
)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The (start, end) of the nth occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def spans(*needles: str) -> tuple[tuple[int, int], ...]:
    return tuple(at(TEXT, n) for n in needles)


def test_strip_fragment_drops_surrounding_space_and_punctuation() -> None:
    s, e = at(TEXT, "“We will rebuild the pier,” ")
    assert TEXT[slice(*strip_fragment(TEXT, s, e))] == "We will rebuild the pier"


def test_exact_ignores_quote_marks_and_commas_but_not_words() -> None:
    gold = [spans("“We will rebuild the pier,”")]
    assert match_exact(TEXT, gold, [spans("We will rebuild the pier")]) == [(0, 0)]
    assert match_exact(TEXT, gold, [spans("We will rebuild the")]) == []


def test_overlap_accepts_a_missing_complementizer_that_exact_rejects() -> None:
    gold = [spans("that the bridge would reopen in May")]
    pred = [spans("the bridge would reopen in May")]
    assert match_exact(TEXT, gold, pred) == []
    assert match_overlap(TEXT, gold, pred) == [(0, 0)]


def test_overlap_needs_half_the_tokens() -> None:
    gold = [spans("that the bridge would reopen in May")]  # 7 words
    assert match_overlap(TEXT, gold, [spans("in May")]) == []  # F1 = 4/9
    assert match_overlap(TEXT, gold, [spans("bridge would reopen in May")]) == [(0, 0)]  # F1 = 10/12


def test_matching_is_one_to_one_and_prefers_the_best_overlap() -> None:
    gold = [spans("the bridge would reopen"), spans("the bridge would reopen in May")]
    pred = [spans("the bridge would reopen in May")]
    # the single prediction can only claim one gold span: the identical one
    assert match_overlap(TEXT, gold, pred) == [(1, 0)]
    assert match_exact(TEXT, gold, pred * 2) == [(1, 0)]


def test_multi_fragment_spans_compare_as_sets_of_fragments() -> None:
    first, second = at(TEXT, "“We will rebuild the pier,”"), at(TEXT, "“and we will do it fast.”")
    gold = [(second, first)]  # brat order is not meaningful
    assert match_exact(TEXT, gold, [(first, second)]) == [(0, 0)]
    covering = ((first[0], second[1]),)
    assert match_exact(TEXT, gold, [covering]) == []
    # the covering span swallows "Ms. Varga told the Tidewater Gazette" but still overlaps enough
    assert match_overlap(TEXT, gold, [covering]) == [(0, 0)]


def test_fragments_split_at_a_line_break_are_one_span() -> None:
    text = "She said the levee held\nand the town stayed dry."
    a, b = at(text, "the levee held"), at(text, "and the town stayed dry")
    assert normalize(text, (a, b)) == ((a[0], b[1]),)


def test_a_punctuation_only_cue_still_matches_itself() -> None:
    text = "The mayor's verdict: the pier stays."
    colon = at(text, ":")
    assert match_exact(text, [(colon,)], [(colon,)]) == [(0, 0)]
    assert match_overlap(text, [(colon,)], [(colon,)]) == [(0, 0)]


def test_kind_of_quotes() -> None:
    assert kind_of(TEXT, spans("“We will rebuild the pier,”")) == "direct"
    # a prediction that leaves the quote marks outside is still direct
    assert kind_of(TEXT, spans("We will rebuild the pier")) == "direct"
    assert kind_of(TEXT, spans("that the bridge would reopen in May")) == "indirect"
    text = "He said the plan would “cost a fortune.”"
    assert kind_of(text, (at(text, "the plan would “cost a fortune.”"),)) == "indirect"


def test_attribution_needs_content_and_source() -> None:
    gold = [
        AttributionSpans(
            content=spans("that the bridge would reopen in May"),
            cue=spans("said"),
            source=spans("The harbour master"),
        )
    ]
    right = AttributionSpans(content=spans("the bridge would reopen in May"), source=spans("harbour master"))
    wrong_source = AttributionSpans(
        content=spans("the bridge would reopen in May"), source=spans("Officials")
    )
    no_source = AttributionSpans(content=spans("the bridge would reopen in May"))
    assert match_attributions(TEXT, gold, [wrong_source, right]) == [(0, 1)]
    assert match_attributions(TEXT, gold, [no_source]) == []
    unsourced = [AttributionSpans(content=spans("the ferry is safe"))]
    assert match_attributions(TEXT, unsourced, [AttributionSpans(content=spans("the ferry is safe"))]) == [
        (0, 0)
    ]


def test_counts() -> None:
    c = Counts(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
    assert c.precision == 0.75
    assert c.recall == 0.5
    assert c.f1 == pytest.approx(0.6)
    assert Counts().f1 == 0.0


def test_scorer_totals_breakdown_and_errors() -> None:
    gold = [
        AttributionSpans(
            content=spans("that the bridge would reopen in May"),
            cue=spans("said"),
            source=spans("The harbour master"),
        ),
        AttributionSpans(
            content=spans("“We will rebuild the pier,”", "“and we will do it fast.”"),
            cue=spans("told"),
            source=spans("Ms. Varga"),
        ),
        AttributionSpans(
            content=spans("the ferry is safe"), cue=spans("have said"), source=spans("Officials")
        ),
    ]
    pred = [
        AttributionSpans(
            content=spans("the bridge would reopen in May"),
            cue=spans("said"),
            source=spans("The harbour master"),
        ),
        AttributionSpans(content=spans("We will rebuild"), cue=spans("told"), source=spans("Varga")),
    ]
    scorer = Scorer(keep_errors=True)
    scorer.add("invented", TEXT, gold, pred)
    ev = scorer.result
    assert (ev.exact["source"].tp_gold, ev.exact["source"].n_pred, ev.exact["source"].n_gold) == (1, 2, 3)
    assert ev.overlap["source"].tp_gold == 2  # "Varga" is half of "Ms. Varga"
    assert ev.exact["cue"].tp_gold == 2
    assert ev.exact["content"].tp_gold == 0
    assert ev.overlap["content"].tp_gold == 1  # 3 of 11 quoted words: under half
    assert ev.attribution.tp_gold == 1
    direct = ev.by_kind["direct"]["content_overlap"]
    assert (direct.n_gold, direct.n_pred, direct.tp_gold) == (1, 1, 0)
    indirect = ev.by_kind["indirect"]["content_overlap"]
    assert (indirect.n_gold, indirect.n_pred, indirect.tp_gold) == (2, 1, 1)
    misses = {(e.role, e.text) for e in ev.errors if e.error == "miss"}
    assert ("cue", "have said") in misses
    assert ("content", "that the bridge would reopen in May") in misses
    boundary = next(
        e for e in ev.errors if e.text == "the bridge would reopen in May" and e.role == "content"
    )
    assert boundary.error == "false_alarm"
    assert boundary.overlaps
    assert boundary.context.startswith("The harbour master said")
    d = ev.to_dict()
    assert set(d) >= {"exact", "overlap", "attribution", "by_kind"}
    assert d["exact"]["cue"]["f1"] == pytest.approx(2 * (2 / 2) * (2 / 3) / (1 + 2 / 3), abs=1e-4)
