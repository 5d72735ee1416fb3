"""What the web tests share: the hostile article's payloads and the ids of the test corpus."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

#: an article whose every field carries a payload; written for these tests (invented harbour, people)
HOSTILE_TEXT = """Harbour board admits <script>alert(1)</script> leak at Westmere docks

The Westmere harbour board said on Tuesday that a fuel leak had spread across the inner basin.

"We found <script>alert(1)</script> in the logs and "><img src=x onerror=alert(1)> in the forms," \
harbour master Olu Bankole told the Westmere Gazette.

Bankole said about 300 litres of diesel had escaped before the valve was closed, according to the \
<b onmouseover=alert(1)>Gazette</b>.
"""
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_PUBLISHER = 'Westmere <i>Gazette</i>"><script>alert(2)</script>'


@dataclass(frozen=True)
class Corpus:
    db: Path
    hostile: str
    courier: str
    roundup: str
    festival: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The application over ``db`` served by uvicorn on a free loopback port (in a thread), its base URL."""
    import uvicorn

    from reportedly.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def follow(page: Any, target: Any) -> None:
    """Click something that loads a new page and wait until that page has loaded.

    Playwright's click returns once the navigation has started; reading a table before the new document
    is parsed sees no rows (a flaky empty list in CI), so every navigating click in the tests goes here.
    """
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation(wait_until="load"):
        locator.click()
