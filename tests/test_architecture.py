"""The layers' rules, written as import-linter contracts in pyproject.toml ([tool.importlinter]):
the builder keeps them, and a module that breaks one fails with a message naming its import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CONTRACTS = {
    "Only the bridge (builder.bridge) imports mkdocs",
    "The stages (builder.stages) never import emit, the pipeline, the bridge or the CLI",
    "Emit (builder.emit) never imports the stages, the pipeline, the bridge or the CLI",
    "Search (builder.search) never imports the stages, the pipeline, the bridge or the CLI",
    "Nothing but the CLI (builder.cli, and python -m builder) imports builder.cli",
    "The model (builder.model) imports nothing else of the builder",
    "No import cycles among the modules of the builder, of its stages or of emit",
}

# Modules that break one contract each and no other: {file: its import}, and what import-linter
# says of them (one of the alternatives: of the two imports of a cycle, it names the one to remove).
ROGUES = {
    "Only the bridge (builder.bridge) imports mkdocs":
        ({"builder/rogue_mkdocs.py": "from mkdocs.config import load_config"}, ["builder.rogue_mkdocs -> mkdocs (l.3)"]),
    "The stages (builder.stages) never import emit, the pipeline, the bridge or the CLI":
        ({"builder/stages/rogue.py": "from builder.emit.urls import Urls"}, ["builder.stages.rogue -> builder.emit.urls (l.3)"]),
    "Emit (builder.emit) never imports the stages, the pipeline, the bridge or the CLI":
        ({"builder/emit/rogue.py": "from builder.stages import read"}, ["builder.emit.rogue -> builder.stages.read (l.3)"]),
    "Search (builder.search) never imports the stages, the pipeline, the bridge or the CLI":
        ({"builder/search/rogue.py": "from builder.pipeline import build"}, ["builder.search.rogue -> builder.pipeline (l.3)"]),
    "Nothing but the CLI (builder.cli, and python -m builder) imports builder.cli":
        ({"builder/rogue_cli.py": "from builder.cli import main"}, ["builder.rogue_cli -> builder.cli (l.3)"]),
    "The model (builder.model) imports nothing else of the builder":
        ({"builder/model/rogue.py": "from builder.slugs import slugify"}, ["builder.model.rogue -> builder.slugs (l.3)"]),
    "No import cycles among the modules of the builder, of its stages or of emit":
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


def test_the_model_contract_names_every_other_module_of_the_builder():
    """The model's contract lists what it may not import: every other module of the builder,
    so that a module added later is in it too."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "model-at-the-bottom")
    modules = {f"builder.{p.stem if p.is_file() else p.name}" for p in (REPO / "builder").iterdir()
               if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p / "__init__.py").is_file()}
    assert sorted(contract["forbidden_modules"]) == sorted(modules - {"builder.model"})



LONGEST = 300
"""Lines a module of the builder may have (ARCHITECTURE.md: one that grows past it is split by meaning)."""


def test_every_module_of_the_builder_is_at_most_300_lines():
    long = {str(path.relative_to(REPO)): lines for path in sorted((REPO / "builder").rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST}
    assert long == {}, f"split these by meaning (lines over {LONGEST}): {long}"
