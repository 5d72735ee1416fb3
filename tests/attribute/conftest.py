from __future__ import annotations

from collections.abc import Callable

import pytest

from reportedly.model import Article, Report
from reportedly.pipeline import analyze


@pytest.fixture(scope="session")
def reading() -> Callable[..., Report]:
    """Analyse raw text (no cleaning), so tests see the engine alone."""

    def run(text: str, publisher: str | None = None) -> Report:
        return analyze(Article(text=text, publisher=publisher))

    return run
