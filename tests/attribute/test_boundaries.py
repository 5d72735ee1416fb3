"""Where a reported content ends: the learned choice among the possible ends, the rules'
end without it, and the training rows built from annotated text."""

from __future__ import annotations

import dataclasses

from attrhelp import about

from reportedly import nlp as nlp_mod
from reportedly.attribute import boundaries, token_candidates
from reportedly.settings import DEFAULT

LEARNED = dataclasses.replace(DEFAULT, learned_boundaries=True)


def test_the_model_ships_and_chooses_among_the_possible_ends(reading):
    assert boundaries.load() is not None
    text = (
        "The mayor said the bridge would reopen on Friday, despite complaints from traders, "
        "which the council expects to answer in May."
    )
    learned = about(reading(text, settings=LEARNED), "bridge would reopen")
    ruled = about(reading(text), "bridge would reopen")
    # the rules cut the concessive tail; the model may end anywhere a clause ends, never mid-phrase
    assert ruled.content_text == "the bridge would reopen on Friday"
    assert learned.content[0].start == ruled.content[0].start
    assert learned.content_text in {
        "the bridge would reopen on Friday",
        "the bridge would reopen on Friday, despite complaints from traders",
        "the bridge would reopen on Friday, despite complaints from traders, "
        "which the council expects to answer in May",
    }


def test_every_possible_end_lies_in_the_sentence_after_the_start():
    doc = nlp_mod.load()(
        "Officials said that women were 41 percent of the workforce, excluding the military, "
        "which is mostly male. The next sentence is not theirs."
    )
    (cand,) = [c for c in token_candidates(doc) if c.lemma == "say"]
    rule, ends = boundaries.options(doc, cand)
    start = cand.content[-1][0]
    sent = doc[start].sent
    assert rule in ends and len(ends) >= 3
    assert all(start < e <= sent.end for e in ends)
    texts = {doc[start:e].text for e in ends}
    assert "women were 41 percent of the workforce" in texts
    assert "women were 41 percent of the workforce, excluding the military, which is mostly male" in texts


def test_label_and_transcript_contents_are_not_cut():
    doc = nlp_mod.load()(
        "HOST: Minister, renters say the cap came too late. Did it?\n\n"
        "MINISTER OKAFOR: I don't accept that.\n\nHOST: Thank you.\n\nMINISTER OKAFOR: Thanks."
    )
    labelled = [c for c in token_candidates(doc) if c.rule == "label"]
    assert labelled and all(boundaries.options(doc, c) == (0, []) for c in labelled)


def test_training_rows_label_the_annotated_end():
    text = "Officials said that women were 41 percent of the workforce, excluding the military, which is mostly male."
    doc = nlp_mod.load()(text)
    gold_end = text.index(", which")
    rows, labels = boundaries.training_rows([(doc, [(text.index("that women"), gold_end)])])
    assert sum(labels) == 1 and len(labels) >= 3
    chosen = rows[labels.index(1)]
    # the annotated end cuts the relative clause off the rules' end
    assert chosen.get("cut&first=which") == 1.0 or chosen.get("rule") == 1.0
