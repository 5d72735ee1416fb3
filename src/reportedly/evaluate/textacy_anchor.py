"""textacy's rule-based ``direct_quotations`` as an anchor, scored by our scorer on the same texts.

textacy only finds direct quotes, so its recall on PolNeAR (mostly indirect reports) is
low by design; its precision on what it does find is the interesting part.
textacy refuses a whole document when its quote marks do not pair up; we then run it per
paragraph, which is kinder to it than a plain call (noted in the result).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from reportedly.errors import ReportedlyError
from reportedly.evaluate.polnear import Document
from reportedly.evaluate.scoring import AttributionSpans, Fragments, fragments
from reportedly.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

INSTALL_HINT = "textacy is not installed; install the bench extra: pip install 'reportedly[bench]'"


def _direct_quotations() -> Callable[[Doc], Iterable[Any]]:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        raise ReportedlyError(INSTALL_HINT) from None
    return direct_quotations


def _runs(tokens: Iterable[Token], offset: int) -> Fragments:
    """Contiguous token runs as character fragments."""
    toks = sorted(tokens, key=lambda t: t.i)
    out: list[tuple[int, int]] = []
    prev = -2
    for t in toks:
        s, e = t.idx + offset, t.idx + len(t.text) + offset
        if t.i == prev + 1 and out:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        prev = t.i
    return fragments(*out)


def quotations(doc: Doc) -> tuple[list[AttributionSpans], bool]:
    """textacy's direct quotes in one parsed text; True when it had to go paragraph by paragraph."""
    extract = _direct_quotations()
    try:
        return [_triple(t, 0) for t in extract(doc)], False
    except ValueError:
        pass  # unpaired quote marks somewhere in the text
    out: list[AttributionSpans] = []
    start = 0
    for para in doc.text.split("\n"):
        end = start + len(para)
        span = doc.char_span(start, end, alignment_mode="expand") if para.strip() else None
        if span is not None and len(span):
            with contextlib.suppress(ValueError):  # this paragraph's quotes do not pair up either
                out.extend(_triple(t, span.start_char) for t in extract(span.as_doc()))
        start = end + 1
    return out, True


def _triple(triple: Any, offset: int) -> AttributionSpans:
    content = triple.content
    return AttributionSpans(
        content=fragments((content.start_char + offset, content.end_char + offset)),
        cue=_runs(triple.cue, offset),
        source=_runs(triple.speaker, offset),
        label="textacy",
    )


def predict(
    docs: Sequence[Document], settings: Settings = DEFAULT, notes: list[str] | None = None
) -> Iterator[tuple[Document, list[AttributionSpans]]]:
    """textacy on the same raw texts, parsed by our spaCy pipeline."""
    _direct_quotations()  # fail early with the install hint
    from reportedly import nlp as nlp_mod

    nlp = nlp_mod.load(settings.model)
    if "lemmatizer" not in nlp.pipe_names and notes is not None:
        notes.append("the spaCy pipeline has no lemmatizer; textacy matches cue verbs by lemma")
    per_paragraph = 0
    for d, sdoc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=settings.batch_size), strict=True):
        found, fallback = quotations(sdoc)
        per_paragraph += fallback
        yield d, found
    if notes is not None and per_paragraph:
        notes.append(
            f"{per_paragraph} text(s) had unpaired quote marks; textacy was run per paragraph on those"
        )
