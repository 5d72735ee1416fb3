"""Helpers for the attribution tests (a module of its own: two conftest.py files in
one run cannot both be imported by name)."""

from __future__ import annotations

from reportedly.model import Attribution, Report


def about(report: Report, words: str) -> Attribution:
    """The one attribution whose content contains ``words``."""
    found = [a for a in report.attributions if any(words in s.text for s in a.content)]
    assert found, f"no attribution carries {words!r}: {[a.content_text for a in report.attributions]}"
    assert len(found) == 1, f"{len(found)} attributions carry {words!r}"
    return found[0]


def speakers(att: Attribution) -> list[str]:
    return [s.name for s in att.speakers]


def via(att: Attribution) -> list[str]:
    return [v.name for v in att.via]
