#!/usr/bin/env python
"""Where a link run's cost per article goes as the corpus grows: one run of ``--articles``
ordered duplicates (``bench_link.py``'s stress corpus, SQLite), with per tenth of the run the
CPU ms, SQL statements, SQLite VM steps (thousands) and read syscalls per article, then the
statements with the most VM steps per article in the first and the last tenth.

    .venv/bin/python benchmarks/link_work.py --articles 20000

CPU time per article that rises with VM steps is more SQL work per article; rising faster
than them is each step costing more (pages outside the page cache, deeper B-trees). Read
syscalls count pages SQLite read from the file (page-cache misses, WAL checkpoints). The
progress handler that counts VM steps costs a little: compare CPU ms with ``bench_link.py``'s,
not with this script's own. Linux only (``/proc/self/io``); for 5,000 articles or more (a
transaction links up to ``store.linking.BATCH`` articles, so small runs have empty tenths).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_link import _store, duplicates
from sqlalchemy import event

from reportedly.link import link_new
from reportedly.store import Store

#: SQLite VM instructions per progress-handler call
STEPS = 1000


def read_syscalls() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("syscr:"):
            return int(line.split()[1])
    raise RuntimeError("no syscr in /proc/self/io")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--top", type=int, default=12, help="statements listed")
    args = ap.parse_args(argv)
    n = args.articles

    steps = [0]
    by_statement: Counter[str] = Counter()
    current: list[Any] = [None, 0]  # statement, steps when it started
    sql = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    def started(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        # a statement's steps run until the next one starts (its rows are fetched in between)
        sql[0] += 1
        if current[0] is not None:
            by_statement[current[0]] += steps[0] - current[1]
        current[0], current[1] = " ".join(statement.split()[:6])[:72], steps[0]

    marks: list[tuple[int, float, int, int, int]] = []
    tenths: dict[int, Counter[str]] = {}
    done = [0]

    def progress(k: int) -> None:
        done[0] += k
        marks.append((done[0], time.process_time(), sql[0], steps[0], read_syscalls()))
        for t in (1, 9):
            if t not in tenths and done[0] >= t * n // 10:
                tenths[t] = Counter(by_statement)

    reports = duplicates(n, ordered=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "work.db"
        store = Store.open(str(db))
        try:
            _store(store, reports)

            @event.listens_for(store.engine, "connect")
            def _handler(dbapi: sqlite3.Connection, record: Any) -> None:
                dbapi.set_progress_handler(tick, STEPS)

            store.engine.dispose()  # new connections get the handler
            event.listen(store.engine, "before_cursor_execute", started)
            marks.append((0, time.process_time(), 0, 0, read_syscalls()))
            link_new(store, progress=progress)
            size = db.stat().st_size
        finally:
            store.close()

    print(f"{n} ordered duplicates, database {size / 2**20:.0f} MB")
    print(f"{'upto':>7} {'CPU ms':>7} {'SQL':>6} {'VM k':>6} {'reads':>7}   (per article)")
    for i in range(1, 11):
        lo = next(m for m in marks if m[0] >= (i - 1) * n // 10)
        hi = next(m for m in marks if m[0] >= i * n // 10)
        per = max(1, hi[0] - lo[0])
        print(
            f"{hi[0]:7} {1000 * (hi[1] - lo[1]) / per:7.1f} {(hi[2] - lo[2]) / per:6.1f}"
            f" {(hi[3] - lo[3]) / per:6.2f} {(hi[4] - lo[4]) / per:7.1f}"
        )
    first, ninth = tenths[1], tenths[9]
    last = by_statement - ninth
    n_first = next(m[0] for m in marks if m[0] >= n // 10)
    n_last = n - next(m[0] for m in marks if m[0] >= 9 * n // 10)
    print("VM k per article, first tenth -> last tenth, by statement:")
    for s in sorted(set(first) | set(last), key=lambda s: -last[s])[: args.top]:
        print(f"  {first[s] / n_first:6.2f} -> {last[s] / max(1, n_last):6.2f}  {s}")


if __name__ == "__main__":
    main()
