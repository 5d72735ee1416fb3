"""``reportedly evaluate``: accuracy against gold corpora, beside the published anchors."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from reportedly.cliapp import app, console, err_console, warn
from reportedly.errors import InputError, ReportedlyError
from reportedly.settings import DEFAULT

if TYPE_CHECKING:
    from reportedly.evaluate.polnear import Timed
    from reportedly.evaluate.scoring import Counts, Evaluation

evaluate_app = typer.Typer(help="Measure accuracy on gold corpora (PolNeAR, hand-written gold files).")
app.add_typer(evaluate_app, name="evaluate")

T = TypeVar("T")


def _progress(items: Iterable[T], total: int, label: str, quiet: bool) -> Iterator[T]:
    """A Rich progress bar on stderr (stdout stays clean for --json)."""
    if quiet:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@evaluate_app.command("polnear")
def polnear_command(
    directory: Annotated[
        Path, typer.Argument(help="A PolNeAR split: DIR/text/*.txt and DIR/attributions/*.ann")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (fractions 0..1).")] = False,
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Write every miss and false alarm here as JSON lines.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N texts.")] = None,
    textacy: Annotated[
        bool, typer.Option("--textacy/--no-textacy", help="Score textacy's direct_quotations too.")
    ] = True,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Processes for our engine.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    cue_lexicon: Annotated[
        str | None,
        typer.Option(help="Learned cue lexicon: a TSV file, or 'none' for curated verbs of speech alone."),
    ] = None,
    rules: Annotated[
        bool,
        typer.Option("--rules", help="The rule table's confidences, no learned model (nothing dropped)."),
    ] = False,
    learned_ends: Annotated[
        bool,
        typer.Option("--learned-ends", help="Content ends from the learned boundary model, not the rules."),
    ] = False,
) -> None:
    """Score the engine on a PolNeAR split: per role, EXACT and OVERLAP, attributions, by kind."""
    from reportedly.evaluate import polnear
    from reportedly.evaluate.published import published_dict

    settings = DEFAULT if cue_lexicon is None else dataclasses.replace(DEFAULT, cue_lexicon=cue_lexicon)
    if rules:
        settings = dataclasses.replace(settings, learned_confidence=False)
    if learned_ends:
        settings = dataclasses.replace(settings, learned_boundaries=True)
    docs = polnear.load_split(directory, limit=limit)
    ours = polnear.score_predictions(
        _progress(polnear.predict(docs, settings, n_process=jobs), len(docs), "reportedly", quiet),
        keep_errors=errors is not None,
    )
    anchor: Timed | None = None
    if textacy:
        from reportedly.evaluate import textacy_anchor

        notes: list[str] = []
        try:
            anchor = polnear.score_predictions(
                _progress(textacy_anchor.predict(docs, notes=notes), len(docs), "textacy", quiet)
            )
        except ReportedlyError as exc:
            warn(str(exc))
        if anchor is not None:
            anchor.notes.extend(notes)
    agreement = polnear.agreement(docs)
    if errors is not None:
        _write_errors(errors, ours.evaluation.errors)
    result: dict[str, Any] = {
        **ours.evaluation.to_dict(),
        "seconds": round(ours.seconds, 3),
        "articles_per_second": round(ours.articles_per_second, 3),
        "jobs": jobs,
        "agreement": agreement.to_dict() if agreement else None,
        "textacy": anchor.to_dict() if anchor else None,
        "published": published_dict(),
    }
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        _render(result, ours.evaluation, anchor, agreement, directory)


def _write_errors(path: Path, errors: Iterable[Any]) -> None:
    try:
        with path.open("w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e if isinstance(e, dict) else e.to_dict(), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def _render(
    result: dict[str, Any],
    ours: Evaluation,
    anchor: Timed | None,
    agreement: Evaluation | None,
    directory: Path,
) -> None:
    from rich.table import Table

    from reportedly.evaluate.published import CITATION, PUBLISHED

    roles = ("source", "cue", "content")
    table = Table(title=f"PolNeAR {directory.name}: {ours.documents} texts, F1 %", caption=CITATION)
    table.add_column("system")
    for head in roles:
        table.add_column(f"exact\n{head}", justify="right")
    for head in roles:
        table.add_column(f"overlap\n{head}", justify="right")
    table.add_column("attri-\nbution", justify="right")

    def row(name: str, ev: Evaluation) -> None:
        table.add_row(
            name,
            *(_pct(ev.exact[r].f1) for r in roles),
            *(_pct(ev.overlap[r].f1) for r in roles),
            _pct(ev.attribution.f1),
        )

    row("[bold]reportedly[/]", ours)
    if anchor is not None:
        row("textacy", anchor.evaluation)
    if agreement is not None:
        row(f"annotators ({agreement.documents})", agreement)
    for p in PUBLISHED:
        table.add_row(f"[dim]{p.system}†[/]", _pct(p.source), _pct(p.cue), _pct(p.content))
    console.print(table)
    console.print("[dim]† published, test split; ours are on this split[/]", highlight=False)

    detail = Table(title="reportedly: precision / recall / F1 %")
    detail.add_column("measure")
    detail.add_column("gold", justify="right")
    detail.add_column("P", justify="right")
    detail.add_column("R", justify="right")
    detail.add_column("F1", justify="right")

    def line(name: str, c: Counts) -> None:
        detail.add_row(name, str(c.n_gold), _pct(c.precision), _pct(c.recall), _pct(c.f1))

    for mode, counts in (("exact", ours.exact), ("overlap", ours.overlap)):
        for r in roles:
            line(f"{r} {mode}", counts[r])
    line("attribution", ours.attribution)
    for kind, measures in ours.by_kind.items():
        for m in ("content_exact", "content_overlap", "attribution"):
            line(f"{kind}: {m.replace('_', ' ')}", measures[m])
    console.print(detail)
    speed = f"reportedly: {result['articles_per_second']:.2f} articles/s ({result['jobs']} process)"
    if anchor is not None:
        speed += f"; textacy (parse included): {anchor.articles_per_second:.2f} articles/s"
        for note in anchor.notes:
            console.print(f"[dim]textacy: {note}[/]", highlight=False)
    console.print(speed, highlight=False)


@evaluate_app.command("calibration")
def calibration_command(
    directory: Annotated[
        Path, typer.Argument(help="A PolNeAR split: DIR/text/*.txt and DIR/attributions/*.ann")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N texts.")] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="The rule table's confidences instead of the learned model's.")
    ] = False,
) -> None:
    """Precision per confidence band: how often an attribution of that confidence is right."""
    from rich.table import Table

    from reportedly.evaluate.calibration import calibrate

    settings = dataclasses.replace(DEFAULT, learned_confidence=False) if rules else DEFAULT
    bands = calibrate(directory, settings, limit=limit)
    if as_json:
        print(json.dumps([b.to_dict() for b in bands], ensure_ascii=False))
        return
    table = Table(
        title=f"calibration on {directory.name} ({'rule table' if rules else 'learned'} confidence)"
    )
    for col in ("confidence", "attributions", "mean conf.", "content overlaps %", "content exact %", "types"):
        table.add_column(col, justify="left" if col in ("confidence", "types") else "right")
    for b in bands:
        types = ", ".join(f"{t} {n}" for t, n in sorted(b.types.items(), key=lambda x: -x[1]))
        table.add_row(
            f"{b.low:.1f}–{b.high:.1f}",
            str(b.n),
            f"{b.mean_confidence:.2f}",
            _pct(b.precision if b.n else None),
            _pct(b.exact_precision if b.n else None),
            types,
        )
    console.print(table)


@evaluate_app.command("gold")
def gold_command(
    path: Annotated[
        Path, typer.Argument(help="NAME.gold.json, the article NAME.txt beside it, or a directory of them")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Directory: write false speech, missed speech, wrong speakers here."),
    ] = None,
) -> None:
    """Score one article against its hand-written gold reading (contents, speakers, via, quantities,
    noise), or a directory of typed gold readings (per-type precision/recall, speaker accuracy)."""
    from reportedly.evaluate import gold as gold_mod

    if path.is_dir():
        from reportedly.evaluate.goldset import score_directory

        scored = score_directory(path)
        if errors is not None:
            _write_errors(errors, scored.errors)
        if as_json:
            print(json.dumps(scored.to_dict(), ensure_ascii=False))
        else:
            scored.render(console)
        return
    article, gold_path = _gold_pair(path, gold_mod)
    result = gold_mod.score_file(article, gold_path)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        result.render(console)


def _gold_pair(path: Path, gold_mod: Any) -> tuple[Path, Path]:
    """The article and its gold file, whichever of the two was given."""
    if path.name.endswith(".gold.json"):
        gold = gold_mod.load_gold(path)
        name = gold.get("document") or path.name.removesuffix(".gold.json") + ".txt"
        article = path.with_name(str(name))
        if not article.is_file():
            raise InputError(f"gold file {path} names {name}, which is not beside it")
        return article, path
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    return path, gold_mod.gold_path_for(path)
