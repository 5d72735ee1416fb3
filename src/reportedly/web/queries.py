"""What the web pages ask of the corpus: the store's read model, plus a cache for corpus-wide summaries.

The queries themselves live in ``reportedly.store.read`` (the only SQL is in
``store/``). Corpus-wide summaries (speaker merge, speaker and outlet lists) are
cached per *corpus version* (article count, last ingest and link state), so a
page costs one small query until something is ingested or linked.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from reportedly.store import Quote, Store
from reportedly.store.read import (
    ArticlePage,
    ArticleRow,
    OutletLinks,
    StoryRow,
    corpus_version,
    outlet_links,
    outlet_names,
    stories,
    titles,
)
from reportedly.store.read import list_articles as _list_articles

__all__ = [
    "ArticlePage",
    "ArticleRow",
    "CorpusCache",
    "OutletLinks",
    "StoryRow",
    "corpus_version",
    "list_articles",
    "outlet_links",
    "outlet_names",
    "speaker_outlets",
    "speaker_quotes",
    "stories",
    "titles",
]

T = TypeVar("T")


class CorpusCache:
    """Values computed from the whole corpus, recomputed when the corpus changes.

    After a change the previous value is served while a background thread
    computes the new one (stale for a moment rather than slow for a second),
    so only the very first computation makes a request wait.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: name -> (corpus version, value)
        self._values: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._refreshing: set[str] = set()

    def get(self, store: Store, name: str, compute: Callable[[], T]) -> T:
        version = corpus_version(store)
        with self._lock:
            held = self._values.get(name)
            if held is not None and held[0] == version:
                return held[1]
            stale = held is not None and name not in self._refreshing
            if stale:
                self._refreshing.add(name)
        if held is not None:
            if stale:
                threading.Thread(target=self._refresh, args=(name, version, compute), daemon=True).start()
            return held[1]
        value = compute()
        with self._lock:
            self._values[name] = (version, value)
        return value

    def forget(self) -> None:
        """Drop every value: after an edit made here the next page must show it, not a stale list."""
        with self._lock:
            self._values.clear()

    def _refresh(self, name: str, version: tuple[Any, ...], compute: Callable[[], Any]) -> None:
        try:
            value = compute()
            with self._lock:
                self._values[name] = (version, value)
        except Exception:
            pass
        finally:
            with self._lock:
                self._refreshing.discard(name)

    def warm(self, store: Store, computations: dict[str, Callable[[], Any]]) -> threading.Thread:
        """Compute values in a background thread (at start-up, before the first visitor)."""

        def run() -> None:
            for name, compute in computations.items():
                try:
                    self.get(store, name, compute)
                except Exception:
                    return

        thread = threading.Thread(target=run, daemon=True, name="reportedly-cache-warm")
        thread.start()
        return thread


def list_articles(store: Store, cache: CorpusCache, **filters: Any) -> ArticlePage:
    """``store.read.list_articles``; ``cache`` is unused and stays for callers."""
    return _list_articles(store, **filters)


def speaker_outlets(quotes: list[Any]) -> list[tuple[str, int]]:
    return Counter(q.outlet or "unknown" for q in quotes).most_common()


def speaker_quotes(
    store: Store, cache: CorpusCache, speaker: str, limit: int = 2000, view: dict[str, Any] | None = None
) -> list[Quote]:
    """Every attribution whose speakers include ``speaker`` (merged across spellings), oldest first.

    ``Store.quotes(speaker=...)``; ``cache`` is unused (the store keeps its own speaker merge) and
    stays for callers.
    """
    return store.quotes(speaker=speaker, limit=limit, **(view or {}))
