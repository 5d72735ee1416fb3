"""Speaker resolution inside one article."""

from __future__ import annotations

from attrhelp import about, speakers, via


def test_pronoun_and_surname(reading):
    r = reading(
        "Helen Marsh, the head teacher, said the school would reopen on Monday. "
        "She said pupils should bring packed lunches. Later, Marsh said buses would run as normal."
    )
    assert speakers(about(r, "pupils should bring")) == ["Helen Marsh"]
    assert speakers(about(r, "buses would run")) == ["Helen Marsh"]


def test_surname_before_full_name_is_merged(reading):
    r = reading("Okafor said the side was tired. Maria Okafor, the coach, later said she was proud of them.")
    ids = {a.speakers[0].entity for a in r.attributions}
    assert len(ids) == 1
    assert speakers(r.attributions[0]) == ["Maria Okafor"]


def test_description_resolves_to_the_named_person(reading):
    r = reading(
        "A lawyer for the dismissed drivers said dozens more had asked for help.\n\n"
        "Jonas Berg told the Courier that the case would be heard in May.\n\n"
        "The lawyer said the drivers had been treated unfairly."
    )
    assert speakers(about(r, "dozens more had asked")) == ["Jonas Berg"]
    assert speakers(about(r, "treated unfairly")) == ["Jonas Berg"]


def test_a_named_person_the_tagger_took_for_a_title(reading):
    # the small English model labels "Elena Ruiz" a WORK_OF_ART right after a closing quote
    r = reading('"We will rebuild the harbour wall," Elena Ruiz said, according to the Coastal Times.')
    a = about(r, "rebuild the harbour wall")
    assert speakers(a) == ["Elena Ruiz"]
    assert a.speakers[0].kind == "person"
    assert via(a) == ["Coastal Times"]


def test_the_company(reading):
    r = reading("Harlow Foods cut 300 jobs on Monday. The company said demand had fallen sharply.")
    a = about(r, "demand had fallen")
    assert speakers(a) == ["Harlow Foods"]
    assert a.speakers[0].kind == "organization"


def test_unnamed_role_stays_a_role(reading):
    r = reading("The head of the regional fire service said crews were exhausted.")
    a = about(r, "crews were exhausted")
    assert a.speakers[0].kind == "role"
    assert "head of the regional fire service" in a.speakers[0].name


def test_anonymous_sources(reading):
    r = reading(
        "The merger talks have stalled, officials said. "
        "A spokesperson who asked not to be named said the board would meet again."
    )
    assert about(r, "merger talks").speakers[0].kind == "anonymous"
    assert about(r, "board would meet").speakers[0].kind == "anonymous"


def test_outlet_short_form_within_article(reading):
    r = reading(
        "The Portvale Courier first reported the closure on Monday. "
        "The plant will close in June, the Courier reported."
    )
    a = about(r, "The plant will close")
    assert speakers(a) == ["Portvale Courier"]
    assert a.speakers[0].kind == "outlet"


def test_publisher_short_form(reading):
    r = reading("The mayor resigned, the Herald has learned.", publisher="Marrow Valley Herald")
    a = about(r, "The mayor resigned")
    assert speakers(a) == ["Marrow Valley Herald"]


def test_they_resolves_to_a_counted_group(reading):
    r = reading(
        "The union represents 40 bus drivers who were suspended in May. "
        "They argued that the suspension broke their contracts, the Courier reported."
    )
    a = about(r, "the suspension broke their contracts")
    assert speakers(a) == ["the 40 bus drivers"]
    assert [v.name for v in a.via] == ["Courier"]
