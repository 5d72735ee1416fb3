"""Learned confidence: how likely a candidate attribution is a real one, from its shape.

A logistic regression over a few dozen features of a candidate (the rule that found it,
the cue word and its frame, what the source is, how long the content is, whether it
is a clause, a quotation, a headline ...) trained on PolNeAR ``train``: a candidate is
a positive when its content overlaps an annotated content. Its probability replaces
the hand-set per-rule confidences of the rule table and the lexicon precision cap,
and candidates below ``Settings.min_keep`` are dropped (they cost more precision than
they add recall). BENCHMARKS.md compares the two on ``dev``.

The weights ship as ``data/confidence_model.json`` (plain JSON, read with numpy);
rebuild them with::

    python -m reportedly.attribute.train_confidence ../shared/datasets/polnear/train
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from reportedly.attribute.candidates import Candidate
from reportedly.attribute.cues import SPEECH_VERBS, frame_of

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "confidence_model.json"
#: cue lemmas seen at least this often in train get a feature of their own
MIN_LEMMA_COUNT = 8
#: L2 penalty of the regression
L2 = 1.0


def _first_line_end(doc: Doc) -> int:
    """Where the first line ends, found once per doc (``doc.text`` is rebuilt on each access)."""
    end = doc.user_data.get("reportedly_first_line_end")
    if end is None:
        text = doc.text
        end = doc.user_data["reportedly_first_line_end"] = text.find("\n") % (len(text) + 1)
    return int(end)


def features(doc: Doc, c: Candidate, lexicon: dict[tuple[str, str], float]) -> dict[str, float]:
    """Named feature values of one candidate (``pieces`` in characters, ranges in tokens)."""
    f: dict[str, float] = {"bias": 1.0}
    base, _, citing = c.rule.partition("+")
    f[f"rule={base}"] = 1.0
    if citing:
        f["citing"] = 1.0
    f[f"kind={c.kind}"] = 1.0
    f[f"rule={base}&kind={c.kind}"] = 1.0
    if c.cue is not None:
        tok = doc[c.cue[0]]
        lemma = c.lemma or tok.lemma_.lower()
        frame = frame_of(tok)
        f[f"lemma={lemma}"] = 1.0
        f[f"frame={frame}"] = 1.0
        f[f"pos={tok.pos_}"] = 1.0
        f[f"tag={tok.tag_}"] = 1.0
        f["speech_verb"] = float(lemma in SPEECH_VERBS)
        f["lexicon"] = lexicon.get((lemma, frame), 1.0 if lemma in SPEECH_VERBS else 0.0)
        f["modal"] = float(any(g.dep_ == "aux" and g.tag_ == "MD" for g in tok.children))
        f["negated"] = float(any(g.dep_ == "neg" for g in tok.children))
        f["in_title"] = float(tok.idx <= _first_line_end(doc))
        f["question_sentence"] = float(tok.sent.text.rstrip().endswith("?"))
    else:
        f["no_cue"] = 1.0
    if c.source is None:
        f["source=none"] = 1.0
    else:
        src = doc[c.source[0] : c.source[1]]
        root = src.root
        f[f"source_pos={root.pos_}"] = 1.0
        f[f"source_ent={root.ent_type_ or 'none'}"] = 1.0
        f["source_len"] = math.log1p(len(src))
        if root.pos_ == "PRON":
            f[f"source_pron={root.lower_}"] = 1.0
    chars = sum(b - a for a, b in c.pieces)
    f["content_chars"] = math.log1p(chars) / 5
    f["content_pieces"] = float(len(c.pieces) > 1)
    f["via"] = float(bool(c.via))
    if c.pieces:
        span = doc.char_span(c.pieces[0][0], c.pieces[-1][1], alignment_mode="expand")
        if span is not None and len(span):
            words = [t for t in span if not t.is_punct]
            n = len(words)
            f["short"] = float(n < 4)
            f["long"] = float(n > 25)
            f["finite_verb"] = float(any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span))
            f["starts_to"] = float(span[0].lower_ == "to")
            f["starts_wh"] = float(span[0].lower_ in ("if", "whether", "why", "how", "what", "when", "where"))
            f["first_person"] = float(any(t.lower_ in ("i", "we", "my", "our", "me", "us") for t in span))
            sent = span[0].sent
            f["sentence_share"] = min(1.0, chars / max(1, len(sent.text)))
    return f


class Model:
    """Logistic regression weights by feature name; cue lemmas outside ``lemmas`` are rare."""

    def __init__(self, weights: dict[str, float], lemmas: frozenset[str]) -> None:
        self.weights = weights
        self.lemmas = lemmas

    def probability(self, feats: dict[str, float]) -> float:
        z = 0.0
        for k, v in feats.items():
            if k.startswith("lemma=") and k[6:] not in self.lemmas:
                k = "lemma=rare"
            z += self.weights.get(k, 0.0) * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> Model | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model({k: float(v) for k, v in data["weights"].items()}, frozenset(data["lemmas"]))


def fit(rows: list[dict[str, float]], labels: list[int], iterations: int = 25) -> dict[str, float]:
    """L2-regularised logistic regression by Newton's method (numpy only)."""
    import numpy as np

    names = sorted({k for r in rows for k in r})
    index = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        for k, v in r.items():
            x[i, index[k]] = v
    y = np.asarray(labels, dtype=float)
    w = np.zeros(len(names))
    penalty = np.full(len(names), L2)
    penalty[index["bias"]] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return {k: round(float(w[index[k]]), 5) for k in names if abs(w[index[k]]) > 1e-5}


def training_rows(directory: str, limit: int | None = None) -> tuple[list[dict[str, float]], list[int]]:
    """Features of every candidate the rules make on a PolNeAR split, labelled by overlap."""
    from reportedly import nlp as nlp_mod
    from reportedly.attribute import extract_candidates
    from reportedly.attribute.cues import learned_cues
    from reportedly.evaluate.polnear import load_split
    from reportedly.model import Article

    docs = load_split(directory, limit=limit)
    nlp = nlp_mod.load()
    lexicon = learned_cues()
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for doc, d in zip(nlp.pipe(x.text for x in docs), docs, strict=True):
        gold = [frag for a in d.gold for frag in a.content]
        for c in extract_candidates(doc, Article(text=doc.text)):
            if not c.pieces:
                continue
            rows.append(features(doc, c, lexicon))
            labels.append(int(any(min(b, gb) > max(a, ga) for a, b in c.pieces for ga, gb in gold)))
    return rows, labels


def vocabulary(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Rare cue lemmas share one feature, so the model does not memorise them."""
    counts = Counter(k for r in rows for k in r if k.startswith("lemma="))
    out = []
    for r in rows:
        out.append(
            {
                (k if not k.startswith("lemma=") or counts[k] >= MIN_LEMMA_COUNT else "lemma=rare"): v
                for k, v in r.items()
            }
        )
    return out


def save_model(
    out: str | Path, about: str, labels: list[int], weights: dict[str, float], what: str, **extra: object
) -> None:
    """Write trained weights as the JSON the runtime loads, and say so on stderr (the two
    training commands, confidence and content ends, share this)."""
    doc = {"about": about, "examples": len(labels), "positives": sum(labels), "weights": weights, **extra}
    Path(out).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(labels)} {what} ({sum(labels)} positive), {len(weights)} weights -> {out}", file=sys.stderr)
