"""The Typer application object and shared CLI helpers.

Command modules (``reportedly.commands.*``) register on ``app``; ``cli.main``
imports them and turns every ``ReportedlyError`` into one line on stderr.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console

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
