"""The per-article flow: clean text in, Report out (pure; no database, no globals
beyond the cached spaCy pipeline), so it runs the same in one process, a pool or
a cluster worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from reportedly import nlp as nlp_mod
from reportedly.attribute import extract_attributions
from reportedly.attribute.speakers import resolve_speakers
from reportedly.budget import Budget
from reportedly.model import Article, Report
from reportedly.quantities import extract_quantities
from reportedly.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: longest text parsed in one call: spaCy's time and memory grow faster than linearly
#: on very long inputs, and the budget is checked between pieces
PARSE_PIECE_CHARS = 20_000


def analyze_doc(
    doc: Doc, article: Article, settings: Settings = DEFAULT, budget: Budget | None = None
) -> Report:
    """Attribute, resolve and quantify one parsed article (checking ``budget`` between stages)."""
    check = budget.check if budget is not None else _no_check
    attributions = extract_attributions(doc, article, settings)
    check("attribution")
    attributions, entities = resolve_speakers(doc, article, attributions)
    check("speakers")
    quantities = extract_quantities(doc, attributions)
    check("quantities")
    return Report(article=article, attributions=attributions, quantities=quantities, entities=entities)


def _no_check(stage: str) -> None:
    return None


def analyze(article: Article, settings: Settings = DEFAULT, budget: Budget | None = None) -> Report:
    """One article within its budget (``Settings.article_seconds``/``article_memory_mb``);
    raises ``BudgetExceeded`` (an InputError) for an article over it.

    ``budget`` is one the caller started before reading the input, so that decoding and
    cleaning a huge page count too; without it the budget starts here."""
    if budget is None:
        budget = Budget.start(settings)
    else:
        budget.check("reading")
    return analyze_doc(parse(article.text, settings, budget), article, settings, budget)


def parse(text: str, settings: Settings, budget: Budget) -> Doc:
    """The spaCy parse; a long text is parsed in pieces cut at line breaks, checking the
    budget after each, and joined (offsets unchanged: ``doc.text == text``)."""
    nlp = nlp_mod.load(settings.model)
    if len(text) <= PARSE_PIECE_CHARS:
        doc = nlp(text)
        budget.check("parse")
        return doc
    from spacy.tokens import Doc

    docs = []
    for doc in nlp.pipe(pieces(text, PARSE_PIECE_CHARS), batch_size=1):
        docs.append(doc)
        budget.check("parse")
    return Doc.from_docs(docs, ensure_whitespace=False)


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters, at a line break
    when there is one in the second half of the window, else at a space."""
    out: list[str] = []
    i = 0
    while len(text) - i > size:
        cut = text.rfind("\n", i + size // 2, i + size)
        if cut < 0:
            cut = text.rfind(" ", i + size // 2, i + size)
        cut = i + size if cut < 0 else cut + 1
        out.append(text[i:cut])
        i = cut
    out.append(text[i:])
    return out


def analyze_many(
    articles: Iterable[Article],
    settings: Settings = DEFAULT,
    n_process: int = 1,
    budgets: Mapping[str, Budget] | None = None,
) -> Iterator[Report]:
    """Reports in input order; spaCy batches the parse (and forks when n_process > 1).

    Runs of ordinary articles share one ``nlp.pipe``; a long article between them goes
    through ``analyze`` alone, in pieces, within its budget (from ``budgets`` by article
    id when the caller started it before reading)."""
    nlp = nlp_mod.load(settings.model)
    run: list[Article] = []

    def flush() -> Iterator[Report]:
        pairs = ((a.text, a) for a in run)
        for doc, article in nlp.pipe(
            pairs, as_tuples=True, batch_size=settings.batch_size, n_process=n_process
        ):
            budget = Budget.start(settings)
            yield analyze_doc(doc, article, settings, budget)
        run.clear()

    for article in articles:
        if len(article.text) > PARSE_PIECE_CHARS:
            yield from flush()
            yield analyze(article, settings, (budgets or {}).get(article.id))
        else:
            run.append(article)
    yield from flush()
