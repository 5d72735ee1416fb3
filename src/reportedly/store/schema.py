"""One schema for SQLite and PostgreSQL (SQLAlchemy Core).

The stored report JSON (``articles.report``) is the truth; the other tables are
flattened views of it that exist to be indexed and queried. Full-text search is
dialect-specific and created by the migrations (``store/migrate.py``): an FTS5
table ``quotes_fts`` on SQLite, a GIN index over ``to_tsvector(content)`` on
PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: key/value pairs; ``schema_version`` is the number of the last migration applied
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# ``ingest_seq`` is the ingest order (an integer primary key autoincrements on both
# databases); ``id`` is the content hash every other table refers to.
articles = Table(
    "articles",
    metadata,
    Column("ingest_seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("publisher", Text),
    #: the outlet the article is counted under: publisher, else the URL's host
    Column("outlet", Text),
    Column("outlet_key", Text),
    Column("title", Text),
    #: as given (date or timestamp); ``published_date`` is its YYYY-MM-DD part
    Column("published", Text),
    Column("published_date", String(10)),
    Column("source", Text),
    Column("ingested_at", String(32), nullable=False),
    Column("n_chars", Integer, nullable=False),
    Column("report", Text, nullable=False),
)
Index("ix_articles_outlet_key", articles.c.outlet_key)
Index("ix_articles_published_date", articles.c.published_date)

attributions = Table(
    "attributions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("attribution_id", Text),
    Column("kind", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("cue", Text),
    Column("source", Text),
    #: first speaker (the usual case); all of them are in ``speakers``
    Column("speaker", Text),
    Column("speaker_kind", String(16)),
    Column("speaker_key", Text),
    #: intermediaries in order, joined with " > "; one row each in ``vias``
    Column("via", Text),
    Column("confidence", Float),
    UniqueConstraint("article_id", "idx", name="uq_attributions_article_idx"),
)
Index("ix_attributions_speaker_key", attributions.c.speaker_key)

#: one row per (attribution, speaker): "Reuters and the FT reported" has two
speakers = Table(
    "speakers",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("attribution_idx", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("entity", Text),
    Column("key", Text, nullable=False),
    UniqueConstraint("article_id", "attribution_idx", "position", name="uq_speakers_pos"),
)
Index("ix_speakers_key", speakers.c.key)

#: the via chain of each attribution, one row per intermediary
vias = Table(
    "vias",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("attribution_idx", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("entity", Text),
    Column("key", Text, nullable=False),
    UniqueConstraint("article_id", "attribution_idx", "position", name="uq_vias_pos"),
)
Index("ix_vias_key", vias.c.key)

entities = Table(
    "entities",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("key", Text, nullable=False),
    #: aliases joined with " | "
    Column("aliases", Text),
    UniqueConstraint("article_id", "entity_id", name="uq_entities_article_entity"),
)
Index("ix_entities_key", entities.c.key)

quantities = Table(
    "quantities",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("relation", String(8), nullable=False),
    Column("counted", Text),
    Column("attribution_id", Text),
    UniqueConstraint("article_id", "idx", name="uq_quantities_article_idx"),
)

#: inputs that could not be read; one row per input name (a retry replaces it,
#: a later success removes it)
failures = Table(
    "failures",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

#: tables the version-1 migration creates, in dependency order
V1_TABLES = (meta, articles, attributions, speakers, vias, entities, quantities, failures)
