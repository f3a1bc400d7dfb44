"""Reading one editor-written YAML file: decode, parse, validate against its schema.

Every problem is reported on the archive with the file, line and column; a file with a
problem gives no values (its errors stop the build anyway).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.model import Archive, ContentPath, Diagnostic
from builder.schema import Field, validate
from builder.stages.archive_files import Refused, read_listed, read_text_inside, real_folder
from builder.stages.read import content_path
from builder.yamlio import parse_nodes

YAML_HINT = "check the indentation and quote values that contain ': ' or start with a symbol"


@dataclass
class EditorFile:
    path: ContentPath
    node: yaml.Node
    values: dict
    positions: dict  # key -> [(line, column)] of its value(s)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1


def read_editor_text(archive: Archive, path: Path, what: str) -> str | None:
    """The text of one editor file, or None after reporting why it cannot be read (a link
    leading out of the archive, a file that is not UTF-8)."""
    rel = content_path(archive, path)
    return _decoded(archive, rel, what, lambda: read_text_inside(archive.content_dir, path, rel))


def _decoded(archive: Archive, rel: ContentPath, what: str, read) -> str | None:
    try:
        return read()
    except Refused as refused:
        archive.report(Diagnostic("error", rel, 0, 0, f"{what}-{refused.kind}", refused.message, refused.hint))
    except UnicodeDecodeError as exc:
        archive.report(Diagnostic("error", rel, 0, 0, f"{what}-encoding",
                                  f"{what} is not UTF-8 (byte {exc.start})", "re-save the file as UTF-8"))
    return None


def read_editor_file(archive: Archive, path: Path, schema: tuple[Field, ...], what: str,
                     partial: bool = False, empty_ok: bool = False) -> EditorFile | None:
    """The valid values of one editor file, or None after reporting why there are none.

    With ``partial``, a file whose schema check found problems still gives its valid keys
    (a sidecar's good corrections show in the preview while the bad one is fixed). With
    ``empty_ok``, a file with nothing but comments (or nothing) gives None and is no problem
    (a settings file whose every line is commented out).
    """
    rel = content_path(archive, path)
    text = read_editor_text(archive, path, what)
    return None if text is None else _parsed(archive, rel, text, schema, what, partial, empty_ok)


def _parsed(archive: Archive, rel: ContentPath, text: str, schema: tuple[Field, ...], what: str,
            partial: bool, empty_ok: bool = False) -> EditorFile | None:
    node, problem = parse_nodes(text)
    if problem:
        archive.report(Diagnostic("error", rel, problem.line, problem.column, "yaml-syntax",
                                  f"not valid YAML: {problem.message}", YAML_HINT))
        return None
    if node is None and empty_ok:
        return None
    positions: dict = {}
    values, diagnostics = validate(node, schema, rel, what, positions)
    for diagnostic in diagnostics:
        archive.report(diagnostic)
    if diagnostics and not partial:
        return None
    return EditorFile(rel, node, values, positions)


YAML_SUFFIXES = (".yml", ".yaml")


def stem_and_suffix(name: str) -> tuple[str, str]:
    """A file name's stem and ending, as ``Path.stem`` and ``Path.suffix`` see them."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


class EditorFolder:
    """The files of one folder, listed once (``os.scandir``, not a path object for each) and
    read with one check of where the folder really leads (see
    :func:`~builder.stages.archive_files.read_listed`). ``rel`` is the folder as editors know
    it (``entities``)."""

    def __init__(self, archive: Archive, folder: Path, rel: str,
                 listed: tuple[str | None, list[os.DirEntry]] | None = None) -> None:
        """``listed``: the folder's real path (as :func:`real_folder` gives it) and its entries
        by name, when they are known already (a folder of sources, see stages.source_tree)."""
        self.archive, self.rel = archive, rel
        if listed is not None:
            self.real, self.entries = listed
            return
        self.real = real_folder(archive.content_dir, folder)
        with os.scandir(folder) as listing:
            self.entries = sorted(listing, key=lambda entry: entry.name)

    def yaml_files(self) -> list[os.DirEntry]:
        """The entries whose name ends in .yml or .yaml (as ``Path.suffix`` sees it: not
        ``.yml`` alone), by name."""
        return [entry for entry in self.entries if stem_and_suffix(entry.name)[1] in YAML_SUFFIXES]

    def path_of(self, entry: os.DirEntry) -> ContentPath:
        return ContentPath(f"{self.rel}/{entry.name}")

    def read(self, entry: os.DirEntry, schema: tuple[Field, ...], what: str, partial: bool = False) -> EditorFile | None:
        """:func:`read_editor_file` of a file of this folder."""
        rel = self.path_of(entry)
        text = _decoded(self.archive, rel, what, lambda: read_listed(self.archive.content_dir, self.real, entry,
                                                                    rel).decode("utf-8-sig"))
        return None if text is None else _parsed(self.archive, rel, text, schema, what, partial)
