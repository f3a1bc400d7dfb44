"""The register's entities as a network (what the connections page draws): which entities are
nodes, which pairs are edges and where each node goes.

The rule, said on the page (:func:`rule`): the :data:`MOST` entities named in the most
documents (ties by name) that share a paragraph with another of them are drawn; the first
:data:`CORE` of them, and the connections between those sharing at least :attr:`Graph.floor`
paragraphs, are shown until the reader asks for more. The floor is the lowest at which at
most :data:`CORE_EDGES` connections show, so that a register of thousands shows a readable
core, not a hairball. Of the others, the :data:`MOST_EDGES` strongest connections are drawn
(for a lower floor). The layout is computed here (emit.graph_layout): same input, same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from builder.emit.entity_related import shared_among
from builder.emit.graph_layout import force_directed
from builder.emit.markdown import counted
from builder.model import Archive, Indexes

MOST = 250
"""Entities drawn at most."""
CORE = 150
"""Entities shown before the reader asks for more."""
CORE_EDGES = 300
"""Connections shown at most before the reader lowers the floor."""
MOST_EDGES = 1200
"""Connections drawn at most (the strongest)."""
WIDTH, HEIGHT, MARGIN = 1000, 700, 40
"""The drawing's box (SVG units) and the room kept on every side for the largest node."""


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str
    documents: int
    x: int
    y: int


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]  # by documents, most first, ties by name: a node's number is its place here
    edges: list[tuple[int, int, int]]  # (node, node, shared paragraphs), strongest first, the first node the lower
    core: int  # the nodes shown at first: the first ``core``
    floor: int  # the connections shown at first share at least this many paragraphs (and join two of the core)
    considered: int  # the entities named in any document

    @property
    def shown_edges(self) -> int:
        return sum(1 for a, b, w in self.edges if w >= self.floor and a < self.core and b < self.core)

    def neighbours(self, node: int) -> list[tuple[int, int]]:
        """(node, shared paragraphs) of the edges drawn at ``node``, strongest first."""
        return [(b if a == node else a, w) for a, b, w in self.edges if node in (a, b)]


def _floor(weights: list[int]) -> int:
    """The lowest weight at which at most :data:`CORE_EDGES` of ``weights`` are at least it."""
    floor = 1
    for weight in sorted(set(weights)):
        if sum(1 for w in weights if w >= weight) <= CORE_EDGES:
            return weight
        floor = weight + 1
    return floor


Place = Callable[[list[str], list[tuple[str, str, int]], int, int, int], dict[str, tuple[int, int]]]
"""How the nodes are placed: emit.graph_layout.force_directed, or what gives the same numbers
(the layout kept from the last build under what it is made from)."""


def graph(archive: Archive, index: Indexes, place: Place = force_directed) -> Graph:
    """The graph the connections page draws (see the module for the rule), its nodes placed by
    ``place``."""
    naming = index.documents_naming
    entities = archive.entities
    named = sorted((entity_id for entity_id in naming if entity_id in entities and naming[entity_id]),
                   key=lambda e: (-len(naming[e]), entities[e].name.casefold(), e))
    top = named[:MOST]
    pairs = shared_among(index, set(top))
    linked = {e for pair in pairs for e in pair}
    ids = [e for e in top if e in linked]
    number = {e: i for i, e in enumerate(ids)}
    edges = sorted(((min(number[a], number[b]), max(number[a], number[b]), w) for (a, b), w in pairs.items()),
                   key=lambda edge: (-edge[2], edge[0], edge[1]))[:MOST_EDGES]
    core = min(CORE, len(ids))
    floor = _floor([w for a, b, w in edges if b < core])
    places = place(ids, [(ids[a], ids[b], w) for a, b, w in edges], WIDTH, HEIGHT, MARGIN)
    nodes = [Node(e, entities[e].name, entities[e].type, len(naming[e]), *places[e]) for e in ids]
    return Graph(nodes, edges, core, floor, len(named))


def _entities(n: int) -> str:
    return f"{n} {'entity' if n == 1 else 'entities'}"


def rule(drawn: Graph) -> str:
    """What the graph shows, in words (plain text)."""
    if not drawn.nodes:
        return "No two entities of the register share a paragraph yet, so there is no connection to show."
    shown = "all of them" if drawn.core == len(drawn.nodes) else f"the first {drawn.core}"
    return (f"Each circle is an entity, sized by the number of documents that name it; each line joins two entities "
            f"that share a paragraph, the thicker the more paragraphs. Drawn: the {_entities(len(drawn.nodes))} "
            f"named in the most documents (of {drawn.considered}) that share a paragraph with another of them. "
            f"Shown at first: {shown}, and the {counted(drawn.shown_edges, 'connection')} between them of at least "
            f"{counted(drawn.floor, 'shared paragraph')}.")
