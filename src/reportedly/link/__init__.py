"""Linking across a corpus: quote and claim clusters, citations, copies, origins, discrepancies.

>>> from reportedly.store import Store
>>> from reportedly.link import link_new, trace_text
>>> store = Store.open("corpus.db")
>>> link_new(store)                       # incremental: only articles ingested since the last run
>>> cluster = trace_text(store, "worst night this town has seen")
>>> cluster.first.publisher, cluster.independent_origins

link/ decides, store/ reads and writes. The algorithms live here, as functions over
typed records that take no database: where new items go (``plan``), what a cluster's
rows say (``derive``, ``unsupported``), which articles an article cites or copies
(``article_edges``). ``reportedly.store.linking`` reads the rows each one needs, calls it and
writes what it returns; ``reportedly.store.read`` and ``trace`` serve the results.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reportedly.model import (
    Appearance,
    Cluster,
    ClusterMatch,
    Discrepancy,
    Edge,
    LinkSummary,
    Source,
    Variant,
)

if TYPE_CHECKING:
    from reportedly.link.trace import clear_winner, export_link, find_cluster, match_clusters, trace_text
    from reportedly.store.linking import link_new
    from reportedly.store.read import (
        all_discrepancies,
        edges,
        iter_clusters,
        linked_count,
        load_cluster,
        pending_count,
    )

#: the names served by store/ (and trace, which reads through it), loaded at first use:
#: ``reportedly.store.linking`` imports the algorithms of this package, so importing it here
#: made ``import reportedly.store.linking`` fail when it came first (a circular import)
_LAZY = {
    "clear_winner": "reportedly.link.trace",
    "export_link": "reportedly.link.trace",
    "find_cluster": "reportedly.link.trace",
    "match_clusters": "reportedly.link.trace",
    "trace_text": "reportedly.link.trace",
    "link_new": "reportedly.store.linking",
    "all_discrepancies": "reportedly.store.read",
    "edges": "reportedly.store.read",
    "iter_clusters": "reportedly.store.read",
    "linked_count": "reportedly.store.read",
    "load_cluster": "reportedly.store.read",
    "pending_count": "reportedly.store.read",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Appearance",
    "Cluster",
    "ClusterMatch",
    "Discrepancy",
    "Edge",
    "LinkSummary",
    "Source",
    "Variant",
    "all_discrepancies",
    "clear_winner",
    "edges",
    "export_link",
    "find_cluster",
    "iter_clusters",
    "link_new",
    "linked_count",
    "load_cluster",
    "match_clusters",
    "pending_count",
    "trace_text",
]
