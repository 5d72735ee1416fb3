"""Direct quotes: marks, speaker positions, multi-paragraph and follow-on quotes."""

from __future__ import annotations

from attrhelp import about, speakers


def test_straight_quote_speaker_after(reading):
    r = reading('"We will rebuild the bridge by June," Mayor Ruth Calloway said on Tuesday.')
    a = about(r, "We will rebuild")
    assert a.kind == "direct"
    assert a.content[0].text == "We will rebuild the bridge by June,"
    assert a.cue is not None and a.cue.text == "said"
    assert speakers(a) == ["Ruth Calloway"]


def test_curly_quote_inverted_cue(reading):
    r = reading("“The pumps failed at midnight,” said Daniel Ferris, the fire chief.")
    a = about(r, "The pumps failed")
    assert a.kind == "direct"
    assert speakers(a) == ["Daniel Ferris"]
    assert a.content[0].text == "The pumps failed at midnight,"


def test_speaker_before_with_colon(reading):
    r = reading('The coach, Maria Okafor, was blunt: "We were not good enough today and we know it."')
    a = about(r, "We were not good enough")
    assert a.kind == "direct"
    assert speakers(a) == ["Maria Okafor"]


def test_speaker_in_the_middle(reading):
    r = reading('"The river is falling," Priya Nandakumar said, "but the ground is saturated."')
    a = about(r, "The river is falling")
    assert a.kind == "direct"
    assert [s.text for s in a.content] == ["The river is falling,", "but the ground is saturated."]
    assert speakers(a) == ["Priya Nandakumar"]


def test_british_single_quotes(reading):
    r = reading(
        "‘It is a disgrace to the club,’ said Gareth Pryce, the chairman. The players’ union disagreed."
    )
    a = about(r, "It is a disgrace")
    assert a.kind == "direct"
    assert speakers(a) == ["Gareth Pryce"]


def test_multi_paragraph_quote_and_follow_on(reading):
    text = (
        'Tomasz Wielgus has run the bakery for twenty years. "The water came through the door like a wall,"'
        " he said.\n\n"
        '"I had about ten seconds to get upstairs. My wife was already on the landing.\n\n'
        '"We watched the ovens go under. Everything we built went with them."\n\n'
        "Neighbours brought blankets in the morning."
    )
    r = reading(text)
    first = about(r, "like a wall")
    assert speakers(first) == ["Tomasz Wielgus"]
    follow = about(r, "ten seconds")
    assert follow.kind == "direct"
    assert len(follow.content) == 2, "a quote over two paragraphs keeps one piece per paragraph"
    assert "Everything we built" in follow.content[1].text
    assert speakers(follow) == ["Tomasz Wielgus"]
    assert follow.continues == first.id


def test_scare_quotes_are_not_speech(reading):
    r = reading('The so-called "rescue plan" was published on Monday and criticised by nobody.')
    assert r.attributions == []


def test_offsets_match_text(reading):
    r = reading(
        '“Nobody told us,” said Ann Reyes. She added that the warning came "far too late" for her street.'
    )
    for a in r.attributions:
        for s in [*a.content, a.cue, a.source]:
            if s is not None:
                assert r.article.text[s.start : s.end] == s.text


def test_dash_and_name_sign_a_quote(reading):
    r = reading("“The ferry has not run on time once this winter.” ― Aino Virtanen, commuter")
    a = about(r, "The ferry has not run")
    assert a.kind == "direct"
    assert speakers(a) == ["Aino Virtanen"]
    assert a.cue is not None and a.cue.text == "―"


def test_transcript_label_speaks_for_its_paragraph(reading):
    r = reading("HOST: Welcome back to the programme.\n\nMARSH: Well, I think the council was right to wait.")
    a = about(r, "I think the council was right to wait")
    assert a.source is not None and a.source.text == "MARSH"
    assert a.cue is not None and a.cue.text == ":"
    assert not any(x.cue and x.cue.text == "think" for x in r.attributions), "the label is the outer voice"


def test_doubled_marks_are_double_quotes(reading):
    # archive and wire copy types quotes as ''X'' (or ``X''); an answer runs on after the cue
    r = reading(
        "''Throughout our time on these shores, we've made major contributions,'' he said. "
        "''We're part of a history that isn't told.''"
    )
    first = about(r, "Throughout our time")
    assert first.kind == "direct"
    assert first.content_text == "Throughout our time on these shores, we've made major contributions,"
    follow = about(r, "We're part of a history")
    assert follow.kind == "direct" and follow.content_text == "We're part of a history that isn't told."
