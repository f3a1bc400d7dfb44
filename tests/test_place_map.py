"""The map of places (issue 22): register coordinates validated with exact messages (file, line,
column, fix), the demo's map page as built (one marker per located place, its count the
model's, every link resolving, the places without coordinates listed), the same bytes twice,
hostile names shown as text, the locator map of a place page, and the basemap itself."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import REPO_CONTENT, article, demo_archive, make_tiny_archive, page_soup
from builder.cli import main
from builder import store
from builder.emit import Site, basemap, place_map
from builder.emit.urls import Urls
from builder.model import ContentPath, Entity, EntityId
from builder.pipeline import build

GOOD_SOURCE = "A headline about China\n\nChina and Japan met in Beijing on Monday to talk about trade.\n"
BEIJING = "id: beijing\nname: Beijing\ntype: place\ndescription: A city.\ncoordinates: [39.9042, 116.4074]\n"
HINT = ("write [latitude, longitude] in decimal degrees, e.g. coordinates: [39.9042, 116.4074] "
        "(south and west are negative)")
ORDER_HINT = "write [latitude, longitude], latitude first, e.g. coordinates: [39.9042, 116.4074]"
NESTED_HINT = ("write [latitude, longitude] in decimal degrees, e.g. coordinates: [39.9042, 116.4074] "
               "(one pair, not nested)")
PLACE = "id: {id}\nname: Somewhere\ntype: place\ncoordinates: {value}\n"

# name -> (the entity file's coordinates line, (line, column, code, message, hint))
BAD_COORDINATES = {
    "one-text": ("39.9, 116.4", (4, 14, "schema-coordinates",
                                 "'coordinates' must be a list of two numbers, [latitude, longitude], not '39.9, 116.4'",
                                 HINT)),
    "mapping": ("{lat: 39.9, lon: 116.4}", (4, 14, "schema-coordinates",
                                            "'coordinates' must be a list of two numbers, [latitude, longitude], "
                                            "not a mapping", HINT)),
    "empty": ("", (4, 13, "schema-coordinates",
                   "'coordinates' must be a list of two numbers, [latitude, longitude], not empty", HINT)),
    "three-values": ("[39.9, 116.4, 50]", (4, 14, "schema-coordinates",
                                           "'coordinates' has 3 values; it needs two, [latitude, longitude]", HINT)),
    "not-a-number": ("[north, 116.4]", (4, 15, "schema-coordinates",
                                        "latitude 'north' in 'coordinates' is not a number", HINT)),
    "nan": ("[39.9, nan]", (4, 21, "schema-coordinates", "longitude 'nan' in 'coordinates' is not a number", HINT)),
    "latitude-out-of-range": ("[-91, 116.4]", (4, 15, "schema-coordinates",
                                               "latitude -91 in 'coordinates' is outside -90 to 90", ORDER_HINT)),
    "swapped": ("[116.4074, 39.9042]", (4, 15, "schema-coordinates",
                                        "latitude 116.4074 in 'coordinates' is outside -90 to 90", ORDER_HINT)),
    "nested": ("[[39, 116], [1, 2]]", (4, 15, "schema-coordinates", "latitude in 'coordinates' must be a number, not a list",
                                       NESTED_HINT)),
    "nested-mapping": ("[39.9, {lon: 116.4}]", (4, 21, "schema-coordinates",
                                                 "longitude in 'coordinates' must be a number, not a mapping", NESTED_HINT)),
    "one-nested-pair": ("[[39.9, 116.4]]", (4, 14, "schema-coordinates",
                                            "'coordinates' has 1 value; it needs two, [latitude, longitude]", HINT)),
    "longitude-out-of-range": ("[39.9, 180.5]", (4, 21, "schema-coordinates",
                                                 "longitude 180.5 in 'coordinates' is outside -180 to 180", ORDER_HINT)),
}


def collected(tmp_path, files: dict):
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE, **files})
    return archive.collect()


@pytest.mark.parametrize("case", sorted(BAD_COORDINATES))
def test_bad_coordinates_are_reported_exactly(tmp_path, case):
    value, expected = BAD_COORDINATES[case]
    archive = collected(tmp_path, {"entities/somewhere.yml": PLACE.format(id="somewhere", value=value)})
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.errors]
    assert errors == [("entities/somewhere.yml", *expected)]
    assert "somewhere" not in archive.entities  # as with any schema error: the file is left out


def test_good_coordinates_are_read_as_numbers(tmp_path):
    archive = collected(tmp_path, {"entities/beijing.yml": BEIJING,
                                   "entities/south.yml": PLACE.format(id="south", value="[-33.8688, -70]"),
                                   "entities/quoted.yml": PLACE.format(id="quoted", value='["90", "-180"]')})
    assert archive.errors == []
    assert archive.entities["beijing"].coordinates == (39.9042, 116.4074)
    assert archive.entities["south"].coordinates == (-33.8688, -70.0)
    assert archive.entities["quoted"].coordinates == (90.0, -180.0)


def test_coordinates_on_a_person_are_an_error_and_the_person_stays(tmp_path):
    archive = collected(tmp_path, {"entities/gore.yml": "id: gore\nname: Al Gore\ntype: person\ncoordinates: [1, 2]\n"})
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.errors]
    assert errors == [("entities/gore.yml", 4, 15, "entity-coordinates-not-place",
                       "'coordinates' are for places, and this entity is of type 'person'; they were left out",
                       "remove the coordinates, or set type: place if it is a place")]
    assert archive.entities["gore"].coordinates is None


@pytest.mark.parametrize("entity_id, page", [("map", "the map of places"), ("connections", "the connections graph")])
def test_the_pages_beside_the_entities_are_no_entity_ids(tmp_path, entity_id, page):
    archive = collected(tmp_path, {f"entities/{entity_id}.yml": f"id: {entity_id}\nname: Map\ntype: work\n"})
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.errors]
    assert errors == [(f"entities/{entity_id}.yml", 1, 5, "entity-reserved-id",
                       f"'{entity_id}' is the name of {page} page, not an entity id",
                       "give the entity another id and name the file after it")]
    assert entity_id not in archive.entities


def test_archive_check_reports_coordinates_like_any_field(tmp_path, monkeypatch, capsys):
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE,
                                                 "entities/beijing.yml": BEIJING.replace("39.9042", "139.9042")})
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["content/entities/beijing.yml:5:15: error: latitude 139.9042 in 'coordinates' is outside -90 "
                       "to 90 [schema-coordinates]", f"    fix: {ORDER_HINT}"]


# --- the demo's map page, as built ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_model():
    return build(REPO_CONTENT, Site("Demo"))


def test_demo_places_have_coordinates():
    places = [e for e in demo_archive().entities.values() if e.type == "place"]
    located = {e.id: e.coordinates for e in places if e.coordinates}
    assert len(located) == 32
    assert located["beijing"] == (39.9042, 116.4074)
    assert located["new-york-city"] == (40.7128, -74.006)
    assert sorted(e.id for e in places if not e.coordinates) == ["africa", "korea", "republic-of-china"]


def test_map_page_has_one_marker_per_located_place_with_the_models_count(demo, demo_model):
    soup = page_soup(demo.site, "entities/map.md")
    body = article(soup)
    assert body.h1.get_text(strip=True).rstrip("¶") == "Map of places"
    svg = body.select_one("svg.archive-map-world")
    naming = demo_model.index.documents_naming
    places = {e.name: e for e in demo_model.archive.entities.values() if e.type == "place"}
    markers = {}
    for link in svg.select("a"):
        name, said = link["aria-label"].rsplit(": ", 1)
        assert link.circle.title.get_text() == link["aria-label"]
        markers[name] = (said, link["href"])
    located = {name: e for name, e in places.items() if e.coordinates}
    assert sorted(markers) == sorted(located)
    for name, (said, href) in markers.items():
        count = len(naming.get(located[name].id, ()))
        assert said == (f"{count} document" if count == 1 else f"{count} documents")
        target = posixpath.normpath(posixpath.join("entities/map/", href))
        assert target == f"entities/{located[name].id}", href
        assert (demo.site / target / "index.html").is_file()
    # The table says the same.
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in body.select(".archive-map-places tbody tr")]
    assert [row[0] for row in rows] == sorted(located, key=str.casefold)
    assert {row[0]: int(row[1]) for row in rows} == {n: len(naming.get(e.id, ())) for n, e in located.items()}
    assert dict((row[0], row[2]) for row in rows)["New York City"] == "40.7128° N, 74.006° W"
    # The places without coordinates, each linked.
    missing = body.select(".archive-map-missing a")
    assert [a.get_text() for a in missing] == ["Africa", "Korea", "Republic of China"]
    for a in missing:
        assert (demo.site / posixpath.normpath(posixpath.join("entities/map/", a["href"])) / "index.html").is_file()


def test_the_entities_index_links_the_map(demo):
    body = article(page_soup(demo.site, "entities/index.md"))
    assert [a["href"] for a in body.select(".archive-map-link a")] == ["map/"]


def test_circles_grow_with_documents(demo, demo_model):
    svg = article(page_soup(demo.site, "entities/map.md")).select_one("svg.archive-map-world")
    radius = {a["aria-label"].rsplit(": ", 1)[0]: float(a.circle["r"]) for a in svg.select("a")}
    assert radius["China"] == place_map.LARGEST  # the most documents
    assert radius["Albania"] < radius["Beijing"] < radius["China"]


def test_map_page_is_the_same_twice(tmp_path):
    files = {"sources/story.txt": GOOD_SOURCE, "entities/beijing.yml": BEIJING,
             "entities/china.yml": "id: china\nname: China\ntype: place\ncoordinates: [35.8617, 104.1954]\n",
             "entities/japan.yml": "id: japan\nname: Japan\ntype: place\n"}
    built = [make_tiny_archive(tmp_path / name, files=files).build() for name in ("one", "two")]
    one, two = ((site / "entities" / "map" / "index.html").read_bytes() for site in built)
    assert one == two
    page = BeautifulSoup(one, "html.parser")
    assert len(page.select("svg.archive-map-world a")) == 2
    assert [a.get_text() for a in page.select(".archive-map-missing a")] == ["Japan"]


def test_hostile_place_names_are_text(tmp_path):
    name = '<script>alert(1)</script> "Q" & <b onmouseover=alert(2)>x</b>'
    files = {"sources/story.txt": GOOD_SOURCE,
             "entities/evil.yml": f"id: evil\nname: '{name}'\ntype: place\ncoordinates: [10, 20]\n",
             "entities/worse.yml": f"id: worse\nname: '{name} 2'\ntype: place\n"}
    site = make_tiny_archive(tmp_path, files=files).build()
    body = article(page_soup(site, "entities/map.md"))
    assert not body.select("script, b")
    link = body.select_one("svg.archive-map-world a")
    assert link["aria-label"] == f"{name}: 0 documents"
    assert link.circle.title.get_text() == f"{name}: 0 documents"
    assert [a.get_text() for a in body.select(".archive-map-places td a")] == [name]
    assert [a.get_text() for a in body.select(".archive-map-missing a")] == [f"{name} 2"]


def test_without_world_atlas_the_map_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(basemap, "builder_folder", lambda: tmp_path)
    model = build(REPO_CONTENT, Site("Demo"))
    model.archive.content_dir = tmp_path / "content"  # an archive folder without node_modules
    body = place_map.render(model.archive, model.index, Urls()).body
    assert "archive-map-land" not in body
    assert ("The world's outlines are missing: the builder did not find the npm package world-atlas (run "
            "<code>npm install world-atlas@2.0.2</code> in the archive's folder).") in body
    assert body.count("<circle") == 32


# --- the locator map ------------------------------------------------------------------------------------------

def place(entity_id: str, name: str, coordinates=None, type: str = "place") -> Entity:
    return Entity(EntityId(entity_id), name, type, ContentPath(f"entities/{entity_id}.yml"), coordinates=coordinates)


def test_locator_map_only_for_located_places():
    archive = demo_archive()
    assert place_map.locator_map(place("gore", "Al Gore", type="person"), archive, Urls()) == ""
    assert place_map.locator_map(place("korea", "Korea"), archive, Urls()) == ""


@pytest.mark.parametrize("where", [(39.9042, 116.4074), (-17.7, 178.9), (64.1, -21.9), (-54.8, -68.3), (78.2, 15.6),
                                   (-77.85, 166.67), (90, 0), (-90, 0), (85, 0), (-90, 180), (90, -180)])
def test_locator_map_shows_the_place_on_the_outlines_around_it(where):
    block = place_map.locator_map(place("x", 'Spot <"&">', where), demo_archive(), Urls())
    svg = BeautifulSoup(block, "html.parser").select_one("svg.archive-map-locator")
    left, top, width, height = map(float, svg["viewbox"].split())
    assert (width, height) == (2 * place_map.AROUND[0] * basemap.SCALE, 2 * place_map.AROUND[1] * basemap.SCALE)
    assert 0 <= left and left + width <= basemap.WIDTH and 0 <= top and top + height <= basemap.HEIGHT
    here = svg.select_one("circle.archive-map-here")
    x, y = float(here["cx"]), float(here["cy"])
    assert (x, y) == tuple(round(v, 1) for v in basemap.project(*where))
    assert left <= x <= left + width and top <= y <= top + height
    if where[0] == 90:  # the Arctic Ocean: no land
        return
    land = svg.select_one("path.archive-map-land")["d"]
    points = [(float(a), float(b)) for a, b in re.findall(r"M(-?\d+) ?(-?\d+)", land)]
    assert points and all(left <= px <= left + width and top <= py <= top + height for px, py in points)
    assert svg["aria-label"].startswith('Map: Spot <"&">, at ')
    assert '<"&">' not in block  # escaped in the markup


def test_locator_link_leads_to_the_map():
    block = place_map.locator_map(place("beijing", "Beijing", (39.9042, 116.4074)), demo_archive(), Urls())
    assert BeautifulSoup(block, "html.parser").select_one("figcaption a")["href"] == "../map/"
    assert "Beijing, at 39.9042° N, 116.4074° E" in block


# --- the basemap ------------------------------------------------------------------------------------------------

def test_basemap_is_small_whole_and_on_the_map():
    world = basemap.load(REPO_CONTENT.parent)
    assert world.source.endswith("node_modules/world-atlas/countries-110m.json")
    assert 20_000 < len(world.path) < 45_000
    for ring in world.rings:
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        assert 0 <= min(xs) and max(xs) <= basemap.WIDTH and 0 <= min(ys) and max(ys) <= basemap.HEIGHT
        # No ring jumps across the map (a ring crossing longitude 180 is drawn at both edges
        # instead), except along the South Pole's edge, where Antarctica is closed.
        assert all(abs(a[0] - b[0]) <= basemap.WIDTH / 2 or a[1] == b[1] == basemap.HEIGHT
                   for a, b in zip(ring, ring[1:]))
    # Antarctica reaches the bottom edge, along the whole width.
    assert any({(0, basemap.HEIGHT), (basemap.WIDTH, basemap.HEIGHT)} <= set(ring) for ring in world.rings)
    # Russia's far east is at both edges.
    assert any(max(x for x, _ in ring) == basemap.WIDTH for ring in world.rings)
    assert any(min(x for x, _ in ring) == 0 for ring in world.rings)


def _rings_of(path: str) -> list[list[tuple[int, int]]]:
    """The rings of a basemap path (basemap.path_of: a move, then relative lines, closed)."""
    rings = []
    for start, steps in re.findall(r"M([^l]*)l([^z]*)z", path):
        x, y = map(int, re.findall(r"-?\d+", start))
        ring = [(x, y)]
        numbers = list(map(int, re.findall(r"-?\d+", steps)))
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def _meets(ring, frame) -> bool:
    left, top, width, height = frame
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return max(xs) >= left and min(xs) <= left + width and max(ys) >= top and min(ys) <= top + height


POLAR = {"mcmurdo": (-77.85, 166.67), "north-pole": (90, 0), "south-pole": (-90, 0), "far-north": (85, 0)}


def _inside(svg, cx: float, cy: float) -> bool:
    left, top, width, height = map(float, svg["viewbox"].split())
    return left <= cx <= left + width and top <= cy <= top + height


@pytest.mark.parametrize("names", [list(POLAR), ["mcmurdo"], ["north-pole"], ["south-pole"], ["far-north"],
                                   ["south-pole", "far-north"]])
def test_places_near_the_poles_are_on_the_map_and_their_locators(tmp_path, names):
    """Every valid coordinate is inside the map page's frame and its place's locator map."""
    files = {"sources/story.txt": GOOD_SOURCE, "entities/beijing.yml": BEIJING}
    for name in names:
        files[f"entities/{name}.yml"] = f"id: {name}\nname: {name}\ntype: place\ncoordinates: {list(POLAR[name])}\n"
    site = make_tiny_archive(tmp_path, files=files).build()
    svg = article(page_soup(site, "entities/map.md")).select_one("svg.archive-map-world")
    circles = {a["aria-label"].split(":")[0]: a.circle for a in svg.select("a")}
    assert sorted(circles) == sorted(["Beijing", *names])
    for name, circle in circles.items():
        assert _inside(svg, float(circle["cx"]), float(circle["cy"])), (name, svg["viewbox"])
    # The outlines drawn are those in the frame: Antarctica's only when a place is near it.
    frame = tuple(map(float, svg["viewbox"].split()))
    rings = _rings_of(svg.select_one("path.archive-map-land")["d"])
    assert rings and all(_meets(ring, frame) for ring in rings)
    reaches_the_pole = any(y == basemap.HEIGHT for ring in rings for _, y in ring)
    assert reaches_the_pole == any(POLAR[name][0] < -60 for name in names)
    for name in names:
        locator = article(page_soup(site, f"entities/{name}.md")).select_one("svg.archive-map-locator")
        here = locator.select_one("circle.archive-map-here")
        assert _inside(locator, float(here["cx"]), float(here["cy"])), name


def test_the_map_shows_the_inhabited_band_unless_a_place_is_beyond_it():
    top, bottom = (basemap.project(lat, 0)[1] for lat in basemap.SHOWN)
    assert place_map._frame([]) == (0.0, top, basemap.WIDTH, bottom - top)
    for points in ([basemap.project(39.9, 116.4)], [basemap.project(-54.8, -68.3), basemap.project(78.2, 15.6)]):
        left, frame_top, width, height = place_map._frame(points)
        assert top <= frame_top and frame_top + height <= bottom and width / height == basemap.WIDTH / (bottom - top)
    # Both poles: the whole height of the map.
    assert place_map._frame([basemap.project(90, 0), basemap.project(-90, 0)]) == (0.0, 0.0, basemap.WIDTH, basemap.HEIGHT)


def test_basemap_found_in_the_archive_folder_first(tmp_path):
    assert basemap.find([tmp_path]) is None
    (tmp_path / basemap.PACKAGE).parent.mkdir(parents=True)
    (tmp_path / basemap.PACKAGE).write_text("{}", encoding="utf-8")
    assert basemap.find([tmp_path, Path(basemap.builder_folder())]) == tmp_path / basemap.PACKAGE


def test_contributing_lists_the_messages_as_they_are():
    """CONTRIBUTING.md shows editors the messages: the same texts the tests above expect."""
    guide = (Path(__file__).resolve().parents[1] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for case in ("one-text", "three-values", "not-a-number", "swapped", "nested"):
        assert f"`{BAD_COORDINATES[case][1][3]}`" in guide, case
    assert "`'coordinates' are for places, and this entity is of type 'person'; they were left out`" in guide
    assert "`'map' is the name of the map of places page, not an entity id`" in guide


def test_no_map_without_places(tmp_path):
    site = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE,
                                              "entities/gore.yml": "id: gore\nname: Al Gore\ntype: person\n"}).build()
    assert not (site / "entities" / "map").exists()
    assert not article(page_soup(site, "entities/index.md")).select(".archive-map-link")


def test_a_changed_world_atlas_remakes_the_map_and_the_place_pages(tmp_path):
    """The outlines are keyed by the file's bytes: a rebuild after world-atlas changed (here the
    archive's own copy, China's outline taken out) remakes the place's page and the map, as a
    clean build makes them, in the same process (as `archive serve` does)."""
    files = {"sources/story.txt": GOOD_SOURCE, "entities/beijing.yml": BEIJING}
    archive = make_tiny_archive(tmp_path / "archive", files=files)
    atlas = archive.root / basemap.PACKAGE
    atlas.parent.mkdir(parents=True)
    atlas.write_bytes((basemap.builder_folder() / basemap.PACKAGE).read_bytes())
    pages = ("entities/beijing/index.html", "entities/map/index.html")
    site = archive.build()
    before = {page: (site / page).read_bytes() for page in pages}
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    countries = topology["objects"]["countries"]
    countries["geometries"] = [g for g in countries["geometries"] if g.get("id") != "156"]  # China
    atlas.write_text(json.dumps(topology), encoding="utf-8")
    site = archive.build()
    clean = make_tiny_archive(tmp_path / "clean", files=files)
    (clean.root / basemap.PACKAGE).parent.mkdir(parents=True)
    shutil.copy(atlas, clean.root / basemap.PACKAGE)
    clean_site = clean.build()
    for page in pages:
        assert (site / page).read_bytes() != before[page], page
        assert (site / page).read_bytes() == (clean_site / page).read_bytes(), page


def test_the_cache_key_names_every_library_that_shapes_a_page():
    assert {"networkx", "numpy", "markdown", "trafilatura"} <= set(store.LIBRARIES)
