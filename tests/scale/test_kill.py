"""kill -9 of a Ray worker mid-run: every input still ends up reported or failed, exactly once."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil
import pyarrow.parquet as pq
from scaledata import EXAMPLES, FIXTURES

from reportedly.scale import RaySummary, ingest_ray


def actor_pids() -> list[int]:
    """The pids of this session's shard actors (Ray names its worker processes after them)."""
    me = os.getuid()
    found = []
    for p in psutil.process_iter(["cmdline", "uids"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if "ShardActor" in cmd and p.info["uids"] and p.info["uids"].real == me:
            found.append(p.pid)
    return found


def test_killing_a_worker_loses_no_input_and_doubles_none(local_ray: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    sources = [*EXAMPLES.glob("*.txt"), *FIXTURES.glob("*.txt")]
    for copy in range(2):
        for src in sources:
            text = src.read_text(encoding="utf-8") + f"\n\nFiled by desk {copy}."
            (folder / f"{copy}-{src.name}").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    inputs = sorted(str(p) for p in folder.iterdir())
    out = tmp_path / "out"
    result: dict[str, RaySummary | BaseException] = {}

    def run() -> None:
        try:
            result["summary"] = ingest_ray([str(folder)], str(out), shard_files=1, workers=2)
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    killed: list[int] = []
    deadline = time.monotonic() + 240
    # wait until the pool has written a shard or two, then kill one of its actors
    while worker.is_alive() and time.monotonic() < deadline and not killed:
        written = len(list(out.glob("reports-*.parquet"))) if out.exists() else 0
        pids = actor_pids()
        if written >= 2 and pids:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])
        time.sleep(0.05)
    worker.join(timeout=300)
    assert not worker.is_alive()
    assert killed, "the run ended before a worker could be killed"
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == psutil.STATUS_ZOMBIE
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert isinstance(summary, RaySummary)

    rows = [r for f in out.glob("reports-*.parquet") for r in pq.read_table(f).to_pylist()]
    names = Counter(r["name"] for r in rows)
    assert sorted(names) == inputs
    assert max(names.values()) == 1
    assert summary.written == summary.shards == len(inputs)
    assert (summary.reports, summary.failed) == (len(inputs) - 1, 1)
    assert {r["name"] for r in rows if r["status"] == "failed"} == {str(folder / "empty.txt")}
    assert not list(out.glob(".tmp-*"))
