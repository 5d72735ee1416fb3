"""One report as HTML: the clean text with attributions, cues, sources and quantities marked.

Spans may overlap (a quantity inside a quote, two attributions sharing a
cue), so the text is cut at every span boundary and each piece is wrapped in
the marks that cover it, properly nested: a mark that must close while an
inner one is still open is closed and reopened around the inner one. Every
piece of text goes through ``escape``; the only markup is ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

from reportedly.model import Attribution, Report

#: speaker colour classes in the stylesheet (``s0`` … ``s9``), cycled
N_COLOURS = 10


def speaker_label(att: Attribution) -> str:
    """Who said it: the resolved speakers, else the source as written (mirrors ``render``)."""
    return " & ".join(s.name for s in att.speakers) or (att.source.text if att.source else "unattributed")


def via_label(att: Attribution) -> str:
    return " › ".join(v.name for v in att.via)


@dataclass(frozen=True, slots=True)
class Marked:
    """One attribution as the article page lists it beside the text."""

    number: int
    id: str
    colour: int
    speaker: str
    speaker_key: str | None
    via: list[str]
    cue: str | None
    kind: str
    content: str
    confidence: float
    chain: str
    type: str = "speech"


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    order: int
    open_first: str
    open_again: str
    close: str
    pieces: int = field(default=0)


def speaker_colours(report: Report) -> dict[str, int]:
    """A colour index per speaker (first entity, else the attribution), in order of appearance."""
    colours: dict[str, int] = {}
    for att in report.attributions:
        key = _colour_key(att)
        colours.setdefault(key, len(colours) % N_COLOURS)
    return colours


def _colour_key(att: Attribution) -> str:
    if att.speakers:
        return att.speakers[0].entity or att.speakers[0].name
    return f"att:{att.id}"


def chain_text(att: Attribution, publisher: str | None) -> str:
    """The via chain in words: "Ruth Calloway → Northline → Daily Roundup"."""
    steps = [speaker_label(att), *(v.name for v in att.via)]
    if publisher and (not steps or steps[-1] != publisher):
        steps.append(publisher)
    return " → ".join(steps)


def attribution_list(report: Report, speaker_keys: dict[str, str] | None = None) -> list[Marked]:
    from reportedly.store.names import name_key

    colours = speaker_colours(report)
    out = []
    for n, att in enumerate(report.attributions, 1):
        first = att.speakers[0] if att.speakers else None
        key = name_key(first.name, first.kind) if first else None
        if key and speaker_keys:
            key = speaker_keys.get(key, key)
        out.append(
            Marked(
                number=n,
                id=att.id,
                colour=colours[_colour_key(att)],
                speaker=speaker_label(att),
                speaker_key=key,
                via=[v.name for v in att.via],
                cue=att.cue.text if att.cue else None,
                kind=att.kind,
                type=att.type,
                content=att.content_text,
                confidence=att.confidence,
                chain=chain_text(att, report.article.publisher),
            )
        )
    return out


def _attr(value: str) -> str:
    return str(escape(value))


def marks_for(report: Report) -> list[_Mark]:
    text_len = len(report.article.text)
    colours = speaker_colours(report)
    marks: list[_Mark] = []
    order = 0

    def add(start: int, end: int, first: str, again: str, close: str) -> None:
        nonlocal order
        start, end = max(0, start), min(text_len, end)
        if end > start:
            marks.append(_Mark(start, end, order, first, again, close))
            order += 1

    publisher = report.article.publisher
    for n, att in enumerate(report.attributions, 1):
        colour = colours[_colour_key(att)]
        tip = f"[{n}] {chain_text(att, publisher)} · {att.cue.text if att.cue else 'no cue'} · {att.kind}"
        common = f'class="att s{colour}" data-att="{_attr(att.id)}" data-n="{n}" data-tip="{_attr(tip)}"'
        for i, span in enumerate(sorted(att.content, key=lambda s: s.start)):
            again = f"<mark {common}>"
            # the first piece carries the anchor, the focus stop and the [n] tag
            first = (
                f'<mark {common} id="att-{_attr(att.id)}" tabindex="0">'
                f'<span class="tag" aria-hidden="true">{n}</span>'
                if i == 0
                else again
            )
            add(span.start, span.end, first, again, "</mark>")
        if att.cue:
            add(att.cue.start, att.cue.end, '<b class="cue">', '<b class="cue">', "</b>")
        if att.source:
            cls = f'class="src s{colour}" data-att="{_attr(att.id)}"'
            add(att.source.start, att.source.end, f"<span {cls}>", f"<span {cls}>", "</span>")
    for q in report.quantities:
        title = _quantity_title(q.value, q.low, q.high, q.relation, q.counted)
        opener = f'<span class="qty" title="{_attr(title)}">'
        add(q.span.start, q.span.end, opener, opener, "</span>")
    return marks


def _quantity_title(
    value: float | None, low: float | None, high: float | None, relation: str, counted: str | None
) -> str:
    if value is not None:
        amount = f"{relation} {value:g}" if relation != "=" else f"{value:g}"
    elif low is not None and high is not None:
        amount = f"{low:g}–{high:g}"
    else:
        amount = "an amount"
    return f"quantity: {amount}" + (f" {counted}" if counted else "")


def render_marked(report: Report) -> Markup:
    """The article text as HTML (for a ``white-space: pre-wrap`` block), all content escaped."""
    text = report.article.text
    marks = marks_for(report)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    for a, b in pairwise(cuts):
        # outer (earlier start, longer) marks open first so nesting follows the text
        wanted = sorted(
            (m for m in marks if m.start <= a and m.end >= b), key=lambda m: (m.start, -m.end, m.order)
        )
        wanted_ids = {id(m) for m in wanted}
        # keep the longest prefix of the open stack that is still wanted; close the rest
        keep = 0
        while keep < len(stack) and id(stack[keep]) in wanted_ids:
            keep += 1
        while len(stack) > keep:
            out.append(stack.pop().close)
        open_ids = {id(m) for m in stack}
        for m in wanted:
            if id(m) not in open_ids:
                out.append(m.open_first if m.pieces == 0 else m.open_again)
                m.pieces += 1
                stack.append(m)
        out.append(str(escape(text[a:b])))
    while stack:
        out.append(stack.pop().close)
    return Markup("".join(out))
