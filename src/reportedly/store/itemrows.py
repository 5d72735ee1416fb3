"""The one place that knows how a ``link_items`` row stores its vias, quantities and sources
(and how a ``link_articles`` row stores the outlets the article credits).

They are JSON text in the row and typed records (``OutletVia``, ``ItemQuantity``,
``Source``, ``Credit``) everywhere else; the text written must stay byte for byte what it
was, so the key order below is part of the stored format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement

from reportedly.link.article_edges import Credit
from reportedly.model import ItemQuantity, LinkedItem, OutletVia, Source, Variant


def dumps(obj: Any) -> str:
    """Compact JSON, as every link table stores it (changing it would rewrite unchanged rows)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def via_dict(v: OutletVia) -> dict[str, Any]:
    """A via as the JSON object stored for it (also the shape of an article's credits)."""
    return {"name": v.name, "key": v.key, "reported": v.reported}


def vias_value(vias: Iterable[OutletVia]) -> str:
    return dumps([via_dict(v) for v in vias])


def quantities_value(quantities: Iterable[ItemQuantity]) -> str:
    return dumps(
        [
            {
                "text": q.text,
                "counted": q.counted,
                "what": q.what,
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "relation": q.relation,
            }
            for q in quantities
        ]
    )


def sources_value(sources: Iterable[Source]) -> str:
    return dumps([s.to_dict() for s in sources])


def variants_value(variants: Iterable[Variant]) -> str:
    return dumps([v.to_dict() for v in variants])


def decode_variants(raw: str | None) -> list[Variant]:
    return [
        Variant(v["text"], v["articles"], [(x["from"], x["to"]) for x in v["changed"]], bool(v["truncated"]))
        for v in json.loads(raw or "[]")
    ]


def decode_vias(raw: str | None) -> tuple[OutletVia, ...]:
    return tuple(OutletVia(v["name"], v["key"], v["reported"]) for v in json.loads(raw or "[]"))


def decode_quantities(raw: str | None) -> tuple[ItemQuantity, ...]:
    # ``what`` and the bounds may be absent from rows written by older versions
    return tuple(
        ItemQuantity(
            q["text"],
            q.get("counted"),
            q.get("what"),
            q.get("value"),
            q.get("low"),
            q.get("high"),
            q["relation"],
        )
        for q in json.loads(raw or "[]")
    )


def decode_sources(raw: str | None) -> tuple[Source, ...] | None:
    """None for a row not derived yet (no sources stored), unlike an empty list stored."""
    return None if raw is None else tuple(Source.from_dict(s) for s in json.loads(raw or "[]"))


def decode_credits(raw: str | None) -> tuple[Credit, ...]:
    # a via's object (``via_dict``), with "speaker" for an organisation that may be an outlet
    return tuple(
        Credit(c["name"], c["key"], bool(c["reported"]), bool(c.get("speaker")))
        for c in json.loads(raw or "[]")
    )


def names_no_article(sources: ColumnElement[Any]) -> ColumnElement[bool]:
    """Rows whose sources include one that is only an outlet's name (a cheap pre-filter in SQL)."""
    return sources.contains('"article":null')


def linked_item(row: Mapping[str, Any]) -> LinkedItem:
    """A ``link_items`` row (a mapping of its columns) as a record."""
    return LinkedItem(
        pk=row["pk"],
        article_id=row["article_id"],
        attribution_id=row["attribution_id"],
        kind=row["kind"],
        text=row["text"],
        speaker=row["speaker"],
        speaker_key=row["speaker_key"],
        speaker_kind=row["speaker_kind"],
        vias=decode_vias(row["vias"]),
        quantities=decode_quantities(row["quantities"]),
        cluster=row["cluster"],
        position=row["position"],
        edge=row["edge"],
        sources=decode_sources(row["sources"]),
        score=row["score"],
    )


def row_values(item: LinkedItem) -> dict[str, Any]:
    """The column values of ``item``'s row (``linked_item`` reads them back as the same record)."""
    return {
        "pk": item.pk,
        "article_id": item.article_id,
        "attribution_id": item.attribution_id,
        "kind": item.kind,
        "text": item.text,
        "speaker": item.speaker,
        "speaker_key": item.speaker_key,
        "speaker_kind": item.speaker_kind,
        "vias": vias_value(item.vias),
        "quantities": quantities_value(item.quantities),
        "cluster": item.cluster,
        "position": item.position,
        "edge": item.edge,
        "sources": None if item.sources is None else sources_value(item.sources),
        "score": item.score,
    }
