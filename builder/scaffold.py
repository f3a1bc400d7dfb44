"""`archive new`: lay out an empty archive a user can start filling, as `mkdocs new` does."""

from __future__ import annotations

from pathlib import Path

from builder.yamlio import dump


def mkdocs_config(name: str) -> dict:
    """The new archive's mkdocs.yml, as data: written with the YAML dumper, so that any name
    (``News #1``, ``Archive: the sequel``, ``yes``) reads back as exactly itself."""
    return {
        "site_name": name,
        "site_description": "An annotated archive of source documents.",
        "docs_dir": "content/pages",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"archive": {"content_dir": "content"}}],
        "markdown_extensions": ["attr_list", "md_in_html", "def_list", "tables", "admonition",
                                {"toc": {"permalink": True}}],
        "nav": [{"Home": "index.md"}, {"Topics": "topics/index.md"}, {"Timeline": "timeline.md"},
                {"Entities": "entities/index.md"}, {"Annotations": "annotations/index.md"},
                {"Authors": "authors/index.md"}, {"Publications": "publications/index.md"},
                {"About": "about.md"}, {"Needs review": "review.md"}],
    }


README = """\
# {name}

An annotated archive built with the archive builder.

- Put source documents (plain text, UTF-8) in `content/sources/`.
- Correct a document's metadata with `content/sources/<name>.yml` next to `<name>.txt`.
- Check the content: `archive check`. Build the site: `archive build`. Preview: `archive serve`.
"""

ABOUT = """\
# About this archive

Describe the archive here: what it collects, who keeps it, and how to contribute.
"""

GITIGNORE = "site/\nbuild/\n.venv/\n.site.lock\n.site-building-*\n.site-old-*\n"


def scaffold(target: Path, name: str | None = None) -> list[Path]:
    """Create the skeleton in ``target`` (which must be empty or absent); return what was written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} is not an empty folder; choose a new folder")
    name = name or target.resolve().name.replace("-", " ").replace("_", " ").title()
    files = {
        "mkdocs.yml": dump(mkdocs_config(name)),
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
