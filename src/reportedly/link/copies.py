"""Copies: articles that reproduce another one.

Two kinds of evidence: the article says so ("Read the original article on X",
read into ``Article.original``), or its text is a near-duplicate of an earlier
article (most of the shorter text's word 5-grams occur in the other). Near
duplicates are found through MinHash bands over the 5-grams, so each new article
is compared with a handful of candidates, never with the whole corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from reportedly.link.clusters import band_keys, minhash_kwargs
from reportedly.link.normalize import STOPWORDS, shingles, stem, words
from reportedly.settings import DEFAULT, Settings

#: words per shingle for near-duplicate text
SHINGLE = 5
#: least keyword Jaccard for two articles to tell the same story (a citation or hint without a quote match)
STORY_SIMILARITY = 0.12


@dataclass(frozen=True, slots=True)
class DocFeatures:
    shingles: frozenset[str]
    keywords: frozenset[str]


def doc_features(text: str) -> DocFeatures:
    tokens = words(text)
    keywords = frozenset(stem(w) for w in tokens if w not in STOPWORDS and len(w) > 2 and not w[0].isdigit())
    return DocFeatures(frozenset(shingles(tokens, SHINGLE)), keywords)


def doc_signatures(features: list[DocFeatures], settings: Settings = DEFAULT) -> list[np.ndarray]:
    sets = [[s.encode("utf-8") for s in sorted(f.shingles)] for f in features]
    if not sets:
        return []
    return [m.hashvalues for m in MinHash.bulk(sets, **minhash_kwargs(settings.link_num_perm, 2))]


def doc_band_keys(hashvalues: np.ndarray, settings: Settings = DEFAULT) -> list[int]:
    return band_keys("doc", hashvalues, settings)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller shingle set found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
