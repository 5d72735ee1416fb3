"""Names of the bundled story's articles and a helper to store them (shared by the link tests)."""

from __future__ import annotations

from pathlib import Path

from reportedly.model import Report
from reportedly.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

COURIER = "portvale-courier-flood"
UPDATE = "portvale-courier-flood-update"
NORTHLINE = "northline-wire-flood"
ROUNDUP = "dailyroundup-flood"
NEWSBUZZ = "newsbuzz-flood"
FESTIVAL = "harbour-festival"
STORY = (FESTIVAL, COURIER, NORTHLINE, UPDATE, ROUNDUP, NEWSBUZZ)


def store_story(path: str, reports: dict[str, Report], order: tuple[str, ...] = STORY) -> Store:
    store = Store.open(path)
    for name in order:
        store.add(reports[name], source=f"examples/{name}.txt")
    return store


def reprint(report: Report, n: int) -> Report:
    """``report`` syndicated by the ``n``-th reprint desk, dated within three weeks after it."""
    d = report.to_dict()
    d["article"]["id"] = ""
    d["article"]["text"] += f"\n\nSyndicated by Reprint Desk {n}."
    d["article"]["publisher"] = f"Reprint Desk {n}"
    d["article"]["published"] = f"2026-03-{3 + n % 20:02d}"
    return Report.from_dict(d)
