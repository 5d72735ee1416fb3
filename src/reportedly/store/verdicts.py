"""Verdicts: a fact-checker's rating, explanation and name on a quote or claim cluster.

Every verdict given is kept (table ``verdicts``); the latest per cluster is the one that counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from reportedly.errors import ReportedlyError
from reportedly.store import schema
from reportedly.store.repository import Store

#: the rating scale, worst first: (rating, schema.org ratingValue on 1..5; None: not on the scale)
RATINGS: tuple[tuple[str, int | None], ...] = (
    ("false", 1),
    ("mostly false", 2),
    ("misleading", 2),
    ("half true", 3),
    ("mostly true", 4),
    ("true", 5),
    ("unproven", None),
)
RATING_VALUES = dict(RATINGS)
BEST_RATING, WORST_RATING = 5, 1
#: longest explanation kept (characters): a verdict is a paragraph, not an article
MAX_EXPLANATION = 5000


@dataclass(frozen=True, slots=True)
class Verdict:
    cluster: int
    claim: str
    rating: str
    explanation: str
    reviewer: str
    url: str | None
    created_at: str

    @property
    def value(self) -> int | None:
        return RATING_VALUES.get(self.rating)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.cluster,
            "claim": self.claim,
            "rating": self.rating,
            "rating_value": self.value,
            "explanation": self.explanation,
            "reviewer": self.reviewer,
            "url": self.url,
            "created_at": self.created_at,
        }


def check_url(url: str | None) -> str | None:
    """An absolute http(s) URL, or None; anything else (a file path) is an error."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or " " in url:
        raise ReportedlyError(f"url: {url!r} is not an http(s) URL")
    return url


def add_verdict(
    store: Store,
    cluster: int,
    claim: str,
    *,
    rating: str,
    explanation: str,
    reviewer: str,
    url: str | None = None,
) -> Verdict:
    """Record a verdict on ``cluster`` (whose text is ``claim``); raises a one-line error on bad values."""
    rating = " ".join(rating.lower().split())
    if rating not in RATING_VALUES:
        raise ReportedlyError(f"rating: {rating!r} is not one of {', '.join(RATING_VALUES)}")
    explanation, reviewer = explanation.strip(), " ".join(reviewer.split())
    if not explanation:
        raise ReportedlyError("explanation: say in a sentence or two why")
    if len(explanation) > MAX_EXPLANATION:
        raise ReportedlyError(f"explanation: at most {MAX_EXPLANATION:,} characters")
    if not reviewer:
        raise ReportedlyError("reviewer: give the name of who reviewed it")
    verdict = Verdict(
        cluster,
        claim,
        rating,
        explanation,
        reviewer,
        check_url(url),
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    row = verdict.to_dict()
    del row["rating_value"]
    with store.transaction() as conn:
        conn.execute(schema.verdicts.insert().values(**row))
    return verdict


def latest_verdicts(store: Store, cluster: int | None = None) -> list[Verdict]:
    """The latest verdict of every cluster (or of ``cluster``), oldest cluster first."""
    v = schema.verdicts
    latest = select(func.max(v.c.pk)).group_by(v.c.cluster)
    stmt = select(v.c.cluster, v.c.claim, v.c.rating, v.c.explanation, v.c.reviewer, v.c.url, v.c.created_at)
    stmt = stmt.where(v.c.pk.in_(latest)).order_by(v.c.cluster)
    if cluster is not None:
        stmt = stmt.where(v.c.cluster == cluster)
    with store.reader() as conn:
        return [Verdict(*r) for r in conn.execute(stmt)]
