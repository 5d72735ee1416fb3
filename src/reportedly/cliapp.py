"""The Typer application object and shared CLI helpers.

Command modules (``reportedly.commands.*``) register on ``app``; ``cli.main``
imports them and turns every ``ReportedlyError`` into one line on stderr.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console

from reportedly import dates
from reportedly.errors import ReportedlyError

app = typer.Typer(
    name="reportedly",
    help="Who said what, who reported it, and how far it travelled.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit non-zero (never a traceback)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


def checked_date(value: str | None, option: str) -> str | None:
    """``value`` if ``reportedly.dates`` reads a day with its year in it, else one line and exit 1
    ("March 2" is ambiguous without a year, and a date the store cannot read would drop the
    article from date filters)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        dates.user_date(value, option)
    except ReportedlyError:
        fail(f"{option} {value!r} is not a date (use YYYY-MM-DD or an ISO 8601 timestamp)")
    return value
