"""The per-article flow: clean text in, Report out (pure; no database, no globals
beyond the cached spaCy pipeline), so it runs the same in one process, a pool or
a cluster worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reportedly import nlp as nlp_mod
from reportedly.attribute import extract_attributions
from reportedly.attribute.speakers import resolve_speakers
from reportedly.model import Article, Report
from reportedly.quantities import extract_quantities
from reportedly.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc


def analyze_doc(doc: Doc, article: Article, settings: Settings = DEFAULT) -> Report:
    """Attribute, resolve and quantify one parsed article."""
    attributions = extract_attributions(doc, article, settings)
    attributions, entities = resolve_speakers(doc, article, attributions)
    quantities = extract_quantities(doc, attributions)
    return Report(article=article, attributions=attributions, quantities=quantities, entities=entities)


def analyze(article: Article, settings: Settings = DEFAULT) -> Report:
    doc = nlp_mod.load(settings.model)(article.text)
    return analyze_doc(doc, article, settings)


def analyze_many(
    articles: Iterable[Article], settings: Settings = DEFAULT, n_process: int = 1
) -> Iterator[Report]:
    """Reports in input order; spaCy batches the parse (and forks when n_process > 1)."""
    nlp = nlp_mod.load(settings.model)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size, n_process=n_process):
        yield analyze_doc(doc, article, settings)
