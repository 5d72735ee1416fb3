"""Reading for the web app in a child process the server can abandon.

The server never analyses on its own event loop or in its own interpreter: one slow or
hostile article must not stall every other request (a regex or a parse holds the GIL).
``Reader.read`` hands the job to a long-lived child process (spaCy loaded once there) and
waits at most ``Settings.article_seconds`` plus the fetch timeout and a margin; a child
that does not answer in time is killed and the next read starts a fresh one.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from reportedly.errors import FetchError, InputError, ReportedlyError
from reportedly.inputs.encoding import normalise_text
from reportedly.model import Report
from reportedly.settings import Settings

#: seconds a fresh child may take to start and load spaCy before its first answer
STARTUP_SECONDS = 60.0
_ERRORS: dict[str, type[ReportedlyError]] = {
    "FetchError": FetchError,
    "InputError": InputError,
    "BudgetExceeded": InputError,
}


@dataclass(frozen=True, slots=True)
class ReadJob:
    """What to read: pasted text, pasted HTML or a URL (one of them), and an optional publisher."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    publisher: str | None = None


class Busy(ReportedlyError):
    """Another article is being read; the caller answers 503."""


class Reader:
    """One child process reading one article at a time; killed and replaced when it overruns."""

    def __init__(
        self,
        settings: Settings,
        *,
        wait_seconds: float | None = None,
        startup_seconds: float = STARTUP_SECONDS,
        queue_seconds: float = 30.0,
    ):
        self.settings = settings
        budget = settings.article_seconds if settings.article_seconds > 0 else 600.0
        #: how long one read may take before the child is abandoned
        self.wait_seconds = (
            wait_seconds if wait_seconds is not None else budget + settings.fetch_timeout + 5.0
        )
        #: added to the first read's wait: a fresh process starts and loads spaCy
        self.startup_seconds = startup_seconds
        self.queue_seconds = queue_seconds
        self._lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._fresh = True

    def read(self, job: ReadJob) -> Report:
        """The report for ``job``; InputError/FetchError with one line for bad input or an overrun."""
        if not self._lock.acquire(timeout=self.queue_seconds):
            raise Busy("the server is busy reading another article; try again in a minute")
        try:
            conn = self._ensure()
            wait = self.wait_seconds + (self.startup_seconds if self._fresh else 0.0)
            conn.send(job)
            if not conn.poll(wait):
                self._kill()
                raise InputError(
                    f"reading took longer than {self.wait_seconds:g} s and was stopped "
                    "(set REPORTEDLY_ARTICLE_SECONDS)"
                )
            try:
                kind, payload = conn.recv()
            except (EOFError, OSError):
                self._kill()
                raise InputError("the reading process died on this input (out of memory?)") from None
            self._fresh = False
            if kind == "ok":
                assert isinstance(payload, Report)
                return payload
            cls, message = payload
            raise _ERRORS.get(cls, InputError)(message)
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._kill()

    def _ensure(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.settings, os.getpid()), daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn, self._fresh = proc, parent, True
        return parent

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None


def _serve(conn: Connection, settings: Settings, parent: int) -> None:
    """The child's loop: read jobs until the pipe closes or the parent is gone."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", read_job(job, settings)))
        except ReportedlyError as exc:
            conn.send(("error", (type(exc).__name__, str(exc))))
        except Exception as exc:  # a bug of ours on this input: one line, the child lives on
            conn.send(("error", ("InputError", f"internal error reading this input ({type(exc).__name__})")))


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def read_job(job: ReadJob, settings: Settings) -> Report:
    """Read pasted text, pasted HTML or a (public) URL; InputError/FetchError with one line."""
    from reportedly.budget import Budget
    from reportedly.inputs import article_from_bytes, article_from_html, article_from_text
    from reportedly.inputs.html import looks_like_html
    from reportedly.pipeline import analyze
    from reportedly.web.security import fetch_public

    # the entrance for web input: fields are normalised like every other input
    publisher = normalise_text(job.publisher or "").strip() or None
    url = normalise_text(job.url or "").strip()
    html, text = job.html or "", job.text or ""
    article: Any
    budget = Budget.start(settings)  # cleaning counts, not only the analysis
    if url:
        body, final = fetch_public(url, settings)
        budget = Budget.start(settings)  # the fetch has its own time limit
        article = article_from_bytes(body, name=url, url=final, publisher=publisher, settings=settings)
    elif html.strip():
        article = article_from_html(html, publisher=publisher, settings=settings)
    elif text.strip():
        if looks_like_html(text[:4096], "<pasted>"):
            article = article_from_html(text, publisher=publisher, settings=settings)
        else:
            article = article_from_text(text, publisher=publisher, settings=settings)
    else:
        raise InputError("give some text, some HTML or a URL to read")
    return analyze(article, settings, budget)
