"""One schema for SQLite and PostgreSQL (SQLAlchemy Core).

The stored report JSON (``articles.report``) is the truth; the other tables are
flattened views of it that exist to be indexed and queried. Full-text search is
dialect-specific and created by the migrations (``store/migrate.py``): an FTS5
table ``quotes_fts`` on SQLite, a GIN index over ``to_tsvector(content)`` on
PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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
    #: the engine that made the report (``reportedly.fingerprint``: JSON, and its key)
    Column("engine", Text),
    Column("engine_key", String(16)),
)
Index("ix_articles_engine_key", articles.c.engine_key)
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
    #: speech, attitude, evidence or question (migration 6; rows stored before it read as speech)
    Column("type", String(16), nullable=False, server_default="speech"),
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

# --------------------------------------------------------------------------- link results
#
# Derived from the reports by ``reportedly link``; they can always be rebuilt, so a
# migration that changes their meaning clears them and the next link run relinks.
# The LSH index is persisted as band keys (``link_bands`` for quotes and claims,
# ``link_doc_bands`` for whole articles): a new item's candidates are the rows
# sharing one of its band keys, found through an index. The last ``ingest_seq``
# linked and the next cluster id are kept in ``meta`` (``link_last_seq``,
# ``link_next_cluster``).

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
    #: JSON of ``OutletVia``s; ``store.itemrows`` alone writes and reads vias, quantities and sources
    Column("vias", Text, nullable=False),
    #: JSON of ``ItemQuantity``s
    Column("quantities", Text, nullable=False),
    Column("cluster", Integer, nullable=False),
    #: derived per cluster: order of appearance, how it got here, and from where (JSON of ``Source``s)
    Column("position", Integer),
    Column("edge", String(12)),
    Column("sources", Text),
    Column("score", Float),
)
Index("ix_link_items_cluster", link_items.c.cluster)
Index("ix_link_items_article", link_items.c.article_id)

# Keyed by (band key, item): a bucket is one range of one B-tree, read without a second lookup.
# On SQLite without a rowid, so the rows are the index (a table and an index on the key took twice
# the pages, and placement's lookups outgrew the link connection's page cache sooner).
link_bands = Table(
    "link_bands",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("item", Integer, primary_key=True, autoincrement=False),
    # the item's cluster when the row was written, followed through ``link_merges`` when read: a
    # bucket gives its candidates' clusters without visiting ``link_items``, whose rows (one page
    # each, scattered over a table of GBs) were most of what placement read late in a big run.
    # Null only between migrations 8 and 10.
    Column("cluster", Integer),
    sqlite_with_rowid=False,
)

#: clusters merged into another, each pointing at the cluster that holds its items now (every
#: merge repoints the rows that pointed at the cluster it folds, so one lookup resolves an id)
link_merges = Table(
    "link_merges",
    metadata,
    Column("cluster", Integer, primary_key=True, autoincrement=False),
    Column("into_cluster", Integer, nullable=False),
)
Index("ix_link_merges_into", link_merges.c.into_cluster)

link_doc_bands = Table(
    "link_doc_bands",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", String(64), primary_key=True),
    sqlite_with_rowid=False,
)

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

#: the link tables, in the order they are cleared in reverse
LINK_TABLES = (
    link_articles,
    link_items,
    link_bands,
    link_merges,
    link_doc_bands,
    link_clusters,
    link_edges,
    link_discrepancies,
)

# --------------------------------------------------------------------------- the workbench (v4)

#: what people decided about speakers, by speaker key: merged into another, renamed, hidden, or
#: given an outside identifier; an alias is a key merged into the speaker it names. Applied when
#: the speaker merge is computed, so stored readings are never rewritten.
speaker_edits = Table(
    "speaker_edits",
    metadata,
    Column("key", Text, primary_key=True),
    Column("merge_into", Text),
    Column("name", Text),
    Column("hidden", Boolean, nullable=False, default=False),
    #: e.g. a Wikidata id ("Q76") from an alias file
    Column("external_id", Text),
    Column("updated_at", String(32), nullable=False),
)

#: a fact-checker's verdict on a quote or claim cluster (the latest per cluster counts)
verdicts = Table(
    "verdicts",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("cluster", Integer, nullable=False),
    #: the cluster's text when the verdict was given: finds the claim again after a full relink
    Column("claim", Text, nullable=False),
    Column("rating", String(32), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("reviewer", Text, nullable=False),
    #: where the review is published, when it is
    Column("url", Text),
    Column("created_at", String(32), nullable=False),
)
Index("ix_verdicts_cluster", verdicts.c.cluster)

WORKBENCH_TABLES = (speaker_edits, verdicts)
