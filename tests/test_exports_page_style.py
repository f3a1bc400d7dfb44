"""The exports name each page as the hosted site addresses it (mkdocs.yml's use_directory_urls):
documents/x/ with directory URLs, documents/x.html without, in documents.json and .csv (the
"page" column), entities.json and .csv, the two Atom feeds (entry ids and links) and the W3C
Web Annotations (ids and targets); the offline bundle's copies say the same as the site's."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import yaml

from browser_support import unzip
from builder.bridge.bundle import make_bundle
from helpers import GOOD_SIDECARS, GOOD_SOURCES, REPORT, set_plugin_option

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/sub/"
NOTE = 'exact: "The council met on Monday."\nbody: A note.\nauthor: Jane Roe\ndate: 2024-01-01\n'
ENTITY = "id: geneva\nname: Geneva\ntype: place\ndescription: A city.\n"


def pages_named(site) -> dict[str, list[str]]:
    """Every page address the exports of ``site`` give, by file."""
    read = {name: (site / name).read_text(encoding="utf-8") for name in
            ("documents.json", "documents.csv", "entities.json", "entities.csv", "feed.xml", "annotations.xml",
             "annotations.jsonld")}
    named = {name: [row["page"] for row in json.loads(read[name])] for name in ("documents.json", "entities.json")}
    named.update({name: [row["page"] for row in csv.DictReader(io.StringIO(read[name]))]
                  for name in ("documents.csv", "entities.csv")})
    for name in ("feed.xml", "annotations.xml"):
        entries = ET.fromstring(read[name]).findall(f"{ATOM}entry")
        named[name] = [e.find(f"{ATOM}id").text for e in entries] + [e.find(f"{ATOM}link").get("href") for e in entries]
    items = json.loads(read["annotations.jsonld"])["first"]["items"]
    named["annotations.jsonld"] = [item["id"] for item in items] + [item["target"]["source"] for item in items]
    return named


@pytest.mark.parametrize("site_url", [SITE_URL, ""])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_export_names_the_hosted_page(make_archive, tmp_path, directory_urls, site_url):
    archive = make_archive(files={**{f"sources/{k}": v for k, v in {**GOOD_SOURCES, **GOOD_SIDECARS}.items()},
                                  "sources/report.txt": REPORT, "sources/report.yml": "date: 2024-01-02\n",
                                  "annotations/report/met.yml": NOTE, "entities/geneva.yml": ENTITY})
    config = yaml.safe_load(archive.config.read_text(encoding="utf-8"))
    config["use_directory_urls"] = directory_urls
    config["site_url"] = site_url  # '' : none (the feeds' ids are then URNs, their links relative)
    archive.config.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = archive.build()

    def page(doc: str, folder: str = "documents") -> str:
        return f"{folder}/{doc}/" if directory_urls else f"{folder}/{doc}.html"

    note = page("report") + "#note-met"
    newest = [page("report"), page("nichols-2023"), page("goodenough-2010")]
    expected = {"documents.json": newest, "documents.csv": newest,
                "entities.json": [page("geneva", "entities")], "entities.csv": [page("geneva", "entities")],
                "feed.xml": [site_url + p if site_url else f"urn:archive:tiny-test-archive:{p}" for p in newest] + newest,
                "annotations.xml": [site_url + note if site_url else f"urn:archive:tiny-test-archive:{note}", note],
                "annotations.jsonld": [site_url + note, site_url + page("report")]}
    named = pages_named(site)
    assert named == expected
    # Every one of them is a page the site has.
    for address in newest + [page("geneva", "entities")]:
        assert (site / address / "index.html" if directory_urls else site / address).is_file(), address
    # The offline bundle's exports say the same (they describe the hosted site).
    result = make_bundle(archive.config, tmp_path / "dist", content_dir=archive.content)
    bundled = unzip(result.path, tmp_path / "unzipped") / result.path.stem.removesuffix("-offline")
    assert pages_named(bundled) == named
