"""Does confidence mean something? Precision per confidence band on a PolNeAR split.

A predicted attribution is right when its content overlaps an annotated content
(the same test the learned confidence is trained on; ``exact`` also asks for the
same content span, after the scorer's normalisation). A calibrated engine's
attributions at confidence 0.7 are right about 70 % of the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.evaluate.polnear import load_split
from reportedly.evaluate.scoring import normalize
from reportedly.settings import DEFAULT, Settings

#: lower edges of the bands; the last runs to 1.0
EDGES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(slots=True)
class Band:
    low: float
    high: float
    n: int = 0
    right: int = 0
    exact: int = 0
    confidence: float = 0.0
    types: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.right / self.n if self.n else 0.0

    @property
    def exact_precision(self) -> float:
        return self.exact / self.n if self.n else 0.0

    @property
    def mean_confidence(self) -> float:
        return self.confidence / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "band": f"{self.low:.1f}-{self.high:.1f}",
            "n": self.n,
            "precision": round(self.precision, 4),
            "exact_precision": round(self.exact_precision, 4),
            "mean_confidence": round(self.mean_confidence, 4),
            "types": dict(self.types),
        }


def calibrate(directory: str | Path, settings: Settings = DEFAULT, limit: int | None = None) -> list[Band]:
    from reportedly.model import Article
    from reportedly.pipeline import analyze_many

    bands = [Band(lo, hi) for lo, hi in zip(EDGES, (*EDGES[1:], 1.0), strict=True)]
    docs = load_split(directory, limit=limit)
    articles = (Article(text=d.text) for d in docs)
    for d, report in zip(docs, analyze_many(articles, settings), strict=True):
        gold = [frag for a in d.gold for frag in a.content]
        exact = {normalize(d.text, a.content) for a in d.gold}
        for a in report.attributions:
            band = next(b for b in reversed(bands) if a.confidence >= b.low)
            band.n += 1
            band.confidence += a.confidence
            band.types[a.type] = band.types.get(a.type, 0) + 1
            pieces = [(s.start, s.end) for s in a.content]
            band.right += any(min(e, ge) > max(s, gs) for s, e in pieces for gs, ge in gold)
            band.exact += normalize(d.text, tuple(sorted(pieces))) in exact
    return bands
