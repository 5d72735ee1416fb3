"""Folding nested reports into one attribution with a via chain.

"Berg said X, Reuters and the FT reported" is one report of Berg's,
relayed by Reuters and the FT: the outer report's source becomes the inner
one's intermediary (with its cue as evidence), and the outer report goes.
"""

from __future__ import annotations

from reportedly.attribute.candidates import Candidate, ViaMention
from reportedly.attribute.cues import COGNITION_VERBS, REPORT_VERBS
from reportedly.attribute.rules import RULES
from reportedly.attribute.thresholds import MAX_VIA, RELAYED_BONUS


def _within(rng: tuple[int, int] | None, cover: list[tuple[int, int]]) -> bool:
    if rng is None:
        return True
    return any(s <= rng[0] and rng[1] <= e for s, e in cover)


def _length(c: Candidate) -> int:
    return sum(e - s for s, e in c.content)


def fold_nested(cands: list[Candidate]) -> list[Candidate]:
    changed = True
    while changed:
        changed = False
        # innermost outer first, so a chain reads speaker → nearest relay → farthest
        for outer in sorted(cands, key=_length):
            if outer.dropped or not outer.content or outer.kind == "direct":
                continue
            nested = [
                c
                for c in cands
                if c is not outer and not c.dropped and c.cue is not None and _within(c.cue, outer.content)
            ]
            # a sourceless report inside another ("Vance is expected to appeal, his lawyer
            # said") is part of the outer content, not a voice of its own
            for c in nested:
                if c.source is None:
                    c.dropped = True
            # only a report of speech nests ("Berg said X, the FT reported"); a verb of
            # attitude inside a report ("Clinton called Machado") is part of its content
            # (nor does a verb whose subject the parser only lent it from a coordinated verb)
            for c in nested:
                # a thought nests only under an outlet's report ("The men thought X, Reuters
                # reported"); under a person's words ("she said she thinks X") it is content
                heard = c.speech or (c.lemma in COGNITION_VERBS and outer.lemma in REPORT_VERBS)
                relayed = c.rule in RULES and RULES[c.rule].nests and heard and not c.inherited
                if not (c.rule.startswith("according") or relayed):
                    c.dropped = True
            inner = [
                c
                for c in nested
                if not c.dropped and c.source is not None and _within(c.source, outer.content)
            ]
            if not inner:
                continue
            for c in inner:
                relays = [ViaMention(outer.source, outer.cue)] if outer.source is not None else []
                # a report can sit inside several overlapping outers (a run of "X, according
                # to Y" pasted into one sentence); copying each outer's chain whole would
                # double the chains at every fold, so a relay is kept once and chains are capped
                seen = {(m.evidence, m.cue) for m in c.via}
                for m in relays + outer.via:
                    if len(c.via) >= MAX_VIA:
                        break
                    if (m.evidence, m.cue) not in seen:
                        seen.add((m.evidence, m.cue))
                        c.via.append(m)
                c.confidence = min(c.confidence, outer.confidence) + RELAYED_BONUS
            outer.dropped = True
            changed = True
    return [c for c in cands if not c.dropped]
