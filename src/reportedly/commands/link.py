"""Corpus linking commands: ``link`` and ``trace``.

``export --format claims|clusters`` is served by ``reportedly.link.export_link``
(wired into the ``export`` command of ``commands/corpus.py``).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress, TaskID
from rich.table import Table
from rich.tree import Tree

from reportedly.cliapp import app, console, err_console, fail
from reportedly.commands.corpus import AddressOption, DbOption, Engine, JsonOption, _opened
from reportedly.fingerprint import fingerprint
from reportedly.link import Cluster, link_new, load_cluster, pending_count
from reportedly.link.trace import TRACE_MIN_SCORE, clear_winner, match_clusters
from reportedly.model import Appearance, ClusterMatch, LinkSummary
from reportedly.store import Store

#: fewer new articles than this link too fast for a progress bar to help
PROGRESS_FROM = 200


@app.command()
def link(
    db: DbOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Forget earlier results and relink every article.")
    ] = False,
    json_out: JsonOption = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: all in this process; ray: band keys and candidate groups on a Ray cluster."
        ),
    ] = Engine.local,
    address: AddressOption = None,
    workers: Annotated[int, typer.Option(help="--engine ray: Ray tasks at once (0: one per CPU).")] = 0,
) -> None:
    """Link stored articles: quote and claim clusters, citations, copies, discrepancies (incremental)."""
    if workers < 0:
        fail("--workers must be 0 (one per CPU) or more")
    with _opened(db) as store:
        summary, on_ray = run_link(
            store, full=full, engine=engine, address=address, workers=workers, progress=progress
        )
    if json_out:
        out = summary.to_dict() if on_ray is None else {**summary.to_dict(), "ray": on_ray}
        sys.stdout.write(json.dumps(out, indent=1) + "\n")
        return
    print_link(summary, on_ray)


def run_link(
    store: Store,
    *,
    full: bool = False,
    engine: Engine = Engine.local,
    address: str | None = None,
    workers: int = 0,
    progress: bool = True,
) -> tuple[LinkSummary, dict[str, Any] | None]:
    """Link with a progress bar on a terminal; with ``engine`` ray, also what Ray did."""
    shown = progress and err_console.is_terminal
    if engine is Engine.ray:
        from reportedly.commands.scale import _needs_ray

        _needs_ray()
        from reportedly.scale.link import link_ray

        with Progress(console=err_console, transient=True, disable=not shown) as bar:
            tasks: dict[str, TaskID] = {}

            def stage(name: str, total: int | None) -> None:
                tasks[name] = bar.add_task(name, total=total)

            ray = link_ray(
                store,
                address=address,
                workers=workers,
                full=full,
                settings=store.settings,
                on_stage=stage,
                on_progress=lambda name, done: bar.update(tasks[name], completed=done),
            )
        return ray.link, ray.to_dict()
    total = store.count() if full else pending_count(store)
    if not shown or total < PROGRESS_FROM:
        return link_new(store, full=full), None
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("linking", total=total)
        return link_new(store, full=full, progress=lambda n: bar.advance(task, n)), None


def print_link(summary: LinkSummary, on_ray: dict[str, Any] | None = None) -> None:
    what = "relinked" if summary.full else "linked"
    err_console.print(
        f"{what} {summary.articles} article(s): {summary.items} quotes/claims, "
        f"{summary.clusters_changed} cluster(s) changed, {summary.copies} copy(ies) "
        f"in {summary.seconds:.2f}s",
        highlight=False,
    )
    if on_ray is not None:
        err_console.print(
            f"on Ray ({on_ray['workers']} worker(s)): band keys of {on_ray['articles_prepared']} article(s) "
            f"in {on_ray['prepare_seconds']:.1f}s, {on_ray['candidate_pairs']} candidate pair(s) in "
            f"{on_ray['candidate_groups']} group(s) in {on_ray['group_seconds']:.1f}s",
            highlight=False,
        )


@app.command()
def reanalyze(
    db: DbOption = None,
    json_out: JsonOption = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Re-read the stored articles another engine (version, model, cue lexicon, settings) read, then
    relink if a reading changed. Resumable: a second run carries on where an interrupted one stopped."""
    from reportedly.reanalyze import reanalyze as run

    with _opened(db) as store:
        if not progress or not err_console.is_terminal:
            summary = run(store, settings=store.settings)
        else:
            with Progress(console=err_console, transient=True) as bar:
                task = bar.add_task("re-reading", total=store.stale_count(fingerprint(store.settings)))
                summary = run(store, settings=store.settings, progress=lambda n: bar.advance(task, n))
    if json_out:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=1) + "\n")
        return
    err_console.print(
        f"re-read {summary.read} of {summary.stale} article(s) made by another engine: "
        f"{summary.changed} reading(s) changed, {len(summary.failures)} failed ({summary.seconds:.1f}s)",
        highlight=False,
    )
    for aid, reason in summary.failures[:20]:
        err_console.print(f"  [red]✗[/] {aid}: {escape(reason)}", highlight=False)
    if summary.link and summary.link["articles"]:
        what = "relinked" if summary.link["full"] else "linked"
        err_console.print(f"{what} {summary.link['articles']} article(s)", highlight=False)


@app.command()
def trace(
    text: Annotated[str | None, typer.Argument(help="Words of the quote or claim to trace.")] = None,
    cluster: Annotated[
        int | None, typer.Option("--cluster", "-c", help="Trace the cluster with this id.")
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """The story of one quote or claim: first appearance, who cited or copied whom, and what changed.

    TEXT is matched against every linked quote and claim. Below a score of 70 nothing
    matched (exit 1); when several clusters match about as well (within 10 points) they
    are listed with their scores and ids, to trace one with --cluster.
    """
    if (text is None) == (cluster is None):
        fail("give either TEXT or --cluster ID")
    with _opened(db) as store:
        if cluster is not None:
            found = load_cluster(store, cluster)
            others: list[ClusterMatch] = []
        else:
            matches = match_clusters(store, text or "")
            if not matches:
                fail(
                    f"nothing in the linked corpus matches {text!r} "
                    f"(no quote or claim scores {TRACE_MIN_SCORE:.0f} or more)"
                )
            winner = clear_winner(matches)
            if winner is None:
                _print_matches(matches, json_out)
                return
            found = load_cluster(store, winner.cluster)
            others = [m for m in matches if m is not winner]
    if json_out:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    console.print(render_tree(found))
    for m in others:
        err_console.print(
            f"[dim]also matched ({m.score:.0f}): cluster {m.cluster}, “{escape(_short(m.text, 90))}”[/]",
            highlight=False,
        )


def _print_matches(matches: list[ClusterMatch], json_out: bool) -> None:
    if json_out:
        sys.stdout.write(
            json.dumps({"matches": [m.to_dict() for m in matches]}, ensure_ascii=False, indent=1) + "\n"
        )
        return
    table = Table(title=f"{len(matches)} clusters match about as well; trace one with --cluster ID")
    for col in ("cluster", "score", "articles", "speaker", "quote or claim"):
        table.add_column(col, justify="right" if col in ("cluster", "score", "articles") else "left")
    for m in matches:
        table.add_row(
            str(m.cluster),
            f"{m.score:.0f}",
            str(m.articles),
            escape(m.speaker or "-"),
            escape(_short(m.text, 90)),
        )
    console.print(table)


def _how(a: Appearance) -> str:
    if a.edge == "first-hand":
        return "[green]first-hand[/]"
    names = ", ".join(escape(s.outlet or s.article or "?") for s in a.sources) or "?"
    if a.edge == "copied":
        return f"[magenta]copied {names}[/]"
    inferred = (
        " (credited elsewhere in the article)" if all(s.evidence == "inferred" for s in a.sources) else ""
    )
    missing = " (not in corpus)" if all(s.article is None for s in a.sources) else ""
    return f"[cyan]cited {names}[/]{inferred}{missing}"


def _label(a: Appearance, conflicts: dict[str, list[str]]) -> str:
    date = escape(a.published or "undated")
    where = escape(a.publisher or "unknown outlet")
    line = f"[bold]{where}[/] [dim]{date}[/] · {_how(a)}"
    if a.url:
        line += f"\n[dim]{escape(a.url)}[/]"
    line += f"\n[italic]{escape(_short(a.text))}[/]"
    for msg in conflicts.get(a.article, []):
        line += f"\n[red]! {escape(msg)}[/]"
    return line


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_tree(c: Cluster) -> Tree:
    """The cluster as a tree: origin speaker, first outlet, then who took it from whom."""
    what = "said" if c.kind == "quote" else "claimed"
    root = Tree(
        f"[bold]{escape(c.speaker or 'unknown speaker')}[/] {what}: “{escape(_short(c.text, 140))}”"
        f"  [dim](cluster {c.id}, {len(c.appearances)} articles, "
        f"{c.independent_origins} independent origin{'s' if c.independent_origins != 1 else ''})[/]"
    )
    conflicts: dict[str, list[str]] = {}
    for d in c.discrepancies:
        if d.conflict:
            conflicts.setdefault(d.article, []).append(f"{d.label}: {d.message}")
    nodes: dict[str, Tree] = {}
    in_cluster = {a.article for a in c.appearances}
    for a in c.appearances:
        parent = root
        for s in a.sources:
            if s.article in in_cluster and s.article in nodes:
                parent = nodes[s.article]
                break
        nodes[a.article] = parent.add(_label(a, conflicts))
    notes = [d for d in c.discrepancies if not d.conflict]
    for d in notes:
        root.add(f"[dim]note, {d.label}: {escape(d.message)}[/]")
    return root
