"""Engine fingerprints, stale counts, ``reanalyze`` (resumable, relinks) and linking of web-stored articles."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from linkstory import EXAMPLES, STORY, band_clusters, store_story
from sqlalchemy import select
from typer.testing import CliRunner

import reportedly.commands.link  # noqa: F401  (registers the commands)
from reportedly.cliapp import app
from reportedly.fingerprint import fingerprint
from reportedly.ingest import ingest
from reportedly.link import all_discrepancies, edges, iter_clusters, link_new, linked_count, pending_count
from reportedly.model import Report
from reportedly.reanalyze import reanalyze
from reportedly.settings import DEFAULT
from reportedly.store import Store
from reportedly.store import schema as st

RULES_ONLY = dataclasses.replace(DEFAULT, cue_lexicon="none", batch_size=2)


def test_a_fingerprint_names_the_engine_and_changes_with_it() -> None:
    now = fingerprint(DEFAULT)
    assert now == fingerprint(dataclasses.replace(DEFAULT, db="elsewhere.db"))  # not a reading setting
    other = fingerprint(RULES_ONLY)
    assert other.lexicon == "none" and other.key != now.key
    assert set(now.to_dict()) == {"version", "model", "lexicon", "settings"}
    assert now.model.split()[0].startswith("en_core_web")


def test_every_stored_report_records_its_engine(db_url: str, story_reports: dict[str, Report]) -> None:
    with store_story(db_url, story_reports) as store:
        with store.engine.connect() as conn:
            rows = conn.execute(select(st.articles.c.engine, st.articles.c.engine_key)).all()
        assert {key for _, key in rows} == {fingerprint(store.settings).key}
        assert json.loads(rows[0][0]) == fingerprint(store.settings).to_dict()
        assert store.stale_count(fingerprint(store.settings)) == 0
        assert store.stale_count(fingerprint(RULES_ONLY)) == len(STORY)


def test_ingest_says_how_many_stored_reports_another_engine_made(tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    first = ingest([str(EXAMPLES / f"{STORY[0]}.txt")], db)
    assert first.new == 1 and first.stale == 0
    again = ingest([str(EXAMPLES / f"{STORY[1]}.txt")], db, settings=RULES_ONLY)
    assert again.new == 1 and again.stale == 1  # the first article was read by the other engine
    assert again.to_dict()["stale"] == 1


class Interrupted(Exception):
    pass


def test_reanalyze_is_resumable_and_relinks(tmp_path: Path, story_reports: dict[str, Report]) -> None:
    with store_story(str(tmp_path / "corpus.db"), story_reports) as store:
        link_new(store)
        before = {c.text for c in iter_clusters(store)}
        engine = fingerprint(RULES_ONLY)

        def stop_after_first_batch(_n: int) -> None:
            raise Interrupted

        with pytest.raises(Interrupted):
            reanalyze(store, settings=RULES_ONLY, progress=stop_after_first_batch)
        assert store.stale_count(engine) == len(STORY) - RULES_ONLY.batch_size
        done = reanalyze(store, settings=RULES_ONLY)
        assert done.stale == done.read == len(STORY) - RULES_ONLY.batch_size
        assert store.stale_count(engine) == 0
        # the rules-only engine reads some sentences differently (in either run): the corpus is relinked
        assert done.link is not None and done.link["full"] and done.link["articles"] == len(STORY)
        assert pending_count(store) == 0 and linked_count(store) == len(STORY)
        assert "worst night this town has seen" in " ".join(before)
        # nothing left: a second run reads nothing and links nothing
        again = reanalyze(store, settings=RULES_ONLY)
        assert (again.stale, again.read, again.link and again.link["articles"]) == (0, 0, 0)


def test_reanalyze_command(tmp_path: Path, story_reports: dict[str, Report]) -> None:
    db = str(tmp_path / "corpus.db")
    store_story(db, story_reports).close()
    with Store.open(db) as store, store.transaction() as conn:
        conn.execute(st.articles.update().values(engine_key=None))  # as stored before fingerprints
    result = CliRunner().invoke(app, ["reanalyze", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["stale"] == got["read"] == len(STORY)
    assert got["changed"] == 0  # same engine: same readings, only the stamp was missing
    with Store.open(db) as store:
        assert store.stale_count(fingerprint(store.settings)) == 0


def test_articles_stored_through_the_api_are_linked(tmp_path: Path, story_reports: dict[str, Report]) -> None:
    from fastapi.testclient import TestClient

    from reportedly.web.app import create_app

    db = str(tmp_path / "corpus.db")
    with store_story(db, story_reports, STORY[:-1]) as store:
        link_new(store)
    text = (EXAMPLES / f"{STORY[-1]}.txt").read_text(encoding="utf-8")
    with TestClient(create_app(db)) as client, Store.open(db) as check:
        response = client.post("/api/read", json={"text": text, "publisher": "NewsBuzz", "store": True})
        assert response.status_code == 200 and response.json()["stored"] is True
        deadline = time.monotonic() + 60
        while pending_count(check) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending_count(check) == 0 and linked_count(check) == len(STORY)
        # the copy of the Daily Roundup joins the story like an ingested one
        assert any(len(c.appearances) == 4 for c in iter_clusters(check) if "worst night" in c.text)


def _linked_state(
    store: Store,
) -> tuple[set[tuple[str, frozenset[str]]], set[tuple[str, str, str | None]], set[str]]:
    clusters = {(c.text, frozenset(a.article for a in c.appearances)) for c in iter_clusters(store)}
    cites = {(e.kind, e.from_article, e.to_article or e.to_outlet) for e in edges(store)}
    return clusters, cites, {d.message for d in all_discrepancies(store)}


def test_reanalyze_relinks_only_the_articles_read_differently(
    tmp_path: Path, story_reports: dict[str, Report]
) -> None:
    from reportedly.pipeline import analyze_many

    with store_story(str(tmp_path / "corpus.db"), story_reports) as store:
        # two articles were read by another engine (the rules only), and linked so
        other = [story_reports[name].article for name in (STORY[1], STORY[4])]
        for report in analyze_many(other, RULES_ONLY):
            store.replace(report, fingerprint(RULES_ONLY), relink=False)
        link_new(store)
        done = reanalyze(store)
        assert (done.stale, done.changed) == (2, 2)
        assert done.link is not None and not done.link["full"]
        assert done.link["articles"] == 2  # the two re-read articles, not the corpus
        assert not store.relink_due()
        # the two articles' old items took their band rows with them; the new ones name their cluster
        with store.engine.connect() as conn:
            items = set(conn.execute(select(st.link_items.c.pk)).scalars())
            banded = set(conn.execute(select(st.link_bands.c.item)).scalars())
        assert banded and banded <= items
        assert all(named == actual for _, _, named, actual in band_clusters(store))
        placed_again = _linked_state(store)
        assert "worst night this town has seen" in " ".join(text for text, _ in placed_again[0])
        # the same as forgetting every link and linking the corpus from scratch
        link_new(store, full=True)
        assert _linked_state(store) == placed_again
