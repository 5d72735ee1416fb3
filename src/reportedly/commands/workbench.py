"""The fact-checker's commands: ``speaker`` (merge, split, rename, hide, alias, aliases FILE).

Edits are stored in the database and apply to every list, page and export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportedly.cliapp import app, err_console
from reportedly.commands.corpus import DbOption, _opened

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
        shown = store.speaker(key)[1]
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
