"""Names of the bundled story's articles, a helper to store them and one to read band rows (shared by the link tests)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

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

#: one short quote (two content words: too few for MinHash bands) by publisher: Ana Figueroa's in
#: two outlets, Tom Baker's same words in a third
SHORT_QUOTES = {
    "Harbour Gazette": 'Protesters left the port on Monday.\n\n"We were there under legitimate pretenses," Ana Figueroa said.',
    "Valley Post": 'The port protest ended peacefully.\n\n"We were there under legitimate pretenses," Ana Figueroa said on Tuesday.',
    "Coastal Times": 'A second group left the harbour.\n\n"We were there under legitimate pretenses," Tom Baker said.',
}


def store_story(path: str, reports: dict[str, Report], order: tuple[str, ...] = STORY) -> Store:
    store = Store.open(path)
    for name in order:
        store.add(reports[name], source=f"examples/{name}.txt")
    return store


def reprint(report: Report, n: int, month: str = "2026-03", first_day: int = 3, days: int = 20) -> Report:
    """``report`` syndicated by the ``n``-th reprint desk (a line appended, so its id differs),
    dated on one of ``days`` days of ``month`` from ``first_day``."""
    d = report.to_dict()
    d["article"]["id"] = ""
    d["article"]["text"] += f"\n\nSyndicated by Reprint Desk {n}."
    d["article"]["publisher"] = f"Reprint Desk {n}"
    d["article"]["published"] = f"{month}-{first_day + n % days:02d}"
    return Report.from_dict(d)


def band_clusters(store: Store) -> list[tuple[int, int, int, int]]:
    """Each band row with the cluster it names and, through ``link_merges``, its item's cluster."""
    with store.engine.connect() as conn:
        return sorted(
            tuple(r)
            for r in conn.execute(
                text(
                    'SELECT b."key", b.item, COALESCE(m.into_cluster, b.cluster), i.cluster FROM link_bands b'
                    " JOIN link_items i ON i.pk = b.item"
                    " LEFT JOIN link_merges m ON m.cluster = b.cluster"
                )
            )
        )
