"""Indirect and mixed speech, "according to", and nested reports folded into via chains."""

from __future__ import annotations

from attrhelp import about, speakers, via

from reportedly.settings import Settings


def test_said_that(reading):
    r = reading("Inspector Graham Holt said that two roads would stay closed until Friday.")
    a = about(r, "two roads would stay closed")
    assert a.kind == "indirect"
    assert not a.content[0].text.startswith("that")
    assert speakers(a) == ["Graham Holt"]


def test_trailing_reporting_clause(reading):
    r = reading("The council will meet again on Thursday, a spokeswoman said.")
    a = about(r, "The council will meet again")
    assert a.cue is not None and a.cue.text == "said"
    assert a.source is not None and a.source.text == "a spokeswoman"


def test_reporting_verbs_beyond_say(reading):
    r = reading(
        "Critics argued the plan was unaffordable. The minister denied that any money had been lost. "
        "Residents warned that the wall would not hold."
    )
    assert about(r, "the plan was unaffordable").cue.text == "argued"
    assert about(r, "any money had been lost").cue.text == "denied"
    assert about(r, "the wall would not hold").cue.text == "warned"


def test_mixed_quote(reading):
    r = reading('The mayor said the town was "better prepared than ever" for the spring storms.')
    a = about(r, "better prepared than ever")
    assert a.kind == "mixed"


def test_according_to_is_the_source(reading):
    r = reading("Water levels peaked at 4.2 metres overnight, according to the Marrow Valley Water Board.")
    a = about(r, "Water levels peaked")
    assert a.cue is not None and a.cue.text == "according to"
    assert "Marrow Valley Water Board" in speakers(a)[0]


def test_according_to_after_a_speaker_is_a_via(reading):
    r = reading(
        "Mikael Strand runs the harbour office. The ferries will stop for a week, Strand said, according to the FT."
    )
    a = about(r, "The ferries will stop")
    assert speakers(a) == ["Mikael Strand"]
    assert via(a) == ["Financial Times"]


def test_outer_report_becomes_the_via(reading):
    r = reading("Ana Ruiz said only four of the ten pumps worked, Reuters and the AP reported.")
    a = about(r, "only four of the ten pumps")
    assert speakers(a) == ["Ana Ruiz"]
    assert via(a) == ["Reuters", "Associated Press"]
    assert len(r.attributions) == 1, "a nested report folds into one attribution"


def test_outlets_as_speakers(reading):
    r = reading("The dam was inspected in May, Reuters and the FT reported.")
    a = about(r, "The dam was inspected")
    assert speakers(a) == ["Reuters", "Financial Times"]
    assert via(a) == []


def test_told_an_outlet_puts_it_in_the_chain(reading):
    r = reading("Ana Ruiz told the Wall Street Journal that the company had cut its forecast.")
    a = about(r, "the company had cut its forecast")
    assert speakers(a) == ["Ana Ruiz"]
    assert via(a) == ["The Wall Street Journal"]


def test_told_a_person_is_not_a_via(reading):
    r = reading("Ana Ruiz told reporters that the company had cut its forecast.")
    assert via(about(r, "cut its forecast")) == []


def test_citing(reading):
    r = reading(
        "Police are searching for a second suspect, the Portvale Courier reported, citing two officials."
    )
    a = about(r, "searching for a second suspect")
    assert speakers(a) == ["two officials"]
    assert a.speakers[0].kind == "anonymous"
    assert via(a) == ["Portvale Courier"]


def test_noun_cue_with_a_possessor(reading):
    r = reading("Drivers were alarmed by the union's claim that the depot would close in May.")
    a = about(r, "the depot would close in May")
    assert a.cue is not None and a.cue.text == "claim"
    assert a.source is not None and a.source.text == "the union"


def test_learned_attitude_verbs_carry_their_train_precision(reading):
    from reportedly.render import visible

    rules = Settings(learned_confidence=False)
    a = about(
        reading("The union endorsed the plan for a new depot.", settings=rules), "the plan for a new depot"
    )
    assert 0 < a.confidence < 0.75, "a frame known only from annotated data is not a sure report"
    # the learned confidence says annotators mark such stances; it is an attitude, not a statement
    r = reading("The union endorsed the plan for a new depot.")
    assert about(r, "the plan for a new depot").type == "attitude"
    assert visible(r).attributions == []


def test_reporting_clause_in_mid_sentence(reading):
    r = reading("Too often, Mr. Clarke said, the debate over the harbour is poisoned by old grudges.")
    (a,) = r.attributions
    assert [s.text for s in a.content] == [
        "Too often",
        "the debate over the harbour is poisoned by old grudges",
    ]
    assert speakers(a) == ["Clarke"]


def test_a_lead_in_is_not_content(reading):
    r = reading(
        "In Westmere last week, she told a meeting of harbour pilots that the channel would be dredged."
    )
    a = about(r, "the channel would be dredged")
    assert not any("In Westmere" in s.text for s in a.content)


def test_raising_verb_keeps_its_subject(reading):
    r = reading("The ferry operator is expected to announce new timetables on Monday.")
    a = about(r, "to announce new timetables")
    assert a.content[0].text == "The ferry operator"
    assert a.cue is not None and a.cue.text == "is expected"


def test_writers_aside_is_not_content(reading):
    r = reading("The mayor said the festival would return to the quay, where it began in 1952.")
    a = about(r, "the festival would return to the quay")
    assert a.content[-1].text.endswith("to the quay")


def test_rules_only_engine(reading):
    """Settings(cue_lexicon="none"): curated verbs of speech alone, no learned frames."""
    rules_only = Settings(cue_lexicon="none")
    assert reading("The union endorsed the plan for a new depot.", settings=rules_only).attributions == []
    assert reading("The union endorsed the plan for a new depot.").attributions != []
    r = reading(
        "Ana Ruiz said only four of the ten pumps worked, Reuters and the AP reported.", settings=rules_only
    )
    assert speakers(about(r, "only four of the ten pumps")) == ["Ana Ruiz"]


def test_missing_lexicon_is_a_clear_error(reading):
    import pytest

    from reportedly.errors import ReportedlyError

    with pytest.raises(ReportedlyError, match="does not exist"):
        reading("Ana Ruiz said the pumps worked.", settings=Settings(cue_lexicon="/nonexistent/cues.tsv"))


def test_mixed_quote_opening_the_content_keeps_both_marks(reading):
    r = reading("The baker said “we will reopen” before the spring, the Courier reported.")
    a = about(r, "we will reopen")
    assert a.kind == "mixed"
    assert a.content[0].text.startswith("“we will reopen”")
