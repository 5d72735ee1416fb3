"""Readers never wait for a writer: ``trace``, the link read model and the web pages answer while
another process holds the write lock (an ingest storing articles, a link run in its transaction)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from linkstory import STORY, store_story
from sqlalchemy import Connection, text

from reportedly.link import (
    all_discrepancies,
    edges,
    iter_clusters,
    link_new,
    linked_count,
    load_cluster,
    pending_count,
    trace_text,
)
from reportedly.model import Report
from reportedly.settings import DEFAULT
from reportedly.store import Store
from reportedly.web.app import create_app

#: a reader that waited for the lock would fail after this long instead of answering
SHORT_BUSY = dataclasses.replace(DEFAULT, db_busy_seconds=1)


@contextmanager
def writing(db_url: str) -> Iterator[Connection]:
    """Another connection in the middle of a write transaction (SQLite: holding the write lock)."""
    other = Store.open(db_url)
    try:
        with other.transaction() as conn:
            conn.execute(text("UPDATE meta SET value = value WHERE key = 'schema_version'"))
            conn.execute(text("DELETE FROM link_bands WHERE item < 0"))
            yield conn
    finally:
        other.close()


def test_reads_answer_while_a_writer_holds_the_lock(db_url: str, story_reports: dict[str, Report]) -> None:
    with store_story(db_url, story_reports, STORY[:-1]) as st:
        link_new(st)
        st.add(story_reports[STORY[-1]])  # one article waiting to be linked
    store = Store.open(db_url, settings=SHORT_BUSY)
    try:
        with (
            writing(db_url),
            TestClient(create_app(db_url, SHORT_BUSY), raise_server_exceptions=False) as web,
        ):
            started = time.monotonic()
            cluster = trace_text(store, "worst night this town has seen")
            assert cluster.first.publisher == "Portvale Courier"
            assert load_cluster(store, cluster.id).id == cluster.id
            assert len(list(iter_clusters(store))) >= 3
            assert edges(store) and all_discrepancies(store) is not None
            assert pending_count(store) == 1 and linked_count(store) == len(STORY) - 1
            assert store.quotes(search="worst night")
            for page in ("/stories", f"/stories/{cluster.id}", "/articles", "/api/stories", "/speakers"):
                assert web.get(page).status_code == 200, page
            # well inside the busy timeout: nothing waited for the writer
            assert time.monotonic() - started < SHORT_BUSY.db_busy_seconds * 5
    finally:
        store.close()
