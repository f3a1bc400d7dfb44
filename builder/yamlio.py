"""YAML in and out: node trees with line numbers for editor files, deterministic dumps.

Editor files are parsed to a node tree (not to Python values) so that every value keeps
its line and column, and so that plain scalars are read as the text the editor typed:
``title: No`` is the string "No", ``time: 12:30`` is "12:30".
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    message: str


_FastLoader = getattr(yaml, "CSafeLoader", None)


def parse_nodes(text: str) -> tuple[yaml.Node | None, YamlProblem | None]:
    """Parse one YAML document into a node tree, or say where and why it is not YAML."""
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:  # libyaml, when present: the same node tree, ten times faster
            return yaml.compose(text, Loader=_FastLoader), None
        except yaml.YAMLError:
            pass  # the pure-Python parser says what is wrong, in the words editors see everywhere
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = exc.problem or "not valid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        return None, YamlProblem(line, column, problem)
    except yaml.YAMLError as exc:  # errors without a position (e.g. a bad stream)
        return None, YamlProblem(1, 1, str(exc))
    return node, None


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class _FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml: ~70x faster
    """Safe dumper (the C one when PyYAML has libyaml; both give the same bytes)."""


_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes NEL and the Unicode line/paragraph separators raw, and reads them back
    # as line breaks; double quotes make it escape them (\N, \L, \P).
    if any(ch in value for ch in _YAML_LINE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_FrontMatterDumper.add_representer(str, _represent_str)


def dump(data: dict) -> str:
    """Dump plain data (str, int, bool, list, dict) as block YAML in the given key order.

    Safe dumper, unicode kept, no line folding: the same data always gives the same bytes,
    and every string reads back as itself (``No``, ``12:30``, ``@x`` are quoted).
    """
    return yaml.dump(
        data,
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
