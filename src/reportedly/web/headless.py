"""Debian's chromium, headless, as the browser tests and the README screenshots drive it.

Playwright's own browser download is not available offline; the system chromium is.
The flags keep it from reaching out to the network at start-up.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
