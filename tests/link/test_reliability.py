"""Reliability under load: readers answer while another process links, and a SIGKILL during linking
loses nothing (the next run completes the links; SQLite's integrity check passes)."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from linkstory import COURIER, STORY, reprint, store_story
from sqlalchemy import text

from reportedly.link import iter_clusters, link_new, linked_count, pending_count, trace_text
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store.migrate import LINK_LAST_SEQ, get_meta
from reportedly.web.app import create_app

#: reprints of the story: enough that linking them takes several transactions
REPRINTS = 160
#: how long any page or trace may take while the other process links (the issue's figure). A reader
#: waiting for the writer's lock would wait a whole link transaction or the busy timeout (120 s);
#: unloaded every answer takes 0.01-0.1 s.
ANSWER_SECONDS = 1.0


def corpus(db_url: str, reports: dict[str, Report]) -> Store:
    store = store_story(db_url, reports)
    for n in range(REPRINTS):
        store.add(reprint(reports[COURIER], n))
    return store


def linking_process(db_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reportedly.cli", "link", "--db", db_url, "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def last_linked(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(get_meta(conn, LINK_LAST_SEQ) or 0)


def test_pages_and_trace_answer_while_another_process_links(
    db_url: str, story_reports: dict[str, Report]
) -> None:
    store = corpus(db_url, story_reports)
    try:
        # the story itself is linked already; the reprints are what the other process links
        link_new(store)
        for n in range(REPRINTS, 2 * REPRINTS):
            store.add(reprint(story_reports[COURIER], n))
        cluster = trace_text(store, "worst night this town has seen").id
        # this process holds the test session's parsed articles and spaCy, a web server none (it
        # reads articles in a child process): a full collection of that heap paused answers here by
        # 0.15-0.2 s (0.45 s under load), which is the test's latency, not the reader's
        gc.collect()
        gc.freeze()
        with TestClient(create_app(db_url), raise_server_exceptions=False) as web:
            proc = linking_process(db_url)
            try:
                slowest, slowest_ask, took_all = 0.0, "", []
                while proc.poll() is None:
                    for ask in ("/stories", f"/stories/{cluster}", "/articles", "/api/stories", "trace"):
                        started = time.monotonic()
                        if ask == "trace":
                            assert trace_text(store, "worst night this town has seen").id == cluster
                        else:
                            assert web.get(ask).status_code == 200, ask
                        took = time.monotonic() - started
                        took_all.append(took)
                        if took > slowest:
                            slowest, slowest_ask = took, ask
                assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
            finally:
                proc.kill()
                proc.wait()
                gc.unfreeze()
        assert len(took_all) >= 5  # the reads really overlapped the link run
        assert slowest < ANSWER_SECONDS, f"slowest answer {slowest:.2f}s ({slowest_ask}) during linking"
        assert pending_count(store) == 0
    finally:
        store.close()


def test_sigkill_during_linking_loses_nothing(
    db_url: str, story_reports: dict[str, Report], tmp_path: Path
) -> None:
    store = corpus(db_url, story_reports)
    try:
        total = store.count()
        proc = linking_process(db_url)
        try:
            deadline = time.monotonic() + 120
            # kill once at least one transaction committed and before the last one did
            while proc.poll() is None and last_linked(store) == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            if proc.poll() is not None:
                pytest.fail("linking finished before it could be killed; make the corpus larger")
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        done = last_linked(store)
        assert done > 0
        # what was committed is whole: every article up to the mark is linked, none after it
        assert linked_count(store) == total - pending_count(store)
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        # the next run carries on and ends where a run from scratch ends
        pending = pending_count(store)
        assert 0 < pending < total
        assert link_new(store).articles == pending
        assert pending_count(store) == 0 and linked_count(store) == total
        carried = sorted((c.text, len(c.appearances)) for c in iter_clusters(store))
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        store.close()
    fresh = corpus(str(tmp_path / "fresh.db"), story_reports)
    try:
        link_new(fresh)
        assert sorted((c.text, len(c.appearances)) for c in iter_clusters(fresh)) == carried
        assert len(STORY) + REPRINTS == fresh.count()
    finally:
        fresh.close()
