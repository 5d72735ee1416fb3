"""``reportedly read``: one article, shown or printed as a reportedly.report/1 document."""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated

import typer

from reportedly.cliapp import app, checked_date, console
from reportedly.settings import DEFAULT, MAX_BYTES_CAP


@app.command()
def read(
    source: Annotated[str, typer.Argument(help="A file path, an http(s) URL, or - for stdin.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the reportedly.report/1 JSON.")] = False,
    publisher: Annotated[str | None, typer.Option(help="Outlet that published the article.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the article lives (for files and stdin).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, ISO 8601.")] = None,
    max_bytes: Annotated[
        int | None, typer.Option(min=1, max=MAX_BYTES_CAP, help="Refuse inputs larger than this.")
    ] = None,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Show the marked-up article text.")] = True,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List every attribution (attitudes, questions, low confidence), not only speech and "
            "evidence at or above the confidence threshold. --json always carries everything.",
        ),
    ] = False,
    cue_lexicon: Annotated[
        str | None,
        typer.Option(help="Learned cue lexicon: a TSV file, or 'none' for curated verbs of speech alone."),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option("--allow-private-urls", help="Let a URL reach loopback and private addresses."),
    ] = False,
) -> None:
    """Read one article: who said what, through whom, with which numbers."""
    from reportedly.budget import Budget
    from reportedly.inputs import load_article
    from reportedly.pipeline import analyze
    from reportedly.render import render_report

    settings = dataclasses.replace(
        DEFAULT, max_bytes=max_bytes or DEFAULT.max_bytes, allow_private_urls=allow_private_urls
    )
    if cue_lexicon is not None:
        settings = dataclasses.replace(settings, cue_lexicon=cue_lexicon)
    # "-" goes through as is: load_article reads stdin up to the size limit
    published = checked_date(published, "--published")
    # the budget starts before reading: decoding and cleaning a huge page count too
    budget = Budget.start(settings)
    article = load_article(source, publisher=publisher, url=url, published=published, settings=settings)
    report = analyze(article, settings, budget)
    if json_out:
        sys.stdout.write(report.to_json() + "\n")
    else:
        render_report(report, console, show_text=text, everything=everything, settings=settings)
