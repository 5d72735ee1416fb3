"""Scale-out: the per-article stages on a Ray cluster, reports as Parquet shards.

``ingest_ray`` (``reportedly ingest --engine ray``) reads inputs into Parquet;
``reportedly load`` brings the shards into a store. Needs ``pip install 'reportedly[ray]'``.
"""

from __future__ import annotations

from reportedly.scale.engine import RaySummary, ingest_ray

__all__ = ["RaySummary", "ingest_ray"]
