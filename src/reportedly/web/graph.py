"""A cluster's provenance graph, laid out in columns and drawn as SVG (server-side, no JS).

speaker ──said──> outlet ──reported──> first-hand articles ──cited / copied──> retellings ──> ...

The outlet column holds the *origins*: outlets with a first-hand appearance, and outlets
cited but missing from the corpus. Articles are grouped so that a story told by fifty
articles stays readable: one node per outlet for its first-hand reports and for its
citing retellings ("Daily Roundup · 3 articles"), and one node for all the copies of one
article ("4 copies"). A retelling sits one column to the right of the furthest thing it
came from, so every edge runs left to right. Labels live inside fixed boxes, cut to fit,
and edges carry no text (colour and dash, explained in the legend, tell their kind), so no
two labels can overlap. Groups with a conflicting discrepancy are drawn in red. Every label
is escaped; links are built from article ids only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from markupsafe import Markup, escape

from reportedly.model import Appearance, Cluster

NodeKind = Literal["speaker", "outlet", "article"]
EdgeKind = Literal["said", "reported", "cited", "copied"]

NODE_W = {"speaker": 170, "outlet": 170, "article": 230}
NODE_H = 46
GAP = 14
TOP = 84
LEFT = 16
#: horizontal room between columns, for the edges
COL_GAP = 64
#: average glyph width (px) of the 12px label font, bold; labels are cut to the box with it
GLYPH = 7.4
#: colour and dash per edge kind; the dash and the legend keep them apart without colour
EDGE_STYLE: dict[str, tuple[str, str]] = {
    "said": ("#555555", ""),
    "reported": ("#1f5fa8", ""),
    "cited": ("#c06000", "6 4"),
    "copied": ("#7a3fa0", "2 3"),
}


@dataclass(slots=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    sub: str = ""
    href: str | None = None
    conflict: bool = False
    #: the column (0 speaker, 1 outlet, 2 first-hand articles, 3... retellings)
    column: int = 0
    #: how many articles the node stands for
    count: int = 1
    #: first date among them (ordering within a column)
    first: str = ""
    x: float = 0.0
    y: float = 0.0

    @property
    def w(self) -> int:
        return NODE_W[self.kind]


@dataclass(frozen=True, slots=True)
class GraphEdge:
    kind: EdgeKind
    source: str
    target: str


@dataclass(slots=True)
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    width: int = 0
    height: int = 0
    #: the edges again, to refuse a second copy in constant time (hundreds of articles share one)
    drawn: set[GraphEdge] = field(default_factory=set)

    def add_node(self, node: Node) -> Node:
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, kind: EdgeKind, source: str, target: str) -> None:
        edge = GraphEdge(kind, source, target)
        if source in self.nodes and target in self.nodes and source != target and edge not in self.drawn:
            self.drawn.add(edge)
            self.edges.append(edge)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: max(n - 1, 1)] + "…"


def _group_key(a: Appearance, copy_source: dict[str, str]) -> tuple[str, str]:
    if a.edge == "first-hand":
        return ("first", a.publisher or "unknown outlet")
    if a.edge == "copied":
        return ("copy", copy_source.get(a.article) or a.publisher or "unknown outlet")
    return ("cited", a.publisher or "unknown outlet")


def layout(cluster: Cluster, max_articles: int | None = None) -> Graph:
    """Nodes and edges of ``cluster``: its first ``max_articles`` appearances (all when None)."""
    g = Graph()
    appearances = cluster.appearances[:max_articles] if max_articles else cluster.appearances
    numbers = {a.article: n for n, a in enumerate(cluster.appearances, 1)}
    conflicted = {d.article for d in cluster.discrepancies if d.conflict}
    in_cluster = {a.article for a in appearances}
    copy_source = {
        a.article: s.article
        for a in appearances
        if a.edge == "copied"
        for s in a.sources
        if s.article in in_cluster
    }
    groups: dict[tuple[str, str], list[Appearance]] = defaultdict(list)
    for a in appearances:
        groups[_group_key(a, copy_source)].append(a)
    node_of: dict[str, str] = {}
    for key, members in groups.items():
        nid = f"a:{members[0].article}" if len(members) == 1 else f"g:{key[0]}:{key[1]}"
        for a in members:
            node_of[a.article] = nid
        g.add_node(_article_node(nid, key, members, numbers, conflicted))

    for a in appearances:
        if a.edge == "first-hand" and a.publisher:
            speaker = a.speaker or cluster.speaker or "unattributed"
            g.add_node(Node(f"s:{speaker}", "speaker", speaker, "speaker", column=0))
            g.add_node(Node(f"o:{a.publisher}", "outlet", a.publisher, "outlet", column=1))
        for s in a.sources:
            if s.article not in in_cluster and s.outlet:
                g.add_node(Node(f"o:{s.outlet}", "outlet", s.outlet, "outlet, not in corpus", column=1))
    for a in appearances:
        node = node_of[a.article]
        if a.edge == "first-hand":
            speaker = a.speaker or cluster.speaker or "unattributed"
            if a.publisher:
                g.add_edge("said", f"s:{speaker}", f"o:{a.publisher}")
                g.add_edge("reported", f"o:{a.publisher}", node)
            continue
        kind: EdgeKind = "copied" if a.edge == "copied" else "cited"
        for s in a.sources:
            if s.article in in_cluster:
                g.add_edge(kind, node_of[s.article], node)
            elif s.outlet:
                g.add_edge(kind, f"o:{s.outlet}", node)
    _columns(g)
    _place(g)
    return g


def _article_node(
    nid: str, key: tuple[str, str], members: list[Appearance], numbers: dict[str, int], conflicted: set[str]
) -> Node:
    how, name = key
    dates = sorted(a.published[:10] for a in members if a.published)
    span = (dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}") if dates else "undated"
    edge = "first-hand" if how == "first" else "copied" if how == "copy" else "cited"
    one = members[0]
    if len(members) == 1:
        label = f"{numbers[one.article]}. {one.publisher or 'unknown outlet'}"
        sub = f"{one.published or 'undated'} · {one.edge}"
        href: str | None = f"/articles/{quote(one.article, safe='')}"
    elif how == "copy":
        outlets = sorted({a.publisher or "unknown" for a in members})
        label = f"{len(members)} copies"
        sub = f"{span} · {', '.join(outlets)}"
        href = None
    else:
        label = f"{name} · {len(members)} articles"
        sub = f"{span} · {edge}"
        href = f"/articles?outlet={quote(name, safe='')}"
    return Node(
        nid,
        "article",
        label,
        sub,
        href=href,
        conflict=any(a.article in conflicted for a in members),
        column=2,
        count=len(members),
        first=dates[0] if dates else "9999",
    )


def _columns(g: Graph) -> None:
    """A retelling sits one column right of the furthest thing it came from (first-hand at 2)."""
    sources: dict[str, list[str]] = defaultdict(list)
    for e in g.edges:
        if e.kind in ("cited", "copied"):
            sources[e.target].append(e.source)
    done: dict[str, int] = {}

    def column(nid: str, path: frozenset[str]) -> int:
        if nid in done:
            return done[nid]
        node = g.nodes[nid]
        col = node.column
        if node.kind == "article" and sources.get(nid):
            # a cycle (two outlets citing each other's articles) is cut where it closes
            col = max([3, *(column(s, path | {nid}) + 1 for s in sources[nid] if s not in path and s != nid)])
        done[nid] = col
        return col

    for nid in g.nodes:
        g.nodes[nid].column = column(nid, frozenset())


def _place(g: Graph) -> None:
    columns: dict[int, list[Node]] = defaultdict(list)
    for node in g.nodes.values():
        columns[node.column].append(node)
    into: dict[str, list[str]] = defaultdict(list)
    for e in g.edges:
        into[e.target].append(e.source)
    x = LEFT
    tallest = max((len(c) for c in columns.values()), default=0)
    full = tallest * (NODE_H + GAP)
    for col in sorted(columns):
        nodes = columns[col]
        # near what they came from (the mean row of their sources), then by date: fewer crossings
        nodes.sort(
            key=lambda n: (
                sum(g.nodes[s].y for s in into[n.id]) / len(into[n.id]) if into[n.id] else 0.0,
                n.first,
                n.label,
            )
        )
        offset = TOP + (full - len(nodes) * (NODE_H + GAP)) / 2
        for i, node in enumerate(nodes):
            node.x = x
            node.y = offset + i * (NODE_H + GAP)
        x += max(n.w for n in nodes) + COL_GAP
    g.width = int(max(x - COL_GAP + LEFT, 600))
    g.height = int(TOP + full + 20)


def _e(text: str) -> str:
    return str(escape(text))


def render_svg(g: Graph, title: str = "provenance graph") -> Markup:
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" '
        f'viewBox="0 0 {g.width} {g.height}" width="{g.width}" height="{g.height}" '
        f'aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        "<defs>",
    ]
    for kind, (colour, _dash) in EDGE_STYLE.items():
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
            "</marker>"
        )
    out.append("</defs>")
    out.extend(_legend(g))
    for edge in g.edges:
        a, b = g.nodes[edge.source], g.nodes[edge.target]
        colour, dash = EDGE_STYLE[edge.kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        x1, y1 = a.x + a.w, a.y + NODE_H / 2
        x2, y2 = b.x - 2, b.y + NODE_H / 2
        if x2 <= x1:  # a cycle's closing edge: around the right of both boxes
            bend = max(x1, b.x + b.w) + 30
            path = f"M{x1:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},{y2:.0f} {b.x + b.w + 2:.0f},{y2:.0f}"
        else:
            mid = (x1 + x2) / 2
            path = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        out.append(
            f'<g class="edge edge-{edge.kind}" data-kind="{edge.kind}">'
            f"<title>{_e(a.label)} {edge.kind} → {_e(b.label)}</title>"
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr} '
            f'marker-end="url(#arrow-{edge.kind})"/></g>'
        )
    for node in g.nodes.values():
        out.append(_node(node))
    out.append("</svg>")
    return Markup("".join(out))


def _fit(text: str, width: float) -> str:
    return _short(text, int(width / GLYPH))


def _node(node: Node) -> str:
    cls = (
        f"node node-{node.kind}"
        + (" conflict" if node.conflict else "")
        + (" group" if node.count > 1 else "")
    )
    room = node.w - 20 - (14 if node.conflict else 0)
    label = _e(_fit(node.label, room))
    sub = _e(_fit(node.sub, room * 1.1))
    flag = (
        f'<text x="{node.x + node.w - 14:.0f}" y="{node.y + 18:.0f}" class="flag" '
        'aria-label="discrepancy">!</text>'
        if node.conflict
        else ""
    )
    body = (
        f"<title>{_e(node.label)} ({_e(node.sub)})</title>"
        f'<rect x="{node.x:.0f}" y="{node.y:.0f}" width="{node.w}" height="{NODE_H}" rx="6"/>'
        f'<text x="{node.x + 10:.0f}" y="{node.y + 19:.0f}" class="label">{label}</text>'
        f'<text x="{node.x + 10:.0f}" y="{node.y + 36:.0f}" class="sub">{sub}</text>{flag}'
    )
    data = f'data-node="{_e(node.id)}" data-count="{node.count}"'
    if node.href:
        return f'<a href="{_e(node.href)}" class="{cls}" {data}>{body}</a>'
    return f'<g class="{cls}" {data}>{body}</g>'


def _legend(g: Graph) -> list[str]:
    out = ['<g class="legend">']
    x = LEFT
    for kind, (colour, dash) in EDGE_STYLE.items():
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="20" x2="{x + 34}" y2="20" stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{x + 40}" y="24" class="legend-label">{kind}</text>'
        )
        x += 110
    out.append(f'<rect x="{x}" y="12" width="16" height="14" rx="3" class="legend-conflict"/>')
    out.append(f'<text x="{x + 22}" y="24" class="legend-label">discrepancy (!)</text>')
    heads = {0: "speakers", 1: "outlets", 2: "first-hand"}
    seen: dict[int, float] = {}
    for node in g.nodes.values():
        seen.setdefault(node.column, node.x)
    for col, cx in sorted(seen.items()):
        out.append(f'<text x="{cx:.0f}" y="60" class="col-head">{heads.get(col, "retold")}</text>')
    out.append("</g>")
    return out
