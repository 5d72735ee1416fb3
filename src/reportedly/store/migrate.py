"""Schema versions: ordered migration functions, applied on open.

``meta.schema_version`` holds the number of the last migration applied. Opening
a database runs the missing ones, each in its own transaction, under a lock
(SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock) so that two processes
opening a fresh database at once do not both create it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, bindparam, inspect, or_, select, text

from reportedly.errors import StoreError
from reportedly.store import schema

#: an arbitrary constant naming our advisory lock on PostgreSQL
_PG_LOCK = 0x7265706F
#: ``meta`` keys of the link state: the last ``ingest_seq`` linked, the next cluster id
LINK_LAST_SEQ = "link_last_seq"
LINK_NEXT_CLUSTER = "link_next_cluster"
#: set when a stored reading changed under linked results: the next link run relinks everything
RELINK_DUE = "relink_due"
#: clusters whose full derivation waits (``store.linking``'s ``_due``), with the appearances
#: changed since they were last derived, as JSON ``{cluster: changes}``
LINK_STALE = "link_stale"
#: the link run that committed the last link transaction: another run's caches of cluster sizes
#: and candidate items are stale once it changes (two runs may take turns between transactions)
LINK_WRITER = "link_writer"
#: ``meta`` key counting edits to speaker identity: part of every cache key over speakers
IDENTITY_REVISION = "identity_revision"


def _v1_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES), checkfirst=True)


def _v2_full_text(conn: Connection) -> None:
    """Full-text search over quoted content, backfilled from existing rows."""
    if conn.dialect.name == "sqlite":
        # External-content FTS5: the text lives once, in attributions.content;
        # triggers keep the index in step with inserts and deletes.
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
            "content, content='attributions', content_rowid='pk', tokenize='porter unicode61')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS attributions_fts_ai AFTER INSERT ON attributions BEGIN "
            "INSERT INTO quotes_fts(rowid, content) VALUES (new.pk, new.content); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS attributions_fts_ad AFTER DELETE ON attributions BEGIN "
            "INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.pk, old.content); END"
        )
        conn.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_attributions_fts ON attributions "
            "USING GIN (to_tsvector('english', content))"
        )


def _v3_link_tables(conn: Connection) -> None:
    """Link results join the one schema; their old separate state table is folded into ``meta``.

    Databases linked by earlier versions kept ``link_state`` (its own version number,
    the last article linked, the next cluster id) next to tables created outside the
    migrations; the rows stay, the bookkeeping moves.
    """
    schema.metadata.create_all(conn, tables=list(schema.LINK_TABLES), checkfirst=True)
    if not conn.dialect.has_table(conn, "link_state"):
        return
    state: dict[str, str] = {k: v for k, v in conn.exec_driver_sql("SELECT key, value FROM link_state")}
    if state.get("version") == "1":
        for old, new in (("last_seq", LINK_LAST_SEQ), ("next_cluster", LINK_NEXT_CLUSTER)):
            if old in state:
                set_meta(conn, new, str(state[old]))
    else:  # results of an unknown meaning: relink from scratch
        clear_links(conn)
    conn.exec_driver_sql("DROP TABLE link_state")


def _v4_dates(conn: Connection) -> None:
    """Stored dates re-read by ``reportedly.dates`` (earlier versions read ISO and RFC 2822 only,
    and linking ISO only); when a linked article's date changes, its links are redone."""
    from reportedly import dates

    ar, la = schema.articles, schema.link_articles
    changed = []
    for aid, published, stored in conn.execute(
        select(ar.c.id, ar.c.published, ar.c.published_date).where(ar.c.published.is_not(None))
    ).all():
        new = dates.iso(published)
        if new != stored:
            changed.append({"b_id": aid, "b_date": new})
    if changed:
        conn.execute(
            ar.update().where(ar.c.id == bindparam("b_id")).values(published_date=bindparam("b_date")),
            changed,
        )
    stale = conn.execute(
        select(la.c.article_id)
        .join(ar, ar.c.id == la.c.article_id)
        .where(
            or_(
                la.c.published_date != ar.c.published_date,
                la.c.published_date.is_(None) != ar.c.published_date.is_(None),
            )
        )
        .limit(1)
    ).first()
    if stale:
        clear_links(conn)


def _v5_workbench(conn: Connection) -> None:
    """Speaker identity (merge, rename, hide, alias) and verdicts: what people add to a corpus."""
    schema.metadata.create_all(conn, tables=list(schema.WORKBENCH_TABLES), checkfirst=True)


def _v6_attribution_type(conn: Connection) -> None:
    """Each attribution's type; rows stored before types existed were all shown as speech."""
    columns = {c["name"] for c in inspect(conn).get_columns("attributions")}
    if "type" not in columns:
        conn.exec_driver_sql("ALTER TABLE attributions ADD COLUMN type VARCHAR(16) NOT NULL DEFAULT 'speech'")


def _v7_engine(conn: Connection) -> None:
    """Which engine made each report; reports stored before are of an unknown engine (stale)."""
    columns = {c["name"] for c in inspect(conn).get_columns("articles")}
    if "engine" not in columns:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN engine TEXT")
    if "engine_key" not in columns:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN engine_key VARCHAR(16)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_engine_key ON articles (engine_key)")


def _v8_band_keys(conn: Connection) -> None:
    """Band rows keyed by (band key, item or article), as one B-tree on SQLite (no rowid): the rows
    carry over, the separate index on the key goes."""
    for table, index in (
        (schema.link_bands, "ix_link_bands_key"),
        (schema.link_doc_bands, "ix_link_doc_bands_key"),
    ):
        if inspect(conn).get_pk_constraint(table.name)["constrained_columns"]:
            continue  # created by ``_v3_link_tables`` from today's schema
        old = f"{table.name}_v7"
        conn.exec_driver_sql(f"ALTER TABLE {table.name} RENAME TO {old}")
        # index names are global to a PostgreSQL schema: the old one must go before the copy is made
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
        table.create(conn)
        # the columns of that time (``link_bands.cluster`` came with version 10)
        kept = {c["name"] for c in inspect(conn).get_columns(old)}
        columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name in kept)
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) SELECT DISTINCT {columns} FROM {old}")
        conn.exec_driver_sql(f"DROP TABLE {old}")


def _v9_short_quote_keys(conn: Connection) -> None:
    """Short quotes by a named speaker have one exact band key from this version on
    (``link.plan.exact_key``): the stored ones get the rows linking would have given them
    (``link.plan.band_rows``, in the order they were stored), so that new copies find them
    without relinking. A key that has rows already is left as it is."""
    # here, not at the top: the link package imports the store
    from reportedly.link.clusters import Item, tokens_for
    from reportedly.link.plan import MIN_FEATURES, Candidates, band_rows, exact_key

    li, lb = schema.link_items, schema.link_bands
    stored: list[tuple[int, int]] = []
    keys: list[list[int]] = []
    for pk, cluster, quote, speaker_key, speaker_kind in conn.execute(
        select(li.c.pk, li.c.cluster, li.c.text, li.c.speaker_key, li.c.speaker_kind)
        .where(li.c.kind == "quote", li.c.speaker_key.is_not(None))
        .order_by(li.c.pk)
    ).all():
        item = Item(
            "", "", "quote", quote, None, speaker_key, speaker_kind, (), (), tokens_for("quote", quote)
        )
        if len(item.features) < MIN_FEATURES and (key := exact_key(item)):
            stored.append((pk, cluster))
            keys.append(key)
    added, evict = band_rows(stored, keys, Candidates({}, {}))
    least = dict(evict)
    wanted = sorted({k for k, _ in added})
    taken: set[int] = set()
    for i in range(0, len(wanted), 500):
        taken.update(
            conn.execute(select(lb.c.key).where(lb.c.key.in_(wanted[i : i + 500])).distinct()).scalars()
        )
    rows = [{"key": k, "item": pk} for k, pk in added if k not in taken and pk >= least.get(k, pk)]
    if rows:
        conn.execute(lb.insert(), rows)


def _v10_band_clusters(conn: Connection) -> None:
    """Band rows carry their item's cluster (read through ``link_merges``), so that placement
    finds its candidates' clusters without reading ``link_items``."""
    schema.metadata.create_all(conn, tables=[schema.link_merges], checkfirst=True)
    if "cluster" not in {c["name"] for c in inspect(conn).get_columns("link_bands")}:
        conn.exec_driver_sql("ALTER TABLE link_bands ADD COLUMN cluster INTEGER")
    # a merge made before this version left no row in ``link_merges``: the items' cluster now
    conn.exec_driver_sql(
        "UPDATE link_bands SET cluster = "
        "(SELECT link_items.cluster FROM link_items WHERE link_items.pk = link_bands.item) "
        "WHERE cluster IS NULL"
    )


#: (version, function) in order; never edit a released step, add a new one
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_tables),
    (2, _v2_full_text),
    (3, _v3_link_tables),
    (4, _v4_dates),
    (5, _v5_workbench),
    (6, _v6_attribution_type),
    (7, _v7_engine),
    (8, _v8_band_keys),
    (9, _v9_short_quote_keys),
    (10, _v10_band_clusters),
)
LATEST = MIGRATIONS[-1][0]


def schema_lock(conn: Connection) -> None:
    """Serialise schema changes between processes (PostgreSQL advisory lock, held to commit)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    # SQLite: the write connection already began with BEGIN IMMEDIATE


def schema_version(conn: Connection) -> int:
    """The version of an open database (0 when it has no tables of ours)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def get_meta(conn: Connection, key: str) -> str | None:
    value: str | None = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).scalar()
    return value


def set_meta(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(schema.meta.update().where(schema.meta.c.key == key).values(value=value))
    if not updated.rowcount:
        conn.execute(schema.meta.insert().values(key=key, value=value))


def clear_links(conn: Connection) -> None:
    """Forget every link result; the next link run relinks every article."""
    for table in reversed(schema.LINK_TABLES):
        conn.execute(table.delete())
    conn.execute(
        schema.meta.delete().where(
            schema.meta.c.key.in_([LINK_LAST_SEQ, LINK_NEXT_CLUSTER, RELINK_DUE, LINK_STALE])
        )
    )


def _set_version(conn: Connection, version: int) -> None:
    set_meta(conn, "schema_version", str(version))


def migrate(engine: Engine, target: int = LATEST) -> int:
    """Bring the database up to ``target``; returns the version it ends at."""
    # Fast path without the write lock: most opens find an up-to-date schema.
    with engine.connect() as conn:
        current = schema_version(conn)
    if current > LATEST:
        raise StoreError(
            f"database schema version {current} is newer than this reportedly understands ({LATEST}); "
            "upgrade reportedly"
        )
    for version, step in MIGRATIONS:
        if version > target:
            break
        if version <= current:
            continue
        with engine.connect().execution_options(reportedly_write=True) as conn, conn.begin():
            schema_lock(conn)
            # another process may have applied it while we waited for the lock
            if schema_version(conn) >= version:
                continue
            step(conn)
            _set_version(conn, version)
        current = version
    return current
