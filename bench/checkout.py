"""Another commit's code, run beside the working tree's (for bench.same_output and
bench.side_by_side).

The commit is checked out into a throwaway git worktree and run with this checkout's
Python environment, its folder first on ``PYTHONPATH`` and as the current directory, so
that ``import builder`` and ``python -m bench...`` load that commit's code. The project is
installed in ``.venv`` in editable mode, but setuptools' editable finder comes after the
path entries, so it never shadows them. MkDocs finds the ``archive`` plugin through the
``mkdocs.plugins`` entry point of the installed distribution, made from the working
tree's pyproject.toml: each side is therefore given a copy of that distribution's
metadata made from its own pyproject.toml, placed first on the path, where it takes the
installed one's place (importlib.metadata keeps the first distribution of a name). A
child process reports where every builder module it loaded came from
(:func:`check_code`), so a run of the wrong code cannot go unnoticed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"
"""SOURCE_DATE_EPOCH of every build run here: MkDocs dates the sitemap with it."""


class WrongCode(SystemExit):
    """A child process loaded builder modules from somewhere else than the code it was to run."""


def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def describe(ref: str) -> str:
    """The commit ``ref`` names: short hash and subject."""
    return git("log", "-1", "--format=%h %s", ref)[:90]


@contextmanager
def worktree(ref: str, where: Path):
    """``ref`` checked out (detached) at ``where``, removed on the way out, failure or not; the
    working tree's node_modules linked into it, as `make` installs it beside the builder."""
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    _remove(where)  # left by a run that was killed
    where.parent.mkdir(parents=True, exist_ok=True)
    git("worktree", "add", "--detach", "--quiet", str(where), commit)
    if (ROOT / "node_modules").is_dir():  # (the basemap's outlines, builder.emit.basemap: else REF draws none)
        (where / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    try:
        yield where
    finally:
        _remove(where)


def _remove(where: Path) -> None:
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT, capture_output=True)
        shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def _metadata(code: Path, meta: Path) -> None:
    """The distribution metadata of the project at ``code`` (its entry points: the MkDocs
    plugin, the ``archive`` command) in the folder ``meta``."""
    project = tomllib.loads((code / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    info = meta / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    shutil.rmtree(meta, ignore_errors=True)
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in points.items()) + "\n"
        for group, points in groups.items()), encoding="utf-8")


def environment(code: Path, meta: Path) -> dict[str, str]:
    """The environment of a child process that runs the code at ``code``: its metadata
    (written to ``meta``) and its folder first on the path, the sitemap's date fixed, and
    none of the variables the builder's own commands set."""
    _metadata(code, meta)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(meta), str(code)])
    env["SOURCE_DATE_EPOCH"] = EPOCH
    return env


WHERE_FROM = """
import importlib, importlib.metadata, json, sys
plugin = importlib.metadata.entry_points(group="mkdocs.plugins")["archive"]
importlib.import_module(plugin.module)
print(json.dumps({"plugin": plugin.value, "modules": {
    n: getattr(m, "__file__", None) or next(iter(getattr(m, "__path__", [])), None)
    for n, m in sys.modules.items() if n == "builder" or n.startswith("builder.")}}))
"""
"""Run by a child: which plugin the entry point names, and the file of every builder module loaded."""


def check_code(code: Path, env: dict[str, str], modules: dict[str, str | None] | None = None) -> str:
    """Raise unless every builder module (those in ``modules``, as a child reported them, or
    those a child loads with the archive plugin) came from ``code``; say what was checked."""
    plugin = ""
    if modules is None:
        done = subprocess.run([sys.executable, "-c", WHERE_FROM], cwd=code, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"cannot load the archive plugin of {code}:\n{done.stderr[-2000:]}")
        found = json.loads(done.stdout.strip().splitlines()[-1])
        modules, plugin = found["modules"], f", the plugin {found['plugin']}"
    package = code.resolve() / "builder"
    strays = {name: file for name, file in modules.items() if file is None or not Path(file).resolve().is_relative_to(package)}
    if strays or not modules:
        raise WrongCode(f"not the code at {code}: " + ", ".join(f"{n} from {f}" for n, f in sorted(strays.items())))
    return f"{len(modules)} builder modules{plugin}, all from {package}"
