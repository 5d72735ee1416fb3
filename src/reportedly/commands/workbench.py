"""The fact-checker's commands: ``speaker`` (merge, split, rename, hide, alias, aliases FILE) and
``verdict`` (add, list).

Edits and verdicts are stored in the database; edits apply to every list, page and export,
verdicts become ``export --format claimreview``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from reportedly.cliapp import app, console, err_console, fail
from reportedly.commands.corpus import DbOption, JsonOption, _opened, _print_json, _shorten

speaker_app = typer.Typer(
    help="Speaker identity: merge, split, rename, hide or alias a speaker (stored in the database).",
    no_args_is_help=True,
)
app.add_typer(speaker_app, name="speaker")

Name = Annotated[str, typer.Argument(help="The speaker, by any spelling the corpus has.")]


def _done(message: str) -> None:
    err_console.print(message, highlight=False, soft_wrap=True)


@speaker_app.command("merge")
def merge(
    source: Name,
    target: Annotated[str, typer.Argument(help="The speaker it is the same person or body as.")],
    db: DbOption = None,
) -> None:
    """SOURCE is the same speaker as TARGET ("Obama" and "Barack Obama")."""
    with _opened(db) as store:
        key = store.merge_speakers(source, target)
        shown = store.speaker(key).name
    _done(f"merged {source!r} into {shown!r}")


@speaker_app.command("split")
def split(
    spelling: Annotated[str, typer.Argument(help="A spelling merged into a speaker.")], db: DbOption = None
) -> None:
    """Undo a merge: SPELLING is a speaker of its own again."""
    with _opened(db) as store:
        store.split_speaker(spelling)
    _done(f"{spelling!r} stands on its own")


@speaker_app.command("rename")
def rename(
    speaker: Name, name: Annotated[str, typer.Argument(help="The name to show.")], db: DbOption = None
) -> None:
    """Show SPEAKER as NAME everywhere."""
    with _opened(db) as store:
        store.rename_speaker(speaker, name)
    _done(f"{speaker!r} is shown as {name!r}")


@speaker_app.command("hide")
def hide(
    speaker: Name,
    undo: Annotated[bool, typer.Option("--undo", help="Show the speaker again.")] = False,
    db: DbOption = None,
) -> None:
    """Leave SPEAKER out of speaker lists, quote lists and exports (a mis-read "it", "the statement")."""
    with _opened(db) as store:
        store.hide_speaker(speaker, hidden=not undo)
    _done(f"{speaker!r} is {'shown again' if undo else 'hidden (speaker hide --undo shows it again)'}")


@speaker_app.command("alias")
def alias(
    other: Annotated[
        str, typer.Argument(help="Another name for the speaker (need not be in the corpus yet).")
    ],
    speaker: Name,
    db: DbOption = None,
) -> None:
    """OTHER names SPEAKER from now on ("POTUS" for "Barack Obama")."""
    with _opened(db) as store:
        store.alias_speaker(other, speaker)
    _done(f"{other!r} now names {speaker!r}")


@speaker_app.command("aliases")
def aliases(
    path: Annotated[Path, typer.Argument(help="CSV with a header id,name,aliases (aliases separated by |).")],
    db: DbOption = None,
) -> None:
    """Load an alias file, e.g. Wikidata ids to names: ``Q76,Barack Obama,Obama|President Obama``."""
    with _opened(db) as store:
        n = store.load_aliases(path)
    _done(f"loaded {n} speaker(s) from {path}")


# --------------------------------------------------------------------------- verdicts

verdict_app = typer.Typer(
    help="Verdicts on quotes and claims: a rating, why, and who says so.", no_args_is_help=True
)
app.add_typer(verdict_app, name="verdict")


@verdict_app.command("add")
def verdict_add(
    text: Annotated[
        str | None, typer.Argument(help="Words of the quote or claim (the best-matching story is rated).")
    ] = None,
    cluster: Annotated[
        int | None, typer.Option("--cluster", help="The story's id (as trace prints it).")
    ] = None,
    rating: Annotated[
        str, typer.Option(help="false, mostly false, misleading, half true, mostly true, true, unproven.")
    ] = "",
    explanation: Annotated[str, typer.Option(help="Why, in a sentence or two.")] = "",
    reviewer: Annotated[str, typer.Option(help="Who reviewed it.")] = "",
    url: Annotated[str | None, typer.Option(help="Where the review is published (http/https).")] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Record a verdict on a quote or claim cluster."""
    from reportedly.link import find_cluster, load_cluster
    from reportedly.store.verdicts import add_verdict

    if (text is None) == (cluster is None):
        fail("give the words of the quote or claim, or --cluster ID (one of them)")
    with _opened(db) as store:
        if cluster is None:
            assert text is not None
            cluster = find_cluster(store, text)
            if cluster is None:
                fail(f"no quote or claim in the linked corpus matches {text!r}")
        story = load_cluster(store, cluster)
        verdict = add_verdict(
            store, story.id, story.text, rating=rating, explanation=explanation, reviewer=reviewer, url=url
        )
    if json_out:
        _print_json(verdict.to_dict())
    else:
        _done(f"{verdict.rating!r} by {verdict.reviewer} on story {story.id}: {_shorten(story.text, 80)!r}")


@verdict_app.command("list")
def verdict_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """The latest verdict on each reviewed story."""
    from reportedly.store.verdicts import latest_verdicts

    with _opened(db) as store:
        rows = latest_verdicts(store)
    if json_out:
        _print_json([v.to_dict() for v in rows])
        return
    if not rows:
        console.print("no verdicts yet (reportedly verdict add ...)")
        return
    for v in rows:
        console.print(
            f"[bold]{escape(v.rating)}[/] · story {v.cluster} · {escape(v.reviewer)} · {v.created_at[:10]}: "
            + escape(_shorten(v.claim, 90)),
            highlight=False,
        )


# --------------------------------------------------------------------------- search


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words of a quote or claim.")],
    stories: Annotated[int, typer.Option(help="Candidate stories to show in full.", min=1)] = 3,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Every appearance of a quote or claim: candidate stories ranked with scores, their wordings, and
    who said it where (speaker, type, cue, via chain, outlet, date, link)."""
    from reportedly.search import search_quotes

    with _opened(db) as store:
        result = search_quotes(store, text, stories=stories)
    if json_out:
        _print_json(result.to_dict())
        return
    if not result.stories and not result.others:
        console.print(f"nothing in the corpus matches {text!r}")
        raise typer.Exit(1)
    for s in result.stories:
        m = s.match
        console.print(
            f"[bold]story {m.cluster}[/] · score {m.score:.0f} · {m.articles} article(s)"
            + (f" · {escape(m.speaker)}" if m.speaker else ""),
            highlight=False,
        )
        for v in s.wordings:
            console.print(
                f"  [green]“{escape(_shorten(v.text, 160))}”[/] [dim]({len(v.articles)})[/]", highlight=False
            )
        for h in s.appearances:
            console.print("    " + _hit_line(h), highlight=False, soft_wrap=True)
    for m in result.more:
        console.print(
            f"[dim]also: story {m.cluster} · score {m.score:.0f} · {escape(_shorten(m.text, 90))}[/]",
            highlight=False,
        )
    if result.others:
        console.print(f"[bold]not linked to a story[/] ({len(result.others)})", highlight=False)
        for h in result.others:
            console.print(
                "    " + _hit_line(h) + f" [green]{escape(_shorten(h.text, 100))}[/]",
                highlight=False,
                soft_wrap=True,
            )


def _hit_line(h: Any) -> str:
    chain = [v for v in h.via if v != h.outlet]  # a chain ends at the publisher itself
    via = f" via {' > '.join(chain)}" if chain else ""
    where = " · ".join(x for x in ((h.published or "")[:10] or "undated", h.outlet or "unknown outlet") if x)
    how = f" · {h.edge}" if h.edge else ""
    return (
        f"{escape(where)} · [bold]{escape(h.speaker or '?')}[/] {escape(h.cue or '—')} "
        f"[dim]({escape(h.type or '')} {escape(h.kind or '')}){escape(via)}{how} · {escape(h.url or h.article[:10])}[/]"
    )
