"""Screenshots of the main pages for the README, taken with Debian's chromium through Playwright.

    .venv/bin/python benchmarks/screenshots.py [--db demo.db] [--out docs/screenshots]

Builds the demo corpus from examples/ (ingest + link) when the database does not exist,
serves a copy of it (with a verdict on the flood's best-known quote) on a free loopback port,
and saves one PNG per page, plus the search page at a phone's width.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from reportedly.web.app import create_app
from reportedly.web.headless import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
QUERY = "worst night this town has seen"


def build_demo(db: Path) -> None:
    from reportedly.inputs import load_article
    from reportedly.link import link_new
    from reportedly.pipeline import analyze
    from reportedly.store import Store

    with Store.open(str(db)) as store:
        for path in sorted((ROOT / "examples").glob("*.txt")):
            store.add(analyze(load_article(str(path))), source=str(path.relative_to(ROOT)))
        link_new(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[uvicorn.Server, str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(ROOT / "demo.db"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    db, out = Path(args.db), Path(args.out)
    if not db.exists():
        build_demo(db)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from reportedly.link import match_clusters
    from reportedly.store import Store
    from reportedly.store.verdicts import add_verdict

    shown = Path(tempfile.mkdtemp()) / "shown.db"
    shutil.copy(db, shown)
    with Store.open(str(shown)) as store:
        first = next(r for r in store.iter_reports() if "flood" in (r.article.title or "").lower())
        quote = match_clusters(store, QUERY)[0]
        add_verdict(
            store,
            quote.cluster,
            quote.text,
            rating="mostly true",
            explanation="The fire chief said it to the Portvale Courier; Northline and the Daily Roundup "
            "credit the Courier, NewsBuzz copies the Roundup word for word with 'city' for 'town'.",
            reviewer="Demo Desk",
        )
    server, base = serve(shown)
    pages = {
        "search": f"/search?q={QUERY.replace(' ', '+')}",
        "articles": "/articles",
        "article": f"/articles/{first.article.id}",
        "speaker": "/speakers/ruth%20calloway",
        "outlet": "/outlets/Daily%20Roundup",
        "stories": "/stories",
        "story": f"/stories/{quote.cluster}",
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, path in pages.items():
                page.goto(base + path)
                if name == "article":
                    page.locator("mark.att").nth(1).hover()
                page.screenshot(path=str(out / f"{name}.png"), full_page=name == "story")
                print(out / f"{name}.png")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(base + pages["search"])
            phone.screenshot(path=str(out / "phone.png"))
            print(out / "phone.png")
            page.goto(base + "/read")
            page.fill("#text", (ROOT / "examples" / "northline-wire-flood.txt").read_text()[:1500])
            page.click("form.read button")
            page.wait_for_selector("mark.att")
            page.locator("section.result h2").first.scroll_into_view_if_needed()
            page.screenshot(path=str(out / "read.png"))
            print(out / "read.png")
            browser.close()
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
