"""Speaker labels: "Pence: Flowers won't be at the debate" (headlines) and
"WALLACE: Let's start ..." (transcripts). A short capitalised name at the start
of a paragraph, then a colon, attributes the rest of the paragraph."""

from __future__ import annotations

import re
from collections import Counter

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


#: words of section labels in roundups and explainers ("EARNINGS:", "FED TALK:", "WHY IT MATTERS:")
SECTION_WORDS = frozenset(
    [
        "earnings",
        "fed",
        "talk",
        "oil",
        "gold",
        "markets",
        "market",
        "stocks",
        "stock",
        "bonds",
        "bond",
        "currencies",
        "currency",
        "forex",
        "commodities",
        "commodity",
        "crypto",
        "tech",
        "technology",
        "politics",
        "weather",
        "sports",
        "sport",
        "world",
        "business",
        "economy",
        "economics",
        "background",
        "context",
        "why",
        "it",
        "matters",
        "what",
        "next",
        "next",
        "big",
        "picture",
        "key",
        "quote",
        "quotes",
        "numbers",
        "number",
        "data",
        "bottom",
        "line",
        "takeaway",
        "takeaways",
        "the",
        "by",
        "the",
        "catch",
        "up",
        "go",
        "deeper",
        "between",
        "lines",
        "flashback",
        "reality",
        "check",
        "state",
        "of",
        "play",
        "yes",
        "but",
        "driving",
        "news",
        "outlook",
        "preview",
        "recap",
        "results",
        "deals",
        "deal",
        "ipo",
        "ipos",
        "energy",
        "housing",
        "jobs",
        "inflation",
        "rates",
        "trade",
    ]
)


class _Labels:
    """The labels of one text, counted once: a transcript has thousands, and counting them
    (or lower-casing the text) again for each would be quadratic."""

    def __init__(self, text: str, labels: list[str]) -> None:
        self.counts = Counter(labels)
        names = {x for x in labels if x.isupper()}
        # a transcript of two or three lines: several capitalised labels, none a section word
        self.transcript = len(names) > 1 and not any(
            w.lower() in SECTION_WORDS for x in names for w in x.split()
        )
        self.lower = text.lower()
        self.mentions: dict[str, int] = {}

    def mentioned(self, key: str) -> int:
        if key not in self.mentions:
            self.mentions[key] = sum(1 for _ in re.finditer(rf"\b{re.escape(key)}\b", self.lower))
        return self.mentions[key]


def _known_name(seen: _Labels, src: str, whole: bool) -> bool:
    """A label names a speaker when the text names that person (any case: "ACHEBE" and "Ngozi
    Achebe") or the label recurs (a transcript); a one-off capitalised phrase is a section
    label ("EARNINGS:", "FED TALK:") or a headline's own words ("Stealth Over Health:")."""
    if seen.counts[src] > 1:
        return True
    if src.isupper() and not whole and seen.transcript:
        return True
    # a headline's label must recur whole ("Pence", "Q&A" does not); a transcript's by its last
    # word ("OKAFOR")
    key = src.lower() if whole else src.split()[-1].strip(".'’").lower()
    if len(key) < 2:
        return False
    return seen.mentioned(key) > seen.counts[src]


def label_candidates(doc: Doc) -> list[Candidate]:
    out = []
    text = doc.text  # built anew on every access
    found = list(_LABEL.finditer(text))
    seen = _Labels(text, [m.group("src") for m in found])
    title_end = text.find("\n")
    for m in found:
        src = m.group("src")
        words = src.split()
        in_title = m.start() < title_end
        if (src.isupper() or in_title) and not _known_name(seen, src, in_title):
            continue
        if (
            any(w.lower().strip(".'’s") in NOT_SPEAKERS for w in words)
            or src.endswith(".")
            or words[0] == "The"
        ):
            continue
        body_start, body_end = m.start("body"), m.end("body")
        colon = text.index(":", m.end("src"))
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
