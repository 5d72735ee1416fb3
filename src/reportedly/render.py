"""The terminal view of a Report: marked text, who-said-what table, quantities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reportedly.model import Attribution, Report
from reportedly.settings import DEFAULT, Settings

#: attributions below this confidence are dimmed in the table
LOW_CONFIDENCE = 0.5
#: below this many columns the who-said-what table becomes a list
WIDE = 110
#: one colour per speaker, cycled; the [n] tag is the non-colour marker
PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")


def visible(report: Report, settings: Settings = DEFAULT, everything: bool = False) -> Report:
    """The report as a default view lists it: only the types and confidence ``settings`` shows
    (every attribution with ``everything``); numbers keep their text but lose a hidden link."""
    if everything:
        return report
    return keep_only(report, lambda a: settings.shows(a.type, a.confidence))


def keep_only(report: Report, keep_if: Callable[[Attribution], bool]) -> Report:
    """The report with only the attributions ``keep_if`` accepts; a number that belonged to a
    dropped one keeps its text but loses the link."""
    keep = [a for a in report.attributions if keep_if(a)]
    ids = {a.id for a in keep}
    quantities = [
        q if q.attribution in ids or q.attribution is None else replace(q, attribution=None)
        for q in report.quantities
    ]
    return Report(report.article, keep, quantities, report.entities)


def hidden_note(report: Report, shown: Report) -> str | None:
    """'3 more (attitude, question or below 0.5): --all shows them', or None."""
    n = len(report.attributions) - len(shown.attributions)
    return (
        f"{n} more attribution(s) not shown (attitudes, questions, or low confidence): --all lists them"
        if n
        else None
    )


def speaker_label(att: Attribution) -> str:
    return " & ".join(s.name for s in att.speakers) or (att.source.text if att.source else "?")


def via_label(att: Attribution) -> str:
    return ", ".join(v.name for v in att.via)


def marked_text(report: Report) -> Text:
    text = report.article.text
    out = Text(text)
    colours: dict[str, str] = {}
    for att in report.attributions:
        key = att.speakers[0].entity if att.speakers else att.id
        colour = colours.setdefault(key, PALETTE[len(colours) % len(PALETTE)])
        for span in att.content:
            out.stylize(f"{colour}", span.start, span.end)
        if att.cue:
            out.stylize("bold underline", att.cue.start, att.cue.end)
        if att.source:
            out.stylize(f"bold {colour}", att.source.start, att.source.end)
    for q in report.quantities:
        out.stylize("reverse", q.span.start, q.span.end)
    # [n] tags after the fact, right to left so earlier offsets stay valid
    tags = sorted(((att.content[0].start, n) for n, att in enumerate(report.attributions, 1)), reverse=True)
    for pos, n in tags:
        out = out[:pos] + Text(f"[{n}]", style="dim") + out[pos:]
    return out


def attribution_table(report: Report) -> Table:
    table = Table(title="Who said what", show_lines=False, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold", max_width=26)
    table.add_column("via", max_width=22)
    table.add_column("cue", max_width=14)
    table.add_column("kind", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("content", ratio=1, min_width=40)
    for n, att in enumerate(report.attributions, 1):
        content = att.content_text
        if len(content) > 160:
            content = content[:157] + "…"
        table.add_row(
            str(n),
            speaker_label(att),
            via_label(att),
            att.cue.text if att.cue else "—",
            att.kind,
            att.type,
            content,
            # a verb the engine knows only from annotated data, and rarely right: shown, dimmed
            style="dim" if att.confidence < LOW_CONFIDENCE else None,
        )
    return table


def attribution_list(report: Report) -> Text:
    """The same facts as the table, one block per attribution, for narrow terminals."""
    out = Text("Who said what\n", style="bold")
    for n, att in enumerate(report.attributions, 1):
        out.append(f"[{n}] ", style="dim")
        out.append(speaker_label(att), style="bold")
        if att.via:
            out.append(f" via {via_label(att)}")
        out.append(f" · {att.cue.text if att.cue else '—'} · {att.kind} · {att.type}\n", style="dim")
        out.append(f"    {att.content_text}\n")
    return out


def quantity_table(report: Report) -> Table:
    ids = {a.id: n for n, a in enumerate(report.attributions, 1)}
    table = Table(title="Numbers claimed", expand=False)
    for col in ("text", "value", "relation", "counts", "said in"):
        table.add_column(col)
    for q in report.quantities:
        if q.value is not None:
            value = _num(q.value)
        elif q.low is not None and q.high is not None:
            value = f"{_num(q.low)}–{_num(q.high)}"
        else:
            value = "?"
        table.add_row(
            q.span.text,
            value,
            q.relation,
            q.counted or "",
            f"[{ids[q.attribution]}]" if q.attribution in ids else "",
        )
    return table


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0")


def render_report(
    report: Report,
    console: Console,
    *,
    show_text: bool = True,
    everything: bool = False,
    settings: Settings = DEFAULT,
) -> None:
    full, report = report, visible(report, settings, everything)
    art = report.article
    meta = [x for x in (art.publisher, ", ".join(art.byline), art.published, art.url) if x]
    head = Text(art.title or "(untitled)", style="bold")
    if meta:
        head.append("\n" + " · ".join(meta), style="dim")
    parts: list[object] = [head]
    if show_text:
        parts.append(Text(""))
        parts.append(marked_text(report))
    console.print(Panel(Group(*parts), title=f"article {art.id}", title_align="left"))  # type: ignore[arg-type]
    if report.attributions and console.width >= WIDE:
        console.print(attribution_table(report))
    elif report.attributions:
        console.print(attribution_list(report))
    else:
        console.print("[dim]no attributions found[/]")
    note = hidden_note(full, report)
    if note:
        console.print(f"[dim]{note}[/]")
    if report.quantities:
        console.print(quantity_table(report))
    if art.removed:
        removed = Text("removed while cleaning: ", style="dim")
        removed.append("; ".join(f"{r.why}: {r.text[:50]!r}" for r in art.removed), style="dim")
        console.print(removed)
    if art.original:
        console.print(f"[dim]says it is a copy of:[/] {art.original}")
