"""Published figures on PolNeAR, quoted beside ours (never recomputed here).

Source: Wang et al., "CofeNet: Context and Former-Label Enhanced Net for Complicated
Quotation Extraction", COLING 2022, table of results on the PolNeAR *test* split, exact
span match, F1. We only have train and dev, so these are anchors, not a like-for-like
comparison: our figures are on dev.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PublishedScore:
    system: str
    #: exact-match F1 as fractions (0..1)
    source: float
    cue: float
    content: float

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "cue": self.cue, "content": self.content}


CITATION = "Wang et al. 2022 (CofeNet), PolNeAR test split, exact span F1"

PUBLISHED: tuple[PublishedScore, ...] = (
    PublishedScore("BERT+Cofe", 0.832, 0.753, 0.729),
    PublishedScore("BiLSTM+CRF", 0.696, 0.667, 0.590),
    PublishedScore("rule-based", 0.107, 0.228, 0.056),
)


def published_dict() -> dict[str, Any]:
    return {"citation": CITATION, **{p.system: p.to_dict() for p in PUBLISHED}}
