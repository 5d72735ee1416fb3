"""A cluster's provenance graph, laid out in three columns and drawn as SVG (server-side, no JS).

speaker ──said──> outlet ──reported──> article ──cited / copied──> article

The outlet column holds the *origins*: outlets with a first-hand appearance, and
outlets cited but missing from the corpus. Every other article hangs off the
article (or outlet) it cited or copied; those edges arc to the right of the
article column. Articles with a conflicting discrepancy are drawn in red.
Every label is escaped; links are built from article ids only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from markupsafe import Markup, escape

from reportedly.model import Cluster

NodeKind = Literal["speaker", "outlet", "article"]
EdgeKind = Literal["said", "reported", "cited", "copied"]

NODE_W = {"speaker": 170, "outlet": 170, "article": 250}
COL_X = {"speaker": 16, "outlet": 250, "article": 484}
NODE_H = 46
GAP = 14
TOP = 64
ARC_SPACE = 150
#: colour and dash per edge kind; the dash and the label keep them apart without colour
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

    def add_node(self, node: Node) -> Node:
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, kind: EdgeKind, source: str, target: str) -> None:
        edge = GraphEdge(kind, source, target)
        if source in self.nodes and target in self.nodes and edge not in self.edges:
            self.edges.append(edge)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def layout(cluster: Cluster, max_articles: int | None = None) -> Graph:
    """Nodes and edges of ``cluster``: its first ``max_articles`` appearances (all when None)."""
    g = Graph()
    appearances = cluster.appearances[:max_articles] if max_articles else cluster.appearances
    conflicted = {d.article for d in cluster.discrepancies if d.conflict}
    in_cluster = {a.article for a in appearances}
    for a in appearances:
        if a.edge == "first-hand" and a.publisher:
            speaker = a.speaker or cluster.speaker or "unattributed"
            g.add_node(Node(f"s:{speaker}", "speaker", speaker, "speaker"))
            g.add_node(Node(f"o:{a.publisher}", "outlet", a.publisher, "outlet"))
        for s in a.sources:
            if s.article not in in_cluster and s.outlet:
                g.add_node(Node(f"o:{s.outlet}", "outlet", s.outlet, "outlet, not in corpus"))
    for n, a in enumerate(appearances, 1):
        g.add_node(
            Node(
                f"a:{a.article}",
                "article",
                f"{n}. {a.publisher or 'unknown outlet'}",
                f"{a.published or 'undated'} · {a.edge}",
                href=f"/articles/{quote(a.article, safe='')}",
                conflict=a.article in conflicted,
            )
        )
    for a in appearances:
        node = f"a:{a.article}"
        if a.edge == "first-hand":
            speaker = a.speaker or cluster.speaker or "unattributed"
            if a.publisher:
                g.add_edge("said", f"s:{speaker}", f"o:{a.publisher}")
                g.add_edge("reported", f"o:{a.publisher}", node)
            continue
        kind: EdgeKind = "copied" if a.edge == "copied" else "cited"
        for s in a.sources:
            if s.article in in_cluster:
                g.add_edge(kind, f"a:{s.article}", node)
            elif s.outlet:
                g.add_edge(kind, f"o:{s.outlet}", node)
    _place(g)
    return g


def _place(g: Graph) -> None:
    columns: dict[str, list[Node]] = {"speaker": [], "outlet": [], "article": []}
    for node in g.nodes.values():
        columns[node.kind].append(node)
    tallest = max((len(c) for c in columns.values()), default=0)
    full = tallest * (NODE_H + GAP)
    for kind, nodes in columns.items():
        offset = TOP + (full - len(nodes) * (NODE_H + GAP)) / 2
        for i, node in enumerate(nodes):
            node.x = COL_X[kind]
            node.y = offset + i * (NODE_H + GAP)
    g.width = COL_X["article"] + NODE_W["article"] + ARC_SPACE
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
    out.extend(_legend())
    arcs = 0
    for edge in g.edges:
        a, b = g.nodes[edge.source], g.nodes[edge.target]
        colour, dash = EDGE_STYLE[edge.kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if a.kind == "article" and b.kind == "article":
            # article to article: an arc to the right of the column, wider for each one drawn
            x = a.x + a.w
            y1, y2 = a.y + NODE_H / 2, b.y + NODE_H / 2
            # longer jumps bend further out, so arcs between neighbours stay inside wider ones
            rows = abs(y2 - y1) / (NODE_H + GAP)
            bend = x + 22 + 18 * min(rows, 6) + 4 * (arcs % 3)
            arcs += 1
            path = f"M{x:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},{y2:.0f} {x + 2:.0f},{y2:.0f}"
            lx, ly = x + 0.75 * (bend - x) + 2, (y1 + y2) / 2 + 3
        else:
            x1, y1 = a.x + a.w, a.y + NODE_H / 2
            x2, y2 = b.x - 2, b.y + NODE_H / 2
            mid = (x1 + x2) / 2
            path = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
            lx, ly = mid, (y1 + y2) / 2 - 3
        out.append(
            f'<g class="edge edge-{edge.kind}" data-kind="{edge.kind}">'
            f"<title>{_e(a.label)} {edge.kind} → {_e(b.label)}</title>"
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr} '
            f'marker-end="url(#arrow-{edge.kind})"/>'
            f'<text x="{lx:.0f}" y="{ly:.0f}" class="edge-label" text-anchor="middle">{edge.kind}</text></g>'
        )
    for node in g.nodes.values():
        out.append(_node(node))
    out.append("</svg>")
    return Markup("".join(out))


def _node(node: Node) -> str:
    cls = f"node node-{node.kind}" + (" conflict" if node.conflict else "")
    chars = node.w // 8
    label = _e(_short(node.label, chars))
    sub = _e(_short(node.sub, chars + 4))
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
    data = f'data-node="{_e(node.id)}"'
    if node.href:
        return f'<a href="{_e(node.href)}" class="{cls}" {data}>{body}</a>'
    return f'<g class="{cls}" {data}>{body}</g>'


def _legend() -> list[str]:
    out = ['<g class="legend">']
    for col in ("speaker", "outlet", "article"):
        out.append(f'<text x="{COL_X[col]}" y="20" class="col-head">{col}s</text>')
    x = 16
    for kind, (colour, dash) in EDGE_STYLE.items():
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="40" x2="{x + 34}" y2="40" stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{x + 40}" y="44" class="legend-label">{kind}</text>'
        )
        x += 110
    out.append(f'<rect x="{x}" y="32" width="16" height="14" rx="3" class="legend-conflict"/>')
    out.append(f'<text x="{x + 22}" y="44" class="legend-label">discrepancy (!)</text>')
    out.append("</g>")
    return out
