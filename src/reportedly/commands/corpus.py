"""Corpus commands: ``ingest``, ``failures``, ``quotes``, ``speakers``, ``outlets``, ``show``, ``export``.

Every command takes ``--db`` (a SQLite path or a ``postgresql://`` URL; default
``REPORTEDLY_DB`` or ./reportedly.db) and ``--json``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, get_args

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reportedly.cliapp import app, checked_date, console, err_console, fail, warn
from reportedly.errors import ReportedlyError
from reportedly.model import EntityKind
from reportedly.store import Quote, Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or postgresql:// URL [default: $REPORTEDLY_DB or ./reportedly.db]"
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AddressOption = Annotated[
    str | None,
    typer.Option(help="On Ray: a running cluster (auto, ray://HOST:10001) [default: a local Ray]."),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Every attribution: attitudes, questions and low confidence too, not only speech and "
        "evidence at or above the confidence threshold.",
    ),
]


def _view(everything: bool, types: list[str] | None = None) -> dict[str, Any]:
    """Store filters for a view: the default (Settings.shown_types at or above
    Settings.min_confidence), every attribution, or the types asked for."""
    from reportedly.model import ATTRIBUTION_TYPES
    from reportedly.settings import DEFAULT

    for t in types or []:
        if t not in ATTRIBUTION_TYPES:
            fail(f"unknown type {t!r}: choose from {', '.join(ATTRIBUTION_TYPES)}")
    if types:
        return {"types": tuple(types), "min_confidence": None if everything else DEFAULT.min_confidence}
    return DEFAULT.view(everything)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


@contextmanager
def _opened(db: str | None, create: bool = False) -> Iterator[Store]:
    """The store at ``db``; only commands that add articles create one (a typo in ``--db`` must not
    answer "no quotes" from a new, empty file)."""
    store = Store.open(db, create=create)
    try:
        yield store
    finally:
        store.close()


# --------------------------------------------------------------------------- ingest


class TitleFrom(StrEnum):
    filename = "filename"
    first_line = "first-line"


SpeakerKind = StrEnum("SpeakerKind", {k: k for k in get_args(EntityKind)})  # type: ignore[misc]


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or globs.")],
    db: DbOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = one per CPU).")] = 1,
    json_out: JsonOption = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    link: Annotated[
        bool, typer.Option("--link/--no-link", help="Link the new articles into story clusters afterwards.")
    ] = True,
    publisher: Annotated[
        str | None, typer.Option(help="Outlet of every input that does not name its own.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Date (YYYY-MM-DD) of every input that does not give its own.")
    ] = None,
    title_from: Annotated[
        TitleFrom | None,
        typer.Option(
            "--title-from",
            help="Where plain-text articles take their title: the file's name, or its first line "
            "(whatever it looks like) [default: the first line when it looks like a headline].",
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: processes on this machine into --db; ray: a Ray cluster into Parquet (--out)."
        ),
    ] = Engine.local,
    address: AddressOption = None,
    out: Annotated[
        str | None,
        typer.Option(
            help="--engine ray: folder or s3:// URL for the Parquet shards [default: reportedly-parquet]."
        ),
    ] = None,
    shard_size: Annotated[
        int | None,
        typer.Option(
            help="--engine ray: article files per shard [default: 8 shards per worker or more, 64 files at most]."
        ),
    ] = None,
) -> None:
    """Read and analyse many articles (.txt, .html, .warc[.gz], .jsonl, .csv) into the database (or Parquet, on Ray)."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    from reportedly.ingest import IngestSummary, Metadata, Outcome
    from reportedly.ingest import ingest as run_ingest

    if jobs < 0:
        fail("--jobs must be 0 (one per CPU) or more")
    metadata = Metadata(
        publisher=(publisher or "").strip() or None,
        published=checked_date(published, "--published"),
        title_from=title_from.value if title_from else None,
    )
    if engine is Engine.ray:
        from reportedly.commands.scale import ingest_on_ray

        # with --engine ray, --db is optional: given, the shards are loaded into it afterwards
        return ingest_on_ray(
            paths,
            out=out,
            address=address,
            workers=jobs if jobs > 1 else 0,
            shard_size=max(1, shard_size) if shard_size is not None else None,
            db=db,
            link=link,
            json_out=json_out,
            progress=progress,
            metadata=metadata,
        )
    with _opened(db, create=True) as store:
        bar = Progress(
            TextColumn("[bold]ingest[/]"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[articles]} articles · {task.fields[rate]}/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err_console,
            disable=not progress,
            transient=False,
        )
        started = time.perf_counter()
        with bar:
            task = bar.add_task("ingest", total=None, articles=0, rate="0.0")

            def on_outcome(outcome: Outcome, summary: IngestSummary) -> None:
                rate = summary.read / max(time.perf_counter() - started, 1e-6)
                bar.update(task, advance=outcome.size, articles=summary.read, rate=f"{rate:.1f}")

            summary = run_ingest(
                paths,
                jobs=jobs,
                store=store,
                on_outcome=on_outcome,
                on_total=lambda total: bar.update(task, total=max(total, 1)),
                link=link,
                metadata=metadata,
            )
            bar.update(task, completed=bar.tasks[0].total or 1)
    if json_out:
        _print_json(summary.to_dict())
    else:
        _print_summary(summary)
    if summary.read == 0:
        fail("nothing to ingest: no article files in the paths given")
    if summary.failed == summary.read:
        fail(f"every input failed ({summary.failed}); nothing was stored")


def _print_summary(summary: Any) -> None:
    err_console.print(
        f"read {summary.read} · [green]new {summary.new}[/] · already present {summary.present} · "
        f"[red]failed {summary.failed}[/] · {summary.seconds:.1f}s ({summary.rate:.1f} articles/s)",
        highlight=False,
    )
    if summary.link:
        err_console.print(
            f"linked {summary.link['articles']} new article(s): {summary.link['items']} quotes and claims, "
            f"{summary.link['clusters_changed']} clusters changed, {summary.link['copies']} copies "
            f"({summary.link['seconds']:.1f}s)",
            highlight=False,
        )
    if summary.skipped:
        err_console.print(
            f"skipped {summary.skipped} file(s) in the folders whose names are not .txt/.html/.warc/.jsonl "
            "(name a file explicitly to read it anyway)",
            style="dim",
            highlight=False,
        )
    gaps = [
        f"{n} without {what}"
        for n, what in (
            (summary.undated, "a date (--published)"),
            (summary.no_outlet, "an outlet (--publisher)"),
            (summary.untitled, "a title (--title-from)"),
        )
        if n
    ]
    if gaps:
        err_console.print(f"of the new articles: {'; '.join(gaps)}", style="yellow", highlight=False)
    if summary.stale:
        err_console.print(
            f"{summary.stale} stored report(s) were read by another version or setup of the engine; "
            "`reportedly reanalyze` re-reads them",
            style="yellow",
            highlight=False,
        )
    for name, reason in summary.failures[:20]:
        err_console.print(f"  [red]✗[/] {escape(name)}: {escape(reason)}", highlight=False)
    if len(summary.failures) > 20:
        err_console.print(f"  … and {len(summary.failures) - 20} more (reportedly failures)", highlight=False)


@app.command()
def failures(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Inputs that could not be ingested, with the reason."""
    with _opened(db) as store:
        rows = store.failures()
    if json_out:
        _print_json([f.to_dict() for f in rows])
        return
    if not rows:
        console.print("no failures")
        return
    # one line per failure, never wrapped: paths are long and people grep this
    for f in rows:
        console.print(
            f"[red]✗[/] {escape(f.name)}: {escape(f.reason)} [dim]({f.at})[/]",
            highlight=False,
            soft_wrap=True,
        )
    console.print(f"{len(rows)} failed input(s)", style="dim", highlight=False)


# --------------------------------------------------------------------------- queries


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Who said it (surname or full name).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet that published the article.")] = None,
    since: Annotated[str | None, typer.Option(help="Articles published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published on or before (YYYY-MM-DD).")] = None,
    search: Annotated[str | None, typer.Option(help="Words that must occur in the quoted content.")] = None,
    undated: Annotated[
        bool, typer.Option("--undated", help="Keep articles with no date when --since/--until filter.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many (0 = all).")] = 50,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only these types (speech, attitude, evidence, question); repeatable."),
    ] = None,
    everything: AllOption = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Stored quotes and claims, filtered by speaker, outlet, date, words and type."""
    since, until = checked_date(since, "--since"), checked_date(until, "--until")
    view = _view(everything, type_)
    with _opened(db) as store:
        rows = store.quotes(
            speaker=speaker,
            outlet=outlet,
            since=since,
            until=until,
            search=search,
            limit=limit or None,
            undated=undated,
            **view,
        )
        left_out = store.undated_count() if (since or until) and not undated else 0
    if left_out:
        warn(f"{left_out} undated article(s) left out by --since/--until (--undated keeps them)")
    if json_out:
        _print_json([q.to_dict() for q in rows])
        return
    if not rows:
        console.print("no quotes match")
        return
    # a list, not a table: quotes are long and terminals are narrow
    for q in rows:
        console.print(quote_head(q), highlight=False)
        console.print(Padding(Text(quote_text(q.kind, q.content), style="green"), (0, 0, 0, 2)))


def quote_head(q: Quote) -> str:
    """ "Ruth Calloway told (direct) via Portvale Courier · Daily Roundup · 2026-03-02 · 1a2b3c4d5e":
    the cue and the chain keep a reported fragment from reading as the speaker's own words."""
    head = f"[bold]{escape(q.speaker or '?')}[/] {escape(q.cue or '—')} [dim]({q.kind}) · {q.type}[/]"
    via = [v for v in q.via if v != q.outlet]
    if via:
        head += f" [dim]via[/] {escape(' > '.join(via))}"
    where = " · ".join(x for x in (q.outlet, (q.published or "")[:10] or "undated", q.article_id[:10]) if x)
    return f"{head} [dim]· {escape(where)}[/]"


def quote_text(kind: str, content: str, n: int = 400) -> str:
    """Direct words in quotation marks; reported speech as it was reported."""
    text = _shorten(content, n)
    return f"“{text}”" if kind == "direct" else text


def _table(*columns: tuple[str, int | None]) -> Table:
    """A borderless table; capped columns are cut with an ellipsis, the uncapped one wraps."""
    table = Table(box=None, header_style="bold")
    for name, width in columns:
        if width is None:
            table.add_column(name, ratio=1, overflow="fold")
        else:
            table.add_column(name, max_width=width, no_wrap=True, overflow="ellipsis")
    return table


def _counted(pairs: list[tuple[str, int]], n: int) -> str:
    shown = ", ".join(f"{_shorten(name, 30)} ({c})" for name, c in pairs[:n])
    return shown + (f", +{len(pairs) - n}" if len(pairs) > n else "")


def _shorten(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def speakers(
    limit: Annotated[int, typer.Option(help="At most this many (0 = all).")] = 50,
    kind: Annotated[list[SpeakerKind] | None, typer.Option(help="Only these kinds (repeatable).")] = None,
    search: Annotated[str | None, typer.Option(help="Words of the name (any spelling).")] = None,
    hidden: Annotated[bool, typer.Option("--hidden", help="Also list speakers someone hid.")] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Who is quoted, how often, and by which outlets (names merged across articles)."""
    with _opened(db) as store:
        rows = store.speakers(
            limit=limit or None,
            kinds=tuple(k.value for k in kind) if kind else None,
            search=search,
            include_hidden=hidden,
        )
    if json_out:
        _print_json([s.to_dict() for s in rows])
        return
    if not rows:
        console.print(
            "no speaker matches" if kind or search else "no speakers yet (reportedly ingest PATH...)"
        )
        return
    table = _table(("speaker", 28), ("kind", 12), ("quotes", 6), ("articles", 8), ("quoted by", None))
    for s in rows:
        name = escape(s.name) + (" [dim](hidden)[/]" if s.hidden else "")
        table.add_row(name, s.kind, str(s.quotes), str(s.articles), escape(_counted(s.outlets, 3)))
    console.print(table)


@app.command()
def outlets(
    top: Annotated[int, typer.Option(help="How many cited sources and speakers to list per outlet.")] = 5,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Outlets in the corpus: their articles, whom they cite (via), whom they quote."""
    with _opened(db) as store:
        rows = store.outlets(top=top)
    if json_out:
        _print_json([o.to_dict() for o in rows])
        return
    if not rows:
        console.print("no outlets yet (articles without publisher or URL are not counted)")
        return
    table = _table(("outlet", 24), ("articles", 8), ("quotes", 6), ("cites", None), ("quotes most", None))
    for o in rows:
        table.add_row(
            escape(o.outlet),
            str(o.articles),
            str(o.quotes),
            escape(_counted(o.cites, top)),
            escape(_counted(o.speakers, top)),
        )
    console.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id (a unique prefix is enough).")],
    db: DbOption = None,
    json_out: JsonOption = False,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Show the marked-up article text.")] = True,
) -> None:
    """One stored report, shown as `reportedly read` shows it."""
    with _opened(db) as store:
        report = store.get(article_id)
    if report is None:
        fail(f"no article with id {article_id!r} in the database")
    if json_out:
        sys.stdout.write(report.to_json() + "\n")
        return
    from reportedly.render import render_report

    render_report(report, console, show_text=text)


# --------------------------------------------------------------------------- export


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"
    claims = "claims"
    clusters = "clusters"


#: one attribution per row in CSV and Parquet
EXPORT_COLUMNS = (
    "article_id",
    "idx",
    "kind",
    "type",
    "speaker",
    "speaker_as_written",
    "speaker_key",
    "content",
    "cue",
    "source",
    "via",
    "confidence",
    "outlet",
    "url",
    "published",
    "title",
)


def _export_row(q: Quote) -> dict[str, Any]:
    d = q.to_dict()
    d["via"] = " > ".join(q.via)
    return {k: d[k] for k in EXPORT_COLUMNS}


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: one report per line; csv/parquet: one attribution per row; "
            "claimreview: a schema.org ClaimReview per cluster with a verdict; claims: a schema.org Claim "
            "per story cluster; clusters: one trace per line.",
        ),
    ] = ExportFormat.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file [default: stdout; required for parquet].")
    ] = None,
    db: DbOption = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print a JSON summary of what was written (needs --out).")
    ] = False,
    everything: AllOption = False,
) -> None:
    """Export the corpus: reports as JSON lines, or attributions as CSV or Parquet."""
    if json_out and out is None:
        fail("--json prints a summary and needs --out FILE for the data")
    if fmt is ExportFormat.parquet and out is None:
        fail("parquet is binary: give --out FILE")
    with _opened(db) as store:
        if fmt is ExportFormat.parquet:
            assert out is not None
            n = _export_parquet(store, out, everything)
        else:
            try:
                fh: IO[str] = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
            except OSError as exc:
                fail(f"cannot write {out}: {exc.strerror or exc}")
            try:
                if fmt is ExportFormat.claimreview:
                    from reportedly.claimreview import export_claimreview

                    n = export_claimreview(store, fh)
                elif fmt in (ExportFormat.claims, ExportFormat.clusters):
                    from reportedly.link import export_link

                    n = export_link(store, fmt.value, fh)
                elif fmt is ExportFormat.jsonl:
                    n = _export_jsonl(store, fh, everything)
                else:
                    n = _export_csv(store, fh, everything)
            finally:
                if out:
                    fh.close()
    if json_out:
        _print_json({"format": fmt.value, "out": str(out), "rows": n})
    elif out:
        what = {
            "jsonl": "reports",
            "claimreview": "reviews",
            "claims": "clusters",
            "clusters": "clusters",
        }.get(fmt.value, "attributions")
        err_console.print(f"wrote {n} {what} to {out}", highlight=False)


def _export_jsonl(store: Store, fh: IO[str], everything: bool = False) -> int:
    """One ``reportedly.report/1`` document per line, each speaker with an added ``identity``
    (the speaker it is in this corpus after merges, renames and alias files: ``key``, ``name``,
    ``hidden``, ``id``); the default view leaves out attributions whose speakers are all hidden,
    as every other list does."""
    from reportedly.render import keep_only, visible

    of = store.identity_of()
    n = 0
    for report in store.iter_reports():
        shown = visible(report, everything=everything)
        if not everything:
            shown = keep_only(
                shown, lambda a: not a.speakers or not all(of(s.name, s.kind).hidden for s in a.speakers)
            )
        doc = shown.to_dict()
        for att, d in zip(shown.attributions, doc["attributions"], strict=True):
            for sp, sd in zip(att.speakers, d["speakers"], strict=True):
                who = of(sp.name, sp.kind)
                sd["identity"] = {
                    "key": who.key,
                    "name": who.name,
                    "hidden": who.hidden,
                    "id": who.external_id,
                }
        fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def _export_csv(store: Store, fh: IO[str], everything: bool = False) -> int:
    writer = csv.DictWriter(fh, fieldnames=list(EXPORT_COLUMNS))
    writer.writeheader()
    n = 0
    for q in store.iter_quotes(**_view(everything)):
        writer.writerow(_export_row(q))
        n += 1
    return n


def _export_parquet(store: Store, out: Path, everything: bool = False) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError:
        raise ReportedlyError("parquet export needs pyarrow: pip install 'reportedly[parquet]'") from None
    schema = pa.schema(
        [
            (c, pa.int64() if c == "idx" else pa.float64() if c == "confidence" else pa.string())
            for c in EXPORT_COLUMNS
        ]
    )
    n = 0
    try:
        with pq.ParquetWriter(str(out), schema) as writer:
            batch: list[dict[str, Any]] = []
            for q in store.iter_quotes(**_view(everything)):
                batch.append(_export_row(q))
                if len(batch) >= 5000:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    n += len(batch)
                    batch = []
            if batch or n == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
    except OSError as exc:
        raise ReportedlyError(f"cannot write {out}: {exc}") from None
    return n
