"""Reports as Parquet rows and back, and the shard plan (no Ray needed)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from scaledata import EXAMPLES

from reportedly.ingest import Outcome
from reportedly.inputs import article_from_text
from reportedly.pipeline import analyze
from reportedly.scale.parquet import REPORT_SCHEMA, iter_rows, row_report, to_table
from reportedly.scale.shards import SHARD_FILES, SHARDS_PER_WORKER, Location, plan


def test_a_report_survives_parquet_field_for_field(tmp_path: Path) -> None:
    text = (EXAMPLES / "portvale-courier-flood.txt").read_text(encoding="utf-8")
    report = analyze(article_from_text(text, publisher="Portvale Courier"))
    assert report.attributions and report.quantities and report.article.removed is not None
    failure = Outcome("bad.html", "failed", reason="not an article: no text")
    pq.write_table(to_table([Outcome("a.txt", "report", report=report), failure]), tmp_path / "s.parquet")

    table = pq.read_table(tmp_path / "s.parquet")
    assert table.schema.equals(REPORT_SCHEMA)
    ok, bad = list(iter_rows(table))
    assert (ok["name"], ok["status"], ok["article_id"]) == ("a.txt", "report", report.article.id)
    # every field of reportedly.report/1 comes back, spans re-highlight the same text
    assert row_report(ok).to_dict() == report.to_dict()
    first = ok["attributions"][0]["content"][0]
    assert report.article.text[first["start"] : first["end"]] == first["text"]
    assert (bad["status"], bad["reason"], bad["article"]) == ("failed", "not an article: no text", None)


def test_the_plan_is_kept_and_new_files_get_new_shards(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        (src / f"a{i}.txt").write_text(f"Article {i}.", encoding="utf-8")
    (src / "feed.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (src / "photo.jpg").write_bytes(b"\xff\xd8")
    out = Location(str(tmp_path / "out"))

    first = plan([str(src), str(tmp_path / "missing.txt")], out, shard_files=2)
    # a JSON lines file is a shard of its own; the other files go two to a shard
    assert sorted(len(s.files) for s in first.shards) == [1, 1, 2, 2]
    assert [o.name for o in first.missing] == [str(tmp_path / "missing.txt")]
    assert first.skipped == 1 and first.todo == first.shards

    (tmp_path / "out" / first.shards[0].filename).write_bytes(b"written")
    (src / "a5.txt").write_text("Article 5.", encoding="utf-8")
    again = plan([str(src)], out, shard_files=2)
    assert again.shards[: len(first.shards)] == first.shards
    assert again.shards[-1].files == (str(src / "a5.txt"),)
    assert again.todo == again.shards[1:]
    files = [f for s in again.shards for f in s.files]
    assert len(files) == len(set(files)) == 7


def test_by_default_every_worker_gets_several_shards_and_a_rerun_keeps_them(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"a{i:02d}.txt").write_text(f"Article {i}.", encoding="utf-8")
    out = Location(str(tmp_path / "out"))
    # 40 files on 2 workers: 20 shards of 2 files, not one shard of 40 (one worker idle)
    first = plan([str(src)], out, workers=2)
    assert len(first.shards) >= 2 * SHARDS_PER_WORKER
    assert {len(s.files) for s in first.shards} == {2}
    # without a worker count (a cluster not joined yet): SHARD_FILES files to a shard
    assert (
        len(plan([str(src)], Location(str(tmp_path / "other")), workers=0).shards)
        == 1
        == -(-40 // SHARD_FILES)
    )
    # the manifest decides on a rerun, whatever the pool's size now
    assert plan([str(src)], out, workers=8).shards == first.shards
