""" "according to X": a source given by a prepositional phrase, not a verb.

On a reporting verb with its own subject ("Berg said, according to the FT")
X is an intermediary (via); on any other clause X is the source and the clause
is the content ("The rebels hold the bridge, according to the UN").
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.attribute.candidates import Candidate, ViaMention
from reportedly.attribute.rules import RULES
from reportedly.attribute.syntax import mention_range, strip_range

_STARTERS = ("according", "per")


def according_phrases(sent: SpacySpan) -> list[tuple[Token, Token, tuple[int, int]]]:
    """(head the phrase modifies, the object X, token range of the phrase incl. its comma)."""
    out = []
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= sent.end or tok.doc[tok.i + 1].lower_ != "to":
            continue
        to = tok.doc[tok.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None:
            # the parser sometimes hangs the object elsewhere; take the noun right after "to"
            nxt = [t for t in sent if t.i > to.i and t.pos_ in ("PROPN", "NOUN", "PRON")]
            if not nxt:
                continue
            obj = nxt[0]
            while (
                obj.head.i > to.i
                and obj.head.i < sent.end
                and obj.dep_ in ("compound", "amod", "det", "poss")
            ):
                obj = obj.head
        lo = tok.i
        hi = max(obj.right_edge.i + 1, to.i + 1)
        if lo > sent.start and tok.doc[lo - 1].text == ",":
            lo -= 1
        if hi < sent.end and tok.doc[hi].text == ",":
            hi += 1
        out.append((tok.head, obj, (lo, hi)))
    return out


def apply_according(sent: SpacySpan, cands: list[Candidate]) -> list[Candidate]:
    """Attach each "according to" as a via of a verb candidate, or make it a candidate."""
    new: list[Candidate] = []
    for head, obj, phrase in according_phrases(sent):
        according_cue = (
            phrase[0] + (1 if sent.doc[phrase[0]].text == "," else 0),
            phrase[0] + 2 + (1 if sent.doc[phrase[0]].text == "," else 0),
        )
        evidence = mention_range(obj)
        owner = _owner(head, phrase, cands)
        if owner is not None:
            owner.via.append(ViaMention(evidence, according_cue))
            for c in cands:
                cut = [strip_range(s, e, sent) for part in c.content for s, e in _cut(part, phrase)]
                c.content = [r for r in cut if r[1] > r[0]]
            continue
        # Standalone: the rest of the sentence is the content.
        ranges = _cut((sent.start, sent.end), phrase)
        ranges = [strip_range(s, e, sent) for s, e in ranges]
        ranges = [r for r in ranges if r[1] > r[0]]
        if not ranges:
            continue
        new.append(
            Candidate(
                cue=according_cue,
                source=evidence,
                content=ranges,
                rule="according",
                confidence=RULES["according"].confidence,
            )
        )
    return cands + new


def _owner(head: Token, phrase: tuple[int, int], cands: list[Candidate]) -> Candidate | None:
    for c in cands:
        if c.cue is not None and c.cue[0] <= head.i < c.cue[1] and c.source is not None:
            return c
    # "Berg said the men quit, according to the FT": the phrase closes a
    # sentence whose reporting verb has a source: the FT relays Berg.
    for c in cands:
        if c.source is None or c.cue is None:
            continue
        cover = c.token_cover()
        if cover and cover[0] <= head.i < cover[1] and phrase[1] >= cover[1] - 1 and c.cue[0] < phrase[0]:
            return c
    return None


def _cut(rng: tuple[int, int], cut: tuple[int, int]) -> list[tuple[int, int]]:
    s, e = rng
    if cut[1] <= s or cut[0] >= e:
        return [rng]
    out = []
    if s < cut[0]:
        out.append((s, cut[0]))
    if cut[1] < e:
        out.append((cut[1], e))
    return out
