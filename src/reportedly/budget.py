"""A per-article budget of time and memory, so one runaway article is one failure, not a stuck batch.

Every per-article stage is near-linear in the article's length, and the long one (the
spaCy parse) runs in pieces of at most ``PARSE_PIECE_CHARS`` characters, so checking the
budget between stages and between pieces bounds an article's time and memory to the budget
plus one piece. An article over it raises ``BudgetExceeded`` (an ``InputError``: ingest
stores it as a failure with that reason; the CLI prints one line).

>>> budget = Budget.start(settings)       # Settings.article_seconds (CPU) / article_memory_mb
>>> budget.check("parse")                 # raises BudgetExceeded when over either
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from reportedly.errors import InputError
from reportedly.settings import Settings

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class BudgetExceeded(InputError):
    """An article took more time or memory than ``Settings`` allow."""


def rss_bytes() -> int | None:
    """Resident memory of this process now (Linux /proc; None elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class Budget:
    seconds: float
    memory_bytes: int
    started: float
    #: resident memory when the article started: the budget counts what the article adds
    base_rss: int | None

    @classmethod
    def start(cls, settings: Settings) -> Budget:
        return cls(
            seconds=settings.article_seconds,
            memory_bytes=settings.article_memory_mb * 1024 * 1024,
            started=time.thread_time(),
            base_rss=rss_bytes(),
        )

    def elapsed(self) -> float:
        """CPU seconds this thread has spent on the article: the work it took, the same on a
        busy machine as on an idle one, so whether an article is refused does not depend on
        what else runs beside it (wall time would refuse ordinary articles under load)."""
        return time.thread_time() - self.started

    def check(self, stage: str) -> None:
        """Raise BudgetExceeded when the article is over its time or memory budget."""
        if self.seconds > 0 and self.elapsed() > self.seconds:
            raise BudgetExceeded(
                f"over the {self.seconds:g} s per-article time budget (CPU, during {stage}; "
                "set REPORTEDLY_ARTICLE_SECONDS)"
            )
        if self.memory_bytes > 0 and self.base_rss is not None:
            now = rss_bytes()
            if now is not None and now - self.base_rss > self.memory_bytes:
                raise BudgetExceeded(
                    f"over the {self.memory_bytes // 2**20:,} MB per-article memory budget (during {stage}; "
                    "set REPORTEDLY_ARTICLE_MEMORY_MB)"
                )
