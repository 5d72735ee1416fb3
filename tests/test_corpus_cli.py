"""Corpus commands as a new user meets them: metadata for plain-text corpora (``ingest --publisher
--published --title-from``, CSV and JSON lines), and clear refusals (missing database, every input
failed, bad option values)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import _register
from reportedly.cliapp import app
from reportedly.store import Store

_register()

#: invented articles; the first line of the first ends in a full stop on purpose
HARBOUR = (
    "Council approves new harbour wall.\n\n"
    "The Westmere council voted on Tuesday to build a new harbour wall, its chair Dana Oyelaran said.\n\n"
    '"We cannot wait for the next storm," Oyelaran told reporters.\n'
)
FERRY = (
    "Ferry timetable cut for the winter\n\n"
    "The island ferry will sail twice a day from November, the operator Tarn Lines said on Monday.\n"
)
DEPOT = "Fuel depot to close early, its manager Ines Calder said on Friday in a statement to staff."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    # Rich wraps long lines at the terminal width; the words are what matter
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_read_only_commands_refuse_a_database_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.db"
    for command in (["quotes"], ["speakers"], ["show", "abcd"], ["trace", "x"], ["serve"]):
        # the real command line: its entry point turns the store's error into one line
        done = subprocess.run(
            [sys.executable, "-m", "reportedly.cli", *command, "--db", str(missing)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert done.returncode == 1, (command, done.stdout)
        assert f"no database at {missing}" in " ".join(done.stderr.split())
        assert "Traceback" not in done.stderr
    assert not missing.exists()
    # nor is ./reportedly.db created when no --db is given
    done = subprocess.run(
        [sys.executable, "-m", "reportedly.cli", "speakers"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1 and not (tmp_path / "reportedly.db").exists()


def test_ingest_exits_non_zero_when_every_input_failed(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code, _out, err = run("ingest", str(tmp_path / "nosuch.txt"), "--db", str(db), "--no-progress")
    assert code == 1
    assert "nosuch.txt: no such file" in err and "every input failed" in err
    # one good input among bad ones is a success that lists the failures
    (tmp_path / "ferry.txt").write_text(FERRY)
    code, _out, err = run(
        "ingest", str(tmp_path / "ferry.txt"), str(tmp_path / "gone.txt"), "--db", str(db), "--no-progress"
    )
    assert code == 0, err
    assert "gone.txt: no such file" in err


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["speakers", "--kind", "persn"], "'persn' is not one of"),
        (["quotes", "--since", "March 2"], "--since 'March 2' is not a date"),
        (["quotes", "--until", "2026-13-01"], "is not a date"),
        (["ingest", "x.txt", "--published", "yesterday"], "--published 'yesterday' is not a date"),
        (["ingest", "x.txt", "--title-from", "heading"], "'heading' is not one of"),
    ],
)
def test_option_values_are_checked(tmp_path: Path, args: list[str], complaint: str) -> None:
    db = tmp_path / "c.db"
    Store.open(str(db)).close()
    result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code != 0
    assert complaint in " ".join(result.output.split()) or complaint in " ".join(result.stderr.split())


def test_read_refuses_an_unreadable_date(tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text(FERRY)
    code, out, err = run("read", str(tmp_path / "ferry.txt"), "--published", "March 2")
    assert code == 1 and not out
    assert "--published 'March 2' is not a date" in err


def _titles(db: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    with Store.open(str(db)) as store:
        return {
            r.article.text.split("\n")[0]: (r.article.title, r.article.publisher, r.article.published)
            for r in store.iter_reports()
        }


def test_ingest_metadata_for_a_folder_of_plain_text(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "harbour-wall_vote.txt").write_text(HARBOUR)
    (folder / "ferry.txt").write_text(FERRY)
    db = tmp_path / "c.db"
    code, out, err = run(
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--no-progress",
        "--json",
        "--publisher",
        "Harbour Times",
        "--published",
        "2026-03-03",
        "--title-from",
        "first-line",
    )
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["new"], summary["undated"], summary["no_outlet"], summary["untitled"]) == (2, 0, 0, 0)
    got = _titles(db)
    # a headline ending in a full stop is the title when the user says the first line is
    assert got["Council approves new harbour wall."] == (
        "Council approves new harbour wall.",
        "Harbour Times",
        "2026-03-03",
    )
    assert got["Ferry timetable cut for the winter"][1:] == ("Harbour Times", "2026-03-03")

    by_name = tmp_path / "n.db"
    code, _out, err = run(
        "ingest", str(folder / "harbour-wall_vote.txt"), "--db", str(by_name), "--title-from", "filename"
    )
    assert code == 0, err
    assert list(_titles(by_name)) == ["harbour wall vote"]
    # without the flags the gaps are counted, not hidden
    bare = tmp_path / "b.db"
    code, _out, err = run("ingest", str(folder), "--db", str(bare), "--no-progress")
    assert code == 0
    assert "2 without a date (--published)" in " ".join(err.split())
    assert "2 without an outlet (--publisher)" in " ".join(err.split())


def test_csv_and_json_lines_carry_their_own_metadata(tmp_path: Path) -> None:
    rows = tmp_path / "feed.csv"
    with rows.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "publisher", "published", "title", "text"])
        w.writerow(["https://tarn.example/ferry", "Tarn Courier", "2026-03-05", "Ferry cut.", FERRY])
        w.writerow(["https://tarn.example/empty", "Tarn Courier", "", "", ""])
    lines = tmp_path / "feed.jsonl"
    lines.write_text(
        json.dumps({"text": DEPOT, "title": "Depot closes.", "url": "https://d.example/1"}) + "\n"
    )
    db = tmp_path / "c.db"
    # the flags fill what a record leaves out; a record's own field wins
    code, out, err = run(
        "ingest", str(rows), str(lines), "--db", str(db), "--json", "--no-progress", "--publisher", "Wire"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["new"] == 2 and summary["failed"] == 1
    assert summary["failures"][0]["name"].endswith("feed.csv:row 3")
    got = _titles(db)
    assert got["Ferry cut."] == ("Ferry cut.", "Tarn Courier", "2026-03-05")
    assert got["Depot closes."] == ("Depot closes.", "Wire", None)
    assert summary["undated"] == 1

    # a CSV without a text column is one clear failure
    bad = tmp_path / "bad.csv"
    bad.write_text("url,headline\nhttps://x.example,Nothing here\n")
    code, _out, err = run("ingest", str(bad), "--db", str(db), "--no-progress")
    assert code == 1
    assert 'no "text" or "html" column' in err


def test_since_says_how_many_undated_articles_it_leaves_out(tmp_path: Path) -> None:
    lines = tmp_path / "feed.jsonl"
    lines.write_text(
        json.dumps({"text": DEPOT, "publisher": "Wire"})
        + "\n"
        + json.dumps({"text": FERRY, "publisher": "Wire", "published": "2026-03-05"})
        + "\n"
    )
    db = tmp_path / "c.db"
    assert run("ingest", str(lines), "--db", str(db), "--no-progress", "--no-link")[0] == 0
    code, out, err = run("quotes", "--since", "2026-03-01", "--db", str(db), "--json")
    assert code == 0
    assert {q["published"] for q in json.loads(out)} == {"2026-03-05"}
    assert "1 undated article(s) left out by --since/--until" in " ".join(err.split())
    code, out, _err = run("quotes", "--since", "2026-03-01", "--undated", "--db", str(db), "--json")
    assert {q["published"] for q in json.loads(out)} == {"2026-03-05", None}


def test_quotes_show_the_cue_and_the_chain(tmp_path: Path) -> None:
    lines = tmp_path / "feed.jsonl"
    text = (
        "Ferry timetable cut for the winter\n\n"
        "The ferry will sail twice a day from November, the operator's chief Mara Vell told the Tarn Courier.\n"
    )
    lines.write_text(json.dumps({"text": text, "publisher": "Island Wire", "published": "2026-03-05"}) + "\n")
    db = tmp_path / "c.db"
    assert run("ingest", str(lines), "--db", str(db), "--no-progress", "--no-link")[0] == 0
    code, out, _err = run("quotes", "--db", str(db))
    assert code == 0
    head = out.splitlines()[0]
    assert "Mara Vell told (indirect)" in head
    assert "via Tarn Courier" in head and "Island Wire · 2026-03-05" in head


def test_speaker_commands_edit_identity(tmp_path: Path) -> None:
    lines = tmp_path / "feed.jsonl"
    records = [
        (
            "Fares rise\n\nFares will rise in May, the ferry operator's chief Mara Vell said on Monday.",
            "2026-03-02",
        ),
        (
            'Fares row\n\n"The rise is fair," said the Island Wire on Tuesday, citing the operator.',
            "2026-03-03",
        ),
    ]
    lines.write_text(
        "".join(
            json.dumps({"text": t, "publisher": "Tarn Courier", "published": d}) + "\n" for t, d in records
        )
    )
    db = str(tmp_path / "c.db")
    assert run("ingest", str(lines), "--db", db, "--no-progress", "--no-link")[0] == 0
    speakers = {s["name"] for s in json.loads(run("speakers", "--db", db, "--json")[1])}
    assert "Mara Vell" in speakers
    code, _out, err = run("speaker", "rename", "mara vell", "Mara Vell (Tarn Lines)", "--db", db)
    assert code == 0, err
    code, _out, err = run("speaker", "hide", "Mara Vell (Tarn Lines)", "--db", db)
    assert code == 0 and "hidden" in err
    assert "Mara Vell (Tarn Lines)" not in run("speakers", "--db", db)[1]
    listed = json.loads(run("speakers", "--hidden", "--db", db, "--json")[1])
    assert [s["hidden"] for s in listed if s["name"] == "Mara Vell (Tarn Lines)"] == [True]
    code, _out, err = run("speaker", "merge", "Nobody Known", "Mara Vell", "--db", db)
    assert code == 1 or "no speaker named 'Nobody Known'" in err
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("id,name,aliases\nQ900002,Mara Vell,M. Vell\n")
    code, _out, err = run("speaker", "aliases", str(aliases), "--db", db)
    assert code == 0 and "loaded 1 speaker(s)" in err
    listed = json.loads(run("speakers", "--hidden", "--db", db, "--json")[1])
    assert [s["external_id"] for s in listed if s["name"] == "Mara Vell"] == ["Q900002"]
