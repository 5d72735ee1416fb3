"""The part of linking one article that needs no other article: its band keys, computed ahead.

``prepare(report) -> Prepared`` holds the MinHash work of linking (the LSH band keys of
the article's quotes and claims, the 5-gram features and band keys of its text):
about two fifths of a link run's CPU time, and pure, so a distributed engine
(``reportedly.scale.link``) computes it for many articles at once. ``link_new``
takes what was prepared instead of computing it again, and places, merges and
writes exactly as it always does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportedly.link.clusters import OutletResolver, items_of
from reportedly.link.copies import DocFeatures, doc_band_keys, doc_features, doc_signatures
from reportedly.link.plan import item_keys
from reportedly.model import Report
from reportedly.settings import DEFAULT, Settings

#: what item keys depend on (kind and words) never depends on which outlets the corpus knows
_NO_OUTLETS = OutletResolver(())


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article's band keys and text features, as ``link_new`` would compute them."""

    article_id: str
    doc: DocFeatures
    doc_keys: tuple[int, ...]
    #: attribution id -> the LSH band keys of the quote or claim it makes (linkable ones only)
    item_keys: Mapping[str, tuple[int, ...]]


def prepare(report: Report, settings: Settings = DEFAULT) -> Prepared:
    """Everything about ``report`` that linking computes without looking at the corpus."""
    doc = doc_features(report.article.text)
    items = items_of(report, _NO_OUTLETS, settings)
    keys = item_keys(items, settings)
    return Prepared(
        article_id=report.article.id,
        doc=doc,
        doc_keys=tuple(doc_band_keys(doc_signatures([doc], settings)[0], settings)),
        item_keys={it.attribution_id: tuple(k) for it, k in zip(items, keys, strict=True)},
    )
