"""Reading one editor-written YAML file: decode, parse, validate against its schema.

Every problem is reported on the archive with the file, line and column; a file with a
problem gives no values (its errors stop the build anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.model import Archive, ContentPath, Diagnostic
from builder.schema import Field, validate
from builder.stages.archive_files import Refused, read_text_inside
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
    try:
        return read_text_inside(archive.content_dir, path, rel)
    except Refused as refused:
        archive.report(Diagnostic("error", rel, 0, 0, f"{what}-{refused.kind}", refused.message, refused.hint))
    except UnicodeDecodeError as exc:
        archive.report(Diagnostic("error", rel, 0, 0, f"{what}-encoding",
                                  f"{what} is not UTF-8 (byte {exc.start})", "re-save the file as UTF-8"))
    return None


def read_editor_file(archive: Archive, path: Path, schema: tuple[Field, ...], what: str,
                     partial: bool = False) -> EditorFile | None:
    """The valid values of one editor file, or None after reporting why there are none.

    With ``partial``, a file whose schema check found problems still gives its valid keys
    (a sidecar's good corrections show in the preview while the bad one is fixed).
    """
    rel = content_path(archive, path)
    text = read_editor_text(archive, path, what)
    if text is None:
        return None
    node, problem = parse_nodes(text)
    if problem:
        archive.report(Diagnostic("error", rel, problem.line, problem.column, "yaml-syntax",
                                  f"not valid YAML: {problem.message}", YAML_HINT))
        return None
    positions: dict = {}
    values, diagnostics = validate(node, schema, rel, what, positions)
    for diagnostic in diagnostics:
        archive.report(diagnostic)
    if diagnostics and not partial:
        return None
    return EditorFile(rel, node, values, positions)
