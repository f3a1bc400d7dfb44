"""`archive new`: lay out an empty archive a user can start filling, as `mkdocs new` does."""

from __future__ import annotations

from pathlib import Path

from builder.yamlio import dump


def mkdocs_config(name: str) -> dict:
    """The new archive's mkdocs.yml, as data: written with the YAML dumper, so that any name
    (``News #1``, ``Archive: the sequel``, ``yes``) reads back as exactly itself.

    It gives the archive every feature of the demo's site. The page template, stylesheet and
    script every archive shares are not named here: the archive plugin brings them from the
    builder's package (builder/bridge/theme), so the archive gets their fixes on upgrade."""
    return {
        "site_name": name,
        "site_description": "An annotated archive of source documents.",
        "docs_dir": "content/pages",
        "site_dir": "site",
        "validation": {"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn",
                       "anchors": "warn"},
        "theme": {"name": "material", "font": False, "language": "en",
                  "palette": [{"media": "(prefers-color-scheme: light)", "scheme": "default",
                               "primary": "blue grey", "accent": "deep orange"}],
                  "features": ["navigation.tabs"]},
        "plugins": ["search", {"archive": {"content_dir": "content"}}, {"offline": {"enabled": False}}],
        "markdown_extensions": ["attr_list", "md_in_html", "def_list", "tables", "admonition",
                                {"toc": {"permalink": True}}],
        "nav": [{"Home": "index.md"}, {"Topics": "topics/index.md"}, {"Timeline": "timeline.md"},
                {"Entities": "entities/index.md"}, {"Annotations": "annotations/index.md"},
                {"Authors": "authors/index.md"}, {"Publications": "publications/index.md"},
                {"About": ["about.md", {"For editors": "review.md"}]}],
    }


COMMENTS = {
    "validation": "# Problems in the hand-written pages (content/pages/) are warnings: `archive build --strict` fails on them.",
    "theme": "# The archive's page template, stylesheet and script come with the builder. To change them,\n"
             "# make a folder overrides/ here and add `custom_dir: overrides` under theme (see README.md).",
    "plugins": "# offline: off here; `archive bundle` turns it on for the offline copy it makes.",
    "nav": "# The editors' page (review.md: what needs review, what was removed) is under About, not a tab;\n"
           "# the footer of every page links it.",
}
"""Comments written above top-level keys of the new mkdocs.yml, for the person who opens it."""


def config_text(name: str) -> str:
    """mkdocs.yml's text: :func:`mkdocs_config` dumped, with :data:`COMMENTS`."""
    return "".join((COMMENTS[key] + "\n" if key in COMMENTS else "") + dump({key: value})
                   for key, value in mkdocs_config(name).items())


README = """\
# {name}

An annotated archive built with the archive builder.

- Put source documents (plain text, UTF-8, or saved web pages: `.txt`, `.html`, `.htm`) in
  `content/sources/`, in folders as they come if you like (`sources/business/001.txt`). A
  document's page is `documents/<id>/`, its id the path under `sources/` without the ending,
  `/` as `-` (`business-001`). Hidden files and folders (`.git`) are passed over.
- Correct a document's metadata with `<name>.yml` next to `<name>.txt`, in the same folder.
- Check the content: `archive check`. Build the site: `archive build`. Preview: `archive serve`.
  From any other folder: `archive build --content <this folder>/content --site <a folder>`
  (the `mkdocs.yml` beside the content folder is used).
- See what needs an editor, by problem: `archive review`. Names the entity register lacks:
  `archive candidates`.
- An offline copy (a zip that works from `file://`, search included): `archive bundle`.

## Metadata for many documents at once

A collection whose sources name no author, carry the date in their file names, or come
from one publication needs no sidecar for each: say it once in `content/collection.yml`
(sidecars and the text itself still come first):

```yaml
defaults:
  - sources: "*"                 # every source; a pattern without '/' matches file names
    publication: BBC News
    authors: []                  # the sources name no author
    date_from_name: "{{year}}-{{month}}-{{day}}-*.txt"
  - sources: business/*          # with a '/': paths under sources/ (here the folder business/)
    section: Business
```

## How the site looks

The page template, stylesheet and script come with the builder, so a new version of the
builder brings their fixes; nothing of them is copied here. To change them, make a folder
`overrides/` here and add `custom_dir: overrides` under `theme:` in `mkdocs.yml`. A file in
it replaces the builder's file of the same path:

- `overrides/main.html` replaces the page template. Start it with
  `{{% extends "archive.html" %}}` to keep the builder's (citation metadata, JSON-LD, the feeds'
  links) and override single blocks, calling `{{{{ super() }}}}` to add to them.
- More CSS or JavaScript: put it under `overrides/assets/` and list it under `extra_css` or
  `extra_javascript` in `mkdocs.yml`; it loads after the builder's own.
- `overrides/assets/stylesheets/archive.css` or `overrides/assets/javascripts/archive.js`
  replaces the builder's stylesheet or script whole.
"""

ABOUT = """\
# About this archive

Describe the archive here: what it collects, who keeps it, and how to contribute.

Editors: see [For editors](review.md).
"""

GITIGNORE = "site/\nbuild/\ndist/\n.venv/\n.site.lock\n.site-building-*\n.site-old-*\n.site-spare/\n"


def scaffold(target: Path, name: str | None = None) -> list[Path]:
    """Create the skeleton in ``target`` (which must be empty or absent); return what was written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} is not an empty folder; choose a new folder")
    name = name or target.resolve().name.replace("-", " ").replace("_", " ").title()
    files = {
        "mkdocs.yml": config_text(name),
        "README.md": README.format(name=" ".join(name.split())),
        ".gitignore": GITIGNORE,
        "content/pages/about.md": ABOUT,
        "content/sources/.gitkeep": "",
        "content/entities/.gitkeep": "",
        "content/topics/.gitkeep": "",
        "content/annotations/.gitkeep": "",
    }
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
