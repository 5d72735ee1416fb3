"""Tables that hold link results, next to the store's own tables on the same engine.

The LSH index is persisted as band keys (``link_bands`` for quotes and claims,
``link_doc_bands`` for whole articles): a new item's candidates are the rows
sharing one of its band keys, found through an index, so linking new articles
never rereads or recompares the old ones. ``link_state`` remembers the last
``ingest_seq`` linked; bumping ``VERSION`` makes the next run relink everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    select,
    text,
)

from reportedly.store.migrate import schema_lock

#: bump when the meaning of stored link rows changes; the next link relinks from scratch
VERSION = "1"

metadata = MetaData()

link_state = Table(
    "link_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

link_articles = Table(
    "link_articles",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("outlet", Text),
    Column("outlet_key", Text),
    Column("published_date", String(10)),
    #: the outlet the article says it copies ("Read the original article on X")
    Column("original_key", Text),
    Column("copy_of", String(64)),
    Column("copy_outlet", Text),
    Column("copy_score", Float),
    Column("copy_evidence", Text),
    #: JSON list of the outlet keys the article credits anywhere (vias, outlet speakers)
    Column("credits", Text),
    #: its content words, space-separated: the story-level similarity of two articles
    Column("keywords", Text),
)
Index("ix_link_articles_outlet_key", link_articles.c.outlet_key)
Index("ix_link_articles_copy_of", link_articles.c.copy_of)
Index("ix_link_articles_original_key", link_articles.c.original_key)

link_items = Table(
    "link_items",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", Text),
    Column("kind", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_key", Text),
    Column("speaker_kind", String(16)),
    #: JSON [{"name", "key", "reported"}]: "reported" is False for a recipient ("told the Courier")
    Column("vias", Text, nullable=False),
    #: JSON [{"text", "counted", "value", "low", "high", "relation"}]
    Column("quantities", Text, nullable=False),
    Column("cluster", Integer, nullable=False),
    #: derived per cluster: order of appearance, how it got here, and from where (JSON)
    Column("position", Integer),
    Column("edge", String(12)),
    Column("sources", Text),
    Column("score", Float),
)
Index("ix_link_items_cluster", link_items.c.cluster)
Index("ix_link_items_article", link_items.c.article_id)

link_bands = Table(
    "link_bands",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("item", Integer, nullable=False),
)
Index("ix_link_bands_key", link_bands.c.key)

link_doc_bands = Table(
    "link_doc_bands",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("article_id", String(64), nullable=False),
)
Index("ix_link_doc_bands_key", link_doc_bands.c.key)

link_clusters = Table(
    "link_clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text),
    Column("n_articles", Integer, nullable=False),
    Column("first_article", String(64), nullable=False),
    Column("first_published", String(10)),
    Column("independent_origins", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("variants", Text, nullable=False),
)
Index("ix_link_clusters_n", link_clusters.c.n_articles)

link_edges = Table(
    "link_edges",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("from_article", String(64), nullable=False),
    Column("to_article", String(64)),
    Column("to_outlet", Text),
    #: the outlet's key, so that an article of that outlet ingested later can take the edge over
    Column("to_outlet_key", Text),
    Column("evidence", Text),
)
Index("ix_link_edges_from", link_edges.c.from_article)
Index("ix_link_edges_to", link_edges.c.to_article)
Index("ix_link_edges_to_outlet", link_edges.c.to_outlet_key)

link_discrepancies = Table(
    "link_discrepancies",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("conflict", Boolean, nullable=False),
    Column("cluster", Integer),
    Column("article_id", String(64), nullable=False),
    Column("other_article", String(64)),
    Column("counted", Text),
    Column("message", Text, nullable=False),
    Column("detail", Text, nullable=False),
)
Index("ix_link_discrepancies_cluster", link_discrepancies.c.cluster)
Index("ix_link_discrepancies_article", link_discrepancies.c.article_id)

TABLES = (
    link_state,
    link_articles,
    link_items,
    link_bands,
    link_doc_bands,
    link_clusters,
    link_edges,
    link_discrepancies,
)


def ensure_tables(engine: Engine) -> bool:
    """Create the link tables if missing; True when stored results are stale (a relink is due)."""
    with engine.connect().execution_options(reportedly_write=True) as conn, conn.begin():
        # two ingests starting at once must not both create the tables (PostgreSQL)
        schema_lock(conn)
        metadata.create_all(conn, checkfirst=True)
        version = get_state(conn, "version")
        if version is None:
            set_state(conn, "version", VERSION)
            return False
        return version != VERSION


#: PostgreSQL advisory lock key of a link run ("rplink" in ASCII)
_LINK_LOCK = 0x72706C696E6B


def link_lock(conn: Connection) -> None:
    """Hold the link lock until this transaction ends (PostgreSQL; a no-op on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LINK_LOCK})


def clear(conn: Connection) -> None:
    """Forget every link result (``--full`` relinks from scratch)."""
    for table in reversed(TABLES):
        if table is not link_state:
            conn.execute(delete(table))
    conn.execute(delete(link_state))
    set_state(conn, "version", VERSION)


def get_state(conn: Connection, key: str) -> str | None:
    value: str | None = conn.execute(select(link_state.c.value).where(link_state.c.key == key)).scalar()
    return value


def set_state(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(link_state.update().where(link_state.c.key == key).values(value=value))
    if not updated.rowcount:
        conn.execute(link_state.insert().values(key=key, value=value))


def chunked(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    """Slices small enough for an ``IN (...)`` list on every database."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
