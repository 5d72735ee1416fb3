"""``reportedly ingest --engine ray``: shards through a Ray Data actor pool into Parquet.

The driver plans the shards (``scale.shards``), skips those already written, and
hands the rest to ``Dataset.map_batches`` over a pool of actors, each holding
one loaded spaCy pipeline and writing one Parquet file per shard. Ray restarts
an actor that dies and retries its shard on another (Ray Data's defaults for
actor pools: ``max_restarts=-1``, ``max_task_retries=-1``); as a shard's file
appears in one rename, a retried shard is written once, never twice.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from reportedly.errors import ReportedlyError
from reportedly.ingest import Metadata
from reportedly.scale.shards import SHARD_PREFIX, Location, Plan, Shard, plan, shard_id
from reportedly.scale.worker import ShardResult, write_failures, write_shard
from reportedly.settings import DEFAULT, Settings


@dataclass(slots=True)
class RaySummary:
    out: str
    shards: int = 0
    #: shards found written by an earlier run (skipped)
    done_before: int = 0
    written: int = 0
    reports: int = 0
    failed: int = 0
    skipped_files: int = 0
    workers: int = 0
    seconds: float = 0.0
    #: (input, reason) of every failure in the shards of these inputs
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return (self.reports + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "shards": self.shards,
            "already_written": self.done_before,
            "written": self.written,
            "reports": self.reports,
            "failed": self.failed,
            "skipped": self.skipped_files,
            "workers": self.workers,
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.rate, 2),
            "failures": [{"name": n, "reason": r} for n, r in self.failures],
        }


class ShardActor:
    """One Ray actor: a loaded pipeline, and the shards it is handed."""

    def __init__(self, out: str, settings: Settings, metadata: Metadata | None) -> None:
        from reportedly import nlp

        self.out = Location(out)
        self.settings = settings
        self.metadata = metadata
        nlp.load(settings.model)  # once per actor, before its first shard

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = [
            write_shard(Shard(str(sid), tuple(str(f) for f in files)), self.out, self.settings, self.metadata)
            for sid, files in zip(batch["id"], batch["files"], strict=True)
        ]
        return {k: [getattr(r, k) for r in results] for k in ShardResult.__slots__}


def connect(address: str | None, workers: int, object_store_mb: int | None = None) -> bool:
    """Join the cluster at ``address`` (or start a local Ray); True if this call started it."""
    import ray

    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address:
        kwargs["address"] = address
    else:
        # "local" always starts a new instance; no address would join whatever cluster
        # ran last on this machine (/tmp/ray/ray_current_cluster), even a dead one
        kwargs["address"] = "local"
        kwargs["num_cpus"] = workers or None
        if object_store_mb:
            kwargs["object_store_memory"] = object_store_mb * 1024 * 1024
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ReportedlyError(f"cannot reach Ray at {address or 'a new local instance'}: {exc}") from None
    return True


def ingest_ray(
    inputs: Sequence[str],
    out: str,
    *,
    address: str | None = None,
    workers: int = 0,
    shard_files: int | None = None,
    settings: Settings = DEFAULT,
    metadata: Metadata | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> RaySummary:
    """Analyse ``inputs`` on Ray into Parquet shards under ``out``; re-running skips written shards.

    ``workers`` is the actor pool's size (0 = one per CPU of the cluster). Ray is
    started locally unless it is running in this process already or ``address``
    names a cluster (``auto``, ``ray://host:10001``)."""
    start = time.perf_counter()
    location = Location(out)
    # a local Ray has one worker per CPU of this machine; a cluster's size is known once joined
    pool = workers or ((os.cpu_count() or 1) if address is None else 0)
    work = plan(inputs, location, shard_files, pool)
    summary = RaySummary(out=out, shards=len(work.shards), skipped_files=work.skipped)
    summary.done_before = len(work.shards) - len(work.todo)
    if work.missing:
        location.ensure()
        write_failures(
            f"{SHARD_PREFIX}missing-{shard_id([o.name for o in work.missing])}.parquet",
            work.missing,
            location,
        )
    if on_plan is not None:
        on_plan(work)
    if work.todo:
        started = connect(address, workers)
        try:
            summary.workers = _run(work.todo, location, workers, settings, metadata, summary, on_shard)
            location.sweep()
        finally:
            if started:
                import ray

                ray.shutdown()
    summary.failures = failures(location, [s.filename for s in work.shards]) + [
        (o.name, o.reason or "") for o in work.missing
    ]
    summary.seconds = time.perf_counter() - start
    return summary


def _run(
    todo: list[Shard],
    out: Location,
    workers: int,
    settings: Settings,
    metadata: Metadata | None,
    summary: RaySummary,
    on_shard: Callable[[ShardResult], None] | None,
) -> int:
    import ray
    import ray.data

    # the CLI draws its own progress bar; Ray Data's bars and INFO lines would garble it
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    cpus = int(ray.cluster_resources().get("CPU", 1))
    pool = max(1, min(workers or cpus, len(todo)))
    ds = ray.data.from_items(
        [{"id": s.id, "files": list(s.files)} for s in todo], override_num_blocks=len(todo)
    ).map_batches(
        ShardActor,
        fn_constructor_kwargs={"out": out.location, "settings": settings, "metadata": metadata},
        batch_size=1,
        batch_format="numpy",
        # one shard at a time per actor: a queued shard waits for its own actor even when
        # another is idle, and at the end of a run that idles a core for a whole shard
        compute=ray.data.ActorPoolStrategy(size=pool, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    )
    for row in ds.iter_rows():
        result = ShardResult(
            str(row["shard"]), int(row["reports"]), int(row["failed"]), float(row["seconds"])
        )
        summary.written += 1
        summary.reports += result.reports
        summary.failed += result.failed
        if on_shard is not None:
            on_shard(result)
    return pool


def failures(out: Location, names: Sequence[str]) -> list[tuple[str, str]]:
    """(input, reason) of the failure rows in the named shard files that exist."""
    found: list[tuple[str, str]] = []
    present = set(out.names(SHARD_PREFIX, ".parquet"))
    for name in names:
        if name not in present:
            continue
        table = pq.read_table(out.path(name), filesystem=out.fs, columns=["name", "status", "reason"])
        table = table.filter(pc.equal(table["status"], "failed"))
        found += zip(table["name"].to_pylist(), table["reason"].to_pylist(), strict=True)
    return found


__all__ = ["RaySummary", "ShardActor", "connect", "failures", "ingest_ray"]
