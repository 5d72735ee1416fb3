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
(``edges``). ``reportedly.store.linking`` reads the rows each one needs, calls it and
writes what it returns; ``reportedly.store.read`` and ``trace`` serve the results.
"""

from reportedly.link.trace import clear_winner, export_link, find_cluster, match_clusters, trace_text
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
from reportedly.store.linking import link_new
from reportedly.store.read import (
    all_discrepancies,
    edges,
    iter_clusters,
    linked_count,
    load_cluster,
    pending_count,
)

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
