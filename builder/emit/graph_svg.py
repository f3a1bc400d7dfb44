"""Graphs drawn as inline SVG at build time: the connections page's network and an entity
page's neighbourhood.

Each node is a link to its entity's page with the name in a <title> (a tooltip); its colour
comes from its type's class (``archive-graph-person``...), which graph.css colours through
custom properties (a dark scheme may set them again). Every name is escaped. The drawings
are hidden from assistive technology (``aria-hidden``, their links out of the tab order):
the page gives the same in a table or list beside them, which a keyboard reaches.
"""

from __future__ import annotations

import html
import math

from builder.emit.connections import HEIGHT, WIDTH, Graph
from builder.emit.graph_layout import radial
from builder.emit.markdown import counted

LABELS = 30
"""The nodes of the connections graph that carry their name (the first, by documents)."""
LONGEST = 26
"""Characters of a name shown as a label (the whole name is in the node's title)."""


def _n(value: float) -> str:
    """A number as the SVG has it: one decimal at most."""
    return f"{round(value, 1):g}"


def _short(name: str, longest: int = LONGEST) -> str:
    name = " ".join(name.split())
    return name if len(name) <= longest else name[:longest - 1].rstrip() + "…"


def _label(text: str, x: float, y: float, anchor: str = "start", longest: int = LONGEST) -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{html.escape(_short(text, longest))}</text>'


def largest_radius(shown: int) -> float:
    """The radius of the node of most documents: smaller the more nodes are shown at first, so
    that a large core does not cover its own connections."""
    return max(8.0, min(18.0, 18 * math.sqrt(60 / max(shown, 1))))


def node_radius(documents: int, most: int, largest: float = 18.0) -> float:
    """A node's radius (SVG units) by its documents (``most``: the most any node has): its area
    grows with them, from a dot of 3 to ``largest``."""
    return round(3 + (largest - 3) * math.sqrt(documents / most), 1) if most else 3


def network(drawn: Graph, hrefs: list[str]) -> str:
    """The connections graph as SVG; ``hrefs``: each node's link, in the order of the nodes.
    What is not shown at first (see emit.connections) has the class ``is-off`` (graph.css
    hides it; graph.js changes it)."""
    e = html.escape
    most = max((n.documents for n in drawn.nodes), default=0)
    heaviest = max((w for _, _, w in drawn.edges), default=1)
    largest = largest_radius(drawn.core)
    lines = []
    for a, b, w in sorted(drawn.edges, key=lambda edge: (edge[2], edge[0], edge[1])):  # the strongest on top
        first, second = drawn.nodes[a], drawn.nodes[b]
        off = ' class="is-off"' if w < drawn.floor or b >= drawn.core else ""
        lines.append(f'<line x1="{first.x}" y1="{first.y}" x2="{second.x}" y2="{second.y}" '
                     f'stroke-width="{_n(0.6 + 3.4 * w / heaviest)}" data-a="{a}" data-b="{b}" data-w="{w}"{off}/>')
    nodes = []
    for i, node in enumerate(drawn.nodes):
        r = node_radius(node.documents, most, largest)
        off = " is-off" if i >= drawn.core else ""
        label = ""
        if i < LABELS:
            right = node.x > WIDTH - 180
            label = _label(node.name, node.x - r - 3 if right else node.x + r + 3, node.y + 4, "end" if right else "start")
        nodes.append(f'<a href="{e(hrefs[i])}" tabindex="-1" class="archive-graph-node archive-graph-{e(node.type)}{off}" '
                     f'data-i="{i}" data-type="{e(node.type)}"><title>{e(node.name)}: '
                     f'{counted(node.documents, "document")}</title>'
                     f'<circle cx="{node.x}" cy="{node.y}" r="{_n(r)}"/>{label}</a>')
    return (f'<svg class="archive-graph-svg" viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">\n'
            '<g class="archive-graph-edges">\n' + "\n".join(lines) + "\n</g>\n"
            '<g class="archive-graph-nodes">\n' + "\n".join(nodes) + "\n</g>\n</svg>")


NEIGHBOURS = 10
"""Connections an entity page draws at most."""
SMALL_WIDTH, SMALL_HEIGHT, SMALL_RADIUS = 440, 250, 80
SMALL_LONGEST = 18
"""Characters of a neighbour's name shown as its label."""


def neighbourhood(name: str, type_: str, around: list[tuple[str, str, str, int]]) -> str:
    """An entity (``name``, its type) at the centre of its strongest connections, ``around``:
    (name, type, href, shared paragraphs), at most :data:`NEIGHBOURS`, strongest first."""
    e = html.escape
    around = around[:NEIGHBOURS]
    cx, cy = SMALL_WIDTH // 2, SMALL_HEIGHT // 2
    heaviest = max((w for *_, w in around), default=1)
    lines, nodes = [], []
    for (other, kind, href, w), (x, y, across) in zip(around, radial(len(around), cx, cy, SMALL_RADIUS)):
        r = round(5 + 7 * math.sqrt(w / heaviest), 1)
        lines.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke-width="{_n(0.8 + 3.2 * w / heaviest)}"/>')
        if across > 0.3:
            label = _label(other, x + r + 4, y + 4, longest=SMALL_LONGEST)
        elif across < -0.3:
            label = _label(other, x - r - 4, y + 4, "end", SMALL_LONGEST)
        else:
            label = _label(other, x, y - r - 6 if y < cy else y + r + 15, "middle", SMALL_LONGEST)
        nodes.append(f'<a href="{e(href)}" tabindex="-1" class="archive-graph-node archive-graph-{e(kind)}">'
                     f'<title>{e(other)}: {counted(w, "shared paragraph")}</title>'
                     f'<circle cx="{x}" cy="{y}" r="{_n(r)}"/>{label}</a>')
    centre = (f'<g class="archive-graph-centre archive-graph-{e(type_)}"><title>{e(name)}</title>'
              f'<circle cx="{cx}" cy="{cy}" r="13"/></g>')
    return (f'<svg class="archive-graph-svg" viewBox="0 0 {SMALL_WIDTH} {SMALL_HEIGHT}" aria-hidden="true" '
            'focusable="false">\n<g class="archive-graph-edges">\n' + "\n".join(lines) + "\n</g>\n" + centre + "\n"
            '<g class="archive-graph-nodes">\n' + "\n".join(nodes) + "\n</g>\n</svg>")
