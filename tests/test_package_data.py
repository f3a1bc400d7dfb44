"""The builder's package ships every file it needs that is not Python: the archive's theme
(builder/bridge/theme), the search box's template and the search client. An archive made
with `archive new` names none of them; it finds them in the installed package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = REPO / "builder"


def not_python(folder: Path) -> set[str]:
    """The package's files that are not Python code, by path under the package's parent."""
    return {p.relative_to(folder.parent).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def test_the_theme_is_among_the_package_s_files():
    shipped = not_python(PACKAGE)
    assert {"builder/bridge/theme/main.html", "builder/bridge/theme/archive.html",
            "builder/bridge/theme/assets/stylesheets/archive.css",
            "builder/bridge/theme/assets/javascripts/archive.js"} <= shipped


def test_a_wheel_of_the_package_holds_every_file_it_needs(tmp_path):
    """Built as pip builds it (setuptools, pyproject.toml's package-data), the wheel holds every
    file of the package that is not Python: a file added without its pattern would be missing
    from an installed builder."""
    pytest.importorskip("setuptools")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(PACKAGE, project / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "-q", "-w", str(tmp_path / "dist"), str(project)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = {n for n in archive.namelist() if n.startswith("builder/") and not n.endswith(".py")}
    assert names == not_python(PACKAGE)
