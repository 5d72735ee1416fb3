"""``reportedly link --engine ray``: linking's candidate step on Ray, the same linking after it.

1. *Band keys in a map*: Ray Data maps the pending reports through ``link.prepare``
   (the MinHash work: band keys of every quote and claim, 5-gram features and band
   keys of every text), in parallel; the driver streams the results to a local
   spill file, so memory stays flat however many articles there are.
2. *Candidate pairs from a group-by on band keys*: the (band key, item) rows are
   hash-partitioned on the key, and each partition groups its keys; items sharing a
   key are candidate pairs (a star per key: linear in the bucket's size).
3. *Clusters from the pairs*: union-find over the pairs gives the candidate groups,
   the connected sets of items that could end up in one cluster (an upper bound:
   no cluster ``plan()`` forms spans two groups, which the tests check).
4. ``link_new`` then places, merges and writes with the prepared keys, through the
   very ``plan()`` and store code of single-machine linking, so the result is the
   same, cluster for cluster.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reportedly.link.prepare import Prepared, prepare
from reportedly.model import LinkSummary, Report
from reportedly.scale.engine import connect
from reportedly.settings import DEFAULT, Settings
from reportedly.store import Store
from reportedly.store.linking import link_new
from reportedly.store.read import pending_reports

#: reports per map batch (a batch is one task: big enough to hide Ray's per-task cost)
PREPARE_BATCH = 100
#: (key, item) rows per partition of the group-by
GROUP_ROWS = 2_000_000

#: (stage, total or None) when a stage starts, then (stage, done so far) as it advances
Stage = Callable[[str, int | None], None]


@dataclass(slots=True)
class RayLinkSummary:
    articles: int = 0
    items: int = 0
    band_keys: int = 0
    candidate_pairs: int = 0
    #: candidate groups of two items or more, and the largest one's size
    groups: int = 0
    largest_group: int = 0
    workers: int = 0
    prepare_seconds: float = 0.0
    group_seconds: float = 0.0
    link: LinkSummary = field(default_factory=LinkSummary)
    #: item -> its candidate group (for checks; items alone in theirs are absent)
    group_of: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles_prepared": self.articles,
            "items": self.items,
            "band_keys": self.band_keys,
            "candidate_pairs": self.candidate_pairs,
            "candidate_groups": self.groups,
            "largest_group": self.largest_group,
            "workers": self.workers,
            "prepare_seconds": round(self.prepare_seconds, 2),
            "group_seconds": round(self.group_seconds, 2),
        }


def _prepare_batch(batch: dict[str, Any], settings: Settings) -> dict[str, list[Any]]:
    """Ray map: reports (JSON) -> their prepared keys, pickled, and the (item, keys) rows to group."""
    out: dict[str, list[Any]] = {"article_id": [], "prepared": [], "items": [], "keys": []}
    for payload in batch["report"]:
        pre = prepare(Report.from_json(str(payload)), settings)
        out["article_id"].append(pre.article_id)
        out["prepared"].append(pickle.dumps(pre, protocol=pickle.HIGHEST_PROTOCOL))
        out["items"].append(list(pre.item_keys))
        out["keys"].append([list(k) for k in pre.item_keys.values()])
    return out


def _pairs(block: pa.Table) -> pa.Table:
    """Ray map over one hash partition: the candidate pairs (first item of a key, another item)."""
    grouped = block.group_by("key").aggregate([("item", "distinct")])
    lists = grouped["item_distinct"]
    lengths = pc.list_value_length(lists)
    lists = pc.filter(lists, pc.greater(lengths, 1))
    if len(lists) == 0:
        return pa.table({"a": pa.array([], pa.int64()), "b": pa.array([], pa.int64())})
    firsts = pc.list_element(lists, 0)
    flat = pc.list_flatten(lists)
    a = pc.take(firsts, pc.list_parent_indices(lists))
    keep = pc.not_equal(a, flat)
    return pa.table({"a": pc.filter(a, keep), "b": pc.filter(flat, keep)})


class _Spill:
    """The prepared articles, in order, in a local temporary file (the driver's memory stays flat)."""

    def __init__(self) -> None:
        # closed by close(), after linking read it
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="reportedly-link-")  # noqa: SIM115
        self.index: dict[str, tuple[int, int]] = {}

    def add(self, article_id: str, blob: bytes) -> None:
        self.index[article_id] = (self.file.tell(), len(blob))
        self.file.write(blob)

    def __call__(self, article_id: str) -> Prepared | None:
        where = self.index.pop(article_id, None)
        if where is None:
            return None  # stored after this run was prepared: link_new computes it itself
        self.file.seek(where[0])
        pre = pickle.loads(self.file.read(where[1]))
        self.file.seek(0, 2)
        return pre if isinstance(pre, Prepared) else None

    def close(self) -> None:
        self.file.close()


def _find(parent: np.ndarray, x: int) -> int:
    root = x
    while parent[root] != root:
        root = int(parent[root])
    while parent[x] != root:  # path compression
        parent[x], x = root, int(parent[x])
    return root


def groups_of(n: int, pairs: Iterator[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Union-find: the group (its least item) of each of ``n`` items, given their pairs."""
    parent = np.arange(n, dtype=np.int64)
    for a, b in pairs:
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            rx, ry = _find(parent, x), _find(parent, y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    return np.array([_find(parent, i) for i in range(n)], dtype=np.int64)


def link_ray(
    store: Store,
    *,
    address: str | None = None,
    workers: int = 0,
    full: bool = False,
    settings: Settings = DEFAULT,
    on_stage: Stage | None = None,
    on_progress: Stage | None = None,
) -> RayLinkSummary:
    """Link the pending articles of ``store`` (every article with ``full``), band keys and candidate
    groups computed on Ray (a local one unless ``address`` names a cluster)."""
    import ray
    import ray.data  # before quieting its logger: importing it configures the logger

    summary = RayLinkSummary()
    payloads = list(pending_reports(store, full=full))
    spill = _Spill()
    started = connect(address, workers)
    try:
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        ctx.execution_options.preserve_order = True  # the spill file follows the link order
        summary.workers = workers or int(ray.cluster_resources().get("CPU", 1))
        t0 = time.perf_counter()
        if on_stage:
            on_stage("band keys (ray)", len(payloads))
        item_names: list[tuple[str, str]] = []
        key_cols: list[np.ndarray] = []
        item_cols: list[np.ndarray] = []
        if payloads:
            ds = ray.data.from_items(
                [{"report": p} for p in payloads],
                override_num_blocks=min(
                    len(payloads), max(summary.workers, -(-len(payloads) // PREPARE_BATCH))
                ),
            ).map_batches(
                partial(_prepare_batch, settings=settings),
                batch_size=PREPARE_BATCH,
                batch_format="numpy",
                compute=ray.data.TaskPoolStrategy(size=summary.workers),
            )
            del payloads
            for batch in ds.iter_batches(batch_format="numpy", batch_size=None):
                for aid, blob, items, keys in zip(
                    batch["article_id"], batch["prepared"], batch["items"], batch["keys"], strict=True
                ):
                    spill.add(str(aid), bytes(blob))
                    for att, its_keys in zip(items, keys, strict=True):
                        its = np.asarray(list(its_keys), dtype=np.int64)
                        key_cols.append(its)
                        item_cols.append(np.full(len(its), len(item_names), dtype=np.int64))
                        item_names.append((str(aid), str(att)))
                    summary.articles += 1
                if on_progress:
                    on_progress("band keys (ray)", summary.articles)
        summary.items = len(item_names)
        summary.prepare_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        if on_stage:
            on_stage("candidate groups (ray)", None)
        if key_cols:
            table = pa.table({"key": np.concatenate(key_cols), "item": np.concatenate(item_cols)})
            summary.band_keys = table.num_rows
            del key_cols, item_cols
            parts = max(1, min(summary.workers * 2, -(-table.num_rows // GROUP_ROWS)))
            pairs = (
                ray.data.from_arrow(table)
                .repartition(parts, keys=["key"])
                .map_batches(_pairs, batch_size=None, batch_format="pyarrow")
            )
            found: list[tuple[np.ndarray, np.ndarray]] = []
            for batch in pairs.iter_batches(batch_format="numpy", batch_size=None):
                found.append((batch["a"], batch["b"]))
                summary.candidate_pairs += len(batch["a"])
            group = groups_of(len(item_names), iter(found))
            sizes = np.bincount(group, minlength=len(item_names))
            summary.groups = int((sizes > 1).sum())
            summary.largest_group = int(sizes.max()) if len(sizes) else 0
            summary.group_of = {
                name: int(g) for name, g in zip(item_names, group.tolist(), strict=True) if sizes[g] > 1
            }
        summary.group_seconds = time.perf_counter() - t0
    finally:
        if started:
            ray.shutdown()
    try:
        if on_stage:
            on_stage("linking", summary.articles)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if on_progress:
                on_progress("linking", done)

        summary.link = link_new(store, full=full, settings=settings, progress=advance, ahead=spill)
    finally:
        spill.close()
    return summary


__all__ = ["RayLinkSummary", "groups_of", "link_ray"]
