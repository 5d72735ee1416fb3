"""One shard in, one Parquet file out: what each Ray actor runs (no Ray in here).

The work is the single-machine ingest's own (``iter_items``, ``process_chunk``):
read, clean, parse in ``nlp.pipe`` batches, attribute, resolve, quantify. A shard
is written only when all of it is read, so an actor killed half-way leaves no
file and the shard is simply done again.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from reportedly.ingest import Metadata, Outcome, chunked, iter_items, process_chunk
from reportedly.scale.parquet import REPORT_SCHEMA, to_table
from reportedly.scale.shards import Location, Shard, local_copy
from reportedly.settings import DEFAULT, Settings


@dataclass(frozen=True, slots=True)
class ShardResult:
    shard: str
    reports: int
    failed: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def shard_outcomes(
    shard: Shard, settings: Settings = DEFAULT, metadata: Metadata | None = None
) -> Iterator[list[Outcome]]:
    """The outcomes of a shard's inputs, a parse batch at a time, named as the inputs were given."""
    for location in shard.files:
        with local_copy(location) as path:
            local = str(path)
            for chunk in chunked(iter_items([path], metadata, settings), settings.batch_size):
                outcomes = [chunk] if isinstance(chunk, Outcome) else process_chunk(chunk, None, settings)
                if local != location:
                    outcomes = [
                        dataclasses.replace(o, name=o.name.replace(local, location, 1)) for o in outcomes
                    ]
                yield outcomes


def write_shard(
    shard: Shard, out: Location, settings: Settings = DEFAULT, metadata: Metadata | None = None
) -> ShardResult:
    """Analyse a shard and write ``reports-<id>.parquet`` under ``out`` in one step."""
    start = time.perf_counter()
    counts = {"report": 0, "failed": 0}

    def write(tmp: str) -> None:
        with pq.ParquetWriter(tmp, REPORT_SCHEMA, filesystem=out.fs, compression="zstd") as writer:
            for outcomes in shard_outcomes(shard, settings, metadata):
                for o in outcomes:
                    counts["failed" if o.status == "failed" else "report"] += 1
                writer.write_table(to_table(outcomes))

    out.write_atomic(shard.filename, write)
    return ShardResult(shard.id, counts["report"], counts["failed"], time.perf_counter() - start)


def write_failures(name: str, outcomes: list[Outcome], out: Location) -> None:
    """Inputs that name nothing, as failure rows in a shard of their own."""
    out.write_table(name, to_table(outcomes))


def read_table(out: Location, name: str) -> pa.Table:
    return pq.read_table(out.path(name), filesystem=out.fs, schema=REPORT_SCHEMA)


__all__ = ["ShardResult", "read_table", "shard_outcomes", "write_failures", "write_shard"]
