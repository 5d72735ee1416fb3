"""Linked items are frozen records: ``store.itemrows`` alone turns them into ``link_items`` rows and
back, losing nothing; ``link/`` derives from them without a database; and a linked corpus stores
its vias, figures and sources in the JSON the dict-based version wrote, as a fixed point of
deriving again from the stored rows."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as hs
from linkstory import store_story
from sqlalchemy import create_engine, select

from reportedly.link import link_new
from reportedly.link.citations import ArticleInfo, Member, order_members, resolve_sources
from reportedly.link.discrepancies import cluster_discrepancies
from reportedly.link.origins import independent_origins
from reportedly.link.variants import variants
from reportedly.model import ItemQuantity, LinkedItem, LinkSummary, OutletVia, Relation, Report, Source
from reportedly.settings import DEFAULT
from reportedly.store import Store, linking
from reportedly.store import schema as st
from reportedly.store.itemrows import linked_item, row_values

_text = hs.text(max_size=30)
_maybe_text = hs.none() | _text
_number = hs.none() | hs.integers(-(10**9), 10**9) | hs.floats(allow_nan=False, allow_infinity=False)
_vias = hs.builds(OutletVia, _text, _text, hs.booleans())
_quantities = hs.builds(
    ItemQuantity,
    _text,
    _maybe_text,
    _maybe_text,
    _number,
    _number,
    _number,
    hs.sampled_from(get_args(Relation)),
)
_sources = hs.builds(Source, _maybe_text, _maybe_text, hs.sampled_from(["via", "inferred", "copy"]))
_items = hs.builds(
    LinkedItem,
    pk=hs.integers(1, 10**6),
    article_id=_text,
    attribution_id=_maybe_text,
    kind=hs.sampled_from(["quote", "claim"]),
    text=_text,
    speaker=_maybe_text,
    speaker_key=_maybe_text,
    speaker_kind=_maybe_text,
    vias=hs.lists(_vias, max_size=3).map(tuple),
    quantities=hs.lists(_quantities, max_size=3).map(tuple),
    cluster=hs.integers(1, 10**6),
    position=hs.none() | hs.integers(0, 1000),
    edge=hs.none() | hs.sampled_from(["first-hand", "cited", "copied"]),
    sources=hs.none() | hs.lists(_sources, max_size=3).map(tuple),
    score=hs.none() | hs.floats(0, 100),
)


@pytest.mark.parametrize(
    "record",
    [
        OutletVia("the Courier", "portvale courier", False),
        ItemQuantity("seven", "people", "people", 7, 7, 7, "="),
        LinkedItem(article_id="a", kind="quote", text="We will rebuild"),
    ],
)
def test_records_are_frozen(record: Any) -> None:
    field = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, field, None)
    hash(record)  # frozen and made of tuples: usable as a key


@given(_items)
def test_an_item_survives_its_row(item: LinkedItem) -> None:
    row = row_values(item)
    assert linked_item(row) == item
    assert row_values(linked_item(row)) == row, "the stored text is written back byte for byte"


def test_an_item_survives_a_database_row() -> None:
    item = LinkedItem(
        pk=3,
        article_id="a1",
        attribution_id="a1:q2",
        kind="claim",
        text="Seven people died, the agency said",
        speaker="Ruth Calloway",
        speaker_key="ruth calloway",
        speaker_kind="person",
        vias=(OutletVia("Northline", "northline news agency", True), OutletVia("the Café", "cafe", False)),
        quantities=(ItemQuantity("Seven", "people", "people", 7, 7, 7, "="),),
        cluster=9,
        position=1,
        edge="cited",
        sources=(Source("Northline News Agency", "a0", "via"), Source("Café Press", None, "via")),
        score=91.5,
    )
    engine = create_engine("sqlite://")
    st.link_items.create(engine)
    with engine.begin() as conn:
        conn.execute(st.link_items.insert(), [row_values(item)])
        row = conn.execute(select(st.link_items)).mappings().one()
    assert linked_item(row) == item
    assert linked_item({**row, "sources": None}).sources is None, "not derived yet is not no sources"


def _member(aid: str, seq: int, outlet: str, figure: int, *vias: OutletVia) -> Member:
    words = {7: "Seven", 8: "Eight"}[figure]
    item = LinkedItem(
        article_id=aid,
        kind="claim",
        text=f"{words} people died in the flood",
        vias=vias,
        quantities=(ItemQuantity(words, "people", "people", figure, figure, figure, "="),),
    )
    return Member(ArticleInfo(aid, seq, outlet.title(), outlet, f"2026-03-0{seq}"), (item,))


def test_derivation_runs_on_records_without_a_database() -> None:
    wire = _member("w", 1, "northline", 7)
    paper = _member("p", 2, "courier", 8, OutletVia("Northline", "northline", True))
    blog = _member("b", 3, "buzz", 8, OutletVia("the Courier", "courier", True))
    ordered = order_members(resolve_sources([blog, paper, wire], {}))
    assert [m.article.id for m in ordered] == ["w", "p", "b"]
    assert [(m.edge, [s.article for s in m.sources]) for m in ordered] == [
        ("first-hand", []),
        ("cited", ["w"]),
        ("cited", ["p"]),
    ]
    assert independent_origins(ordered) == 1
    (found,) = cluster_discrepancies(4, "claim", ordered, DEFAULT)
    assert (found.kind, found.article, found.other_article, found.counted) == ("citation", "p", "w", "people")
    assert [v.articles for v in variants(ordered)] == [["w"], ["p", "b"]]


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The derived link tables; edges and discrepancies get new keys when derived again."""
    out = {}
    with store.engine.connect() as conn:
        for table in (st.link_clusters, st.link_items, st.link_edges, st.link_discrepancies):
            cols = [
                c
                for c in table.c
                if not (table.name in {"link_edges", "link_discrepancies"} and c.name == "pk")
            ]
            out[table.name] = sorted((tuple(r) for r in conn.execute(select(*cols))), key=repr)
    return out


def test_a_linked_corpus_stores_the_dict_format_and_derives_it_again(
    tmp_path: Path, story_reports: dict[str, Report]
) -> None:
    store = store_story(str(tmp_path / "story.db"), story_reports)
    try:
        link_new(store)
        before = _tables(store)
        with store.engine.connect() as conn:
            rows = conn.execute(select(st.link_items)).mappings().all()
        assert (
            rows
            and any(json.loads(r["vias"]) for r in rows)
            and any(json.loads(r["quantities"]) for r in rows)
        )
        for r in rows:
            assert row_values(linked_item(r)) == dict(r), "every stored row is what its record encodes"
            # the JSON objects the dict version stored, key for key and in this order
            assert all(list(v) == ["name", "key", "reported"] for v in json.loads(r["vias"]))
            assert all(
                list(q) == ["text", "counted", "what", "value", "low", "high", "relation"]
                for q in json.loads(r["quantities"])
            )
            assert all(list(s) == ["outlet", "article", "evidence"] for s in json.loads(r["sources"]))

        # derive every cluster and article again from the stored rows: nothing changes
        run = linking._Run(DEFAULT, LinkSummary(), None, None)
        with linking._link_transaction(store) as conn:
            run._begin(conn)
            run.derive_clusters(sorted({r["cluster"] for r in rows}))
            run.article_edges(sorted({r["article_id"] for r in rows}))
        assert _tables(store) == before
        assert before["link_clusters"] and before["link_edges"] and before["link_discrepancies"]
    finally:
        store.close()
