"""Nouns that report: "Trump's claim that X", "criticism of the plan by unions".

Only noun frames learned from annotated data (``cues.learned_cues``, frames
``n-clause`` and ``n-prep``) count, each as reliable as it was there.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.attribute.candidates import Candidate
from reportedly.attribute.cues import frame_of, noun_clause, noun_prep
from reportedly.attribute.rules import RULES
from reportedly.attribute.syntax import Lexicon, mention_range, strip_range
from reportedly.attribute.thresholds import NOUN_MIN_PRECISION


def _noun_source(noun: Token) -> tuple[int, int] | None:
    """The holder: a possessor ("Trump's plan"), a name before it ("the Clinton plan"),
    or an agent after it ("a statement by the council", "criticism from Democrats")."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c.left_edge.i, c.i + 1
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG", "NORP"):
            return c.left_edge.i, c.i + 1
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return mention_range(pobj)
    return None


def find_noun_candidates(
    sent: SpacySpan, quote_inside: list[tuple[int, int]], learned: Lexicon
) -> list[Candidate]:
    out = []
    # a set: a sentence with thousands of quotes must not cost nouns x quotes
    inside = {i for s, e in quote_inside for i in range(s, e)}
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.i in inside:
            continue
        how = frame_of(tok)
        precision = learned.get((tok.lemma_.lower(), how))
        if precision is None or how == "n-bare" or precision < NOUN_MIN_PRECISION:
            continue
        if how == "n-clause":
            clause = noun_clause(tok)
            assert clause is not None
            content = strip_range(clause.left_edge.i, clause.right_edge.i + 1, sent)
            cue = (tok.i, tok.i + 1)
        else:
            prep = noun_prep(tok)
            pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
            if prep is None or pobj is None:
                continue
            content = strip_range(pobj.left_edge.i, pobj.right_edge.i + 1, sent)
            cue = (tok.i, prep.i + 1) if prep.i == tok.i + 1 else (tok.i, tok.i + 1)
        if content[1] <= content[0]:
            continue
        out.append(
            Candidate(
                cue=cue,
                source=_noun_source(tok),
                content=[content],
                rule="noun",
                confidence=min(RULES["noun"].confidence, precision),
                lemma=tok.lemma_.lower(),
                speech=False,
            )
        )
    return out
