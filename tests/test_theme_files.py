"""The theme's files MkDocs copies into the site are listed by bridge.theming.ListedTemplates:
the same files MkDocs' own loader gives it, an installed theme's folders walked once per
process, the archive's overrides/ and the builder's theme on every build."""

from __future__ import annotations

import shutil

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from builder import stamps
from builder.bridge import search, theming
from builder.bridge.site import build_site
from helpers import REPO, REPO_CONTENT, recorded, write_config


def _theme_files(env, config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(f"{file.src_uri} {file.abs_src_path}" for file in files)


def _config(tmp_path):
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    path = write_config(tmp_path / "mkdocs.yml", content_dir=REPO_CONTENT)
    path.write_text(path.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(tmp_path / "overrides")),
                    encoding="utf-8")
    config = load_config(str(path))
    theming.configure(config)
    return path, config


def test_mkdocs_copies_the_same_theme_files_as_with_its_own_loader(tmp_path):
    _, config = _config(tmp_path)
    (tmp_path / "overrides" / ".hidden").mkdir()
    (tmp_path / "overrides" / ".hidden" / "x.css").write_text("x", encoding="utf-8")
    (tmp_path / "overrides" / "assets").mkdir(exist_ok=True)
    (tmp_path / "overrides" / "assets" / "ours.css").write_text("a {}", encoding="utf-8")
    env = config.theme.get_env()
    assert isinstance(env.loader, theming.ListedTemplates)
    listed = _theme_files(env, config)
    own = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs))
    assert listed == _theme_files(own, config)
    assert f"assets/ours.css {tmp_path / 'overrides' / 'assets' / 'ours.css'}" in listed
    assert f"{theming.STYLESHEET} {theming.FOLDER / theming.STYLESHEET}" in listed
    assert not any("/." in line.split()[0] or line.startswith(".") for line in listed)
    assert len([line for line in listed if "/material/templates/" in line]) > 20


def test_an_installed_theme_is_walked_once_and_the_archive_s_own_files_every_build(tmp_path, monkeypatch):
    path, config = _config(tmp_path)
    monkeypatch.setattr(stamps, "path_folders", lambda: ())  # (no library installed meanwhile)
    build_site(path, tmp_path / "first", content_dir=REPO_CONTENT)
    walked = recorded(monkeypatch, theming, "_listed")
    added = tmp_path / "overrides" / "assets" / "added.css"
    added.parent.mkdir(exist_ok=True)
    added.write_text("p { margin: 0 }", encoding="utf-8")
    build_site(path, tmp_path / "second", content_dir=REPO_CONTENT)
    own = [str(tmp_path / "overrides"), str(theming.FOLDER), str(search.TEMPLATES)]
    assert sorted(walked) == sorted(own)  # not Material's, nor MkDocs' own templates
    assert not any(theming._installed(folder) for folder in own)
    assert theming._installed(str(theming.MATERIAL))
    assert (tmp_path / "second" / "assets" / "added.css").read_text(encoding="utf-8") == "p { margin: 0 }"
    assert not (tmp_path / "first" / "assets" / "added.css").exists()
