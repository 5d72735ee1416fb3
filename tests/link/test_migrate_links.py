"""Databases linked by earlier versions (schema 2 plus a separate ``link_state`` table) carry over.

Up to schema version 2 the link tables were created outside the migrations and
kept their own bookkeeping in ``link_state`` (a version, the last article linked,
the next cluster id). The tables themselves are unchanged, so an old database is
rebuilt here from a current one by putting that bookkeeping back where the old
code kept it, exactly as it wrote it.
"""

from __future__ import annotations

from pathlib import Path

from linkstory import SHORT_QUOTES, STORY, band_clusters, store_story
from sqlalchemy import inspect, text

import reportedly
from reportedly.link import iter_clusters, link_new, pending_count, trace_text
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store.migrate import LATEST, LINK_LAST_SEQ, LINK_NEXT_CLUSTER, get_meta, schema_version


def _as_released_v2(store: Store, version: str = "1") -> None:
    """Turn a linked current database into what reportedly wrote at schema version 2."""
    with store.transaction() as conn:
        last, nxt = get_meta(conn, LINK_LAST_SEQ), get_meta(conn, LINK_NEXT_CLUSTER)
        conn.execute(
            text("CREATE TABLE link_state (key VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)")
        )
        conn.execute(
            text(
                "INSERT INTO link_state (key, value) VALUES ('version', :v), ('last_seq', :l), ('next_cluster', :n)"
            ),
            {"v": version, "l": last, "n": nxt},
        )
        conn.execute(text("DELETE FROM meta WHERE key IN ('link_last_seq', 'link_next_cluster')"))
        conn.execute(text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))


def _shape(store: Store) -> list[tuple[str, list[str]]]:
    return sorted((c.text, c.articles) for c in iter_clusters(store))


def test_an_old_linked_database_keeps_its_links_and_links_on(
    db_url: str, story_reports: dict[str, Report], tmp_path: Path
) -> None:
    first, rest = STORY[:4], STORY[4:]
    store = store_story(db_url, story_reports, first)
    link_new(store)
    before = _shape(store)
    _as_released_v2(store)
    store.close()

    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            assert schema_version(conn) == LATEST
            assert not conn.dialect.has_table(conn, "link_state")
        # the old results are there, and nothing is relinked
        assert pending_count(store) == 0
        assert _shape(store) == before
        assert link_new(store).articles == 0
        for name in rest:
            store.add(story_reports[name])
        assert link_new(store).articles == len(rest)
        carried = _shape(store)
        assert trace_text(store, "worst night this town has seen").first.publisher == "Portvale Courier"
    finally:
        store.close()
    # the same corpus linked from scratch by the current code gives the same clusters
    fresh = store_story(str(tmp_path / "fresh.db"), story_reports, first + rest)
    try:
        link_new(fresh)
        assert _shape(fresh) == carried
    finally:
        fresh.close()


def test_links_of_an_unknown_meaning_are_relinked(db_url: str, story_reports: dict[str, Report]) -> None:
    store = store_story(db_url, story_reports)
    link_new(store)
    before = _shape(store)
    _as_released_v2(store, version="0")
    store.close()
    store = Store.open(db_url)
    try:
        assert pending_count(store) == len(STORY)
        assert _shape(store) == []
        assert link_new(store).articles == len(STORY)
        assert _shape(store) == before
    finally:
        store.close()


def _as_released_v7(store: Store) -> None:
    """Give a linked current database the band tables reportedly wrote up to schema version 7:
    rowid tables with an index on the key."""
    with store.transaction() as conn:
        for table, other in (("link_bands", "item INTEGER"), ("link_doc_bands", "article_id VARCHAR(64)")):
            conn.execute(text(f"ALTER TABLE {table} RENAME TO {table}_new"))
            name = other.split()[0]
            conn.execute(text(f'CREATE TABLE {table} ("key" BIGINT NOT NULL, {other} NOT NULL)'))
            conn.execute(text(f'INSERT INTO {table} SELECT "key", {name} FROM {table}_new'))
            conn.execute(text(f"DROP TABLE {table}_new"))
            conn.execute(text(f'CREATE INDEX ix_{table}_key ON {table} ("key")'))
        conn.execute(text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))


def _bands(store: Store) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    with store.engine.connect() as conn:
        return (
            sorted(tuple(r) for r in conn.execute(text('SELECT "key", item FROM link_bands'))),
            sorted(tuple(r) for r in conn.execute(text('SELECT "key", article_id FROM link_doc_bands'))),
        )


def test_band_tables_of_schema_7_carry_over(
    db_url: str, story_reports: dict[str, Report], tmp_path: Path
) -> None:
    first, rest = STORY[:4], STORY[4:]
    store = store_story(db_url, story_reports, first)
    link_new(store)
    before, bands = _shape(store), _bands(store)
    assert bands[0] and bands[1]
    _as_released_v7(store)
    with store.engine.connect() as conn:
        assert not inspect(conn).get_pk_constraint("link_bands")["constrained_columns"]
    store.close()

    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            assert schema_version(conn) == LATEST
            assert inspect(conn).get_pk_constraint("link_bands")["constrained_columns"] == ["key", "item"]
            assert inspect(conn).get_indexes("link_bands") == []
        assert _bands(store) == bands and _shape(store) == before
        for name in rest:
            store.add(story_reports[name])
        assert link_new(store).articles == len(rest)
        carried = _shape(store)
    finally:
        store.close()
    fresh = store_story(str(tmp_path / "fresh.db"), story_reports, first + rest)
    try:
        link_new(fresh)
        assert _shape(fresh) == carried
    finally:
        fresh.close()


def test_short_quotes_linked_by_schema_8_get_their_exact_keys(db_url: str) -> None:
    # schema 8 gave a quote with fewer than three content words no band key at all
    reports = {
        publisher: reportedly.read_text(
            SHORT_QUOTES[publisher], publisher=publisher, published=f"2026-03-0{i + 1}"
        )
        for i, publisher in enumerate(("Harbour Gazette", "Coastal Times", "Valley Post"))
    }
    store = Store.open(db_url)
    try:
        for publisher in ("Harbour Gazette", "Coastal Times"):
            store.add(reports[publisher])
        link_new(store)
        bands = _bands(store)
        with store.transaction() as conn:
            short = "SELECT pk FROM link_items WHERE text LIKE '%legitimate pretenses%'"
            assert len(conn.execute(text(short)).all()) == 2
            conn.execute(text(f"DELETE FROM link_bands WHERE item IN ({short})"))
            conn.execute(text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
        assert _bands(store) != bands
    finally:
        store.close()

    store = Store.open(db_url)
    try:
        assert _bands(store) == bands, "the migration gives them the keys linking gave them"
        store.add(reports["Valley Post"])
        link_new(store)
        with store.engine.connect() as conn:
            clusters = dict(
                conn.execute(
                    text(
                        "SELECT a.outlet, i.cluster FROM link_items i JOIN link_articles a"
                        " ON a.article_id = i.article_id WHERE i.text LIKE '%legitimate pretenses%'"
                    )
                ).all()
            )
    finally:
        store.close()
    assert clusters["Valley Post"] == clusters["Harbour Gazette"] != clusters["Coastal Times"]


def test_band_rows_of_schema_9_get_their_items_clusters(
    db_url: str, story_reports: dict[str, Report], tmp_path: Path
) -> None:
    first, rest = STORY[:4], STORY[4:]
    store = store_story(db_url, story_reports, first)
    link_new(store)
    before, bands = _shape(store), _bands(store)
    with store.transaction() as conn:
        # what schema 9 had: band rows without their cluster, no record of merges
        conn.execute(text("DROP TABLE link_merges"))
        conn.execute(text("ALTER TABLE link_bands DROP COLUMN cluster"))
        conn.execute(text("UPDATE meta SET value = '9' WHERE key = 'schema_version'"))
    store.close()

    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            assert schema_version(conn) == LATEST
        assert _bands(store) == bands and _shape(store) == before
        found = band_clusters(store)
        assert found and all(named == actual for _, _, named, actual in found)
        for name in rest:
            store.add(story_reports[name])
        assert link_new(store).articles == len(rest)
        carried = _shape(store)
    finally:
        store.close()
    fresh = store_story(str(tmp_path / "fresh.db"), story_reports, first + rest)
    try:
        link_new(fresh)
        assert _shape(fresh) == carried
    finally:
        fresh.close()
