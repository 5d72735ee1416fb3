"""The gold scorer on hand-built Reports: no NLP, so every number here is decided by gold.py alone."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from reportedly.errors import InputError
from reportedly.evaluate import gold
from reportedly.model import Article, Attribution, Quantity, Report, Span, Speaker, Via

TEXT = (
    "Floods kill four in Portvale, mayor says\n\n"
    "Four people died when the river rose overnight, Mayor Ruth Calloway said.\n\n"
    "“We have never seen anything like it,” Calloway told the Portvale Courier.\n\n"
    "Nearly 300 homes were flooded, Northline and the Courier reported."
)

GOLD: dict[str, Any] = {
    "title": "Floods kill four in Portvale, mayor says",
    "caption": "Rescuers on Quay Street.",
    "noise": ["Advertisement", "Share this article"],
    "headline_appears_once_in_clean_text": True,
    "attributions": [
        {
            "kind": "indirect",
            "content": "Four people died when the river rose overnight",
            "cue": "said",
            "source": "Mayor Ruth Calloway",
            "speakers": ["Ruth Calloway"],
            "via": [],
        },
        {
            "kind": "direct",
            "content": "“We have never seen anything like it,”",
            "cue": "told",
            "source": "Calloway",
            "speakers": ["Ruth Calloway"],
            "via": ["Portvale Courier"],
        },
        {
            "kind": "indirect",
            "content": "Nearly 300 homes were flooded",
            "cue": "reported",
            "source": "Northline and the Courier",
            "speakers": ["Northline", "Portvale Courier"],
            "via": [],
        },
    ],
    "quantities": [
        {"text": "Four", "relation": "=", "value": 4, "counts": "people"},
        {"text": "Nearly 300", "relation": "<=", "value": 300, "counts": "homes"},
    ],
}


def span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def speaker(name: str, kind: str = "person") -> Speaker:
    return Speaker(name=name, kind=kind, entity=name.lower().replace(" ", "-"))  # type: ignore[arg-type]


def via(text: str, name: str, evidence: str) -> Via:
    return Via(name=name, entity=name.lower(), evidence=span(text, evidence))


def attribution(
    text: str,
    aid: str,
    kind: str,
    content: str,
    cue: str,
    source: str,
    speakers: list[str],
    vias: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Attribution:
    return Attribution(
        id=aid,
        kind=kind,  # type: ignore[arg-type]
        content=[span(text, content)],
        cue=span(text, cue),
        source=span(text, source),
        speakers=[speaker(s) for s in speakers],
        via=[via(text, n, e) for n, e in vias],
    )


def perfect_report(text: str = TEXT) -> Report:
    atts = [
        attribution(
            text, "a1", "indirect", "Four people died when the river rose overnight", "said",
            "Mayor Ruth Calloway", ["Ruth Calloway"],
        ),
        attribution(
            text, "a2", "direct", "We have never seen anything like it,", "told", "Calloway",
            ["Ruth Calloway"], [("Portvale Courier", "the Portvale Courier")],
        ),
        attribution(
            text, "a3", "indirect", "Nearly 300 homes were flooded", "reported",
            "Northline and the Courier", ["Northline", "Portvale Courier"],
        ),
    ]  # fmt: skip
    quantities = [
        Quantity(span(text, "Four"), 4, 4, 4, "=", "people", "a1"),
        Quantity(span(text, "Nearly 300"), 300, None, 300, "<=", "homes", "a3"),
    ]
    return Report(article=Article(text=text), attributions=atts, quantities=quantities)


def test_perfect_report_scores_full_marks() -> None:
    s = gold.score(perfect_report(), GOLD)
    assert (s.attributions, s.found, s.kind_ok, s.cue_ok, s.speakers_ok, s.via_ok) == (3, 3, 3, 3, 3, 3)
    assert (s.quantities, s.quantities_found, s.quantities_ok, s.counted_ok) == (2, 2, 2, 2)
    assert s.noise_left == [] and s.title_ok and s.spans_ok
    assert s.missed == [] and s.wrong == [] and s.extra == [] and s.quantity_misses == []
    assert s.recall == 1.0 and s.precision == 1.0


def test_wrong_speaker_is_counted_found_but_not_right() -> None:
    r = perfect_report()
    r.attributions[1].speakers = [speaker("Portvale Courier", "outlet")]
    s = gold.score(r, GOLD)
    assert s.found == 3
    assert s.speakers_ok == 2
    assert s.wrong == [
        {
            "content": "“We have never seen anything like it,”",
            "field": "speakers",
            "expected": ["Ruth Calloway"],
            "got": ["Portvale Courier"],
        }
    ]


def test_unresolved_surname_is_not_the_full_name() -> None:
    r = perfect_report()
    r.attributions[1].speakers = [speaker("Calloway")]
    assert gold.score(r, GOLD).speakers_ok == 2


def test_missing_attribution_lowers_recall() -> None:
    r = perfect_report()
    del r.attributions[2]
    s = gold.score(r, GOLD)
    assert s.found == 2
    assert s.recall == pytest.approx(2 / 3)
    assert s.missed == [
        {"content": "Nearly 300 homes were flooded", "reason": "no predicted content overlaps"}
    ]


def test_one_long_prediction_cannot_claim_two_gold_quotes() -> None:
    text = TEXT
    whole = "Four people died when the river rose overnight, Mayor Ruth Calloway said.\n\n“We have never"
    r = Report(
        article=Article(text=text),
        attributions=[
            Attribution("x", "indirect", [span(text, whole)], None, None, [speaker("Ruth Calloway")]),
        ],
    )
    s = gold.score(r, GOLD)
    assert s.found == 1
    assert [m["content"] for m in s.missed] == [
        "“We have never seen anything like it,”",
        "Nearly 300 homes were flooded",
    ]


def test_best_overlap_wins_when_two_predictions_touch_one_gold() -> None:
    r = perfect_report()
    sliver = Attribution("s", "indirect", [span(TEXT, "Four people")], None, None, [speaker("Northline")])
    r.attributions.insert(0, sliver)
    s = gold.score(r, GOLD)
    assert s.found == 3 and s.speakers_ok == 3
    assert s.extra == ["Four people"]


def test_quote_and_follow_on_merged_into_one_attribution_answer_two_gold_items() -> None:
    text = "“It is over,” Lee said. “We go home now.”"
    g = {
        "attributions": [
            {"kind": "direct", "content": "It is over,", "cue": "said", "source": "Lee", "speakers": ["Lee"], "via": []},
            {"kind": "direct", "content": "We go home now.", "cue": None, "source": None, "speakers": ["Lee"], "via": []},
        ]
    }  # fmt: skip
    merged = Attribution(
        "m", "direct", [span(text, "It is over,"), span(text, "We go home now.")], span(text, "said"),
        span(text, "Lee"), [speaker("Lee")],
    )  # fmt: skip
    s = gold.score(Report(Article(text=text), attributions=[merged]), g)
    assert s.found == 2 and s.speakers_ok == 2 and s.extra == []
    assert s.cue_ok == 1  # the follow-on has no cue of its own


def test_same_content_predicted_twice_the_agreeing_one_counts() -> None:
    r = perfect_report()
    wrong = Attribution(
        "w",
        "indirect",
        [span(TEXT, "Nearly 300 homes were flooded")],
        None,
        None,
        [speaker("Bluewater Lines")],
    )
    r.attributions.insert(0, wrong)
    s = gold.score(r, GOLD)
    assert s.found == 3 and s.speakers_ok == 3
    assert s.extra == ["Nearly 300 homes were flooded"]


def test_wrong_via_kind_and_cue() -> None:
    r = perfect_report()
    a = r.attributions[1]
    a.via = []
    a.kind = "indirect"
    a.cue = span(TEXT, "said")
    s = gold.score(r, GOLD)
    assert (s.via_ok, s.kind_ok, s.cue_ok) == (2, 2, 2)
    assert {w["field"] for w in s.wrong} == {"via", "kind", "cue"}


def test_several_speakers_must_all_be_there() -> None:
    r = perfect_report()
    r.attributions[2].speakers = [speaker("Northline")]
    assert gold.score(r, GOLD).speakers_ok == 2
    r.attributions[2].speakers = [speaker("the Portvale Courier"), speaker("Northline")]
    assert gold.score(r, GOLD).speakers_ok == 3


def test_noise_and_caption_left_in_text() -> None:
    text = TEXT.replace("\n\nNearly", "\n\nAdvertisement\n\nRescuers on Quay Street.\n\nNearly")
    s = gold.score(perfect_report(text), GOLD)
    assert s.noise_left == ["Advertisement", "Rescuers on Quay Street."]
    assert s.found == 3  # offsets moved with the text; the reading itself is still right


def test_title_twice_or_not_first() -> None:
    twice = TEXT.replace("\n\nFour", "\n\nFloods kill four in Portvale, mayor says\n\nFour", 1)
    s = gold.score(perfect_report(twice), GOLD)
    assert not s.title_ok and s.title_problem == "title appears 2 times"
    later = TEXT.split("\n\n", 1)[1]
    r = perfect_report(later)
    r.quantities = []
    s = gold.score(r, GOLD)
    assert not s.title_ok and s.title_problem is not None and "first paragraph" in s.title_problem


def test_span_offsets_that_do_not_match_the_text() -> None:
    r = perfect_report()
    good = r.attributions[0].content[0]
    r.attributions[0].content = [Span(good.start + 1, good.end + 1, good.text)]
    s = gold.score(r, GOLD)
    assert not s.spans_ok
    assert len(s.bad_spans) == 1


def test_quantity_value_relation_and_counted() -> None:
    r = perfect_report()
    r.quantities[1] = Quantity(span(TEXT, "300"), 300, 300, 300, "=", "people", None)
    s = gold.score(r, GOLD)
    assert s.quantities_found == 2
    assert s.quantities_ok == 1
    assert s.counted_ok == 1
    assert {q["field"] for q in s.quantity_misses} == {"value/relation", "counted"}
    r.quantities = r.quantities[:1]
    s = gold.score(r, GOLD)
    assert s.quantities_found == 1 and s.quantities_rate == 0.5


def test_vague_amount_has_no_value() -> None:
    text = "Dozens of residents were evacuated."
    g = {"quantities": [{"text": "Dozens", "relation": "approx", "value": None, "counts": "residents"}]}
    r = Report(
        Article(text=text), quantities=[Quantity(span(text, "Dozens"), None, 24, None, "approx", "residents")]
    )
    assert gold.score(r, g).quantities_ok == 1
    r.quantities = [Quantity(span(text, "Dozens"), 12, 12, 12, "=", "residents")]
    assert gold.score(r, g).quantities_ok == 0


def test_quantity_is_found_on_word_boundaries_only() -> None:
    text = "Thirty-three boats and three ships."
    g = {"quantities": [{"text": "three", "relation": "=", "value": 3, "counts": "ships"}]}
    assert gold.locate(text, "three", words=True) == (23, 28)
    r = Report(
        Article(text=text), quantities=[Quantity(span(text, "Thirty-three"), 33, 33, 33, "=", "boats")]
    )
    assert gold.score(r, g).quantities_found == 0


def test_locate_falls_back_to_quote_and_whitespace_insensitive_search() -> None:
    text = "He said: ‘We will  rebuild\nit,’ and left."
    where = gold.locate(text, "'We will rebuild it,'")
    assert where is not None
    assert text[where[0] : where[1]] == "‘We will  rebuild\nit,’"
    assert gold.locate(text, "We will demolish it") is None


def test_repeated_content_takes_successive_occurrences() -> None:
    text = "It is over, she said. Later: it is over, he said."
    first = gold.locate(text, "it is over")
    assert first == (29, 39)  # exact, case-sensitive match first
    taken = {first}
    assert gold.locate(text, "it is over", taken=taken) == (0, 10)


def test_gold_content_not_in_text_is_a_miss_with_reason() -> None:
    g = {"attributions": [{**GOLD["attributions"][0], "content": "Five people died"}]}
    s = gold.score(perfect_report(), g)
    assert s.found == 0
    assert s.missed[0]["reason"] == "gold content not in article text"


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        ("head of GCHQ", "the head of the UK's GCHQ intelligence service", True),
        ("Ruth Calloway", "Mayor Ruth Calloway", True),
        ("Financial Times", "the Financial Times", True),
        ("Mikhail Benyash", "Benyash", False),
        ("Ruth Calloway", "Daniel Ferris", False),
        ("officials", "officials", True),
        ("Portvale Courier", "Courier", False),
        ("a spokesperson who asked not to be named", "spokesperson", True),
        ("police", "Portvale Police", True),
        ("Portvale Police", "police", True),
        ("the county fire service", "fire service", True),
        ("Iain", "one fisherman, who gave only his first name, Iain", True),
        ("Ruth Calloway", "Calloway", False),
    ],
)
def test_name_matching(expected: str, got: str, ok: bool) -> None:
    assert gold.name_matches(expected, got) is ok


def test_names_match_is_order_insensitive_set_equality() -> None:
    assert gold.names_match(["Reuters", "Financial Times"], ["the Financial Times", "Reuters"])
    assert not gold.names_match(["Reuters", "Financial Times"], ["Reuters"])
    assert not gold.names_match(["Reuters"], ["Reuters", "Reuters"])
    assert gold.names_match([], [])


def test_cue_matching() -> None:
    assert gold.cue_matches("said", "said")
    assert gold.cue_matches("according to", "according to")
    assert gold.cue_matches("said", "said in a statement")
    assert not gold.cue_matches("said", "told")
    assert not gold.cue_matches("said", None)
    assert gold.cue_matches(None, None)


def test_to_dict_and_render() -> None:
    r = perfect_report()
    r.attributions[0].speakers = []
    s = gold.score(r, GOLD)
    d = s.to_dict()
    json.dumps(d)
    assert d["speakers_ok"] == 2 and d["rates"]["recall"] == 1.0
    assert d["rates"]["speakers"] == pytest.approx(0.667, abs=1e-3)
    out = StringIO()
    s.render(Console(file=out, width=120, color_system=None))
    assert "speakers" in out.getvalue() and "Ruth Calloway" in out.getvalue()


def test_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold file"):
        gold.load_gold(tmp_path / "none.gold.json")
    bad = tmp_path / "bad.gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        gold.load_gold(bad)
    partial = tmp_path / "partial.gold.json"
    partial.write_text(json.dumps({"attributions": [{"kind": "direct", "content": "x"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="lacks speakers"):
        gold.load_gold(partial)
    good = tmp_path / "good.gold.json"
    good.write_text(json.dumps(GOLD), encoding="utf-8")
    assert gold.load_gold(good)["title"] == GOLD["title"]
    assert gold.gold_path_for(tmp_path / "a.txt") == tmp_path / "a.gold.json"


def test_report_survives_json_round_trip_with_same_score() -> None:
    r = perfect_report()
    again = Report.from_json(r.to_json())
    assert gold.score(again, GOLD).to_dict() == gold.score(r, GOLD).to_dict()
