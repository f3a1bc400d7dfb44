"""Where the nodes of a graph go, computed at build time so the page needs no layout script.

:func:`force_directed` places a network with networkx's ForceAtlas2 layout
(``forceatlas2_layout``, numpy alone) from a fixed seed, nodes and edges added in a fixed order, then scales it
into a box and rounds every coordinate to a whole unit: the same graph gives the same
numbers, so the same SVG bytes. :func:`radial` places an entity's neighbours on a circle
around it (its own page's small graph).
"""

from __future__ import annotations

import math

SEED = 22
"""The layout's fixed seed (its starting positions)."""
ITERATIONS = 120


def force_directed(nodes: list[str], edges: list[tuple[str, str, int]], width: int, height: int,
           margin: int) -> dict[str, tuple[int, int]]:
    """Each of ``nodes`` at a point (whole units) inside ``width`` x ``height`` less ``margin``
    on every side. ``edges`` are (node, node, weight): the heavier, the closer."""
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (width // 2, height // 2)}
    import networkx as nx  # here, not above: importing it takes a tenth of a second, and most rebuilds lay out no graph

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    heaviest = max((w for _, _, w in edges), default=1)
    graph.add_weighted_edges_from((a, b, w / heaviest) for a, b, w in edges)
    # ForceAtlas2 with strong gravity: the graph's separate parts and lone pairs stay near the
    # middle instead of pushing the rest into a corner (as spring_layout's "force" method does).
    found = nx.forceatlas2_layout(graph, seed=SEED, max_iter=ITERATIONS, weight="weight", strong_gravity=True)
    xs = [float(found[n][0]) for n in nodes]
    ys = [float(found[n][1]) for n in nodes]

    def scaled(value: float, low: float, high: float, size: int) -> int:
        span = high - low
        return round(margin + (value - low) / span * (size - 2 * margin)) if span > 1e-12 else size // 2

    return {n: (scaled(x, min(xs), max(xs), width), scaled(y, min(ys), max(ys), height)) for n, x, y in zip(nodes, xs, ys)}


def radial(count: int, cx: int, cy: int, radius: int) -> list[tuple[int, int, float]]:
    """``count`` points on a circle around (cx, cy), the first at the top, clockwise: (x, y,
    the direction's horizontal part, -1 left to 1 right, for where a label goes)."""
    points = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        points.append((round(cx + radius * math.cos(angle)), round(cy + radius * math.sin(angle)),
                       round(math.cos(angle), 3)))
    return points
