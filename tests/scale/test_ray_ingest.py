"""``ingest --engine ray`` on a local Ray: Parquet shards, the same reports as one process, load, re-run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from scaledata import EXAMPLES, FIXTURES

from reportedly.ingest import expand_inputs, iter_items, process_chunk
from reportedly.scale import ingest_ray
from reportedly.scale.load import load
from reportedly.scale.parquet import iter_rows, row_report
from reportedly.settings import DEFAULT
from reportedly.store import Store


def shard_rows(out: Path) -> list[dict[str, Any]]:
    return [row for f in sorted(out.glob("reports-*.parquet")) for row in iter_rows(pq.read_table(f))]


@pytest.fixture(scope="module")
def ray_run(local_ray: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    base = tmp_path_factory.mktemp("ray")
    folder = base / "in"
    folder.mkdir()
    for src in [*EXAMPLES.glob("*.txt"), *FIXTURES.glob("*.txt")]:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "wire.jsonl").write_text(
        '{"text": "Mara Quell, the harbourmaster, said the pier would reopen on Monday.", '
        '"publisher": "Gullwick Gazette"}\nnot json at all\n',
        encoding="utf-8",
    )
    out = base / "out"
    summary = ingest_ray([str(folder), str(base / "nowhere")], str(out), shard_files=4)
    return folder, out, summary


def test_every_input_is_one_row_and_the_reports_equal_one_process(ray_run: tuple[Path, Path, Any]) -> None:
    folder, out, summary = ray_run
    rows = shard_rows(out)
    names = Counter(r["name"] for r in rows)
    files = sorted(str(p) for p in folder.glob("*.txt"))
    expected = {*files, f"{folder}/wire.jsonl:1", f"{folder}/wire.jsonl:2", str(folder.parent / "nowhere")}
    assert set(names) == expected and max(names.values()) == 1
    assert summary.reports == 20 and summary.failed == 1 and summary.written == summary.shards == 6
    failed = {r["name"]: r["reason"] for r in rows if r["status"] == "failed"}
    assert failed[f"{folder}/wire.jsonl:2"].startswith("not a JSON object")
    assert failed[str(folder.parent / "nowhere")] == "no such file or folder"

    # the same stages as a single-machine ingest: identical reports, input by input
    local = {
        o.name: o.report.to_dict()
        for o in process_chunk(list(iter_items(expand_inputs([str(folder)]).files)), None, DEFAULT)  # type: ignore[arg-type]
        if o.report is not None
    }
    on_ray = {r["name"]: row_report(r).to_dict() for r in rows if r["status"] == "report"}
    assert on_ray == local


def test_a_rerun_skips_written_shards_and_redoes_a_missing_one(ray_run: tuple[Path, Path, Any]) -> None:
    folder, out, _ = ray_run
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("reports-*.parquet")}
    again = ingest_ray([str(folder)], str(out), shard_files=4)
    assert (again.written, again.done_before) == (0, 6)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("reports-*.parquet")} == before

    victim = sorted(before)[0]
    (out / victim).unlink()
    third = ingest_ray([str(folder)], str(out), shard_files=4)
    assert (third.written, third.done_before) == (1, 5)
    assert (out / victim).exists()
    assert len(shard_rows(out)) == 22


def test_load_is_idempotent_and_keeps_failures(ray_run: tuple[Path, Path, Any], db_url: str) -> None:
    _, out, _ = ray_run
    with Store.open(db_url) as store:
        first = load(str(out), store)
        assert (first.new, first.present, first.failed) == (20, 0, 2)
        assert first.link is not None and first.link["articles"] == 20
        second = load(str(out), store)
        assert (second.new, second.present) == (0, 20)
        assert store.count() == 20
        reasons = {f.reason for f in store.failures()}
        assert "no such file or folder" in reasons
        # a stored report is the one in the shard
        row = next(r for r in shard_rows(out) if r["name"].endswith("portvale-courier-flood.txt"))
        stored = store.get(row["article_id"])
        assert stored is not None and stored.to_dict() == row_report(row).to_dict()
        assert any(q.speaker for q in store.quotes(outlet=None, limit=5))
