"""PolNeAR (Newell, Margolin and Ruths, LREC 2018): reading a split, mapping our reports onto
its conventions, and scoring them.

A split is ``text/NAME.txt`` plus ``attributions/NAME_ANNOTATOR.ann`` (brat standoff,
character offsets into the raw text). Where a text has several annotators' files we score
against the first by file name and use the second as an inter-annotator ceiling.

PolNeAR's conventions differ from our report format in ways that are a matter of
annotation style, not of right or wrong, so the mapping lives here and not in the engine
(checked on ``train``):

- univocal nesting: "X said Y, according to CNN" is one attribution whose source is
  "CNN", cue "according to" and content "X said Y"; our reports fold it into speaker X
  with ``via`` CNN. A via with a cue in the same paragraph is unfolded back.
- content includes a leading complementizer ("that he would ...": about 1,200 contents in
  half of train start with "that", 17 leave it just outside); ours excludes it.
- the cue includes the verb group's auxiliaries and adverbs ("has said", "also said",
  "is expected": about 700 multi-word cues start with one, 9 leave it outside).
- direct contents include their quote marks; EXACT strips punctuation anyway.
- one attribution per cue: "“A,” she said. “B.”" is one attribution with two content
  fragments; ours is two (the second without cue or source), joined back here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly.errors import InputError, ReportedlyError
from reportedly.evaluate.scoring import (
    AttributionSpans,
    Evaluation,
    Fragments,
    Scorer,
    covering,
    fragments,
)
from reportedly.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from reportedly.model import Attribution, Report, Span

#: a gold attribution is the same shape as a predicted one
GoldAttribution = AttributionSpans

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ANN_NAME = re.compile(r"^(?P<name>.+)_(?P<annotator>[^_]+)\.ann$")


@dataclass(frozen=True, slots=True)
class Document:
    """One PolNeAR text with every annotator's attributions (annotators sorted by file name)."""

    name: str
    text: str
    annotations: dict[str, list[GoldAttribution]] = field(default_factory=dict)

    @property
    def annotators(self) -> list[str]:
        return sorted(self.annotations)

    @property
    def gold(self) -> list[GoldAttribution]:
        """The first annotator's attributions: what we score against."""
        return self.annotations[self.annotators[0]] if self.annotations else []


def parse_ann(content: str, label: str = "") -> list[GoldAttribution]:
    """Attributions of one brat standoff file (``E`` lines tying Source/Cue/Content spans).

    Numbered roles (``Content2``) add fragments to their role; an attribution without a
    content is dropped; continuation lines of multi-line span texts are ignored (offsets
    are the truth, the quoted text is not needed).
    """
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in content.splitlines():
        if m := _T_LINE.match(line):
            pairs = [tuple(int(x) for x in part.split()) for part in m.group(3).split(";")]
            spans[m.group(1)] = fragments(*((p[0], p[1]) for p in pairs))
        elif m := _E_LINE.match(line):
            roles_ids = [tuple(a.split(":", 1)) for a in m.group(2).split() if ":" in a]
            events.append((m.group(1), [(r, t) for r, t in roles_ids]))
    out: list[GoldAttribution] = []
    for eid, args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
        for role, tid in args:
            base = role.rstrip("0123456789")
            if base in roles and tid in spans:
                roles[base].extend(spans[tid])
        if not roles["Content"]:
            continue
        out.append(
            GoldAttribution(
                content=tuple(sorted(roles["Content"])),
                cue=tuple(sorted(roles["Cue"])),
                source=tuple(sorted(roles["Source"])),
                label=f"{label}:{eid}" if label else eid,
            )
        )
    out.sort(key=lambda a: a.content[0])
    return out


def load_split(directory: Path | str, limit: int | None = None) -> list[Document]:
    """Annotated documents of a split directory, sorted by name (the first ``limit`` only).

    Texts without any annotation file are skipped: there is nothing to score them against.
    """
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"not a PolNeAR split: {root} needs text/ and attributions/ folders")
    by_name: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        if m := _ANN_NAME.match(ann.name):
            by_name.setdefault(m.group("name"), []).append(ann)
    docs: list[Document] = []
    for txt in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(docs) >= limit:
            break
        anns = by_name.get(txt.stem)
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        annotations: dict[str, list[GoldAttribution]] = {}
        for ann in anns:
            annotator = _ANN_NAME.match(ann.name).group("annotator")  # type: ignore[union-attr]
            atts = parse_ann(ann.read_text(encoding="utf-8"), annotator)
            if any(e > len(text) for a in atts for frags in (a.source, a.cue, a.content) for _, e in frags):
                raise InputError(f"{ann.name}: offsets run past the end of {txt.name}")
            annotations[annotator] = atts
        docs.append(Document(txt.stem, text, annotations))
    if not docs:
        raise InputError(f"no annotated texts in {root}")
    return docs


# --- our reports in PolNeAR's shape -------------------------------------------------------

_THAT_BEFORE = re.compile(r"\bthat,?\s*$", re.IGNORECASE)
_OPENING = "\"“‘'"
#: words of a verb group that PolNeAR puts inside the cue ("has also said", "is expected")
_AUXILIARIES = frozenset(
    {
        "has", "have", "had", "is", "was", "are", "were", "be", "been", "being", "will", "would",
        "could", "can", "may", "might", "should", "must", "did", "does", "do", "also", "not",
        "never", "still", "now", "just", "already", "previously", "repeatedly", "later",
        "recently", "then", "again", "further",
    }
)  # fmt: skip
_BREAKS = re.compile(r"\n+")
_WORD_BEFORE = re.compile(r"(\w+)[ \t]+$")


def _frags(spans: Iterable[Span | None]) -> Fragments:
    return fragments(*((s.start, s.end) for s in spans if s is not None))


def _one_paragraph(text: str, frags: Iterable[tuple[int, int]]) -> bool:
    frags = list(frags)
    lo, hi = min(s for s, _ in frags), max(e for _, e in frags)
    return "\n" not in text[lo:hi]


def _with_complementizer(text: str, content: Fragments) -> Fragments:
    if not content:
        return content
    (s, e), rest = content[0], content[1:]
    # "that “X”" and "that, X": look past an opening quote mark our span left outside
    left = s
    while left > 0 and (text[left - 1] in _OPENING or text[left - 1] in " \t"):
        left -= 1
    if m := _THAT_BEFORE.search(text, max(0, left - 10), left):
        return ((m.start(), e), *rest)
    return content


def _with_auxiliaries(text: str, cue: Fragments) -> Fragments:
    if not cue:
        return cue
    (s, e), rest = cue[0], cue[1:]
    while (m := _WORD_BEFORE.search(text, max(0, s - 20), s)) and m.group(1).lower() in _AUXILIARIES:
        s = m.start()
    return ((s, e), *rest)


def polnear_spans(
    text: str,
    attribution: Attribution,
    *,
    nested: bool = True,
    complementizer: bool = True,
    auxiliaries: bool = True,
) -> AttributionSpans:
    """One of our attributions as PolNeAR would annotate it (see the module docstring)."""
    a = attribution
    inner = [*a.content, a.cue, a.source]
    inner_frags = _frags(inner)
    outer = None
    if nested and inner_frags:
        vias = [
            v
            for v in a.via
            if v.cue is not None and _one_paragraph(text, [*inner_frags, *_frags([v.evidence, v.cue])])
        ]
        if vias:
            outer = vias[-1]  # the chain runs from the speaker out to the publisher
            group = [v for v in vias if v.cue == outer.cue]
            others = [v for v in vias if v.cue != outer.cue]
            source = covering(_frags(v.evidence for v in group))
            cue = _frags([outer.cue])
            content = covering([*inner_frags, *_frags(x for v in others for x in (v.evidence, v.cue))])
    if outer is None:
        source = _frags([a.source])
        cue = _frags([a.cue])
        content = tuple(sorted(_frags(a.content)))
    if complementizer:
        content = _with_complementizer(text, content)
    if auxiliaries:
        cue = _with_auxiliaries(text, cue)
    return AttributionSpans(content=content, cue=cue, source=source, label=a.id)


def spans_from_report(
    report: Report, *, continuations: bool = True, paragraphs: int = 0, **conventions: bool
) -> list[AttributionSpans]:
    """Our attributions in PolNeAR's shape; with ``continuations``, a quote that carries on
    after the cue ("“A,” she said. “B.”": ours is two attributions, the second without cue
    or source) joins the attribution it continues, as one PolNeAR attribution with two
    content fragments. ``paragraphs`` is how many paragraph breaks the join may cross
    (0 scores best on dev: PolNeAR rarely joins quotes across paragraphs)."""
    text = report.article.text
    atts = sorted((a for a in report.attributions if a.content), key=lambda a: a.start)
    out: list[AttributionSpans] = []
    for prev, a in zip([None, *atts], atts, strict=False):
        mapped = polnear_spans(text, a, **conventions)
        if continuations and out and prev is not None and _continues(text, prev, a, paragraphs):
            head = out[-1]
            out[-1] = AttributionSpans(
                content=tuple(sorted({*head.content, *mapped.content})),
                cue=head.cue,
                source=head.source,
                label=head.label,
            )
            continue
        if out and mapped.cue and mapped.cue == out[-1].cue and mapped.source == out[-1].source:
            # "said that X and that Y": ours splits the two reports, PolNeAR has one
            # attribution per cue whose content runs from X to Y
            # ("“A,” he said, “B.”": one quote around its frame, two fragments)
            head = out[-1]
            if a.kind == "direct" or (prev is not None and prev.kind == "direct"):
                joined = tuple(sorted({*head.content, *mapped.content}))
            else:
                joined = covering([*head.content, *mapped.content])
            out[-1] = AttributionSpans(content=joined, cue=head.cue, source=head.source, label=head.label)
            continue
        out.append(mapped)
    return out


def _continues(text: str, prev: Attribution, a: Attribution, paragraphs: int) -> bool:
    if a.cue is not None or prev.cue is None or a.kind == "indirect":
        return False
    if a.source is not None and a.source != prev.source:
        # a follow-on quote may name the speaker it continues ("Clinton said. “B.”")
        return False
    if {s.entity for s in a.speakers} != {s.entity for s in prev.speakers}:
        return False
    return len(_BREAKS.findall(text, prev.end, a.start)) <= paragraphs


# --- running ------------------------------------------------------------------------------


def predict(
    docs: Sequence[Document], settings: Settings = DEFAULT, n_process: int = 1
) -> Iterator[tuple[Document, list[AttributionSpans]]]:
    """Our engine on the raw texts (no cleaning, so offsets index the annotated text)."""
    try:
        from reportedly.model import Article
        from reportedly.pipeline import analyze_many
    except ImportError as exc:
        raise ReportedlyError(f"the attribution engine cannot be imported ({exc})") from None
    articles = (Article(text=d.text, title=None) for d in docs)
    for doc, report in zip(docs, analyze_many(articles, settings=settings, n_process=n_process), strict=True):
        yield doc, spans_from_report(report)


def agreement(docs: Iterable[Document]) -> Evaluation | None:
    """Every other annotator scored against the first, where a text has several (a ceiling).

    Two dev texts carry six annotators' files each; using all five against the first
    rather than only the second gives the ceiling more than two dozen attributions.
    """
    scorer = Scorer()
    for d in docs:
        if len(d.annotators) < 2:
            continue
        first, *others = d.annotators
        for other in others:
            scorer.add(f"{d.name}:{other}", d.text, d.annotations[first], d.annotations[other])
    return scorer.result if scorer.result.documents else None


@dataclass(slots=True)
class Timed:
    """An evaluation with the time the system took to produce its predictions."""

    evaluation: Evaluation
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.evaluation.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.evaluation.to_dict(),
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 3),
            "notes": list(self.notes),
        }


def score_predictions(
    predictions: Iterable[tuple[Document, list[AttributionSpans]]], keep_errors: bool = False
) -> Timed:
    """Score a stream of predictions, timing the stream itself (the system's work)."""
    scorer = Scorer(keep_errors=keep_errors)
    spent = 0.0
    it = iter(predictions)
    while True:
        t0 = time.perf_counter()
        try:
            doc, pred = next(it)
        except StopIteration:
            break
        finally:
            spent += time.perf_counter() - t0
        scorer.add(doc.name, doc.text, doc.gold, pred)
    return Timed(scorer.result, spent)
