"""The reporting-cue lexicon: which words introduce reported speech or thought.

Lemmas, not surface forms, so "said", "says", "saying" and "has said" share one
entry. Kept as plain frozensets so tuning is a one-line change reviewed by diff.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from reportedly.attribute.thresholds import LEARNED_MIN_PRECISION

#: verb frames learned from PolNeAR train (see ``reportedly.attribute.learn``)
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "cue_lexicon.tsv"

#: verbs whose clausal complement (or trailing "X, Y said" clause) is reported content
SPEECH_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "argue",
        "claim",
        "deny",
        "warn",
        "insist",
        "report",
        "write",
        "explain",
        "state",
        "announce",
        "declare",
        "suggest",
        "believe",
        "think",
        "confirm",
        "acknowledge",
        "admit",
        "allege",
        "assert",
        "contend",
        "maintain",
        "predict",
        "estimate",
        "reveal",
        "stress",
        "emphasize",
        "emphasise",
        "ask",
        "respond",
        "reply",
        "recall",
        "conclude",
        "complain",
        "concede",
        "testify",
        "tweet",
        "post",
        "indicate",
        "agree",
        "caution",
        "counter",
        "mention",
        "disclose",
        "inform",
        "assure",
        "boast",
        "charge",
        "joke",
        "reiterate",
        "signal",
        "speculate",
        "underscore",
        "question",
        "wonder",
        "forecast",
        "propose",
        "recommend",
        "demand",
        "fear",
        "hope",
        "expect",
        "feel",
        "know",
        "learn",
        "observe",
        "remark",
        "comment",
        "continue",
        "urge",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "hint",
        "worry",
        "doubt",
        "reckon",
        "guess",
        "figure",
        "imply",
        "acknowledge",
        "brief",
        "show",
        "find",
        "reason",
        "insinuate",
        "complain",
        "lament",
        "recount",
        "describe",
        "accuse",
        "criticize",
        "criticise",
        "praise",
        "blame",
    ]
)

#: verbs of thought: inside someone's report they are part of what was said ("Clinton said
#: she thinks X" is Clinton's report), not a report of their own to fold into a chain
COGNITION_VERBS: frozenset[str] = frozenset(
    [
        "think",
        "believe",
        "feel",
        "know",
        "hope",
        "fear",
        "expect",
        "doubt",
        "wonder",
        "reckon",
        "guess",
        "figure",
        "worry",
        "want",
    ]
)

#: verbs whose direct object alone can be the content ("officials described flagging morale")
OBJECT_CONTENT_VERBS: frozenset[str] = frozenset(
    [
        "describe",
        "deny",
        "confirm",
        "announce",
        "reveal",
        "claim",
        "predict",
        "acknowledge",
        "admit",
        "report",
        "disclose",
        "dispute",
        "reject",
        "defend",
        "criticize",
        "criticise",
        "praise",
        "blame",
        "accuse",
        "forecast",
        "estimate",
        "cite",
    ]
)

#: verbs that are cues only with a clausal complement; alone they are ordinary verbs
#: ("she knows the city", "they found the car")
NEEDS_CLAUSE: frozenset[str] = frozenset(
    [
        "know",
        "find",
        "show",
        "feel",
        "expect",
        "hope",
        "fear",
        "think",
        "believe",
        "learn",
        "figure",
        "reason",
        "guess",
        "continue",
        "add",
        "write",
        "post",
        "tell",
        "ask",
        "agree",
        "question",
        "wonder",
        "observe",
        "doubt",
        "signal",
        "indicate",
        "promise",
        "urge",
        "demand",
        "propose",
        "recommend",
        "threaten",
        "pledge",
        "vow",
    ]
)

#: verbs whose dative / object is the listener, which may be an outlet ("told the FT")
ADDRESSEE_VERBS: frozenset[str] = frozenset(["tell", "inform", "assure", "brief"])

#: a cue that makes its own subject the intermediary ("the FT reported") rather than the speaker
REPORT_VERBS: frozenset[str] = frozenset(["report", "write", "learn", "reveal"])

#: participles that name a further source ("Reuters reported, citing two officials")
CITING_VERBS: frozenset[str] = frozenset(["cite", "quote"])

#: subjects that are never speakers, even with a cue ("it said" is fine; "that says" is not)
NON_SPEAKER_SUBJECTS: frozenset[str] = frozenset(
    ["that", "which", "what", "this", "these", "those", "there", "who", "whom", "whoever"]
)


#: prepositions through which a noun takes its content ("criticism of X", "support for X")
NOUN_PREPS = frozenset(["of", "for", "about", "on", "against", "over", "with", "to"])


def noun_clause(tok: Token) -> Token | None:
    """ "the claim that X", "his plan to X": the clause a noun takes as its content."""
    for c in tok.children:
        if c.dep_ not in ("acl", "relcl", "ccomp") or c.i < tok.i:
            continue
        marked = any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        if marked or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c
    return None


def noun_prep(tok: Token) -> Token | None:
    return next(
        (c for c in tok.children if c.dep_ == "prep" and c.lower_ in NOUN_PREPS and c.i > tok.i), None
    )


def frame_of(tok: Token) -> str:
    """How a cue takes its content. Verbs: ``clause`` (ccomp/xcomp), ``object`` (dobj) or
    ``bare``; nouns: ``n-clause`` ("claim that"), ``n-prep`` ("criticism of") or ``n-bare``."""
    if tok.pos_ == "NOUN":
        if noun_clause(tok) is not None:
            return "n-clause"
        return "n-prep" if noun_prep(tok) is not None else "n-bare"
    deps = {c.dep_ for c in tok.children}
    if deps & {"ccomp", "xcomp"}:
        return "clause"
    if "dobj" in deps:
        return "object"
    return "bare"


def lexicon_path(chosen: str = "") -> Path | None:
    """The learned lexicon ``Settings.cue_lexicon`` names: the shipped one when empty, another
    file, or None (``none``) for the rules-only engine (curated verbs of speech alone)."""
    if chosen.lower() in ("none", "off", "0"):
        return None
    return Path(chosen) if chosen else LEXICON_PATH


@lru_cache(maxsize=4)
def _load(path: Path | None, min_precision: float) -> dict[tuple[str, str], float]:
    if path is None:
        return {}
    if not path.exists():
        from reportedly.errors import ReportedlyError

        raise ReportedlyError(f"cue lexicon {path} does not exist (--cue-lexicon)")
    out: dict[tuple[str, str], float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, frame, _k, _n, precision = line.split("\t")
        if float(precision) >= min_precision:
            out[(lemma, frame)] = float(precision)
    return out


@lru_cache(maxsize=4)
def learned_cues(
    chosen: str = "", min_precision: float = LEARNED_MIN_PRECISION
) -> dict[tuple[str, str], float]:
    """(lemma, frame) → how often it was a cue in annotated data (empty for rules only);
    ``chosen`` is ``Settings.cue_lexicon``."""
    return _load(lexicon_path(chosen), min_precision)
