"""A story's spread over time: appearances per day (or week) by outlet, as a stacked bar chart in
server-rendered SVG (no JS). The chart scales to the page's width; labels on the time axis are
spaced so that they never overlap."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from reportedly.model import Cluster

WIDTH = 720
PLOT_TOP = 16
PLOT_H = 150
LEFT = 48
RIGHT = 12
#: outlets with a colour of their own; the rest share "other outlets"
MAX_OUTLETS = 8
#: a story longer than this many days is counted by week
MAX_DAYS = 62
#: least room (px) between two labels on the time axis ("2026-03-02" at 11px)
LABEL_ROOM = 78
PALETTE = ("#2a7bd0", "#c2408a", "#2e8b3a", "#b38600", "#6a4fc8", "#d2691e", "#18948a", "#8b5a2b")
OTHER = "#9a9a9a"
LEGEND_ROW = 18


@dataclass(frozen=True, slots=True)
class Spread:
    """Counts per bucket (day or week start) and outlet, and the undated appearances."""

    buckets: list[date]
    week: bool
    outlets: list[str]
    counts: dict[tuple[date, str], int]
    undated: int


def spread(cluster: Cluster) -> Spread:
    days: list[tuple[date, str]] = []
    undated = 0
    for a in cluster.appearances:
        try:
            day = date.fromisoformat((a.published or "")[:10])
        except ValueError:
            undated += 1
            continue
        days.append((day, a.publisher or "unknown outlet"))
    if not days:
        return Spread([], False, [], {}, undated)
    first, last = min(d for d, _ in days), max(d for d, _ in days)
    week = (last - first).days + 1 > MAX_DAYS
    step = 7 if week else 1
    start = first - timedelta(days=first.weekday()) if week else first
    buckets = [start + timedelta(days=i) for i in range(0, (last - start).days + 1, step)]
    by_outlet = Counter(o for _, o in days)
    named = [o for o, _n in by_outlet.most_common(MAX_OUTLETS)]
    if len(by_outlet) > MAX_OUTLETS:
        named = named[: MAX_OUTLETS - 1]
    counts: Counter[tuple[date, str]] = Counter()
    for day, outlet in days:
        bucket = start + timedelta(days=((day - start).days // step) * step)
        counts[(bucket, outlet if outlet in named else "other outlets")] += 1
    outlets = named + (["other outlets"] if len(by_outlet) > len(named) else [])
    return Spread(buckets, week, outlets, dict(counts), undated)


def _e(text: object) -> str:
    return str(escape(str(text)))


def timeline_svg(cluster: Cluster) -> Markup:
    """The chart, or a one-line note when no appearance has a date."""
    s = spread(cluster)
    if not s.buckets:
        return Markup(f'<p class="muted timeline-none">No dated appearances ({s.undated} undated).</p>')
    colour = {
        o: (OTHER if o == "other outlets" else PALETTE[i % len(PALETTE)]) for i, o in enumerate(s.outlets)
    }
    totals = Counter[date]()
    for (bucket, _o), n in s.counts.items():
        totals[bucket] += n
    top = max(totals.values())
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / len(s.buckets)
    bar = max(min(slot * 0.8, 40), 1.5)
    base = PLOT_TOP + PLOT_H
    legend_cols = 3
    legend_rows = -(-len(s.outlets) // legend_cols)
    height = base + 34 + legend_rows * LEGEND_ROW + 8
    what = "week" if s.week else "day"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="appearances per {what} by outlet">',
        f"<title>appearances of story {cluster.id} per {what}, by outlet</title>",
    ]
    # the count axis: 0, the top, and a middle line when it is a whole number
    ticks = sorted({0, top} | ({top // 2} if top >= 4 else set()))
    for t in ticks:
        y = base - PLOT_H * t / top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{t}</text>')
    for i, bucket in enumerate(s.buckets):
        x = LEFT + i * slot + (slot - bar) / 2
        y = base
        for outlet in s.outlets:
            n = s.counts.get((bucket, outlet), 0)
            if not n:
                continue
            h = PLOT_H * n / top
            y -= h
            label = f"{'week of ' if s.week else ''}{bucket.isoformat()} · {outlet}: {n}"
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour[outlet]}" data-day="{bucket.isoformat()}" data-outlet="{_e(outlet)}" '
                f'data-count="{n}"><title>{_e(label)}</title></rect>'
            )
    # time labels far enough apart never to overlap, none past either edge
    every = max(1, math.ceil(LABEL_ROOM / slot))
    for i in range(0, len(s.buckets), every):
        cx = LEFT + i * slot + slot / 2
        if cx + LABEL_ROOM / 2 > WIDTH:
            break
        out.append(
            f'<text x="{cx:.1f}" y="{base + 16}" class="day-label" text-anchor="middle">'
            f"{s.buckets[i].isoformat()}</text>"
        )
    for i, outlet in enumerate(s.outlets):
        lx = LEFT + (i % legend_cols) * (plot_w / legend_cols)
        ly = base + 34 + (i // legend_cols) * LEGEND_ROW
        name = outlet if len(outlet) <= 26 else outlet[:25] + "…"
        out.append(
            f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{colour[outlet]}"/>'
            f'<text x="{lx + 17:.1f}" y="{ly}" class="legend-label">{_e(name)}</text>'
        )
    out.append("</svg>")
    note = f'<p class="muted">{s.undated} undated appearance{"" if s.undated == 1 else "s"} not on the chart.</p>'
    return Markup("".join(out) + (note if s.undated else ""))
