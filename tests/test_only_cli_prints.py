"""Only the command line (builder/cli/) prints: every other module of the builder returns
results, raises, or logs, and never writes to standard output or standard error itself."""

from __future__ import annotations

import ast

import pytest

from helpers import REPO

BUILDER = REPO / "builder"
MAY_PRINT = set((BUILDER / "cli").rglob("*.py"))  # the CLI: builder/cli/
STREAMS = {"stdout", "stderr", "__stdout__", "__stderr__"}


def printing(source: str, name: str) -> list[str]:
    """Each place in ``source`` (a module's text) that prints: 'NAME:LINE: what it does'."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        what = ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            what = "print()"
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys" \
                and node.attr in STREAMS:
            what = f"sys.{node.attr}"
        elif isinstance(node, ast.ImportFrom) and node.module == "sys" and any(a.name in STREAMS for a in node.names):
            what = "from sys import " + ", ".join(a.name for a in node.names if a.name in STREAMS)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "os" and node.args \
                and isinstance(node.args[0], ast.Constant) and node.args[0].value in (1, 2):
            what = f"os.write({node.args[0].value}, ...)"
        if what:
            found.append(f"{name}:{node.lineno}: {what}")
    return sorted(found, key=lambda place: int(place.split(":")[1]))


def test_no_module_but_the_cli_prints():
    modules = sorted(set(BUILDER.rglob("*.py")) - MAY_PRINT)
    assert BUILDER / "linkcheck.py" in modules and BUILDER / "bridge" / "site.py" in modules
    places = [place for path in modules
              for place in printing(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())]
    assert places == [], "only builder/cli/ prints; return the text, raise or log instead:\n" + "\n".join(places)


@pytest.mark.parametrize("source, expected", [
    pytest.param("def main():\n    print('x')\n", ["m.py:2: print()"], id="print"),
    # How the link check's process once handed its report to the build.
    pytest.param("import json, sys\n\ndef main(report):\n    json.dump(report, sys.stdout)\n",
                 ["m.py:4: sys.stdout"], id="json.dump to sys.stdout"),
    pytest.param("import sys\nsys.stderr.write('x')\n", ["m.py:2: sys.stderr"], id="sys.stderr.write"),
    pytest.param("from sys import stdout\n", ["m.py:1: from sys import stdout"], id="from sys import stdout"),
    pytest.param("import os\nos.write(2, b'x')\n", ["m.py:2: os.write(2, ...)"], id="os.write(2)"),
    pytest.param("import logging\nlogging.getLogger('builder').warning('x')\nmodel.print_name = 1\n", [],
                 id="logging is not printing"),
])
def test_the_scan_finds_each_way_of_printing(source, expected):
    assert printing(source, "m.py") == expected
