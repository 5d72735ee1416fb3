"""Unlabelled interview transcripts: "Q: Why did you change?" / "A: I was tired of it."

The lines carry no names, so the answer's speaker is the one person the article names
outside the transcript (the interviewee of "Chef Dara Quinlan ... spoke to Table Talk");
when it names none or several, the answers have no speaker rather than a guessed one.
An answer runs on over unlabelled paragraphs until the next question: one passage, one
speaker. Questions are the interviewer's and typed ``question``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.attribute.candidates import Candidate
from reportedly.attribute.rules import RULES
from reportedly.nlp import ents_in

#: "Q:", "Q.", "Q)", "Q -" and the same for "A" at the start of a paragraph
_LINE = re.compile(r"(?m)^[ \t]*(?P<label>[QA])(?:[:.)]|[ \t]+[-–—])[ \t]+(?P<body>\S.*)$")


def transcript_candidates(doc: Doc) -> list[Candidate]:
    """One candidate per question and per answer of a Q/A transcript (none without one)."""
    text = doc.text
    lines = list(_LINE.finditer(text))
    labels = {m.group("label") for m in lines}
    # both kinds, and more than one exchange, or "A. Smith said" would open an answer
    if labels != {"Q", "A"} or len(lines) < 3:
        return []
    interviewee = _interviewee(doc, text, lines)
    out: list[Candidate] = []
    for m, nxt in zip(lines, [*lines[1:], None], strict=True):
        asked = m.group("label") == "Q"
        end = m.end("body")
        if not asked and nxt is not None:
            # unlabelled paragraphs before the next line are the same answer
            end = nxt.start()
            while text[end - 1].isspace():
                end -= 1
        body = doc.char_span(m.start("body"), end, alignment_mode="contract")
        cue = doc.char_span(m.start("label"), m.start("body"), alignment_mode="contract")
        if body is None or cue is None or not len(body):
            continue
        out.append(
            Candidate(
                cue=(cue.start, cue.end),
                source=None if asked else interviewee,
                content=[(body.start, body.end)],
                rule="asked" if asked else "answer",
                confidence=RULES["asked" if asked else "answer"].confidence,
            )
        )
    return out


def _interviewee(doc: Doc, text: str, lines: list[re.Match[str]]) -> tuple[int, int] | None:
    """The first mention of the one person named outside the transcript's lines, if one."""
    nexts = [*lines[1:], None]
    inside = [(m.start(), n.start() if n else m.end()) for m, n in zip(lines, nexts, strict=True)]
    people: dict[str, tuple[int, int]] = {}
    for ent in ents_in(doc[:]):
        if ent.label_ != "PERSON" or any(s <= ent.start_char < e for s, e in inside):
            continue
        names = [t for t in ent if t.pos_ == "PROPN"]
        if not names:
            continue
        surname = names[-1].lower_
        # the fullest mention stands for the person ("Dara Quinlan" over "Quinlan")
        if surname not in people or len(ent) > people[surname][1] - people[surname][0]:
            people[surname] = (ent.start, ent.end)
    return next(iter(people.values())) if len(people) == 1 else None
