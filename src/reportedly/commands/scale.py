"""Scale-out commands: ``ingest --engine ray`` (its run and output) and ``load``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from reportedly.cliapp import app, err_console
from reportedly.commands.corpus import AddressOption
from reportedly.errors import ReportedlyError
from reportedly.ingest import Metadata
from reportedly.settings import DEFAULT
from reportedly.store import Store

#: where ``--engine ray`` writes its shards when ``--out`` is not given
DEFAULT_OUT = "reportedly-parquet"


def _needs_ray() -> None:
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ModuleNotFoundError:
        raise ReportedlyError("the Ray engine needs Ray and pyarrow: pip install 'reportedly[ray]'") from None


def _bar(what: str, unit: str, enabled: bool) -> Progress:
    return Progress(
        TextColumn(f"[bold]{what}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit + " · {task.fields[rows]} articles"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err_console,
        disable=not enabled,
    )


def _failures(failures: Sequence[tuple[str, str]], more: str) -> None:
    for name, reason in failures[:20]:
        err_console.print(f"  [red]✗[/] {escape(name)}: {escape(reason)}", highlight=False)
    if len(failures) > 20:
        err_console.print(f"  … and {len(failures) - 20} more ({more})", highlight=False)


def ingest_on_ray(
    paths: Sequence[str],
    *,
    out: str | None,
    address: str | None,
    workers: int,
    shard_size: int | None,
    db: str | None,
    link: bool,
    json_out: bool,
    progress: bool,
    metadata: Metadata | None = None,
) -> None:
    """``reportedly ingest --engine ray``: Parquet shards under ``out``; loaded into ``db`` if given."""
    _needs_ray()
    from reportedly.scale import ingest_ray

    out = out or DEFAULT_OUT
    bar = _bar("ingest (ray)", "shards", progress)
    with bar:
        task = bar.add_task("ray", total=None, rows=0)
        summary = ingest_ray(
            paths,
            out,
            address=address,
            workers=workers,
            shard_files=shard_size,
            settings=DEFAULT,
            metadata=metadata,
            on_plan=lambda plan: bar.update(task, total=max(len(plan.todo), 1)),
            on_shard=lambda r: bar.update(
                task, advance=1, rows=bar.tasks[0].fields["rows"] + r.reports + r.failed
            ),
        )
    result: dict[str, Any] = {"ingest": summary.to_dict()}
    if not json_out:
        err_console.print(
            f"{summary.shards} shard(s): [green]{summary.written} written[/], {summary.done_before} already "
            f"written · {summary.reports} reports · [red]{summary.failed} failed[/] · {summary.seconds:.1f}s "
            f"({summary.rate:.1f} articles/s on {summary.workers or 0} worker(s)) → {escape(out)}",
            highlight=False,
        )
        _failures(summary.failures, "see the failure rows in the shards")
    if db is not None:
        with Store.open(db) as store:
            # linking goes to the same Ray as reading did
            result["load"] = _load(
                out, store, link=link, json_out=json_out, progress=progress, on_ray=True, address=address
            )
    if json_out:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")


def _load(
    folder: str,
    store: Store,
    *,
    link: bool,
    json_out: bool,
    progress: bool,
    on_ray: bool = False,
    address: str | None = None,
) -> dict[str, Any]:
    from reportedly.commands.corpus import Engine
    from reportedly.commands.link import print_link, run_link
    from reportedly.scale.load import load as run_load

    bar = _bar("load", "rows", progress)
    started = time.perf_counter()
    with bar:
        task = bar.add_task("load", total=None, rows=0)
        summary = run_load(
            folder,
            store,
            link=False,
            on_total=lambda n: bar.update(task, total=max(n, 1)),
            on_batch=lambda n, s: bar.update(task, advance=n, rows=s.rows),
        )
    if not json_out:
        seconds = time.perf_counter() - started
        err_console.print(
            f"loaded {summary.rows} row(s) from {summary.files} file(s): [green]new {summary.new}[/] · "
            f"already present {summary.present} · [red]failed {summary.failed}[/] · {seconds:.1f}s "
            f"({summary.rate:.0f} rows/s)",
            highlight=False,
        )
        _failures(summary.failures, "reportedly failures")
    if link and summary.new:
        linked, ray = run_link(
            store, engine=Engine.ray if on_ray else Engine.local, address=address, progress=progress
        )
        summary.link = linked.to_dict() if ray is None else {**linked.to_dict(), "ray": ray}
        if not json_out:
            print_link(linked, ray)
    return summary.to_dict()


@app.command()
def load(
    folder: Annotated[str, typer.Argument(help="Folder (or s3:// URL) of reports-*.parquet shards.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="SQLite file or postgresql:// URL [default: $REPORTEDLY_DB or ./reportedly.db]"
        ),
    ] = None,
    link: Annotated[
        bool, typer.Option("--link/--no-link", help="Link the new articles into story clusters afterwards.")
    ] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a summary.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    on_ray: Annotated[
        bool,
        typer.Option("--link-on-ray", help="Link with band keys and candidate groups computed on Ray."),
    ] = False,
    address: AddressOption = None,
) -> None:
    """Bulk-load Parquet report shards (from ingest --engine ray) into the database; safe to repeat."""
    try:
        import pyarrow  # noqa: F401
    except ModuleNotFoundError:
        raise ReportedlyError("loading Parquet needs pyarrow: pip install 'reportedly[parquet]'") from None
    with Store.open(db) as store:
        result = _load(
            folder, store, link=link, json_out=json_out, progress=progress, on_ray=on_ray, address=address
        )
    if json_out:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
