"""Unlabelled Q/A interview transcripts: one passage, one speaker, the interviewee the
article names, or nobody when it names more than one."""

from __future__ import annotations

from attrhelp import about, speakers

INTERVIEW = """Q&A: the ferry captain who stayed

Captain Ilse Marrow has run the Kessby ferry for 31 years. She talked to the Harbour Post before her last crossing.

Q: Why did you stay so long?

A: I like the water. And the passengers became my friends.

Every morning I counted them on and counted them off.

Q. What will you miss?

A. The fog, believe it or not.

Q: Any advice for your successor?

A: Check the weather twice.
"""


def test_answers_are_the_interviewees_and_questions_are_questions(reading):
    r = reading(INTERVIEW)
    answer = about(r, "I like the water")
    assert answer.type == "speech"
    assert speakers(answer) == ["Ilse Marrow"]
    # an answer runs on over its unlabelled paragraphs until the next question
    assert "counted them off" in answer.content_text
    assert speakers(about(r, "The fog, believe it or not")) == ["Ilse Marrow"]
    assert speakers(about(r, "Check the weather twice")) == ["Ilse Marrow"]
    asked = about(r, "Why did you stay so long?")
    assert asked.type == "question"
    assert speakers(asked) == []


def test_two_people_named_give_no_speaker_rather_than_a_guess(reading):
    text = INTERVIEW.replace(
        "She talked to the Harbour Post", "She and her deckhand Tomas Brill talked to the Harbour Post"
    )
    r = reading(text)
    answer = about(r, "The fog, believe it or not")
    assert answer.type == "speech"
    assert speakers(answer) == []


def test_an_initial_is_not_an_answer_without_questions(reading):
    r = reading(
        "Council approves new library\n\n"
        "A. Fenwick, the council leader, said the library would open in June.\n\n"
        "A. Fenwick also said the budget was fixed."
    )
    assert [a.rule for a in r.attributions if a.rule in ("asked", "answer")] == []
    assert speakers(about(r, "library would open in June")) == ["A. Fenwick"]
