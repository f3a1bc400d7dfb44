"""The layers' rules, written as import-linter contracts in pyproject.toml ([tool.importlinter]):
the builder keeps them, and a module that breaks one fails with a message naming its import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CONTRACTS = {
    "Only the bridge (builder.bridge) imports mkdocs",
    "The stages (builder.stages) never import emit, the bridge or the CLI",
    "Emit (builder.emit) never imports the stages, the bridge or the CLI",
    "Nothing but the CLI (builder.cli, and python -m builder) imports builder.cli",
    "No import cycles among the modules of the stages (builder.stages) or of emit (builder.emit)",
}

# Modules that break one contract each and no other: {file: its import}, and what import-linter
# says of them (one of the alternatives: of the two imports of a cycle, it names the one to remove).
ROGUES = {
    "Only the bridge (builder.bridge) imports mkdocs":
        ({"builder/rogue_mkdocs.py": "from mkdocs.config import load_config"}, ["builder.rogue_mkdocs -> mkdocs (l.3)"]),
    "The stages (builder.stages) never import emit, the bridge or the CLI":
        ({"builder/stages/rogue.py": "from builder.emit.urls import Urls"}, ["builder.stages.rogue -> builder.emit.urls (l.3)"]),
    "Emit (builder.emit) never imports the stages, the bridge or the CLI":
        ({"builder/emit/rogue.py": "from builder.stages import read"}, ["builder.emit.rogue -> builder.stages.read (l.3)"]),
    "Nothing but the CLI (builder.cli, and python -m builder) imports builder.cli":
        ({"builder/rogue_cli.py": "from builder.cli import main"}, ["builder.rogue_cli -> builder.cli (l.3)"]),
    "No import cycles among the modules of the stages (builder.stages) or of emit (builder.emit)":
        ({"builder/stages/rogue_first.py": "from builder.stages import rogue_second",
          "builder/stages/rogue_second.py": "from builder.stages import rogue_first"},
         ["No cycles are allowed in builder.stages.\n"
          "It could be made acyclic by removing 1 dependency:\n\n- .rogue_second -> .rogue_first (1 import)",
          "No cycles are allowed in builder.stages.\n"
          "It could be made acyclic by removing 1 dependency:\n\n- .rogue_first -> .rogue_second (1 import)"]),
}


def _lint(root: Path) -> subprocess.CompletedProcess:
    """lint-imports on the package `builder` found in ``root``, with root's pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)


def _verdicts(output: str) -> dict[str, str]:
    """Each contract's name -> KEPT or BROKEN, from lint-imports' summary."""
    verdicts = {}
    for line in output.splitlines():
        name, _, verdict = line.rstrip().rpartition(" ")
        if verdict in ("KEPT", "BROKEN"):
            verdicts[name] = verdict
    return verdicts


def test_the_builder_keeps_every_layer_contract():
    result = _lint(REPO)
    assert result.returncode == 0, f"a layer contract is broken:\n{result.stdout}{result.stderr}"
    assert _verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


def test_each_contract_fails_on_an_import_that_breaks_it_and_names_the_import(tmp_path):
    shutil.copytree(REPO / "builder", tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for modules, _ in ROGUES.values():
        for path, line in modules.items():
            (tmp_path / path).write_text(f'"""Breaks a layer rule on purpose."""\n\n{line}\n', encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert _verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "BROKEN")
    for _, named in ROGUES.values():
        assert any(alternative in result.stdout for alternative in named), (named, result.stdout)
