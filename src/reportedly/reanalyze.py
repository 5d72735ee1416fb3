"""Re-reading stored articles with the current engine: ``reanalyze(store)``.

Every stored report records the engine that made it (``reportedly.fingerprint``).
The reports another engine made are read again from their stored text, one
transaction per article, so an interrupted run keeps what it did and the next run
carries on with the rest. A reading that changed marks the links as due for a
rebuild (in the same transaction), and the next link run (this one's, or any
later ``link`` or ``ingest``) relinks the corpus.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportedly.errors import ReportedlyError
from reportedly.fingerprint import fingerprint
from reportedly.model import Report
from reportedly.settings import DEFAULT, Settings
from reportedly.store import Store


@dataclass(slots=True)
class ReanalyzeSummary:
    #: reports another engine had made when the run started
    stale: int = 0
    read: int = 0
    #: readings that came out different (the rest only get the current engine's stamp)
    changed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    link: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stale": self.stale,
            "read": self.read,
            "changed": self.changed,
            "failed": len(self.failures),
            "failures": [{"article": a, "reason": r} for a, r in self.failures],
            "seconds": round(self.seconds, 2),
            "link": self.link,
        }


def reanalyze(
    store: Store,
    *,
    settings: Settings = DEFAULT,
    link: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ReanalyzeSummary:
    """Re-read every stored report another engine made; then relink if a reading changed."""
    from reportedly.link import link_new
    from reportedly.pipeline import analyze_many

    start = time.perf_counter()
    engine = fingerprint(settings)
    # readings an interrupted run changed and never linked: only a full relink catches them up
    relink_all = store.relink_due()
    changed: list[str] = []
    ids = store.stale_ids(engine)
    summary = ReanalyzeSummary(stale=len(ids))
    step = max(1, settings.batch_size)
    for i in range(0, len(ids), step):
        old: list[Report] = [r for aid in ids[i : i + step] if (r := store.get(aid)) is not None]
        try:
            fresh = list(analyze_many([r.article for r in old], settings))
        except ReportedlyError:
            raise  # the engine itself cannot run (no model): nothing can be re-read
        except Exception:  # one article breaks the batch: read them one by one
            fresh = []
            for r in old:
                try:
                    fresh.extend(analyze_many([r.article], settings))
                except Exception as one:
                    summary.failures.append((r.article.id, f"{type(one).__name__}: {one}"))
        by_id = {r.article.id: r for r in old}
        for report in fresh:
            before = by_id[report.article.id]
            differs = report.to_json(indent=None) != before.to_json(indent=None)
            store.replace(report, engine, relink=differs)
            summary.read += 1
            if differs:
                changed.append(report.article.id)
        if progress:
            progress(len(old))
    summary.changed = len(changed)
    if link:
        # only the articles read differently are placed again (all of them after an interruption)
        relink = () if relink_all else changed
        summary.link = link_new(store, settings=settings, relink=relink).to_dict()
    summary.seconds = time.perf_counter() - start
    return summary
