"""Linking across a corpus: quote and claim clusters, citations, copies, origins, discrepancies.

>>> from reportedly.store import Store
>>> from reportedly.link import link_new, trace_text
>>> store = Store.open("corpus.db")
>>> link_new(store)                       # incremental: only articles ingested since the last run
>>> cluster = trace_text(store, "worst night this town has seen")
>>> cluster.first.publisher, cluster.independent_origins
"""

from reportedly.link.linking import link_new, linked_count, pending_count
from reportedly.link.records import Appearance, Cluster, Discrepancy, Edge, LinkSummary, Source, Variant
from reportedly.link.trace import (
    all_discrepancies,
    edges,
    export_link,
    find_cluster,
    iter_clusters,
    load_cluster,
    trace_text,
)

__all__ = [
    "Appearance",
    "Cluster",
    "Discrepancy",
    "Edge",
    "LinkSummary",
    "Source",
    "Variant",
    "all_discrepancies",
    "edges",
    "export_link",
    "find_cluster",
    "iter_clusters",
    "link_new",
    "linked_count",
    "load_cluster",
    "pending_count",
    "trace_text",
]
