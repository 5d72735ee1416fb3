"""Where a reported content ends: the rules' end, or a learned choice among the places it could.

A content after its cue ("said that X, which Y, despite Z") can end at the clause's edge,
before any of the commas, dashes or semicolons inside it, or at the end of the sentence
when the parse cut the clause short. The rules pick one (the clause edge minus a writer's
aside, ``syntax.without_aside``, and minus a concessive or participial tail,
``syntax._without_adjuncts``); annotators often keep what they cut ("excluding the
military, which is predominantly male") and cut what they keep. The learned part scores
every possible end with a logistic regression over the words around it (what opens the
part the end leaves out or adds, how that part hangs in the parse, whether it holds a
verb, a quote, another cue) and keeps the best; trained on PolNeAR ``train`` (label: the
end annotators chose). BENCHMARKS.md compares it with the rules on ``dev``.

The weights ship as ``data/boundary_model.json``; rebuild them with::

    python -m reportedly.attribute.train_boundaries ../shared/datasets/polnear/train
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from reportedly.attribute.candidates import Candidate
from reportedly.attribute.cues import SPEECH_VERBS
from reportedly.attribute.syntax import without_aside

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "boundary_model.json"
#: tokens a content may be cut before
_BREAKS = frozenset([",", ";", "—", "–", "-", "--", "(", ":"])
#: words that say what the part after a break is; any other word is known by its tag
_OPENERS = frozenset(
    {
        "which", "who", "whom", "whose", "where", "when", "while", "whereas", "including",
        "excluding", "but", "and", "or", "as", "despite", "though", "although", "saying", "adding",
        "noting", "citing", "according", "if", "because", "after", "before", "since", "so", "than",
        "with", "the", "a", "an", "to", "in", "on", "for", "by", "during", "amid", "from", "at",
        "of", "that", "this", "these", "those", "he", "she", "they", "it", "his", "her", "their",
        "its", "not", "even", "especially", "particularly", "both", "either",
    }
)  # fmt: skip
#: rules whose content follows its cue inside one sentence (labels and transcript lines
#: run to the end of their paragraph)
_CHOSEN = frozenset(["complement", "object", "preposition", "noun", "according", "raised", "bare"])
_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])
_QUOTES = frozenset(['"', "“", "”", "''", "``", "‘", "’"])


def _stripped_end(doc: Doc, start: int, end: int) -> int:
    # "signed up and, by Friday, ...": a cut never leaves a dangling conjunction
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return end


def options(doc: Doc, c: Candidate) -> tuple[int, list[int]]:
    """The rules' end of ``c``'s last content range and every end it could have (token
    offsets, trailing punctuation stripped); no options for a content before its cue."""
    if not c.content or c.cue is None or c.rule.partition("+")[0] not in _CHOSEN:
        return 0, []
    start, end = c.content[-1]
    sent = doc[start].sent
    if start < c.cue[1] or end - start < 2 or end > sent.end:
        return 0, []
    rule = _stripped_end(doc, start, without_aside((start, end), doc)[1])
    reach = min(max(end, c.reach), sent.end)
    ends = {rule, _stripped_end(doc, start, end), _stripped_end(doc, start, reach)}
    ends.add(_stripped_end(doc, start, sent.end))
    ends.update(_stripped_end(doc, start, i) for i in range(start + 2, reach) if doc[i].text in _BREAKS)
    # "signed up and that three ships would moor": a second that-clause is a report of its own
    own = next((t.i for t in doc[rule:reach] if t.dep_ == "mark" and t.lower_ == "that"), reach)
    return rule, sorted(e for e in ends if start < e and (e <= rule or e <= own))


def features(doc: Doc, c: Candidate, start: int, end: int, rule: int) -> dict[str, float]:
    """Named features of ending ``c``'s content (from ``start``) at ``end`` instead of ``rule``."""
    f: dict[str, float] = {"bias": 1.0}
    sent = doc[start].sent
    at_sent_end = end == _stripped_end(doc, start, sent.end)
    base = c.rule.partition("+")[0]
    if end == rule:
        f["rule"] = 1.0
        f[f"rule&{base}"] = 1.0
        f["rule&sent_end"] = float(at_sent_end)
        return f
    way = "cut" if end < rule else "add"
    lo, hi = min(end, rule), max(end, rule)
    seg = doc[lo:hi]
    words = [t for t in seg if not t.is_punct]
    first = words[0] if words else seg[0]
    sep = doc[lo].text if doc[lo].is_punct else "none"
    f[f"{way}"] = 1.0
    f[f"{way}&{base}"] = 1.0
    f[f"{way}&sep={sep}"] = 1.0
    f[f"{way}&first={first.lower_ if first.lower_ in _OPENERS else first.tag_}"] = 1.0
    f[f"{way}&sep={sep}&first_tag={first.tag_}"] = 1.0
    root = next((t for t in seg if not (lo <= t.head.i < hi)), first)
    attached = start <= root.head.i < lo
    f[f"{way}&root={root.dep_}"] = 1.0
    f[f"{way}&root={root.dep_}&attached={attached}"] = 1.0
    f[f"{way}&finite"] = float(any(t.tag_ in _FINITE for t in seg))
    f[f"{way}&cue"] = float(any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in seg))
    f[f"{way}&quote"] = float(any(t.text in _QUOTES for t in seg))
    f[f"{way}&comma"] = float(any(t.text == "," for t in doc[lo + 1 : hi]))
    f[f"{way}&sent_end"] = float(at_sent_end)
    f[f"{way}&length"] = math.log1p(len(words)) / 3
    f[f"{way}&kept"] = math.log1p(end - start) / 3
    return f


class Model:
    """Logistic regression weights by feature name: how likely an end is the annotators'."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score(self, feats: dict[str, float]) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in feats.items())


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> Model | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model({k: float(v) for k, v in data["weights"].items()})


def choose_end(doc: Doc, c: Candidate, model: Model | None) -> None:
    """Set the end of ``c``'s last content range: the model's best option, or the rules'."""
    rule, ends = options(doc, c)
    if not ends:
        c.content = [without_aside(r, doc) for r in c.content]
        return
    start = c.content[-1][0]
    best = rule
    if model is not None and len(ends) > 1:
        best = max(ends, key=lambda e: (model.score(features(doc, c, start, e, rule)), e == rule))
    c.content = [*(without_aside(r, doc) for r in c.content[:-1]), (start, best)]


def training_rows(
    pairs: Iterable[tuple[Doc, Sequence[tuple[int, int]]]],
) -> tuple[list[dict[str, float]], list[int]]:
    """Features of every possible end of every content the rules find after a cue, labelled
    by whether annotators ended the content there (``pairs``: parsed texts with the
    character spans of their annotated contents). Contents no option ends right teach
    nothing about choosing and are left out."""
    from reportedly.attribute import token_candidates
    from reportedly.evaluate.scoring import strip_fragment

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for doc, gold in pairs:
        text = doc.text
        golds = [g for g in (strip_fragment(text, s, e) for s, e in gold) if g[1] > g[0]]
        for c in token_candidates(doc):
            rule, ends = options(doc, c)
            if len(ends) < 2:
                continue
            start = c.content[-1][0]
            begin = doc[start].idx
            # annotators keep a leading "that" our contents leave out
            match = [g for g in golds if g[0] <= begin < g[1] and begin - g[0] <= 6]
            if not match:
                continue
            wanted = match[0][1]
            hits = [strip_fragment(text, begin, doc[e - 1].idx + len(doc[e - 1]))[1] == wanted for e in ends]
            if not any(hits):
                continue
            for e, hit in zip(ends, hits, strict=True):
                rows.append(features(doc, c, start, e, rule))
                labels.append(int(hit))
    return rows, labels
