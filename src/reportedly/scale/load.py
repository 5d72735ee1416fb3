"""``reportedly load DIR --db URL``: Parquet report shards into a store.

One writer (this process) reads the shards a record batch at a time and hands
each batch to ``Store.add_many`` (one transaction, multi-row inserts); articles
already stored are skipped, so loading twice, or loading overlapping runs, is
safe. Failure rows become the store's failures (``reportedly failures``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow.parquet as pq

from reportedly.errors import ReportedlyError
from reportedly.scale.parquet import REPORT_SCHEMA, row_report
from reportedly.scale.shards import SHARD_PREFIX, Location
from reportedly.settings import DEFAULT, Settings
from reportedly.store import Store

#: rows per transaction
LOAD_BATCH = 500


@dataclass(slots=True)
class LoadSummary:
    files: int = 0
    rows: int = 0
    new: int = 0
    present: int = 0
    failed: int = 0
    seconds: float = 0.0
    link: dict[str, Any] | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "rows": self.rows,
            "new": self.new,
            "already_present": self.present,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.rate, 2),
            "failures": [{"name": n, "reason": r} for n, r in self.failures],
            "link": self.link,
        }


def shard_files(folder: str) -> list[str]:
    loc = Location(folder)
    names = loc.names(SHARD_PREFIX, ".parquet")
    if not names:
        raise ReportedlyError(
            f"no {SHARD_PREFIX}*.parquet files in {folder} (reportedly ingest --engine ray)"
        )
    return names


def load(
    folder: str,
    store: Store,
    *,
    settings: Settings = DEFAULT,
    link: bool = True,
    batch: int = LOAD_BATCH,
    on_total: Callable[[int], None] | None = None,
    on_batch: Callable[[int, LoadSummary], None] | None = None,
) -> LoadSummary:
    """Load every report shard under ``folder`` into ``store``; then link the new articles."""
    start = time.perf_counter()
    loc = Location(folder)
    names = shard_files(folder)
    files = [pq.ParquetFile(loc.path(n), filesystem=loc.fs) for n in names]
    if on_total is not None:
        on_total(sum(f.metadata.num_rows for f in files))
    summary = LoadSummary(files=len(files))
    for name, pf in zip(names, files, strict=True):
        if pf.schema_arrow.field("status").type != REPORT_SCHEMA.field("status").type:
            raise ReportedlyError(f"{name} is not a reportedly report shard")
        for rb in pf.iter_batches(batch_size=batch):
            reports, failed = [], []
            for row in rb.to_pylist():
                if row["status"] == "report":
                    reports.append((row_report(row), row["name"]))
                else:
                    failed.append((row["name"], row["reason"] or "unknown error"))
            added = store.add_many(reports) if reports else 0
            store.add_failures(failed)
            summary.rows += rb.num_rows
            summary.new += added
            summary.present += len(reports) - added
            summary.failed += len(failed)
            summary.failures += failed
            if on_batch is not None:
                on_batch(rb.num_rows, summary)
    if link and summary.new:
        from reportedly.link import link_new

        summary.link = link_new(store, settings=settings).to_dict()
    summary.seconds = time.perf_counter() - start
    return summary


__all__ = ["LOAD_BATCH", "LoadSummary", "load", "shard_files"]
