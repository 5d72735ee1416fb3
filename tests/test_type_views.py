"""Views list speech and evidence above the confidence threshold by default; --all and --type
show the rest: `read`, `quotes` and the CSV / JSON-lines exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.ingest import ingest
from reportedly.model import Report

TEXT = (
    "Ferry fares to rise in May\n\n"
    "Harbour director Ruth Calloway said fares would rise by 5 percent in May. "
    "The council hopes to freeze fares for pensioners. "
    "Calloway asked whether the ferry could run at night. "
    "A survey by the Courier shows that most passengers use the ferry every day.\n"
)


@pytest.fixture(scope="module")
def typed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("typed")
    (folder / "fares.txt").write_text(TEXT, encoding="utf-8")
    db = str(folder / "typed.db")
    assert ingest([str(folder)], db).new == 1
    return db


def _run(*args: str) -> str:
    from reportedly.cli import _register
    from reportedly.cliapp import app

    _register()
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout


def test_quotes_default_view_all_and_type_filter(typed_db: str) -> None:
    default = json.loads(_run("quotes", "--json", "--db", typed_db))
    everything = json.loads(_run("quotes", "--json", "--all", "--db", typed_db))
    assert {q["type"] for q in default} == {"speech", "evidence"}
    assert {q["type"] for q in everything} == {"speech", "evidence", "attitude", "question"}
    questions = json.loads(_run("quotes", "--json", "--type", "question", "--db", typed_db))
    assert [q["content"] for q in questions] == ["whether the ferry could run at night"]
    assert "question" in _run("quotes", "--type", "question", "--db", typed_db)


def test_unknown_type_is_a_one_line_error(typed_db: str) -> None:
    from reportedly.cli import _register
    from reportedly.cliapp import app

    _register()
    res = CliRunner().invoke(app, ["quotes", "--type", "rumour", "--db", typed_db])
    assert res.exit_code != 0 and "unknown type 'rumour'" in res.output


def test_exports_carry_the_type_and_filter_by_default(typed_db: str, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("export", "--format", "csv", "--db", typed_db))))
    assert {r["type"] for r in rows} == {"speech", "evidence"}
    rows_all = list(csv.DictReader(io.StringIO(_run("export", "--format", "csv", "--all", "--db", typed_db))))
    assert len(rows_all) == len(rows) + 2
    out = tmp_path / "all.jsonl"
    _run("export", "--format", "jsonl", "--all", "--out", str(out), "--db", typed_db)
    (report,) = [Report.from_json(line) for line in out.read_text().splitlines()]
    assert {a.type for a in report.attributions} == {"speech", "evidence", "attitude", "question"}


def test_read_lists_the_type_and_all_shows_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "fares.txt"
    path.write_text(TEXT, encoding="utf-8")
    default = _run("read", str(path), "--no-text")
    assert "speech" in default and "freeze fares" not in default and "--all" in default
    everything = _run("read", str(path), "--no-text", "--all")
    assert "freeze fares" in everything and "attitude" in everything
