"""Storage and corpus queries, run against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from reportfactory import Q, make_report
from sqlalchemy import create_engine, func, insert, select

from reportedly.errors import ReportedlyError, StoreError
from reportedly.model import Report
from reportedly.store import Store, report_rows, resolve_url
from reportedly.store import schema as s
from reportedly.store.migrate import LATEST, migrate, schema_version


def corpus() -> list[Report]:
    t1 = (
        "Flood barriers failed in Portmere\n"
        "The barriers were never tested, Mikhail Benyash said, according to the Coastal Times. "
        '"We warned them twice," said Anna Lerot. Some 40 people were evacuated.'
    )
    t2 = (
        "Portmere inquiry opens\n"
        '"The water came in an hour," Benyash told reporters. '
        '"Nobody flooded the town on purpose," said John Smith.'
    )
    t3 = 'Smiths disagree\n"The dam is safe," Smith said. "It is not," said Mary Smith.'
    t4 = 'Council statement\n"We will rebuild the sea wall," the council said, Reuters reported.'
    return [
        make_report(
            t1,
            [
                Q(
                    "The barriers were never tested",
                    "Mikhail Benyash",
                    kind="indirect",
                    via=["Coastal Times"],
                ),
                Q("We warned them twice", "Anna Lerot"),
            ],
            publisher="Harbour Gazette",
            published="2024-03-01T08:00:00Z",
            numbers=["40"],
        ),
        make_report(
            t2,
            [
                Q("The water came in an hour", "Benyash", cue="told"),
                Q("Nobody flooded the town", "John Smith"),
            ],
            publisher="Valley Post",
            published="2024-03-05",
        ),
        make_report(
            t3,
            [Q("The dam is safe", "Smith"), Q("It is not", "Mary Smith")],
            publisher="Valley Post",
            published="2024-04-02",
        ),
        make_report(
            t4,
            [Q("We will rebuild the sea wall", "the council", speaker_kind="organization", via=["Reuters"])],
            url="https://www.harbourgazette.example/council",
        ),
    ]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as st:
        for r in corpus():
            assert st.add(r, source=f"mem:{r.article.title}")
        yield st


def test_roundtrip_and_idempotent_add(db_url: str) -> None:
    st = Store.open(db_url)
    reports = corpus()
    assert st.add(reports[0], source="one.txt") is True
    assert st.add(reports[0], source="one-again.txt") is False
    assert st.count() == 1
    got = st.get(reports[0].article.id)
    assert got is not None
    assert got.to_dict() == reports[0].to_dict()
    # an id prefix is enough
    prefix = st.get(reports[0].article.id[:6])
    assert prefix is not None and prefix.article.id == reports[0].article.id
    assert st.get("ffffffffffff") is None
    assert st.has(reports[0].article.id) and not st.has(reports[1].article.id)


def test_article_is_written_whole_or_not_at_all(db_url: str) -> None:
    st = Store.open(db_url)
    good = corpus()[0]
    # a quantity that violates NOT NULL fails the last insert of the transaction
    broken_q = replace(good.quantities[0], relation=None)  # type: ignore[arg-type]
    broken = Report(good.article, good.attributions, [broken_q], good.entities)
    with pytest.raises(StoreError):
        st.add(broken)
    assert st.count() == 0
    with st.engine.connect() as conn:
        for table in (s.attributions, s.speakers, s.vias, s.entities, s.quantities):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0
    assert st.add(good) is True
    with st.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.attributions)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(s.quantities)).scalar() == 1


def test_iter_reports_in_ingest_order(store: Store) -> None:
    assert [r.article.title for r in store.iter_reports(batch=3)] == [r.article.title for r in corpus()]
    assert store.count() == 4


def test_failures_are_kept_replaced_and_cleared(db_url: str) -> None:
    st = Store.open(db_url)
    st.add_failure("a.html", "no text\nin page")
    st.add_failure("b.txt", "empty file")
    st.add_failure("a.html", "still no text")
    fails = {f.name: f.reason for f in st.failures()}
    assert fails == {"a.html": "still no text", "b.txt": "empty file"}
    # a later successful ingest of the same input clears its failure
    assert st.add(corpus()[0], source="b.txt")
    assert [f.name for f in st.failures()] == ["a.html"]


def test_speaker_merge_across_articles(store: Store) -> None:
    by_name = {sp.name: sp for sp in store.speakers()}
    benyash = by_name["Mikhail Benyash"]
    assert benyash.quotes == 2 and benyash.articles == 2
    assert "Benyash" in benyash.aliases
    assert dict(benyash.outlets) == {"Harbour Gazette": 1, "Valley Post": 1}
    assert "Benyash" not in by_name
    # two full names end in Smith: a bare "Smith" stays its own speaker
    assert {"John Smith", "Mary Smith", "Smith"} <= set(by_name)
    assert by_name["Smith"].quotes == 1


def test_quotes_by_speaker_uses_the_merge(store: Store) -> None:
    for ask in ("Benyash", "Mikhail Benyash", "mikhail  BENYASH"):
        quotes = store.quotes(speaker=ask)
        assert [q.content for q in quotes] == ["The barriers were never tested", "The water came in an hour"]
        assert {q.speaker for q in quotes} == {"Mikhail Benyash"}
        assert [q.speaker_as_written for q in quotes] == ["Mikhail Benyash", "Benyash"]
    # a bare surname shared by several people asks for all of them
    assert {q.content for q in store.quotes(speaker="Smith")} == {
        "Nobody flooded the town",
        "The dam is safe",
        "It is not",
    }
    assert [q.content for q in store.quotes(speaker="Mary Smith")] == ["It is not"]
    assert store.quotes(speaker="Nobody Known") == []


def test_quotes_filters(store: Store) -> None:
    assert {q.content for q in store.quotes(outlet="valley post")} == {
        "The water came in an hour",
        "Nobody flooded the town",
        "The dam is safe",
        "It is not",
    }
    # an article without a publisher is counted under its URL's host
    assert [q.content for q in store.quotes(outlet="harbourgazette.example")] == [
        "We will rebuild the sea wall"
    ]
    assert {q.content for q in store.quotes(since="2024-03-02", until="2024-03-31")} == {
        "The water came in an hour",
        "Nobody flooded the town",
    }
    # a timestamped article counts on its day
    assert len(store.quotes(since="2024-03-01", until="2024-03-01")) == 2
    assert len(store.quotes(limit=3)) == 3
    # dated articles first, oldest first
    assert store.quotes()[0].published == "2024-03-01T08:00:00Z"
    assert store.quotes()[-1].published is None
    q = store.quotes(speaker="Benyash", outlet="Harbour Gazette")[0]
    assert q.via == ["Coastal Times"] and q.kind == "indirect" and q.cue == "said"
    with pytest.raises(ReportedlyError, match="not a date"):
        store.quotes(since="last week")


def test_full_text_search(store: Store) -> None:
    # stemmed: "flooding" finds "flooded"; every word must occur
    assert [q.content for q in store.quotes(search="flooding")] == ["Nobody flooded the town"]
    assert [q.content for q in store.quotes(search="warned twice")] == ["We warned them twice"]
    assert store.quotes(search="warned never") == []
    # FTS syntax in user text is taken literally, not as an error
    assert isinstance(store.quotes(search='"dam" AND OR ('), list)
    assert [q.content for q in store.quotes(search="dam", speaker="Smith")] == ["The dam is safe"]


def test_outlets_cite_and_quote(store: Store) -> None:
    by = {o.outlet: o for o in store.outlets()}
    assert set(by) == {"Harbour Gazette", "Valley Post", "harbourgazette.example"}
    assert by["Valley Post"].articles == 2 and by["Valley Post"].quotes == 4
    assert by["Harbour Gazette"].cites == [("Coastal Times", 1)]
    assert by["harbourgazette.example"].cites == [("Reuters", 1)]
    assert dict(by["Valley Post"].speakers)["Mikhail Benyash"] == 1


def test_migration_upgrades_an_older_database(db_url: str) -> None:
    engine = create_engine(resolve_url(db_url))
    assert migrate(engine, target=1) == 1
    report = corpus()[1]
    rows = report_rows(report, "old.txt")
    # rows written by a version-1 reportedly, before full-text search existed
    with engine.begin() as conn:
        conn.execute(insert(s.articles), [rows.article])
        conn.execute(insert(s.attributions), rows.attributions)
        conn.execute(insert(s.speakers), rows.speakers)
        assert schema_version(conn) == 1
    engine.dispose()
    st = Store.open(db_url)
    with st.engine.connect() as conn:
        assert schema_version(conn) == LATEST
    assert [q.content for q in st.quotes(search="flooded")] == ["Nobody flooded the town"]
    assert st.add(report) is False
    # opening again is a no-op
    assert migrate(st.engine) == LATEST


def test_open_errors(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(StoreError, match="scheme"):
        Store.open("mysql://localhost/x")
    with pytest.raises(StoreError, match="does not exist"):
        Store.open("/nonexistent-folder-xyz/corpus.db")
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_default_location_from_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reportedly.settings import Settings

    monkeypatch.setenv("REPORTEDLY_DB", str(tmp_path / "env.db"))
    assert resolve_url(None, Settings()) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None, Settings(db="")) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("REPORTEDLY_DB")
    assert resolve_url(None, Settings()) == f"sqlite:///{tmp_path / 'reportedly.db'}"


def test_a_writer_waits_for_another_instead_of_failing(db_url: str) -> None:
    first, second = Store.open(db_url), Store.open(db_url)
    holding = threading.Event()

    def hold() -> None:
        with first.transaction() as conn:
            conn.execute(insert(s.failures).values(name="x.txt", reason="held", at="now"))
            holding.set()
            time.sleep(0.5)

    t = threading.Thread(target=hold)
    t.start()
    holding.wait(5)
    began = time.monotonic()
    assert second.add(corpus()[0]) is True
    waited = time.monotonic() - began
    t.join()
    if not db_url.startswith("postgresql"):
        # SQLite has one writer at a time: the second waited for the first to commit
        assert waited >= 0.3
    assert second.count() == 1 and [f.name for f in second.failures()] == ["x.txt"]
    first.close()
    second.close()


def test_feed_style_dates_are_filterable(db_url: str) -> None:
    text = 'Ferry strike ends\n"We have a deal," said Odile Varga.'
    report = make_report(
        text, [Q("We have a deal", "Odile Varga")], published="Tue, 05 Mar 2024 10:00:00 GMT"
    )
    with Store.open(db_url) as st:
        st.add(report)
        assert [q.content for q in st.quotes(since="2024-03-05", until="2024-03-05")] == ["We have a deal"]
        assert st.quotes(until="2024-03-04") == []
        # the date as given is kept
        assert st.quotes()[0].published == "Tue, 05 Mar 2024 10:00:00 GMT"


def test_attribution_type_is_stored_filtered_and_added_to_older_databases(db_url: str) -> None:
    engine = create_engine(resolve_url(db_url))
    assert migrate(engine, target=5) == 5
    report = corpus()[1]
    rows = report_rows(report, "old.txt")
    with engine.begin() as conn:
        # a version-4 database had no type column
        conn.exec_driver_sql("ALTER TABLE attributions DROP COLUMN type")
        conn.execute(insert(s.articles), [rows.article])
        conn.execute(
            insert(s.attributions), [{k: v for k, v in r.items() if k != "type"} for r in rows.attributions]
        )
    engine.dispose()
    st = Store.open(db_url)
    assert {q.type for q in st.quotes()} == {"speech"}
    assert st.quotes(types=("attitude",)) == []
    assert len(st.quotes(min_confidence=0.0)) == len(rows.attributions)
    assert st.quotes(min_confidence=1.01) == []
