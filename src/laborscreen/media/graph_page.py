"""The provenance graph drawn as one self-contained HTML page (inline SVG, no script).

Columns follow the attribution chains: the documents read, then the outlets
that published them, then whom each cites, down to the origins. A source that
ends a chain whose origin was not located is drawn in red; every allegation
group is listed below the drawing with its earliest known source. The page is
written by ``laborscreen media export --format html`` and served by the
service; it fetches nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from laborscreen.media.provenance import Provenance

#: Edges that lead from a document or source towards where its content came from.
_FORWARD = frozenset({"published_by", "cites", "origin", "links_to", "forwards", "names_outlet"})

COLUMN_WIDTH = 260
ROW_HEIGHT = 46
NODE_WIDTH = 210
NODE_HEIGHT = 32
MARGIN = 16


@dataclass(frozen=True, slots=True)
class PlacedNode:
    id: str
    kind: str  # document | source
    label: str
    x: int
    y: int
    unlocated: bool  # ends a chain whose origin was not located


@dataclass(frozen=True, slots=True)
class PlacedEdge:
    kind: str
    path: str  # SVG path data


def _depths(graph: Provenance) -> dict[str, int]:
    """Each document and source node's column: its longest distance from a document."""
    nodes = {n.id for n in graph.nodes.values() if n.kind in ("document", "source")}
    out: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        if edge.kind in _FORWARD and edge.source in nodes and edge.target in nodes:
            out[edge.source].add(edge.target)
    depth = {n: 0 for n in nodes if graph.nodes[n].kind == "document"}
    if not depth:
        depth = dict.fromkeys(nodes, 0)
    # longest path by relaxation, bounded by the node count (a cycle stops growing)
    for _ in range(len(nodes)):
        changed = False
        for node, level in list(depth.items()):
            for target in out[node]:
                if depth.get(target, -1) < level + 1 <= len(nodes):
                    depth[target] = level + 1
                    changed = True
        if not changed:
            break
    for node in nodes:
        depth.setdefault(node, 0)
    return depth


def _unlocated(graph: Provenance) -> set[str]:
    """Sources at the end of a chain whose claim's origin was not located."""
    located = {
        n.id: bool(n.data.get("origin_located", True))
        for n in graph.nodes.values()
        if n.kind == "claim"
    }
    last: dict[str, str] = {}
    for edge in graph.edges:
        if edge.kind in ("cites", "origin") and edge.claim_id:
            last[edge.claim_id] = edge.target
    return {target for claim, target in last.items() if not located.get(claim, True)}


def layout(graph: Provenance) -> tuple[list[PlacedNode], list[PlacedEdge], int, int]:
    """Nodes placed in columns by depth, edges as curves; and the drawing's width, height."""
    depth = _depths(graph)
    unlocated = _unlocated(graph)
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(depth, key=lambda n: (depth[n], graph.nodes[n].label.casefold())):
        columns[depth[node]].append(node)
    placed: dict[str, PlacedNode] = {}
    for column, members in columns.items():
        for row, node in enumerate(members):
            item = graph.nodes[node]
            placed[node] = PlacedNode(
                node,
                item.kind,
                item.label,
                MARGIN + column * COLUMN_WIDTH,
                MARGIN + row * ROW_HEIGHT,
                node in unlocated,
            )
    edges: list[PlacedEdge] = []
    seen: set[tuple[str, str, str]] = set()
    for edge in graph.edges:
        a, b = placed.get(edge.source), placed.get(edge.target)
        if a is None or b is None or (edge.source, edge.target, edge.kind) in seen:
            continue
        seen.add((edge.source, edge.target, edge.kind))
        x1, y1 = a.x + NODE_WIDTH, a.y + NODE_HEIGHT // 2
        x2, y2 = b.x, b.y + NODE_HEIGHT // 2
        if x2 <= x1:  # a link back or within a column: go round below
            x2, y2 = b.x + NODE_WIDTH // 2, b.y + NODE_HEIGHT
        bend = max(30, (x2 - x1) // 2)
        edges.append(
            PlacedEdge(edge.kind, f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}")
        )
    width = MARGIN * 2 + (max(columns, default=0) + 1) * COLUMN_WIDTH
    height = MARGIN * 2 + max((len(m) for m in columns.values()), default=1) * ROW_HEIGHT
    return list(placed.values()), edges, width, height


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("laborscreen.media", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def drawing(graph: Provenance) -> dict[str, Any]:
    """What a page needs to draw ``graph`` and list its allegations (template variables)."""
    nodes, edges, width, height = layout(graph)
    return {
        "nodes": nodes,
        "edges": edges,
        "width": width,
        "height": height,
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
        "groups": graph.groups,
        "claim_labels": {n.id: n.label for n in graph.nodes.values() if n.kind == "claim"},
        "documents": len(graph.documents),
    }


def render_graph_page(graph: Provenance, title: str = "Adverse media: provenance") -> str:
    """The whole page as HTML text."""
    return _environment().get_template("graph.html.j2").render(title=title, **drawing(graph))
