"""Storage of reports in SQLite or PostgreSQL, and the corpus queries over them."""

from reportedly.store.repository import (
    Failure,
    OutletSummary,
    Quote,
    SpeakerIdentity,
    SpeakerSummary,
    Store,
    find_speakers,
    report_rows,
    resolve_url,
)

__all__ = [
    "Failure",
    "OutletSummary",
    "Quote",
    "SpeakerIdentity",
    "SpeakerSummary",
    "Store",
    "find_speakers",
    "report_rows",
    "resolve_url",
]
