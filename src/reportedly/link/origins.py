"""Independent origins: how many separate sources a cluster really has.

Copies and citations of an article in the cluster fold into that article; what
remains are the first-hand appearances (counted once per outlet: an update by the
same paper is not a second source) and outlets cited but missing from the corpus.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from reportedly.link.citations import Member
from reportedly.model import Source
from reportedly.store.names import name_key


def origin_keys(members: list[Member], ids: Container[str] | None = None) -> set[str]:
    """The origins of ``members``; a source in ``ids`` (default: the members) is no origin of its own."""
    if ids is None:
        ids = {m.article.id for m in members}
    keys: set[str] = set()
    for m in members:
        if m.edge == "first-hand":
            keys.add(m.article.origin_key)
        else:
            keys |= source_origin_keys(m.sources, ids)
    return keys


def source_origin_keys(sources: Iterable[Source], ids: Container[str]) -> set[str]:
    """The origins named by one appearance's sources; a source in ``ids`` is no origin of its own."""
    keys: set[str] = set()
    for s in sources:
        if s.article in ids:
            continue
        if s.outlet:
            keys.add(f"outlet:{name_key(s.outlet, 'outlet')}")
        elif s.article:
            keys.add(f"article:{s.article}")
    return keys


def independent_origins(members: list[Member]) -> int:
    return max(1, len(origin_keys(members))) if members else 0
