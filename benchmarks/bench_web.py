"""Response time of every web page with 10,000 articles in a SQLite database.

    .venv/bin/python benchmarks/bench_web.py                     # build (or reuse) and measure
    .venv/bin/python benchmarks/bench_web.py -n 10000 --db /tmp/bench-web.db --requests 30

The corpus is made fast, without spaCy for each article: the six example
articles are analysed once, then copied in groups with a group-seeded word
substitution (same-length words, so every stored offset stays valid), a
different outlet and date, and renamed speakers. Quotes therefore cluster
within a group, not across the whole corpus, as in a real news corpus. The
database is linked (``reportedly link``) so the story pages have data.

The application runs in its own process (``reportedly serve``) and is measured
over loopback with one client: the first request of each page (cold caches)
and p50/p95 of the rest. Prints a table; ``--json FILE`` appends one line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import insert

from reportedly.link import linked_count
from reportedly.model import Report
from reportedly.store import Store, report_rows
from reportedly.store import schema as st
from reportedly.web import queries

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z]{4,}")
#: share of the words of each length that a group swaps with another word of that length
SWAP_SHARE = 0.5


def base_reports() -> list[Report]:
    from reportedly.inputs import load_article
    from reportedly.pipeline import analyze

    return [analyze(load_article(str(p))) for p in sorted((ROOT / "examples").glob("*.txt"))]


def _mapping(vocab: dict[int, list[str]], rng: random.Random) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for words in vocab.values():
        chosen = [w for w in words if rng.random() < SWAP_SHARE]
        shuffled = chosen[:]
        rng.shuffle(shuffled)
        mapping.update(zip(chosen, shuffled, strict=True))
    return mapping


def _swap(text: str, mapping: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        new = mapping.get(w.lower())
        if new is None:
            return w
        return new.capitalize() if w[0].isupper() else new

    return WORD.sub(one, text)


def _respan(node: Any, text: str, mapping: dict[str, str]) -> None:
    """Re-read every span's text from the new article text; rename speakers and vias."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            node["text"] = text[node["start"] : node["end"]]
        for key, value in node.items():
            if key == "name" and isinstance(value, str):
                node[key] = _swap(value, mapping)
            else:
                _respan(value, text, mapping)
    elif isinstance(node, list):
        for item in node:
            _respan(item, text, mapping)


def variant(report: Report, group: int, mapping: dict[str, str], n_outlets: int, wrap: bool = True) -> Report:
    d = report.to_dict()
    text = _swap(d["article"]["text"], mapping)
    _respan(d["attributions"], text, mapping)
    _respan(d["quantities"], text, mapping)
    _respan(d["entities"], text, mapping)
    d["article"]["text"] = text
    d["article"]["id"] = ""
    d["article"]["title"] = text.split("\n\n", 1)[0]
    publisher = d["article"].get("publisher") or "Unknown"
    d["article"]["publisher"] = f"{publisher} {group % n_outlets}"
    # a week per group, over two years and round again (group 100 is dated like group 0): a corpus
    # that keeps arriving out of date order; ``wrap=False``: in date order. Calendar arithmetic:
    # months of 28 days made 4% of the dates impossible (month 13 or 14), stored undated
    day = (group * 7) % 700 if wrap else group * 7
    d["article"]["published"] = (date(2024, 1, 1) + timedelta(days=day)).isoformat()
    return Report.from_dict(d)


def build(db: Path, n: int, link: int | None = None, n_outlets: int = 40) -> None:
    """Write ``n`` articles; link the first ``link`` of them (all when None, none when 0)."""
    bases = base_reports()
    vocab: dict[int, set[str]] = defaultdict(set)
    for r in bases:
        for w in WORD.findall(r.article.text):
            vocab[len(w)].add(w.lower())
    vocab_sorted = {k: sorted(v) for k, v in vocab.items()}
    store = Store.open(str(db))
    made = 0
    group = 0
    started = time.perf_counter()
    batch: list[Any] = []
    linked = False
    while made < n:
        mapping = _mapping(vocab_sorted, random.Random(group))
        for r in bases:
            if made >= n:
                break
            batch.append(report_rows(variant(r, group, mapping, n_outlets), source=f"bench:{group}"))
            made += 1
        group += 1
        if len(batch) >= 600 or made >= n or (link and made == link):
            _write(store, batch)
            batch = []
        if link and made == link and not linked:
            _link(store)
            linked = True
    print(f"built {store.count():,} articles in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    if link is None:
        _link(store)
    store.close()


def _link(store: Store) -> None:
    from reportedly.link import link_new

    started = time.perf_counter()
    summary = link_new(store)
    print(
        f"linked {summary.articles:,} articles in {time.perf_counter() - started:.1f}s "
        f"({summary.items:,} items, {summary.clusters_changed:,} clusters)",
        file=sys.stderr,
    )


def _write(store: Store, batch: list[Any]) -> None:
    # one transaction per batch: the bench corpus is built in seconds, not minutes
    seen: set[str] = set()
    with store.engine.connect().execution_options(reportedly_write=True) as conn, conn.begin():
        for rows in batch:
            if rows.article["id"] in seen:
                continue
            seen.add(rows.article["id"])
            conn.execute(insert(st.articles), [rows.article])
            for table, values in (
                (st.attributions, rows.attributions),
                (st.speakers, rows.speakers),
                (st.vias, rows.vias),
                (st.entities, rows.entities),
                (st.quantities, rows.quantities),
            ):
                if values:
                    conn.execute(insert(table), values)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pages(db: Path) -> dict[str, str]:
    """One URL per page (and the API), with real ids, names and words from the database."""
    with Store.open(str(db)) as store:
        some = store.quotes(limit=1)[0]
        speaker = next(s for s in store.speakers(limit=20) if s.kind == "person")
        outlet = store.outlets()[0].outlet
        story = queries.stories(store, limit=1)
        word = some.content.split()[-1].strip(".,\"'")
        # words of a quote a fact-checker would paste: a linked story's, else any quote's
        phrase = " ".join(((story[0].text if story else "") or some.content).split()[:8])
    out = {
        "articles": "/articles",
        "articles page 50": "/articles?page=50",
        "articles search": f"/articles?q={quote(word)}",
        "articles outlet": f"/articles?outlet={quote(outlet)}",
        "articles speaker": f"/articles?speaker={quote(speaker.name)}",
        "articles dates": "/articles?since=2024-06-01&until=2024-09-30",
        "article": f"/articles/{some.article_id}",
        "speakers": "/speakers",
        "speakers search": f"/speakers?q={quote(speaker.name.split()[-1])}&kind=person",
        "speakers page 5": "/speakers?page=5",
        "speaker": f"/speakers/{quote(speaker.key)}",
        "search": f"/search?q={quote(phrase)}",
        "api search": f"/api/search?q={quote(phrase)}",
        "outlets": "/outlets",
        "outlet": f"/outlets/{quote(outlet)}",
        "stories": "/stories",
        "read (form)": "/read",
        "api articles": "/api/articles",
        "api article": f"/api/articles/{some.article_id}",
        "api speaker": f"/api/speakers/{quote(speaker.key)}",
    }
    if story:
        out["story"] = f"/stories/{story[0].id}"
        out["api story"] = f"/api/stories/{story[0].id}"
    return out


def measure(db: Path, requests: int) -> list[dict[str, Any]]:
    port = free_port()
    exe = Path(sys.executable).with_name("reportedly")
    server = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.get("/static/style.css")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)
            for name, path in pages(db).items():
                times = []
                for _ in range(requests + 1):
                    t0 = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    if r.status_code != 200:
                        raise SystemExit(f"{path}: HTTP {r.status_code}")
                warm = sorted(times[1:])
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "first_ms": round(times[0], 1),
                        "p50_ms": round(statistics.median(warm), 1),
                        "p95_ms": round(warm[max(0, round(0.95 * len(warm)) - 1)], 1),
                        "bytes": len(r.content),
                    }
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="articles in the database")
    parser.add_argument("--db", default="/tmp/reportedly-bench-web.db")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page after the first")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database even if it exists")
    parser.add_argument(
        "--link",
        type=int,
        default=1200,
        help="link the first N articles only (linking all 10,000 takes longer than the rest together)",
    )
    parser.add_argument("--json", help="append one JSON line with the results to this file")
    args = parser.parse_args()
    db = Path(args.db)
    if args.rebuild and db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    if not db.exists():
        build(db, args.n, link=args.link)
    with Store.open(str(db)) as store:
        count = store.count()
        linked = linked_count(store)
        clusters = len(queries.stories(store, limit=1_000_000))
    rows = measure(db, args.requests)
    print(
        f"{count:,} articles ({linked:,} linked, {clusters:,} stories of 2+ articles), SQLite, "
        f"{args.requests} requests per page after the first, {os.cpu_count()} CPUs"
    )
    print(f"{'page':<18} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}  path")
    for r in rows:
        print(
            f"{r['page']:<18} {r['first_ms']:>9.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['bytes'] / 1024:>7.1f}  {r['path']}"
        )
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            record = {"bench": "web", "articles": count, "linked": linked, "pages": rows}
            fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
