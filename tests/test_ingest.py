"""Ingest: many inputs in, failures kept, nothing lost or doubled (SQLite and PostgreSQL).

Every article here is invented and generated from a template, so that tests
control the names, outlets and dates they then query for.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reportedly.ingest import expand_inputs, ingest, iter_warc
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store import schema as s

FIRST = ["Anna", "Tomas", "Ilse", "Marek", "Odile", "Ruben", "Katja", "Lionel"]
LAST = ["Lerot", "Brevik", "Qasimov", "Dunmore", "Fenwick", "Okafor", "Varga", "Holm"]
TOWNS = ["Portmere", "Kestlow", "Amberfield", "Lowmoor", "Saltby"]
OUTLETS = ["Valley Post", "Harbour Gazette", "Northern Ledger"]
WIRES = ["Coastal Times", "Meridian Wire"]


def mayor_of(i: int) -> str:
    return f"{FIRST[(i + 3) % len(FIRST)]} {LAST[(i + 5) % len(LAST)]}"


def article_text(i: int) -> str:
    """An invented flood story; ``i`` makes it unique (and picks its people)."""
    first, last = FIRST[i % len(FIRST)], LAST[(i * 3) % len(LAST)]
    mayor = mayor_of(i)
    town, wire = TOWNS[i % len(TOWNS)], WIRES[i % len(WIRES)]
    return (
        f"Harbour wall gives way in {town} for the {i + 1}th time\n\n"
        f"The old harbour wall in {town} collapsed on Sunday night, flooding {i + 12} homes.\n\n"
        f'"We warned the council about the cracks {i + 2} times," said {first} {last}, '
        f"a retired engineer who lives on Quay Street.\n\n"
        f"Mayor {mayor} told the {wire} that repairs would start within {i % 5 + 1} weeks. "
        f'"Nobody was hurt, and that is what matters," {mayor.split()[1]} said.\n'
    )


def write_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / f"story-{i:03d}.txt"
        p.write_text(article_text(i), encoding="utf-8")
        paths.append(p)
    return paths


def html_page(i: int, outlet: str = "Harbour Gazette") -> str:
    paras = "".join(f"<p>{p}</p>" for p in article_text(i).split("\n\n")[1:])
    title = article_text(i).split("\n", 1)[0]
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='{outlet}'></head>"
        f"<body><nav>Home | News | Sport</nav><article><h1>{title}</h1>{paras}</article>"
        f"<footer>Copyright {outlet}</footer></body></html>"
    )


# --------------------------------------------------------------------------- WARC by hand


def warc_record(uri: str, date: str, body: bytes, status: str = "200 OK", kind: str = "response") -> bytes:
    http = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_warc(path: Path, first: int, n: int, gz: bool) -> bytes:
    records = [
        warc_record("https://ledger.example/robots.txt", "2024-05-01T09:00:00Z", b"", kind="request"),
        warc_record("https://ledger.example/moved", "2024-05-01T09:00:00Z", b"gone", status="301 Moved"),
    ]
    for i in range(first, first + n):
        records.append(
            warc_record(
                f"https://ledger.example/story/{i}",
                f"2024-05-{i % 28 + 1:02d}T10:00:00Z",
                html_page(i, "Northern Ledger").encode(),
            )
        )
    data = b"".join(gzip.compress(r) for r in records) if gz else b"".join(records)
    path.write_bytes(data)
    return data


def test_warc_records_and_truncation(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "crawl.warc.gz", 0, 3, gz=True)
    items = list(iter_warc(tmp_path / "crawl.warc.gz"))
    assert [getattr(i, "url", None) for i in items] == [f"https://ledger.example/story/{i}" for i in range(3)]
    assert [i.fallback_published for i in items] == [  # type: ignore[union-attr]
        "2024-05-01T10:00:00Z",
        "2024-05-02T10:00:00Z",
        "2024-05-03T10:00:00Z",
    ]
    # progress accounting covers the whole file
    assert sum(i.size for i in items) == len(data)

    for name, cut in (("cut.warc.gz", len(data) - 50), ("cut.warc", None)):
        if cut is None:
            raw = write_warc(tmp_path / "plain.warc", 0, 3, gz=False)
            (tmp_path / name).write_bytes(raw[:-300])
        else:
            (tmp_path / name).write_bytes(data[:cut])
        got = list(iter_warc(tmp_path / name))
        assert [getattr(i, "url", None) for i in got[:-1]] == [
            "https://ledger.example/story/0",
            "https://ledger.example/story/1",
        ]
        assert got[-1].status == "failed"  # type: ignore[union-attr]
        assert "truncated" in (got[-1].reason or "")  # type: ignore[union-attr]

    # garbage after a complete record is reported, the record kept
    (tmp_path / "tail.warc.gz").write_bytes(data + b"\x1f\x8b\x08\x00junk")
    got = list(iter_warc(tmp_path / "tail.warc.gz"))
    assert len(got) == 4 and got[-1].status == "failed"  # type: ignore[union-attr]

    (tmp_path / "junk.warc").write_bytes(b"this is not a warc file at all\n" * 20)
    (only,) = list(iter_warc(tmp_path / "junk.warc"))
    assert only.status == "failed"  # type: ignore[union-attr]


def test_ingest_mixed_inputs_twice(db_url: str, tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_articles(src / "texts", 3)
    (src / "pages").mkdir()
    (src / "pages" / "p.html").write_text(html_page(10), encoding="utf-8")
    write_warc(src / "crawl.warc.gz", 20, 2, gz=True)
    lines = [
        {
            "text": article_text(30),
            "publisher": "Valley Post",
            "published": "2024-06-01",
            "url": "https://vp.example/30",
        },
        {"html": html_page(31, "Valley Post"), "url": "https://vp.example/31", "title": "Thirty-one"},
    ]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")

    first = ingest([str(src)], db_url)
    assert (first.read, first.new, first.present, first.failed) == (8, 8, 0, 0), first.failures
    again = ingest([str(src / "texts"), str(src / "*.jsonl"), str(src / "**" / "*.html"), str(src)], db_url)
    # a file named twice (by folder and by glob) is read once
    assert (again.read, again.new, again.present, again.failed) == (8, 0, 8, 0)

    st = Store.open(db_url)
    assert st.count() == 8
    quotes = st.quotes(outlet="Valley Post", limit=None)
    assert {q.url for q in quotes} == {"https://vp.example/30", "https://vp.example/31"}
    assert {q.published for q in quotes if q.url == "https://vp.example/30"} == {"2024-06-01"}
    warc_quotes = st.quotes(outlet="Northern Ledger", limit=None) or st.quotes(
        outlet="ledger.example", limit=None
    )
    assert {q.url for q in warc_quotes} == {
        "https://ledger.example/story/20",
        "https://ledger.example/story/21",
    }
    # the record's capture date stands in for a page with no date of its own
    assert {(q.published or "")[:10] for q in warc_quotes} == {"2024-05-21", "2024-05-22"}
    # "Holm said" after "Mayor Ruben Holm told..." is one speaker, not two
    names = {sp.name for sp in st.speakers()}
    assert mayor_of(10) in names and mayor_of(10).split()[1] not in names


def test_bad_files_are_failures_and_the_rest_goes_in(tmp_path: Path) -> None:
    src = tmp_path / "mixed"
    write_articles(src, 3)
    (src / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.html").write_text("<html><body><div><script>var x = 1;</script><p></div", encoding="utf-8")
    data = write_warc(src / "crawl.warc.gz", 40, 3, gz=True)
    (src / "cut.warc.gz").write_bytes(data[: len(data) - 60])
    (src / "feed.jsonl").write_text(
        json.dumps({"text": article_text(50)}) + "\n{not json\n" + json.dumps({"title": "no body"}) + "\n",
        encoding="utf-8",
    )
    (src / ".hidden.txt").write_text(article_text(60), encoding="utf-8")
    (src / "scan.jpg").write_bytes(b"\xff\xd8\xff" + bytes(300))
    db = str(tmp_path / "corpus.db")

    runner = CliRunner()
    from reportedly.cli import _register
    from reportedly.cliapp import app

    _register()
    result = runner.invoke(app, ["ingest", str(src), str(tmp_path / "nothing-here"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # 3 texts + 3 WARC records + 2 of the truncated copy's (one already stored) + 1 JSON line
    assert summary["new"] == 3 + 3 + 1
    assert summary["already_present"] == 2
    assert summary["skipped"] == 1  # scan.jpg: not an article by its name
    failed = {f["name"]: f["reason"] for f in summary["failures"]}
    assert set(failed) == {
        str(tmp_path / "nothing-here"),
        str(src / "photo.txt"),
        str(src / "empty.txt"),
        str(src / "broken.html"),
        str(src / "cut.warc.gz"),
        f"{src / 'feed.jsonl'}:2",
        f"{src / 'feed.jsonl'}:3",
    }
    assert "binary" in failed[str(src / "photo.txt")]
    assert "empty" in failed[str(src / "empty.txt")]
    assert "truncated" in failed[str(src / "cut.warc.gz")]
    assert all("\n" not in r and r for r in failed.values())

    listed = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert {f["name"] for f in json.loads(listed.stdout)} == set(failed)
    table = runner.invoke(app, ["failures", "--db", db])
    assert "photo.txt" in table.stdout and "truncated" in table.stdout


# --------------------------------------------------------------------------- processes


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportedly.cli", *args]


def _consistent(db_url: str) -> tuple[int, int]:
    """(articles, attribution rows), checking every article's rows match its stored report."""
    st = Store.open(db_url)
    try:
        with st.engine.connect() as conn:
            rows = dict(
                conn.execute(
                    select(s.attributions.c.article_id, func.count()).group_by(s.attributions.c.article_id)
                ).all()
            )
            ids = list(conn.execute(select(s.articles.c.id)).scalars())
        assert len(ids) == len(set(ids))
        total = 0
        for aid in ids:
            report = st.get(aid)
            assert isinstance(report, Report)
            assert rows.get(aid, 0) == len(report.attributions)
            total += len(report.attributions)
        assert sum(rows.values()) == total
        return len(ids), total
    finally:
        st.close()


def test_sigkill_then_resume_loses_and_doubles_nothing(db_url: str, tmp_path: Path) -> None:
    src = tmp_path / "forty"
    write_articles(src, 40)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        _cli("ingest", str(src), "--db", db_url, "--no-progress"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    st = Store.open(db_url)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if st.count() >= 4:
                break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        st.close()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    before, _ = _consistent(db_url)
    assert 4 <= before < 40

    done = subprocess.run(
        _cli("ingest", str(src), "--db", db_url, "--json", "--jobs", "2"),
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["read"] == 40 and summary["failed"] == 0
    assert summary["already_present"] == before and summary["new"] == 40 - before
    after, attributions = _consistent(db_url)
    assert after == 40 and attributions >= 80


def test_two_ingests_at_once(db_url: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_articles(a, 14)
    write_articles(b, 14, start=7)  # 7 articles in common
    procs = [
        subprocess.Popen(
            _cli("ingest", str(folder), "--db", db_url, "--json", "--no-progress"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (a, b)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    summaries = [json.loads(out) for out, _ in outs]
    assert sum(x["new"] for x in summaries) == 21
    assert sum(x["already_present"] for x in summaries) == 7
    assert _consistent(db_url)[0] == 21


def test_expand_inputs_skips_hidden_and_the_database(tmp_path: Path) -> None:
    write_articles(tmp_path / "x", 2)
    (tmp_path / "x" / ".git").mkdir()
    (tmp_path / "x" / ".git" / "HEAD").write_text("ref")
    (tmp_path / "x" / "corpus.db").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "x" / "README.md").write_text("# about these stories")
    found = expand_inputs([str(tmp_path / "x")], exclude=[tmp_path / "x" / "corpus.db"])
    assert [f.name for f in found.files] == ["story-000.txt", "story-001.txt"]
    assert found.missing == [] and [p.name for p in found.skipped] == ["README.md"]
    # named explicitly, any file is read
    found = expand_inputs([str(tmp_path / "x" / "README.md")])
    assert [f.name for f in found.files] == ["README.md"]
    found = expand_inputs([str(tmp_path / "x" / "*.pdf")])
    assert found.files == [] and found.missing[0].reason == "no file matches this pattern"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("small")
    write_articles(folder, 5)
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": article_text(9), "publisher": "Valley Post", "published": "2024-02-02"}) + "\n"
    )
    db = str(folder / "small.db")
    summary = ingest([str(folder)], db)
    assert summary.new == 6
    return db


def test_query_commands(small_db: str, tmp_path: Path) -> None:
    from reportedly.cli import _register
    from reportedly.cliapp import app

    _register()
    runner = CliRunner()

    def run(*args: str) -> str:
        res = runner.invoke(app, [*args, "--db", small_db])
        assert res.exit_code == 0, res.output
        return res.stdout

    # two Lerots in this corpus (Anna, and the mayor in article 3): a bare surname asks for both
    lerots = json.loads(run("quotes", "--speaker", "Lerot", "--json"))
    assert {q["speaker"] for q in lerots} == {"Anna Lerot", mayor_of(3)}
    quotes = json.loads(run("quotes", "--speaker", "anna lerot", "--json"))
    assert quotes and all(q["speaker"] == "Anna Lerot" for q in quotes)
    assert "Anna Lerot" in run("quotes", "--speaker", "Lerot")
    assert [q["published"] for q in json.loads(run("quotes", "--outlet", "valley post", "--json"))][:1] == [
        "2024-02-02"
    ]
    assert json.loads(run("quotes", "--since", "2024-03-01", "--json")) == []
    found = json.loads(run("quotes", "--search", "cracks", "--json", "--limit", "0"))
    assert len(found) == 6 and all("cracks" in q["content"] for q in found)
    speakers = json.loads(run("speakers", "--json"))
    assert {"name", "quotes", "outlets", "aliases"} <= set(speakers[0])
    outlets = json.loads(run("outlets", "--json"))
    assert [o["outlet"] for o in outlets] == ["Valley Post"]
    assert "Valley Post" in run("outlets")

    some_id = quotes[0]["article_id"]
    shown = json.loads(run("show", some_id[:8], "--json"))
    assert shown["article"]["id"] == some_id
    assert "Harbour wall" in run("show", some_id[:8])
    missing = runner.invoke(app, ["show", "0000000000", "--db", small_db])
    assert missing.exit_code == 1

    out = tmp_path / "corpus.jsonl"
    run("export", "--format", "jsonl", "--out", str(out))
    reports = [Report.from_json(line) for line in out.read_text().splitlines()]
    assert len(reports) == 6
    csv_text = run("export", "--format", "csv")
    n_attr = sum(len(r.attributions) for r in reports)
    assert len(csv_text.strip().splitlines()) == n_attr + 1
    pq = tmp_path / "corpus.parquet"
    summary = json.loads(run("export", "--format", "parquet", "--out", str(pq), "--json"))
    assert summary["rows"] == n_attr
    import pyarrow.parquet as pa_pq

    table = pa_pq.read_table(pq)
    assert table.num_rows == n_attr and "speaker" in table.column_names
