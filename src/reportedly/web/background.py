"""Articles stored through the web form or the API are linked like ingested ones, in the background.

One linking thread per store at most: a request stores its article and returns;
the thread links everything pending, and runs once more if articles arrived
while it worked. Linking writes in short transactions, so pages keep answering.
"""

from __future__ import annotations

import logging
import threading
import weakref

from reportedly.errors import ReportedlyError
from reportedly.model import Report
from reportedly.settings import Settings
from reportedly.store import Store

log = logging.getLogger("reportedly.web")


class BackgroundLinker:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._wanted = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Link what is pending soon (now, or right after the run in progress)."""
        with self._lock:
            self._wanted = True
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="reportedly-link", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the current run ends (tests, shutdown)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        from reportedly.link import link_new

        while True:
            with self._lock:
                if not self._wanted:
                    return
                self._wanted = False
            try:
                link_new(self.store, settings=self.settings)
            except ReportedlyError as exc:  # the articles stay pending: the next store or ingest links them
                log.warning("linking stored articles failed: %s", exc)


_linkers: weakref.WeakKeyDictionary[Store, BackgroundLinker] = weakref.WeakKeyDictionary()
_linkers_lock = threading.Lock()


def linker(store: Store, settings: Settings) -> BackgroundLinker:
    with _linkers_lock:
        found = _linkers.get(store)
        if found is None:
            found = _linkers[store] = BackgroundLinker(store, settings)
        return found


def store_and_link(store: Store, report: Report, source: str, settings: Settings) -> bool:
    """``store.add`` and, when the article is new, link it in the background."""
    added = store.add(report, source)
    if added:
        linker(store, settings).request()
    return added
