"""Speaker labels: "Pence: Flowers won't be at the debate" (headlines) and
"WALLACE: Let's start ..." (transcripts). A short capitalised name at the start
of a paragraph, then a colon, attributes the rest of the paragraph."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.attribute.candidates import Candidate
from reportedly.attribute.rules import RULES

_LABEL = re.compile(
    r"(?m)^[ \t\"“]*(?P<src>(?:[A-Z][\w.'’&-]*)(?:\s+[A-Z][\w.'’&-]*){0,3})\s*:\s+(?P<body>\S.*)$"
)
#: labels that introduce boilerplate or sections, never a speaker
NOT_SPEAKERS = frozenset(
    [
        "photo",
        "photos",
        "latest",
        "live",
        "opinion",
        "analysis",
        "explainer",
        "factbox",
        "timeline",
        "image",
        "video",
        "watch",
        "read",
        "related",
        "update",
        "updated",
        "editor",
        "note",
        "breaking",
        "exclusive",
        "listen",
        "see",
        "also",
        "source",
        "sources",
        "caption",
        "credit",
        "correction",
        "disclaimer",
        "warning",
        "tags",
        "topics",
        "filed",
        "category",
        "posted",
        "published",
        "share",
        "follow",
        "advertisement",
        "sponsored",
        "q",
        "a",
    ]
)


def label_candidates(doc: Doc) -> list[Candidate]:
    out = []
    for m in _LABEL.finditer(doc.text):
        src = m.group("src")
        words = src.split()
        if (
            any(w.lower().strip(".'’s") in NOT_SPEAKERS for w in words)
            or src.endswith(".")
            or words[0] == "The"
        ):
            continue
        body_start, body_end = m.start("body"), m.end("body")
        colon = doc.text.index(":", m.end("src"))
        s_span = doc.char_span(m.start("src"), m.end("src"), alignment_mode="contract")
        c_span = doc.char_span(colon, colon + 1, alignment_mode="expand")
        body = doc.char_span(body_start, body_end, alignment_mode="contract")
        if s_span is None or c_span is None or body is None or len(body) < 3:
            continue
        # a speaker label is a name ("Pence", "WALLACE", "Pat Caddell"), not a topic ("Taxes")
        if not all(t.pos_ == "PROPN" or t.is_upper for t in s_span):
            continue
        out.append(
            Candidate(
                cue=(c_span.start, c_span.end),
                source=(s_span.start, s_span.end),
                content=[(body.start, body.end)],
                rule="label",
                confidence=RULES["label"].confidence,
            )
        )
    return out
