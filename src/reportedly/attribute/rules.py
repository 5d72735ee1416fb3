"""The engine's rules as one table: what each matches, the type it gives, how sure it is.

Every attribution names the rule that found it (``Attribution.rule``). A rule's
``confidence`` is where an attribution starts; a verb known only from annotated
data is capped at how often annotators marked it a cue, and a content that turns
out to be a quotation is raised to ``thresholds.QUOTED``. ``type`` is fixed for rules whose
shape decides it (a transcript label is speech) and ``None`` where the cue word
decides (see :func:`type_of`). ``nests`` says whether a report found by the rule
can be relayed by another ("Berg said X, Reuters reported": Berg's report nests
in Reuters'); the others are folded into the content around them.

Adding a rule: write the matcher beside its kin (``syntax.py``, ``according.py``,
``nouns.py``, ``labels.py``, quotation frames in ``__init__.py``), give it a row
here, and name it in the candidates it makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportedly.attribute.cues import SPEECH_VERBS
from reportedly.model import AttributionType


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    #: what the rule matches, with an example
    matches: str
    #: the type it produces; None: the cue decides (:func:`type_of`)
    type: AttributionType | None
    confidence: float
    #: a report found by this rule can be relayed by an outer report
    nests: bool


# fmt: off
RULES: dict[str, Rule] = {r.name: r for r in (
    #    name           what it matches                                                        type      conf. nests
    Rule("complement",  "a cue and its clause: 'Smith said (that) X'",                          None,     0.80, True),
    Rule("trailing",    "a reporting clause after the content: 'X, Smith said.'",               None,     0.75, True),
    Rule("raised",      "a raising cue: 'North Korea is believed to be capable of X'",          None,     0.80, False),
    Rule("object",      "a cue and its object: 'officials described flagging morale'",          None,     0.50, False),
    Rule("preposition", "a cue and its topic: 'warned of floods', 'referring to the deal'",     None,     0.45, False),
    Rule("according",   "'according to X, Y' with no verb of its own to attach to",             None,     0.80, True),
    Rule("noun",        "a noun that reports: 'his claim that X', 'criticism of the plan'",     None,     0.50, False),
    Rule("label",       "a speaker label: 'WALLACE: Let's start ...' (transcripts, headlines)", "speech", 0.55, False),
    Rule("asked",       "an interviewer's line of a Q/A transcript: 'Q: Why did you change?'", "question", 0.70, False),
    Rule("answer",      "an answer of a Q/A transcript: 'A: I was tired ...' (and what follows)", "speech", 0.70, False),
    Rule("colon",       "a clause ending in a colon before a quote: 'He was blunt: \"...\"'",    "speech", 0.70, False),
    Rule("dash",        "a name after a dash signs a quote: '\"...\" ― Esther Tapia'",          "speech", 0.70, False),
    Rule("manner",      "a name and a verb of manner close a quote: '\"...,\" Dean laughed.'",  "speech", 0.65, False),
    Rule("bare",        "a verb of speech with no content of its own takes the quote beside it", None,     0.70, False),
    Rule("follow-on",   "a quote with no cue filling its sentence continues the last speaker",  "speech", 0.60, False),
)}
# fmt: on


#: rules PolNeAR has no examples of: the learned confidence cannot score them, the table does
UNLEARNED = frozenset(["asked", "answer"])


def rule(name: str) -> Rule:
    """The row for ``name``; "complement+citing" is the complement rule that cites a source."""
    return RULES[name.split("+", 1)[0]]


#: cues of a question: what follows is asked, not asserted
QUESTION_CUES = frozenset(["ask", "wonder", "question", "inquire", "enquire", "query", "quiz"])
#: words opening an indirect question ("asked if the store would reopen")
QUESTION_OPENERS = frozenset(
    ["if", "whether", "why", "how", "what", "when", "where", "who", "whom", "whose", "which"]
)
#: cues of thought, wish, intention or feeling: a state of mind, not something said
ATTITUDE_CUES = frozenset(
    [
        "think",
        "believe",
        "hope",
        "want",
        "wish",
        "plan",
        "intend",
        "aim",
        "seek",
        "fear",
        "expect",
        "feel",
        "know",
        "worry",
        "doubt",
        "suspect",
        "assume",
        "reckon",
        "guess",
        "figure",
        "consider",
        "regard",
        "view",
        "see",
        "understand",
        "realize",
        "realise",
        "recognize",
        "recognise",
        "remember",
        "imagine",
        "trust",
        "like",
        "love",
        "hate",
        "prefer",
        "decide",
        "try",
        "need",
        "support",
        "oppose",
        "favor",
        "favour",
        "back",
        "hopes",
        "fears",
        "belief",
        "view",
        "desire",
        "intention",
        "concern",
        "worries",
        "doubts",
        "expectation",
        "dream",
        "wonder",
        # refusals carry no statement: "declined to comment", "refused to say how many"
        "decline",
        "refuse",
    ]
)
#: cues by which a thing shows something ("the figures show", "a study found")
EVIDENCE_CUES = frozenset(
    ["show", "find", "suggest", "indicate", "reveal", "demonstrate", "confirm", "prove", "point", "estimate"]
)
#: sources that are documents, data or records, not people: their "saying" is evidence
EVIDENCE_SOURCES = frozenset(
    [
        "poll",
        "polling",
        "survey",
        "study",
        "research",
        "report",
        "data",
        "figure",
        "statistic",
        "number",
        "record",
        "document",
        "filing",
        "analysis",
        "review",
        "audit",
        "investigation",
        "inquiry",
        "census",
        "evidence",
        "footage",
        "video",
        "photo",
        "image",
        "test",
        "result",
        "model",
        "estimate",
        "count",
        "tally",
        "paper",
        "email",
        "letter",
        "memo",
        "log",
        "transcript",
        "trial",
        "experiment",
        "index",
        "forecast",
        "chart",
        "map",
        "release",
        "minutes",
        "documents",
        "records",
        "statistics",
        "figures",
        "data",
        "datum",
    ]
)
#: cue words that are speech even where a lemma slip makes them look like an attitude
SPEECH_FIRST = frozenset(["say", "said", "says", "tell", "told", "add", "added", "note", "noted"])
#: nouns that name something said ("his claim that", "a statement that", "the warning that")
SPEECH_NOUNS = frozenset(
    [
        "claim",
        "statement",
        "announcement",
        "allegation",
        "assertion",
        "remark",
        "comment",
        "testimony",
        "warning",
        "denial",
        "admission",
        "argument",
        "suggestion",
        "insistence",
        "accusation",
        "promise",
        "pledge",
        "vow",
        "threat",
        "charge",
        "report",
        "message",
        "tweet",
        "post",
        "letter",
        "interview",
        "speech",
        "remarks",
    ]
)
#: rules whose content is a topic (a noun phrase), not a proposition: a stance, not a statement
TOPIC_RULES = frozenset(["object", "preposition"])


def cue_forms(lemma: str, word: str) -> frozenset[str]:
    """The lemma and the plausible bases of the word as written: the small tagger's lemmas
    slip on cue words ("hopes" -> "hop"), and the word itself then decides."""
    w = word.lower()
    forms = {lemma, w, w[:-1], w[:-2], w[:-3], w[:-3] + "e"}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    return frozenset(f for f in forms if len(f) > 2)


def _ends_asking(text: str) -> bool:
    return text.rstrip(" \"'”’").endswith("?")


def type_of(
    rule_name: str,
    cue: frozenset[str],
    source_lemma: str,
    content_text: str,
    kind: str,
) -> AttributionType:
    """The type an attribution has, from its rule, cue, source head and content.

    ``cue`` is the cue's :func:`cue_forms` (empty without a cue word); ``source_lemma`` is
    the lemma of the source's head word ('study', 'she'), empty when there is no source;
    ``kind`` is direct, indirect or mixed.
    """
    fixed = rule(rule_name).type
    if fixed is not None:
        return "question" if fixed == "speech" and _ends_asking(content_text) else fixed
    first = content_text.lstrip(" \"'“‘").split(" ", 1)[0].lower()
    if cue & QUESTION_CUES and (first in QUESTION_OPENERS or _ends_asking(content_text)):
        return "question"
    if kind == "direct":
        # a quotation is someone's words, whatever verb frames it ("he hoped: '...'")
        return "question" if _ends_asking(content_text) else "speech"
    if source_lemma in EVIDENCE_SOURCES and (
        cue & EVIDENCE_CUES or rule_name.startswith("according") or cue & {"say", "state"}
    ):
        return "evidence"
    if cue & (EVIDENCE_CUES - {"confirm", "reveal", "estimate"}) and not source_lemma:
        # "statistics showing that", "the track record shows": no one speaks
        return "evidence"
    if cue & ATTITUDE_CUES and not cue & SPEECH_FIRST:
        return "attitude"
    if rule_name in TOPIC_RULES and kind != "mixed":
        return "attitude"
    if cue and kind == "indirect" and not cue & (SPEECH_VERBS | SPEECH_NOUNS) and rule_name != "according":
        # a frame learned from annotated data that is no verb of speech ("moved to veto the
        # bill", "plans to", "pushed for"): an intention or a stance, not a statement
        return "attitude"
    return "speech"
