"""The world basemap under the map of places and the places' locator maps: the country outlines
of Natural Earth (public domain) at 1:110 million, as the npm package world-atlas (pinned in
package.json, installed by `make`) ships them in TopoJSON, projected once per build.

The projection is equirectangular (plate carrée): ``x = (lon + 180) * SCALE``,
``y = (NORTH - lat) * SCALE``, in whole units of 1/SCALE degree, so that the basemap is small
(points that round to the same unit are dropped) and the same input gives the same bytes.
The map runs from pole to pole (:data:`NORTH` to :data:`SOUTH`), so that every valid
coordinate is on it; Antarctica's coast is closed along the map's bottom edge. The map of
places shows the inhabited band (:data:`SHOWN`) unless a place lies beyond it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SCALE = 4
"""Units per degree: the basemap's points are kept to a quarter of a degree."""
NORTH, SOUTH = 90.0, -90.0
"""The latitudes at the top and the bottom of the map: the poles."""
SHOWN = 84.0, -58.0
"""The band of latitudes the map of places shows when no place is beyond it (north to south)."""
WIDTH, HEIGHT = 360 * SCALE, round((NORTH - SOUTH) * SCALE)
PACKAGE = Path("node_modules") / "world-atlas" / "countries-110m.json"
"""Where the outlines are, under the archive's folder or the builder's own (see :func:`find`)."""
LEFT_OUT: frozenset[str] = frozenset()
"""Countries not drawn (ISO 3166-1 numeric ids): none."""

Ring = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Basemap:
    """The projected outlines: every ring of every country (closed, at least three points),
    and the SVG path drawing them all; ``source`` is the file they were read from ('' when
    none was found)."""

    rings: tuple[Ring, ...]
    path: str
    source: str
    boxes: tuple[tuple[int, int, int, int], ...] = ()  # each ring's (left, top, right, bottom)
    digest: str = ""  # sha256 of the file's bytes: what a page drawn from it is kept under

    def overlapping(self, left: float, top: float, right: float, bottom: float) -> list[Ring]:
        """The rings whose box meets a rectangle of the map, whole."""
        return [ring for ring, (x0, y0, x1, y1) in zip(self.rings, self.boxes)
                if x1 >= left and x0 <= right and y1 >= top and y0 <= bottom]

    def around(self, left: float, top: float, right: float, bottom: float) -> list[Ring]:
        """The rings cut to a rectangle of the map (see :func:`clipped`), those whose box is
        outside it passed over at once."""
        return clipped(self.overlapping(left, top, right, bottom), left, top, right, bottom)


def project(lat: float, lon: float) -> tuple[float, float]:
    """A point's place on the map, in map units (not rounded)."""
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def find(folders: list[Path]) -> Path | None:
    """The first of ``folders`` that has world-atlas's countries-110m.json."""
    for folder in folders:
        candidate = folder / PACKAGE
        if candidate.is_file():
            return candidate
    return None


def builder_folder() -> Path:
    """The folder the builder's package is in (its own node_modules is there when it was installed by `make`)."""
    return Path(__file__).resolve().parents[2]


def load(archive_folder: Path) -> Basemap:
    """The basemap from the archive's folder's node_modules, else the builder's; an empty one
    (no outlines) when neither has world-atlas."""
    found = find([archive_folder, builder_folder()])
    if not found:
        return _load("", 0, 0)
    stat = found.stat()
    return _load(str(found), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=2)
def _load(source: str, size: int, mtime_ns: int) -> Basemap:
    """Decoded and projected once per process (about a sixth of a second) and per version of
    the file (its size and modification time: `archive serve` sees a new world-atlas)."""
    if not source:
        return Basemap((), "", "")
    data = Path(source).read_bytes()
    rings = tuple(_rings(json.loads(data.decode("utf-8"))))
    boxes = tuple((min(x for x, _ in r), min(y for _, y in r), max(x for x, _ in r), max(y for _, y in r)) for r in rings)
    return Basemap(rings, path_of(rings), source, boxes, hashlib.sha256(data).hexdigest())


def _arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Every arc, its points projected and rounded to map units."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            px, py = project(y * sy + ty, x * sx + tx)
            points.append((round(px), round(py)))
        arcs.append(points)
    return arcs


def _rings(topology: dict):
    arcs = _arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring_arcs in polygon:
                points: list[tuple[int, int]] = []
                for index in ring_arcs:
                    arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                    points.extend(arc[1:] if points else arc)
                ring = _deduplicated(points)
                if len(ring) >= 3:
                    yield from (_around_a_pole(part) for part in _across_the_antimeridian(tuple(ring)))


def _around_a_pole(ring: Ring) -> Ring:
    """A ring that runs the whole width of the map, from one side to the other (Antarctica's
    coast, from longitude -180 to 180), goes round a pole: it is closed along that pole's edge
    of the map, not straight across the map."""
    (x0, _), (x1, _) = ring[0], ring[-1]
    if {x0, x1} != {0, WIDTH}:
        return ring
    edge = HEIGHT if sum(y for _, y in ring) > HEIGHT / 2 * len(ring) else 0
    return ring + ((x1, edge), (x0, edge))


def _across_the_antimeridian(ring: Ring) -> list[Ring]:
    """A ring that crosses longitude 180 (Russia's east, Fiji) jumps across the whole map: made
    continuous, then drawn at both edges, each copy cut at the map's side."""
    unwrapped, offset = [ring[0]], 0
    for (px, _), (x, y) in zip(ring, ring[1:]):
        if x - px > WIDTH / 2:
            offset -= WIDTH
        elif px - x > WIDTH / 2:
            offset += WIDTH
        unwrapped.append((x + offset, y))
    if all(p == q for p, q in zip(ring, unwrapped)):
        return [ring]
    copies = [tuple((x + shift, y) for x, y in unwrapped) for shift in (-WIDTH, 0, WIDTH)]
    return clipped(copies, 0, 0, WIDTH, HEIGHT)


def _deduplicated(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The points without those equal to the one before (or, at the end, to the first)."""
    kept: list[tuple[int, int]] = []
    for point in points:
        if not kept or point != kept[-1]:
            kept.append(point)
    while len(kept) > 1 and kept[-1] == kept[0]:
        kept.pop()
    return kept


def _numbers(values) -> str:
    """Numbers for an SVG path, as short as the grammar allows: a minus sign separates too."""
    out = []
    for value in values:
        text = f"{value:g}" if isinstance(value, float) else str(value)
        out.append(text if (text.startswith("-") or not out) else " " + text)
    return "".join(out)


def path_of(rings) -> str:
    """One SVG path of ``rings``: each an absolute move, then relative lines, closed."""
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        steps = []
        px, py = x0, y0
        for x, y in rest:
            steps += [x - px, y - py]
            px, py = x, y
        parts.append(f"M{_numbers([x0, y0])}l{_numbers(steps)}z")
    return "".join(parts)


def clipped(rings, left: float, top: float, right: float, bottom: float) -> list[Ring]:
    """The rings cut to a rectangle of the map (Sutherland-Hodgman: a ring that crosses the
    edge gets the edge's stretch instead); those wholly outside are left out."""
    kept = []
    for ring in rings:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        if max(xs) < left or min(xs) > right or max(ys) < top or min(ys) > bottom:
            continue
        points = list(ring)
        for inside, cut in ((lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
                            (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
                            (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
                            (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom))):
            points = _clip(points, inside, cut)
            if not points:
                break
        ring_kept = _deduplicated([(round(x), round(y)) for x, y in points])
        if len(ring_kept) >= 3:
            kept.append(tuple(ring_kept))
    return kept


def _clip(points, inside, cut):
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cut(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cut(previous, current))
    return out


def _at_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y
