"""The vocabulary every other module speaks (see DESIGN.md).

Records are small frozen dataclasses with ``to_dict``/``from_dict`` so that a
report survives a JSON round trip unchanged; offsets always index
``Article.text`` and ``article.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "reportedly.report/1"

AttributionKind = Literal["direct", "indirect", "mixed"]
#: what a reader may take an attribution for: something said or written (``speech``), a
#: thought, wish, plan or stance (``attitude``), what a poll, study, document or figures show
#: (``evidence``), or a question asked (``question``)
AttributionType = Literal["speech", "attitude", "evidence", "question"]
ATTRIBUTION_TYPES: tuple[AttributionType, ...] = ("speech", "attitude", "evidence", "question")
EntityKind = Literal["person", "organization", "outlet", "group", "role", "anonymous"]
#: ``approx`` is a vague amount with no point value ("hundreds", "dozens");
#: ``~`` is approximately a stated value ("around 1,000").
Relation = Literal["=", "~", "<", "<=", ">", ">=", "approx"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


def _opt_span(d: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(d) if d else None


@dataclass(frozen=True, slots=True)
class Removal:
    """Something cleaning dropped from the input, and why."""

    text: str
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "why": self.why}


@dataclass(slots=True)
class Article:
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    byline: list[str] = field(default_factory=list)
    language: str = "en"
    removed: list[Removal] = field(default_factory=list)
    #: outlet this article says it copies ("Read the original article on X")
    original: str | None = None
    #: the dateline's place and wire, when the text opened with one
    dateline: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "publisher": self.publisher,
            "title": self.title,
            "published": self.published,
            "byline": list(self.byline),
            "language": self.language,
            "original": self.original,
            "dateline": self.dateline,
            "text": self.text,
        }


def article_id(text: str) -> str:
    """Stable id from the clean text: the same article read twice is one row."""
    # inputs are normalised before this, but an Article built by hand may hold lone surrogates
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "descriptors": list(self.descriptors),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            d["id"], d["name"], d["kind"], tuple(d.get("aliases", ())), tuple(d.get("descriptors", ()))
        )


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    kind: EntityKind
    entity: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "entity": self.entity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(d["name"], d["kind"], d["entity"])


@dataclass(frozen=True, slots=True)
class Via:
    """An intermediary between the speaker and this article."""

    name: str
    entity: str
    evidence: Span
    #: the reporting cue of the intermediary ("reported", "told"), if any
    cue: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entity": self.entity,
            "evidence": self.evidence.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Via:
        return cls(d["name"], d["entity"], Span.from_dict(d["evidence"]), _opt_span(d.get("cue")))


@dataclass(slots=True)
class Attribution:
    id: str
    kind: AttributionKind
    content: list[Span]
    cue: Span | None
    source: Span | None
    speakers: list[Speaker] = field(default_factory=list)
    via: list[Via] = field(default_factory=list)
    confidence: float = 0.5
    #: for a quote with no cue of its own: the attribution whose speaker it continues
    continues: str | None = None
    type: AttributionType = "speech"
    #: the engine rule that found it (see ``reportedly.attribute.rules.RULES``)
    rule: str = ""

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "type": self.type,
            "content": [s.to_dict() for s in self.content],
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speakers": [s.to_dict() for s in self.speakers],
            "via": [v.to_dict() for v in self.via],
            "confidence": round(self.confidence, 3),
            "continues": self.continues,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        return cls(
            id=d["id"],
            kind=d["kind"],
            content=[Span.from_dict(s) for s in d["content"]],
            cue=_opt_span(d.get("cue")),
            source=_opt_span(d.get("source")),
            speakers=[Speaker.from_dict(s) for s in d.get("speakers", [])],
            via=[Via.from_dict(v) for v in d.get("via", [])],
            confidence=float(d.get("confidence", 0.5)),
            continues=d.get("continues"),
            # reports written before types existed: everything was shown as speech
            type=d.get("type") or "speech",
            rule=d.get("rule") or "",
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    value: float | None
    low: float | None
    high: float | None
    relation: Relation
    counted: str | None = None
    attribution: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.span.to_dict(),
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "relation": self.relation,
            "counted": self.counted,
            "attribution": self.attribution,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(
            Span.from_dict(d),
            d.get("value"),
            d.get("low"),
            d.get("high"),
            d["relation"],
            d.get("counted"),
            d.get("attribution"),
        )


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


@dataclass(slots=True)
class Report:
    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(),
            "removed": [r.to_dict() for r in self.article.removed],
            "attributions": [a.to_dict() for a in self.attributions],
            "quantities": [q.to_dict() for q in self.quantities],
            "entities": [e.to_dict() for e in self.entities],
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        if d.get("schema") != SCHEMA:
            from reportedly.errors import ReportedlyError

            raise ReportedlyError(f"not a {SCHEMA} document (schema={d.get('schema')!r})")
        a = d["article"]
        article = Article(
            text=a["text"],
            title=a.get("title"),
            url=a.get("url"),
            publisher=a.get("publisher"),
            published=a.get("published"),
            byline=list(a.get("byline") or []),
            language=a.get("language") or "en",
            removed=[Removal(r["text"], r["why"]) for r in d.get("removed", [])],
            original=a.get("original"),
            dateline=a.get("dateline"),
            id=a.get("id") or "",
        )
        return cls(
            article=article,
            attributions=[Attribution.from_dict(x) for x in d.get("attributions", [])],
            quantities=[Quantity.from_dict(x) for x in d.get("quantities", [])],
            entities=[Entity.from_dict(x) for x in d.get("entities", [])],
        )

    @classmethod
    def from_json(cls, s: str) -> Report:
        return cls.from_dict(json.loads(s))


# --------------------------------------------------------------------------- corpus level
#
# What linking finds across articles: appearances, clusters, edges, discrepancies.
# ``trace``, the exports, the web pages and the tests look at these.

ItemKind = Literal["quote", "claim"]
#: how an appearance reached its article
EdgeKind = Literal["first-hand", "cited", "copied"]
DiscrepancyKind = Literal["number", "revision", "citation", "quote-changed", "arithmetic"]
#: what each kind is called where people read it (CLI, web, exports)
DISCREPANCY_LABELS: dict[str, str] = {
    "number": "changed figure",
    "revision": "revised figure",
    "citation": "miscitation",
    "quote-changed": "changed quote",
    "arithmetic": "parts and total",
}


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
class OutletVia:
    """An outlet a linked item credits ("..., Northline reported"; "told the Courier")."""

    name: str
    #: the outlet's key; resolved against the outlets the corpus knows when derived
    key: str
    #: False for a recipient ("told the Courier"): in the Courier itself that is its own interview
    reported: bool


@dataclass(frozen=True, slots=True)
class ItemQuantity:
    """A figure a linked item carries, as discrepancies compare it."""

    text: str
    #: what is counted, reduced to its head noun ("spillway"): figures pair up by it
    counted: str | None
    #: what is counted as written ("emergency spillways"), for messages
    what: str | None
    value: float | None
    low: float | None
    high: float | None
    relation: Relation


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedItem:
    """One stored quote or claim of a cluster (a ``link_items`` row) as derivation reads it.

    Keyword-only with defaults so that a test or a caller without a database builds one
    from the few fields it cares about."""

    pk: int = 0
    article_id: str
    attribution_id: str | None = None
    kind: ItemKind
    text: str
    speaker: str | None = None
    speaker_key: str | None = None
    speaker_kind: str | None = None
    vias: tuple[OutletVia, ...] = ()
    quantities: tuple[ItemQuantity, ...] = ()
    cluster: int = 0
    #: derived per cluster; None until the cluster was first derived
    position: int | None = None
    edge: EdgeKind | None = None
    sources: tuple[Source, ...] | None = None
    score: float | None = None


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

    @property
    def label(self) -> str:
        return DISCREPANCY_LABELS.get(self.kind, self.kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
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


@dataclass(frozen=True, slots=True)
class ClusterMatch:
    """A cluster found by words of its quote or claim (``trace TEXT``, quote search), with its score."""

    cluster: int
    #: 0-100: how much of the words asked for the best wording of the cluster holds, fuzzily
    score: float
    kind: ItemKind
    #: the cluster's first wording, and the wording that matched best
    text: str
    matched: str
    speaker: str | None
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.cluster,
            "score": round(self.score, 1),
            "kind": self.kind,
            "text": self.text,
            "matched": self.matched,
            "speaker": self.speaker,
            "articles": self.articles,
        }
