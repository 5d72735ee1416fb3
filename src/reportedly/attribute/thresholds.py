"""Every threshold of the attribution engine, in one place.

Per-rule starting confidences are in the rule table (``rules.RULES``); what a view shows
and what the learned confidence drops are ``Settings.min_confidence``, ``Settings.shown_types``
and ``Settings.min_keep``. Each figure here was measured on PolNeAR dev (see BENCHMARKS.md).
"""

from __future__ import annotations

#: a learned verb frame joins the cue lexicon when annotators marked it a cue this often
LEARNED_MIN_PRECISION = 0.25
#: nouns are cues less often than verbs; below this they cost more precision than they add
NOUN_MIN_PRECISION = 0.4
#: a quote with no cue shorter than this is a scare quote or a title, not speech (unless it is a
#: whole sentence: "We complained twice.")
MIN_FOLLOW_ON_WORDS = 4
#: share of a sentence's characters a cue-less quote must cover to count as speech
MIN_QUOTE_SHARE = 0.5
#: a content that is a quotation in marks is at least this sure (rule table confidences)
QUOTED = 0.85
#: an outer report adds this to the inner one it relays (rule table confidences)
RELAYED_BONUS = 0.05
#: longest via chain kept: real chains are two or three relays deep ("X said, according
#: to Y, citing Z"); text pasted into one sentence again and again nests without end
MAX_VIA = 6
#: how far back (characters, and tokens for noun chunks) a pronoun or "the agency" looks
#: for what it refers to: pages more than any real antecedent distance, and a bounded look
#: keeps speaker resolution linear on a book-length text
ANAPHOR_WINDOW = 20_000
ANAPHOR_TOKENS = 4_000
#: the writer's own voice or an instruction to the reader ("I can tell you", "Note that X"):
#: kept for corpora that annotate it, never above this, so default views leave it out
WRITER_CEILING = 0.3
