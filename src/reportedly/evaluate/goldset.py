"""Score a directory of typed gold readings: per-type precision and recall, speaker accuracy.

Each ``NAME.gold.json`` sits beside its article ``NAME.txt`` (the format of
:mod:`reportedly.evaluate.gold`, with a ``type`` per attribution; one without a
type counts as speech). Two views are scored: what a default view lists
(``Settings.shows``: speech and evidence at or above the confidence threshold) and
every attribution. A prediction is right for a type when it is matched to a gold
attribution (by where their contents stand) and both have that type. Speaker
accuracy is the share of gold speech found as speech in the default view whose
speakers are right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly.errors import InputError
from reportedly.evaluate.gold import Matching, load_gold, match, names_match
from reportedly.evaluate.scoring import Counts
from reportedly.model import ATTRIBUTION_TYPES, Report
from reportedly.render import visible
from reportedly.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from rich.console import Console


def _counts() -> dict[str, Counts]:
    return {t: Counts() for t in ATTRIBUTION_TYPES}


@dataclass(slots=True)
class GoldSetScore:
    documents: int = 0
    min_confidence: float = 0.0
    #: the default view (speech and evidence at or above the threshold)
    shown: dict[str, Counts] = field(default_factory=_counts)
    #: every attribution the engine makes
    everything: dict[str, Counts] = field(default_factory=_counts)
    #: gold speech found as speech in the default view, and how many of those have the right speakers
    speech_found: int = 0
    speakers_ok: int = 0
    #: {"doc", "error", "content", ...}: false speech, missed speech, wrong speakers
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_ok / self.speech_found if self.speech_found else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "min_confidence": self.min_confidence,
            "shown": {t: c.to_dict() for t, c in self.shown.items()},
            "all": {t: c.to_dict() for t, c in self.everything.items()},
            "speech_found": self.speech_found,
            "speakers_ok": self.speakers_ok,
            "speaker_accuracy": round(self.speaker_accuracy, 4),
        }

    def add(self, name: str, report: Report, gold: dict[str, Any], settings: Settings) -> None:
        items = gold.get("attributions", [])
        self.documents += 1
        _tally(self.everything, report, items)
        shown = visible(report, settings)
        m = _tally(self.shown, shown, items)
        preds = shown.attributions
        for i, g in enumerate(items):
            if _type(g) != "speech":
                continue
            j = m.gold_to_pred.get(i)
            if j is None or preds[j].type != "speech":
                got = preds[j].type if j is not None else None
                self.errors.append(
                    {"doc": name, "error": "missed speech", "content": g["content"], "got": got}
                )
                continue
            self.speech_found += 1
            got_names = [s.name for s in preds[j].speakers]
            if names_match(g["speakers"], got_names):
                self.speakers_ok += 1
            else:
                self.errors.append(
                    {
                        "doc": name,
                        "error": "wrong speaker",
                        "content": g["content"],
                        "expected": g["speakers"],
                        "got": got_names,
                    }
                )
        by_pred = {j: i for i, j in m.gold_to_pred.items()}
        for j, a in enumerate(preds):
            if a.type != "speech":
                continue
            g = by_pred.get(j)
            if g is None or _type(items[g]) != "speech":
                self.errors.append(
                    {
                        "doc": name,
                        "error": "false speech",
                        "content": a.content_text,
                        "rule": a.rule,
                        "confidence": round(a.confidence, 3),
                        "gold_type": _type(items[g]) if g is not None else None,
                    }
                )

    def render(self, console: Console) -> None:
        from rich.table import Table

        table = Table(title=f"typed gold set: {self.documents} articles")
        table.add_column("type")
        for view in (f"shown (>= {self.min_confidence:g})", "all"):
            for head in ("P", "R", "F1"):
                table.add_column(f"{view}\n{head}", justify="right")
        table.add_column("gold", justify="right")
        for t in ATTRIBUTION_TYPES:
            s, e = self.shown[t], self.everything[t]
            table.add_row(
                t,
                *(f"{100 * x:.1f}" for x in (s.precision, s.recall, s.f1, e.precision, e.recall, e.f1)),
                str(s.n_gold),
            )
        console.print(table)
        console.print(
            f"speaker accuracy on found speech: {self.speakers_ok}/{self.speech_found} "
            f"({100 * self.speaker_accuracy:.1f} %)",
            highlight=False,
        )


def _type(g: dict[str, Any]) -> str:
    return str(g.get("type") or "speech")


def _tally(counts: dict[str, Counts], report: Report, items: list[dict[str, Any]]) -> Matching:
    m = match(report, items)
    for a in report.attributions:
        counts[a.type].n_pred += 1
    for g in items:
        counts[_type(g)].n_gold += 1
    for i, j in m.gold_to_pred.items():
        if _type(items[i]) == report.attributions[j].type:
            counts[_type(items[i])].tp_pred += 1
            counts[_type(items[i])].tp_gold += 1
    return m


def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(article, gold file) for every ``*.gold.json`` in ``directory`` with its article beside it."""
    if not directory.is_dir():
        raise InputError(f"no such directory: {directory}")
    pairs = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        name = load_gold(gold_path).get("document") or gold_path.name.removesuffix(".gold.json") + ".txt"
        article = gold_path.with_name(str(name))
        if not article.is_file():
            raise InputError(f"gold file {gold_path} names {name}, which is not beside it")
        pairs.append((article, gold_path))
    if not pairs:
        raise InputError(f"no *.gold.json files in {directory}")
    return pairs


def score_directory(directory: str | Path, settings: Settings = DEFAULT) -> GoldSetScore:
    """Read every gold article in ``directory`` through the whole pipeline and score it."""
    from reportedly.inputs import load_article
    from reportedly.pipeline import analyze_many

    pairs = gold_pairs(Path(directory))
    articles = [load_article(str(a), settings=settings) for a, _ in pairs]
    result = GoldSetScore(min_confidence=settings.min_confidence)
    for (article, gold_path), report in zip(pairs, analyze_many(articles, settings), strict=True):
        result.add(article.name, report, load_gold(gold_path), settings)
    return result
