"""The connections page (entities/connections.md): the register's entities as a network drawn
at build time (emit.connections chooses and places the nodes, emit.graph_svg draws them),
a form that graph.js shows to filter it by type, by the number of entities and by a
minimum of shared paragraphs, and a table of the same for screen readers and readers
without JavaScript. Without JavaScript the drawing shows its core, as the page says.
"""

from __future__ import annotations

import html

from builder.emit import rawhtml
from builder.emit.connections import Graph, Place, graph, rule
from builder.emit.graph_layout import force_directed
from builder.emit.entity_index import CONNECTIONS, INDEX, TYPE_TITLES
from builder.emit.frontmatter import Page, page
from builder.emit.graph_svg import network
from builder.emit.markdown import counted
from builder.emit.urls import Urls
from builder.model import ENTITY_TYPES, Archive, Indexes

PAGE = CONNECTIONS
TITLE = "Connections"
TOP = 5
"""Connections the table names for each entity."""


def _legend(drawn: Graph) -> str:
    """Each type drawn, its colour and how many of it: the key, and (graph.js) the type filter."""
    present = [t for t in ENTITY_TYPES if any(n.type == t for n in drawn.nodes)]
    items = []
    for entity_type in present:
        count = sum(1 for n in drawn.nodes if n.type == entity_type)
        items.append(f'<li><label><input type="checkbox" name="type" value="{entity_type}" checked disabled> '
                     f'<span class="archive-graph-swatch archive-graph-{entity_type}" aria-hidden="true"></span>'
                     f'{TYPE_TITLES[entity_type]} ({count})</label></li>')
    return '<ul class="archive-graph-legend">\n' + "\n".join(items) + "\n</ul>"


def _controls(drawn: Graph) -> str:
    """The filters graph.js enables (the type boxes are the legend's); hidden without it."""
    heaviest = max((w for _, _, w in drawn.edges), default=1)
    counts = sorted({min(50, len(drawn.nodes)), drawn.core, len(drawn.nodes)})
    options = "".join(f'<option value="{n}"{" selected" if n == drawn.core else ""}>{n}</option>' for n in counts)
    return (f'<p class="archive-graph-controls" hidden>'
            f'<label>Entities shown <select name="count">{options}</select></label> '
            f'<label>Connections of at least <input type="number" name="weight" min="1" max="{heaviest}" '
            f'value="{drawn.floor}" inputmode="numeric"> shared paragraphs</label></p>\n'
            f'<p class="archive-graph-status" role="status">{_status(drawn)}</p>')


def _status(drawn: Graph) -> str:
    """What the drawing shows at first (graph.js says it again as the filters change)."""
    return (f"Showing {drawn.core} of {len(drawn.nodes)} entities and "
            f"{counted(drawn.shown_edges, 'connection')} of at least {counted(drawn.floor, 'shared paragraph')}.")


def _table(drawn: Graph, hrefs: list[str]) -> str:
    e = html.escape
    rows = []
    for i, node in enumerate(drawn.nodes):
        strongest = ", ".join(f"{rawhtml.text(drawn.nodes[other].name)} ({w})" for other, w in drawn.neighbours(i)[:TOP])
        rows.append([f'<a href="{e(hrefs[i])}">{rawhtml.text(node.name)}</a>', node.type.capitalize(), str(node.documents), strongest])
    return rawhtml.table(["Entity", "Type", "Documents", f"Most shared paragraphs with (up to {TOP})"], rows)


def render(archive: Archive, index: Indexes, urls: Urls, place: Place = force_directed) -> Page:
    """The connections page (``place``: see emit.connections.graph)."""
    drawn = graph(archive, index, place)
    hrefs = [urls.href(PAGE, archive.entities[n.id].page) for n in drawn.nodes]
    parts = [f"# {TITLE}", rawhtml.block("graph-intro", f"<p>{html.escape(rule(drawn), quote=False)} "
                                                        f"{rawhtml.link('Every entity', PAGE, INDEX, urls)} is listed "
                                                        "on the entities page.</p>")]
    if drawn.nodes:
        figure = (f'<figure class="archive-graph" data-core="{drawn.core}" data-floor="{drawn.floor}">\n'
                  f'<form class="archive-graph-filter" aria-label="Filter the graph">\n{_legend(drawn)}\n'
                  f'{_controls(drawn)}\n</form>\n<div class="archive-graph-frame">\n{network(drawn, hrefs)}\n</div>\n'
                  '<figcaption>The graph is drawn for the eye; the table below gives the same connections.'
                  '</figcaption>\n</figure>')
        parts += [rawhtml.block("connections", figure), "## The same as a table",
                  rawhtml.block("connections-table", f"<p>The {len(drawn.nodes)} entities drawn, by the number of "
                                                     "documents that name them, each with the entities it shares "
                                                     "most paragraphs with among them.</p>\n" + _table(drawn, hrefs))]
    return page({"title": TITLE, "hide": ["navigation", "toc"]}, "\n\n".join(parts))
