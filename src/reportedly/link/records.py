"""The corpus-level records live in ``reportedly.model``; this name stays for existing imports."""

from reportedly.model import (
    Appearance,
    Cluster,
    Discrepancy,
    DiscrepancyKind,
    Edge,
    EdgeKind,
    ItemKind,
    LinkSummary,
    Source,
    Variant,
)

__all__ = [
    "Appearance",
    "Cluster",
    "Discrepancy",
    "DiscrepancyKind",
    "Edge",
    "EdgeKind",
    "ItemKind",
    "LinkSummary",
    "Source",
    "Variant",
]
