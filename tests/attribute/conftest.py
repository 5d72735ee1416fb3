from __future__ import annotations

from collections.abc import Callable

import pytest

from reportedly.model import Article, Report
from reportedly.pipeline import analyze
from reportedly.settings import DEFAULT, Settings


@pytest.fixture(scope="session")
def reading() -> Callable[..., Report]:
    """Analyse raw text (no cleaning), so tests see the engine alone."""

    def run(text: str, publisher: str | None = None, settings: Settings = DEFAULT) -> Report:
        return analyze(Article(text=text, publisher=publisher), settings)

    return run
