"""Declared schemas for editor-written YAML files, validated on the node tree.

A schema is a tuple of :class:`Field`. :func:`validate` checks a mapping node against it
and returns the values it could read plus one :class:`~builder.model.Diagnostic` per
problem, each with the line and column of the offending key or value and a fix.
Every problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from builder.markup import too_complex
from builder.model import ContentPath, Diagnostic
from builder.schema_checks import URL, check_date, id_hint, id_problem, read_coordinates
from builder.yamlio import position

@dataclass(frozen=True)
class Field:
    """One key of an editor file.

    ``kind`` is one of: ``text`` (one line of text), ``markdown`` (editor Markdown),
    ``text-list`` (a list of texts; a single text is taken as a one-item list),
    ``date`` (ISO 8601, ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), ``day`` (a full date,
    ``YYYY-MM-DD``), ``url`` (http or https),
    ``id`` (a lowercase slug), ``id-list``, ``choice`` (one of ``choices``), ``coordinates``
    (``[latitude, longitude]`` in decimal degrees; its value is a tuple of two floats), ``mappings`` (a
    list of mappings, each validated against ``schema``; its value is a tuple of :class:`Entry`).
    """

    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""
    min_length: int = 1
    schema: tuple["Field", ...] = ()  # for kind "mappings": the fields of each mapping


@dataclass(frozen=True)
class Entry:
    """One mapping of a ``mappings`` value: its valid values, where each is (as
    :func:`validate`'s ``positions``), and the line where it starts."""

    values: dict
    positions: dict
    line: int


class _Collector:
    def __init__(self, path: ContentPath) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, node: yaml.Node, code: str, message: str, hint: str = "") -> None:
        line, column = position(node)
        self.diagnostics.append(Diagnostic("error", self.path, line, column, code, message, hint))


def _scalar_text(node: yaml.Node, key: str, out: _Collector) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        out.error(node, "schema-type", f"'{key}' must be a single text value, not a {_node_kind(node)}",
                  f"write it on one line, e.g. {key}: some text")
        return None
    if node.tag == "tag:yaml.org,2002:null" and not node.style and node.value in ("", "~", "null"):
        return ""
    return node.value.strip()


def _node_kind(node: yaml.Node) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}.get(type(node), "text")


def _read_text(field: Field, node: yaml.Node, out: _Collector) -> Any:
    value = _scalar_text(node, field.name, out)
    if value is None:
        return None
    if "\n" in value and field.kind == "text":
        out.error(node, "schema-multiline", f"'{field.name}' must be one line",
                  "join the lines, or use a Markdown field for longer text")
        return None
    if field.kind == "markdown" and (problem := too_complex(value)):
        out.error(node, "schema-markdown-too-complex", f"'{field.name}' {problem}",
                  "shorten it, or simplify its links, code and nesting")
        return None
    return value


def _list_items(field: Field, node: yaml.Node, out: _Collector) -> list[tuple[yaml.Node, str]] | None:
    """The valid items of a list value, each with its node (an invalid one is reported and
    left out); None when the value is not a list."""
    if isinstance(node, yaml.ScalarNode):
        value = _scalar_text(node, field.name, out)
        items = [(node, value)] if value else []
    elif isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            text = _scalar_text(item, field.name, out)
            if text is not None:
                items.append((item, text))
    else:
        out.error(node, "schema-type", f"'{field.name}' must be a list, not a mapping",
                  f"write one item per line: {field.name}:\\n  - first\\n  - second")
        return None
    values: list[tuple[yaml.Node, str]] = []
    for item_node, text in items:
        if not text:
            out.error(item_node, "schema-empty", f"'{field.name}' has an empty item", "remove the empty item")
            continue
        problem = id_problem(text) if field.kind == "id-list" else None
        if problem:
            out.error(item_node, "schema-id", f"'{text}' in '{field.name}' {problem}", id_hint(problem, "north-korea"))
            continue
        if len(text) < field.min_length:
            out.error(item_node, "schema-too-short",
                      f"'{text}' in '{field.name}' is shorter than {field.min_length} characters",
                      "use the full form, or remove it")
            continue
        values.append((item_node, text))
    return values


def _read_date(field: Field, node: yaml.Node, out: _Collector, full: bool = False) -> Any:
    value = _scalar_text(node, field.name, out)
    if not value:
        return value
    problem = check_date(value)
    if problem:
        out.error(node, "schema-date", f"'{field.name}' value '{value}' {problem}",
                  "write the date as YYYY-MM-DD, e.g. 2010-11-03" if full else
                  "write the date as YYYY-MM-DD, e.g. 2010-11-03; YYYY-MM or YYYY when the day is unknown")
        return None
    if full and len(value) < len("YYYY-MM-DD"):
        out.error(node, "schema-date", f"'{field.name}' value '{value}' is not a full date (YYYY-MM-DD)",
                  f"write the day too: {value}{'-MM' if len(value) == 4 else ''}-DD")
        return None
    return value


def _read_day(field: Field, node: yaml.Node, out: _Collector) -> Any:
    return _read_date(field, node, out, full=True)


def _read_url(field: Field, node: yaml.Node, out: _Collector) -> Any:
    value = _scalar_text(node, field.name, out)
    if value and not URL.fullmatch(value):
        out.error(node, "schema-url", f"'{field.name}' value '{value}' is not an http(s) URL",
                  "write the full address, starting with https://")
        return None
    return value


def _read_id(field: Field, node: yaml.Node, out: _Collector) -> Any:
    value = _scalar_text(node, field.name, out)
    problem = id_problem(value) if value else None
    if problem:
        out.error(node, "schema-id", f"'{field.name}' value '{value}' {problem}", id_hint(problem, "ban-ki-moon"))
        return None
    return value


def _read_choice(field: Field, node: yaml.Node, out: _Collector) -> Any:
    value = _scalar_text(node, field.name, out)
    if value is None or value in field.choices:
        return value
    close = difflib.get_close_matches(value, field.choices, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    out.error(node, "schema-choice", f"'{field.name}' value '{value}' is not one of: {', '.join(field.choices)}",
              f"{hint}use one of: {', '.join(field.choices)}")
    return None


def _read_coordinates(field: Field, node: yaml.Node, out: _Collector) -> Any:
    """Two numbers, ``[latitude, longitude]``, each in range (schema_checks.read_coordinates)."""
    if isinstance(node, yaml.SequenceNode):  # an item that is a list or a mapping: None, and its kind
        texts = [_scalar_text(item, field.name, out) if isinstance(item, yaml.ScalarNode) else None for item in node.value]
        kinds = [_node_kind(item) for item in node.value]
    else:
        texts = kinds = None
    value, at, message, hint = read_coordinates(field.name, texts, node.value if texts is None else "", kinds)
    if message:
        out.error(node.value[at] if at >= 0 else node, "schema-coordinates", message, hint)
    return value


def _read_mappings(field: Field, node: yaml.Node, out: _Collector) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        out.error(node, "schema-type", f"'{field.name}' must be a list of mappings, not a {_node_kind(node)}",
                  f"start each item with '- ', e.g. {field.name}:\\n  - {field.schema[0].name}: ...")
        return None
    entries = []
    for item in node.value:
        at, positions = position(item), {}
        empty = isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:null"
        names_it = (f"the item of '{field.name}' on line {at[0]}", f"an item of '{field.name}'",
                    f"in an item of '{field.name}'")
        values = _validate(None if empty else item, field.schema, out, names_it, at, positions)
        entries.append(Entry(values, positions, at[0]))
    return tuple(entries)


READERS: dict[str, Callable[[Field, yaml.Node, _Collector], Any]] = {
    "text": _read_text, "markdown": _read_text, "passage": _read_text,
    "date": _read_date, "day": _read_day, "url": _read_url, "id": _read_id, "choice": _read_choice, "mappings": _read_mappings,
    "coordinates": _read_coordinates,
}


LIST_KINDS = ("text-list", "id-list")


def item_positions(node: yaml.Node) -> list[tuple[int, int]]:
    """Line and column of each item of a list value (or of the single value)."""
    if isinstance(node, yaml.SequenceNode):
        return [position(item) for item in node.value]
    return [position(node)]


def _read(field: Field, node: yaml.Node, out: _Collector) -> tuple[Any, list[tuple[int, int]]]:
    """A value read as its field's kind, and where it is: for a list, where each item kept is
    (one reported and left out has no place, so the places stay beside the items they name)."""
    if field.kind in LIST_KINDS:
        items = _list_items(field, node, out)
        if items is None:
            return None, [position(node)]
        return tuple(text for _, text in items), [position(item) for item, _ in items]
    return READERS[field.kind](field, node, out), item_positions(node)


def validate(node: yaml.Node | None, schema: tuple[Field, ...], path: ContentPath,
             what: str, positions: dict[str, list[tuple[int, int]]] | None = None
             ) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Validate a mapping node against ``schema``.

    Returns the values that are valid (keyed by field name; absent keys are left out) and
    every problem found. ``what`` names the kind of file in messages ("sidecar", "entity").
    If ``positions`` is given, it receives the line and column of each value (of each item,
    for lists), so later stages can point at the exact line of a value they reject.
    """
    out = _Collector(path)
    return _validate(node, schema, out, (f"the {what} file", f"a {what} file", f"in {what} file"), (1, 1),
                     positions), out.diagnostics


def _validate(node: yaml.Node | None, schema: tuple[Field, ...], out: _Collector, names_it: tuple[str, str, str],
              at: tuple[int, int], positions: dict | None) -> dict[str, Any]:
    """:func:`validate` of a whole file, or of an item of a ``mappings`` value: ``names_it``
    is how messages name it ("the sidecar file", "a sidecar file", "in sidecar file"), ``at``
    where a problem with the whole of it is."""
    the, a, inside = names_it
    names = [f.name for f in schema]
    if node is None:
        out.diagnostics.append(Diagnostic("error", out.path, *at, "schema-empty-file", f"{the} is empty",
                                          f"write at least: {', '.join(f.name + ': ...' for f in schema if f.required) or names[0] + ': ...'}"))
        return {}
    if not isinstance(node, yaml.MappingNode):
        out.error(node, "schema-type", f"{a} must be a mapping of keys to values, not a {_node_kind(node)}",
                  f"start each line with a key, e.g. {names[0]}: ...")
        return {}
    by_name = {f.name: f for f in schema}
    values: dict[str, Any] = {}
    seen: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        if key in seen:
            line, _ = position(seen[key])
            out.error(key_node, "schema-duplicate-key", f"key '{key}' appears twice (first on line {line})",
                      "keep one of them")
            continue
        seen[key] = key_node
        field = by_name.get(key)
        if field is None:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(names)}"
            out.error(key_node, "schema-unknown-key", f"unknown key '{key}' {inside}", hint)
            continue
        value, places = _read(field, value_node, out)
        if positions is not None:
            positions[key] = places
        if value is not None:
            values[key] = value
    for field in schema:
        if field.required and field.name not in seen:
            out.diagnostics.append(Diagnostic("error", out.path, *at, "schema-missing-key",
                                              f"required key '{field.name}' is missing from {the}",
                                              f"add a line: {field.name}: ..."))
        elif field.required and not values.get(field.name) and field.name in seen:
            key_node = seen[field.name]
            if not any(d.line == position(key_node)[0] for d in out.diagnostics):
                out.error(key_node, "schema-empty-value", f"required key '{field.name}' has no value",
                          f"write a value after '{field.name}:'")
    return values
