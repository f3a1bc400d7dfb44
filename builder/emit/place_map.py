"""The map of places (entities/map/) and each place's locator map.

The map page draws every place of the register that has ``coordinates`` as a circle over the
world basemap (emit.basemap), its area by the number of documents that name it; each circle is
a link to the place's page, named by its <title> and its aria-label. A table below gives the
same to screen readers and without the picture, and the places without coordinates are
listed after it. Everything is drawn here, at build time, as inline SVG: no script, no tiles,
nothing loaded from another host, so the page works from file:// in the offline bundle.

Colours are the theme's CSS custom properties (map.css), which a dark scheme can change.
"""

from __future__ import annotations

import html
import math

from builder.emit import basemap, rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.markdown import counted
from builder.emit.urls import Urls
from builder.model import Archive, Entity, Indexes, PagePath

PAGE = PagePath("entities/map.md")
SMALLEST, LARGEST = 5.0, 22.0
"""A marker's radius in map units (a quarter of a degree) for the fewest and the most documents."""
AROUND = 24, 12
"""How far a locator map reaches each side of its place, in degrees of longitude and latitude."""


def located(archive: Archive) -> tuple[list[Entity], list[Entity]]:
    """The places with coordinates and those without, each by name."""
    places = sorted((e for e in archive.entities.values() if e.type == "place"), key=lambda e: (e.name.casefold(), e.id))
    return [e for e in places if e.coordinates], [e for e in places if not e.coordinates]


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


def _radius(count: int, most: int) -> float:
    """Area grows with the count: the radius with its square root."""
    return SMALLEST + (LARGEST - SMALLEST) * math.sqrt(count / most) if most else SMALLEST


def _degrees(entity: Entity) -> str:
    """The coordinates as a reader reads them: 39.9042° N, 116.4074° E."""
    lat, lon = entity.coordinates
    return f"{_plain(abs(lat))}° {'N' if lat >= 0 else 'S'}, {_plain(abs(lon))}° {'E' if lon >= 0 else 'W'}"


def _plain(value: float) -> str:
    """Decimal degrees as an editor writes them (to six places at most): 116.4074, 38."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


MARGIN = 12.0
"""Degrees of map shown around the outermost places."""


def _frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The part of the world map shown (left, top, width, height in map units): the places
    with a margin, at least half the world wide and at the proportions of the band
    :data:`basemap.SHOWN`, moved to stay in that band, or taller to reach a place beyond it
    (never beyond the poles); the whole band when there is no place."""
    shown_top, shown_bottom = (basemap.project(lat, 0)[1] for lat in basemap.SHOWN)
    if not points:
        return 0.0, shown_top, float(basemap.WIDTH), shown_bottom - shown_top
    margin = MARGIN * basemap.SCALE
    ys = [y for _, y in points]
    left, right = min(x for x, _ in points) - margin, max(x for x, _ in points) + margin
    top, bottom = min(ys) - margin, max(ys) + margin
    # The band the frame stays in: SHOWN, stretched to a place beyond it (and its margin).
    area_top = shown_top if min(ys) >= shown_top else max(top, 0.0)
    area_bottom = shown_bottom if max(ys) <= shown_bottom else min(bottom, float(basemap.HEIGHT))
    ratio = basemap.WIDTH / (shown_bottom - shown_top)
    width = min(max(right - left, (bottom - top) * ratio, basemap.WIDTH / 2), basemap.WIDTH)
    height = min(max(width / ratio, bottom - top), area_bottom - area_top)
    left = min(max((left + right - width) / 2, 0.0), basemap.WIDTH - width)
    top = min(max((top + bottom - height) / 2, area_top), area_bottom - height)
    return left, top, width, height


def _land(path: str) -> str:
    return f'<path class="archive-map-land" d="{path}"/>' if path else ""


def has_places(archive: Archive) -> bool:
    """Does the register have a place (with coordinates or without)? Only then is there a map."""
    return any(e.type == "place" for e in archive.entities.values())


def pages(archive: Archive, index: Indexes, urls: Urls) -> dict[str, Page]:
    """The map page, when the register has places."""
    return {PAGE: render(archive, index, urls)} if has_places(archive) else {}


def render(archive: Archive, index: Indexes, urls: Urls) -> Page:
    """The map page: the map, the table of the places on it, the places not on it."""
    shown, missing = located(archive)
    naming = index.documents_naming
    counts = {e.id: len(naming.get(e.id, ())) for e in shown}
    most = max(counts.values(), default=0)
    world = basemap.load(archive.content_dir.parent)
    e = html.escape
    markers = []
    # The largest first, so that a small place near a large one stays on top and can be clicked.
    for entity in sorted(shown, key=lambda x: (-counts[x.id], x.name.casefold(), x.id)):
        x, y = basemap.project(*entity.coordinates)
        said = f"{entity.name}: {counted(counts[entity.id], 'document')}"
        markers.append(f'<a href="{e(urls.href(PAGE, entity.page))}" aria-label="{e(said)}">'
                       f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(_radius(counts[entity.id], most))}">'
                       f"<title>{e(said, quote=False)}</title></circle></a>")
    caption = (f"{counted(len(shown), 'place')} of the register on a map of the world; the larger the circle, the more "
               "documents name the place. Select one to open its page.")
    left, top, width, height = _frame([basemap.project(*x.coordinates) for x in shown])
    land = basemap.path_of(world.overlapping(left, top, left + width, top + height))  # not the outlines out of view
    svg = (f'<svg class="archive-map-world" viewBox="{_number(left)} {_number(top)} {_number(width)} {_number(height)}" '
           f'aria-labelledby="archive-map-caption" preserveAspectRatio="xMidYMid meet">\n'
           f'<rect class="archive-map-sea" width="{basemap.WIDTH}" height="{basemap.HEIGHT}"/>\n'
           f"{_land(land)}\n" + "\n".join(markers) + "\n</svg>")
    note = "" if world.path else ("<p>The world's outlines are missing: the builder did not find the npm package "
                                  "world-atlas (run <code>npm install world-atlas@2.0.2</code> in the archive's folder).</p>\n")
    figure = (f'<figure>\n{svg}\n<figcaption id="archive-map-caption">{e(caption, quote=False)}</figcaption>\n'
              f"</figure>\n{note}").rstrip("\n")
    parts = ["# Map of places", rawhtml.block("map", figure)]
    if shown:
        rows = [[rawhtml.link(x.name, PAGE, x.page, urls), str(counts[x.id]), e(_degrees(x), quote=False)] for x in shown]
        parts += ["## Places on the map", rawhtml.block("map-places", rawhtml.table(["Place", "Documents", "Coordinates"], rows))]
    if missing:
        items = ", ".join(rawhtml.link(x.name, PAGE, x.page, urls) for x in missing)
        parts += ["## Not on the map", rawhtml.block("map-missing", f"<p>Places in the register without coordinates: {items}.</p>")]
    return page({"title": "Map of places", "hide": ["toc"]}, "\n\n".join(parts))


def map_link(index_path: PagePath, urls: Urls) -> str:
    """The link to the map under the entities index's introduction (emit.entity_index), made
    when the register has places (:func:`has_places`)."""
    return rawhtml.block("map-link", f"<p>{rawhtml.link('Map of places', index_path, PAGE, urls)}: where the "
                                     "register's places are, and how many documents name each.</p>")


def locator_map(entity: Entity, archive: Archive, urls: Urls) -> str:
    """A place page's small map: the place as a dot on the country outlines around it, linked
    to the map of places; '' for an entity that is no place or has no coordinates."""
    if entity.type != "place" or not entity.coordinates:
        return ""
    world = basemap.load(archive.content_dir.parent)
    x, y = basemap.project(*entity.coordinates)
    reach_x, reach_y = AROUND[0] * basemap.SCALE, AROUND[1] * basemap.SCALE
    # The window, in whole units (the outlines cut at its edges stay inside once rounded),
    # moved (not shrunk) to stay on the map near its edges.
    left = min(max(round(x - reach_x), 0), basemap.WIDTH - 2 * reach_x)
    top = min(max(round(y - reach_y), 0), basemap.HEIGHT - 2 * reach_y)
    right, bottom = left + 2 * reach_x, top + 2 * reach_y
    land = basemap.path_of(world.around(left, top, right, bottom))
    e = html.escape
    where = f"{entity.name}, at {_degrees(entity)}"
    svg = (f'<svg class="archive-map-locator" viewBox="{_number(left)} {_number(top)} {_number(2 * reach_x)} '
           f'{_number(2 * reach_y)}" role="img" aria-label="{e("Map: " + where)}">\n'
           f'<rect class="archive-map-sea" x="{_number(left)}" y="{_number(top)}" width="{_number(2 * reach_x)}" '
           f'height="{_number(2 * reach_y)}"/>\n{_land(land)}\n'
           f'<circle class="archive-map-here" cx="{_number(x)}" cy="{_number(y)}" r="5"/>\n</svg>')
    link = f'<a href="{e(urls.href(entity.page, PAGE))}">Map of places</a>'
    return rawhtml.block("place-map", f"<figure>\n{svg}\n<figcaption>{e(where, quote=False)} · {link}</figcaption>\n</figure>")


def basemap_key(archive: Archive) -> str:
    """What a locator map depends on besides the entity: the outlines, by a hash of the basemap
    file's bytes (a key part for the pages kept between builds, emit.reuse)."""
    return basemap.load(archive.content_dir.parent).digest
