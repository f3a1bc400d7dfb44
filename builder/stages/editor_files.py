"""Reading one editor-written YAML file: decode, parse, validate against its schema.

Every problem is reported on the archive with the file, line and column; a file with a
problem gives no values (its errors stop the build anyway).
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from builder import store as result_store
from builder.model import Archive, ContentPath, Diagnostic
from builder.schema import Field, validate
from builder.stages.archive_files import Refused, read_listed, read_text_inside, real_folder
from builder.stages.read import content_path
from builder.yamlio import parse_nodes

YAML_HINT = "check the indentation and quote values that contain ': ' or start with a symbol"


@dataclass
class EditorFile:
    path: ContentPath
    line: int  # where its mapping starts
    values: dict
    positions: dict  # key -> [(line, column)] of its value(s)


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


class Parsed:
    """Editor files as parsed and checked, by path and text: by the last build and this one,
    held by a process that builds again and again (`archive serve`, handed to the pipeline),
    and, given a ``store`` (the result store's file of them), by any build before, so that a
    build parses only the files that changed (3,000 entity files and 1,000 annotations took
    half a second of every rebuild at 10,000 documents). Each build starts with :meth:`turn`
    (what the last build did not read is let go of) and ends with :meth:`keep`."""

    def __init__(self) -> None:
        self.last: dict = {}
        self.now: dict = {}
        self.store = None
        self.kept: dict | None = None  # what the store holds, read at the first file neither build held
        self.code = ""
        self.made: list[tuple[str, bytes]] = []
        self.used: set[str] = set()

    def turn(self, up_to: int, store=None) -> None:
        """A new build: what the last one read is held (unless it read more than ``up_to``, or
        the builder's code changed since); ``store``: a builder.store.Cache of editor files
        parsed, or None."""
        code = result_store.code_version()
        same = code == self.code and len(self.now) <= up_to
        self.last, self.now, self.code = (self.now if same else {}), {}, code
        self.store, self.made, self.used, self.kept = store, [], set(), None

    def get_or_parse(self, parts: tuple[str, ...], parse):
        """What ``parse()`` gives for a file, by what of the file and of its reading the result
        depends on (``parts``): held in this process, kept in the store with the builder's
        code version."""
        key = result_store.key(self.code, *parts) if self.store is not None else ""
        if key:
            self.used.add(key)
        found = self.now.get(parts) or self.last.get(parts)
        if found is None and key:
            if self.kept is None:  # (3,000 files: one read, not a query for each)
                self.kept = self.store.everything()
            found = self.kept.get(key)
        if found is None:
            found = parse()
            if key:
                self.made.append((key, result_store.dumps(found)))
        self.now[parts] = found
        return found

    def keep(self) -> None:
        """Once the build has read every editor file: those parsed in it are kept in the store,
        and those no build reads any more dropped."""
        if self.store is not None:
            self.store.put_many(self.made)
            self.store.prune(self.used)
        self.made, self.kept = [], None


def read_editor_file(archive: Archive, path: Path, schema: tuple[Field, ...], what: str,
                     partial: bool = False, empty_ok: bool = False, parsed: Parsed | None = None) -> EditorFile | None:
    """The valid values of one editor file, or None after reporting why there are none.

    With ``partial``, a file whose schema check found problems still gives its valid keys
    (a sidecar's good corrections show in the preview while the bad one is fixed). With
    ``empty_ok``, a file with nothing but comments (or nothing) gives None and is no problem
    (a settings file whose every line is commented out).
    """
    rel = content_path(archive, path)
    text = read_editor_text(archive, path, what)
    return None if text is None else _parsed(archive, rel, text, schema, what, partial, empty_ok, parsed)


def _parsed(archive: Archive, rel: ContentPath, text: str, schema: tuple[Field, ...], what: str,
            partial: bool, empty_ok: bool = False, parsed: Parsed | None = None) -> EditorFile | None:
    def parse() -> tuple:
        """Where the file's mapping starts; its values and their positions (pickled: each build
        is given a copy of its own, as a stage may change its own); the problems found; whether
        it was checked."""
        node, problem = parse_nodes(text)
        if problem:
            return 0, None, [Diagnostic("error", rel, problem.line, problem.column, "yaml-syntax",
                                        f"not valid YAML: {problem.message}", YAML_HINT)], False
        if node is None and empty_ok:
            return 0, None, [], False
        positions: dict = {}
        values, diagnostics = validate(node, schema, rel, what, positions)
        line = node.start_mark.line + 1 if node is not None else 1
        return line, pickle.dumps((values, positions), pickle.HIGHEST_PROTOCOL), diagnostics, True

    if parsed is None:
        line, values, diagnostics, checked = parse()
    else:  # (under the kind of file, which names its schema)
        line, values, diagnostics, checked = parsed.get_or_parse((rel, text, what, str(empty_ok)), parse)
    for diagnostic in diagnostics:
        archive.report(diagnostic)
    if not checked or (diagnostics and not partial):
        return None
    values, positions = pickle.loads(values)
    return EditorFile(rel, line, values, positions)


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
                 listed: tuple[str | None, list[os.DirEntry]] | None = None, parsed: Parsed | None = None) -> None:
        """``listed``: the folder's real path (as :func:`real_folder` gives it) and its entries
        by name, when they are known already (a folder of sources, see stages.source_tree).
        ``parsed``: see :class:`Parsed`."""
        self.archive, self.rel, self.parsed = archive, rel, parsed
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
        return None if text is None else _parsed(self.archive, rel, text, schema, what, partial, parsed=self.parsed)
