"""reportedly as a spaCy pipeline component: ``nlp.add_pipe("reportedly")``.

The component reads each parsed Doc as an article and leaves the result on it:
``doc._.attributions`` (the attributions, speakers resolved) and ``doc._.report``
(the whole ``Report``, quantities and entities included). It needs a parser and
NER before it, as in any English pipeline. The factory is registered through the
``spacy_factories`` entry point, so installing reportedly is enough.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.model import Article
from reportedly.settings import DEFAULT, Settings

NAME = "reportedly"

for _ext in ("attributions", "report"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


class Reportedly:
    """Attribute, resolve and quantify each Doc the pipeline makes."""

    def __init__(self, settings: Settings = DEFAULT) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        from reportedly.pipeline import analyze_doc

        report = analyze_doc(doc, Article(text=doc.text), self.settings)
        doc._.report = report
        doc._.attributions = report.attributions
        return doc


@Language.factory(NAME, default_config={"cue_lexicon": ""})
def make_reportedly(nlp: Language, name: str, cue_lexicon: str) -> Reportedly:
    """``cue_lexicon`` is ``Settings.cue_lexicon`` (empty: the shipped lexicon)."""
    return Reportedly(replace(DEFAULT, cue_lexicon=cue_lexicon))
