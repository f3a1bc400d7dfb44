"""Archives laid out by `archive new` (through the command line), for the tests of what a
person starting their own archive does with them."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import yaml

from builder.cli import main

STORY = "A first headline\n\nBy Jane Doe\n\nThe council met on Monday and voted on the new rules.\n"


def new_archive(parent: Path, name: str = "fresh", site_name: str | None = None) -> Path:
    """`archive new` in ``parent``/``name`` with one document (STORY); returns its folder."""
    with redirect_stdout(io.StringIO()):
        assert main(["new", str(parent / name), *(["--name", site_name] if site_name else [])]) == 0
    (parent / name / "content" / "sources" / "first.txt").write_text(STORY, encoding="utf-8")
    return parent / name


# --- the harbour archive: three documents, an entity, a topic, an annotation ----------------------------

SOURCES = {
    "council-vote.txt": """\
Council votes to extend the harbour mission

By Jane Roe

UNITED NATIONS – The Security Council voted on Thursday to extend the harbour mission for another year, after a long debate about its cost.

The United Nations said the mission had cleared the harbour of wrecks and trained a new coast guard of two hundred officers.

Three members abstained. Their ambassadors said the mission should hand its work to the coast guard within six months.
""",
    "harbour-reopens.txt": """\
The old harbour reopens to ships

By Sam Poe | May 5, 2019 | 9:00 AM EDT

The old harbour reopened to cargo ships on Sunday, two years after the storm that closed it.

Engineers of the United Nations mission rebuilt the northern pier and dredged the channel to nine metres.

The first ship to enter carried grain and medicine for the city's hospitals.
""",
    "fishermen-wait.txt": """\
Fishermen wait for the harbour

The fishermen of the bay still wait for their boats to be allowed back into the harbour.

They say the mission has forgotten them, while cargo ships come and go every day.

A spokesman for the port promised a decision before the winter.
""",
}
SIDECARS = {
    "council-vote.yml": "date: 2021-03-04\npublication: The Harbour Times\n",
    "fishermen-wait.yml": "date: 2015-07\n",
}
ENTITY = {"id": "united-nations", "name": "United Nations", "type": "organisation", "aliases": ["UN"],
          "description": "The organisation whose mission runs the harbour."}
TOPIC = {"id": "the-harbour", "title": "The harbour", "description": "The harbour, its mission and its ships.",
         "phrases": ["harbour"], "threshold": 2}
ANNOTATION = {"exact": "trained a new coast guard", "kind": "context",
              "body": "The coast guard was founded in 2020 and took over the patrols in 2022.",
              "author": "Archive editors", "date": "2024-01-10"}

# id -> what the built page must show, as the demo's end-to-end test writes it.
EXPECTED = {
    "council-vote": {
        "title": "Council votes to extend the harbour mission",
        "authors": ("Jane Roe", False),
        "date": ("2021-03-04", "4 March 2021", True),
        "publication": ("The Harbour Times", True),
        "needs_review": [],
    },
    "harbour-reopens": {
        "title": "The old harbour reopens to ships",
        "authors": ("Sam Poe", False),
        "date": ("2019-05-05", "5 May 2019", False),
        "publication": None,
        "needs_review": ["publication"],
    },
    "fishermen-wait": {
        "title": "Fishermen wait for the harbour",
        "authors": None,
        "date": ("2015-07", "July 2015", True),
        "publication": None,
        "needs_review": ["authors", "publication"],
    },
}
NEWEST_FIRST = ["council-vote", "harbour-reopens", "fishermen-wait"]


def make_new_archive(parent: Path, monkeypatch, name: str = "harbour") -> Path:
    """`archive new` in ``parent``/``name``, filled with SOURCES, SIDECARS, the entity, the topic
    and the annotation."""
    monkeypatch.chdir(parent)
    with redirect_stdout(io.StringIO()):
        assert main(["new", name]) == 0
    root = parent / name
    content = root / "content"
    for file, text in {**SOURCES, **SIDECARS}.items():
        (content / "sources" / file).write_text(text, encoding="utf-8")
    (content / "entities" / "united-nations.yml").write_text(yaml.safe_dump(ENTITY, sort_keys=False), encoding="utf-8")
    (content / "topics" / "the-harbour.yml").write_text(yaml.safe_dump(TOPIC, sort_keys=False), encoding="utf-8")
    (content / "annotations" / "council-vote").mkdir()
    (content / "annotations" / "council-vote" / "coast-guard.yml").write_text(yaml.safe_dump(ANNOTATION, sort_keys=False),
                                                                              encoding="utf-8")
    return root
