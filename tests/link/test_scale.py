"""Big clusters stay cheap: one band row per cluster and key, small buckets, and every copy still joins."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import linkstory
from linkstory import COURIER
from sqlalchemy import select

from reportedly.link import iter_clusters, link_new
from reportedly.link.plan import BUCKET_SIZE
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store import schema as ls


def reprint(report: Report, n: int) -> Report:
    return linkstory.reprint(report, n, month="2024-03", first_day=1, days=28)


def biggest(store: Store) -> int:
    return max(len({a.article for a in c.appearances}) for c in iter_clusters(store))


def test_reprints_share_band_rows_and_all_join(tmp_path: Path, story_reports: dict[str, Report]) -> None:
    store = Store.open(str(tmp_path / "reprints.db"))
    try:
        for n in range(30):
            store.add(reprint(story_reports[COURIER], n))
        link_new(store)
        assert biggest(store) == 30
        lb, li = ls.link_bands, ls.link_items
        with store.engine.connect() as conn:
            rows = conn.execute(select(lb.c.key, li.c.cluster).join(li, li.c.pk == lb.c.item)).all()
        per_key = Counter(key for key, _ in rows)
        # 30 copies of a quote are found through any one of them: one row per key and cluster
        assert max(Counter(rows).values()) == 1
        assert max(per_key.values()) <= BUCKET_SIZE
        for n in range(30, 35):
            store.add(reprint(story_reports[COURIER], n))
        assert link_new(store).articles == 5
        assert biggest(store) == 35
    finally:
        store.close()
