"""The corpus-level vocabulary of linking: appearances, clusters, edges, discrepancies.

Small records with ``to_dict``; they are what ``trace``, the exports and the
tests look at. The database rows behind them live in ``link/store.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ItemKind = Literal["quote", "claim"]
#: how an appearance reached its article
EdgeKind = Literal["first-hand", "cited", "copied"]
DiscrepancyKind = Literal["number", "revision", "citation", "quote-changed", "arithmetic"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where an appearance came from: an article in the corpus, else only an outlet's name."""

    outlet: str | None
    article: str | None = None
    #: "via" (the article credits it for this content), "inferred" (credits it elsewhere
    #: in the article and it carried the content earlier), "copy" (whole-article copy)
    evidence: str = "via"

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "article": self.article, "evidence": self.evidence}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(d.get("outlet"), d.get("article"), d.get("evidence", "via"))


@dataclass(frozen=True, slots=True)
class Appearance:
    """One quote or claim of a cluster in one article."""

    cluster: int
    article: str
    text: str
    url: str | None
    publisher: str | None
    published: str | None
    speaker: str | None
    via: list[str]
    edge: EdgeKind
    sources: list[Source] = field(default_factory=list)
    attribution: str | None = None
    position: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "url": self.url,
            "publisher": self.publisher,
            "published": self.published,
            "speaker": self.speaker,
            "via": list(self.via),
            "edge": self.edge,
            "from": [s.to_dict() for s in self.sources],
            "text": self.text,
            "attribution": self.attribution,
        }


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Something that differs between retellings (``conflict`` False for revisions and sums that add up)."""

    kind: DiscrepancyKind
    conflict: bool
    article: str
    message: str
    other_article: str | None = None
    cluster: int | None = None
    counted: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "conflict": self.conflict,
            "article": self.article,
            "other_article": self.other_article,
            "cluster": self.cluster,
            "counted": self.counted,
            "message": self.message,
            "detail": dict(self.detail),
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording of a quote, the articles using it, and the words that differ from the first."""

    text: str
    articles: list[str]
    changed: list[tuple[str, str]]
    truncated: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "articles": list(self.articles),
            "changed": [{"from": a, "to": b} for a, b in self.changed],
            "truncated": self.truncated,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    """The same quote or claim across articles, in order of first publication."""

    id: int
    kind: ItemKind
    text: str
    speaker: str | None
    appearances: list[Appearance]
    independent_origins: int
    discrepancies: list[Discrepancy] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    #: least pairwise verification score that joined it (100 for one wording)
    score: float = 100.0

    @property
    def first(self) -> Appearance:
        return self.appearances[0]

    @property
    def articles(self) -> list[str]:
        return [a.article for a in self.appearances]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.id,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "score": round(self.score, 1),
            "first": self.first.to_dict(),
            "appearances": [a.to_dict() for a in self.appearances],
            "independent_origins": self.independent_origins,
            "variants": [v.to_dict() for v in self.variants],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
        }


@dataclass(frozen=True, slots=True)
class Edge:
    """Article-level provenance: ``from_article`` cites or copies an article (or only an outlet)."""

    kind: Literal["cited", "copied"]
    from_article: str
    to_article: str | None
    to_outlet: str | None
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "from": self.from_article,
            "to_article": self.to_article,
            "to_outlet": self.to_outlet,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class LinkSummary:
    """What one ``link`` run did."""

    articles: int = 0
    items: int = 0
    clusters_changed: int = 0
    copies: int = 0
    seconds: float = 0.0
    last_seq: int = 0
    full: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "items": self.items,
            "clusters_changed": self.clusters_changed,
            "copies": self.copies,
            "seconds": round(self.seconds, 3),
            "last_seq": self.last_seq,
            "full": self.full,
        }
