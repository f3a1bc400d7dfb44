"""`archive build`, `serve` and `bundle` from outside the archive's folder (issue 20,
"Building from anywhere"): the archive's own mkdocs.yml is found beside the content folder, and
when no configuration builds it, the message says exactly what to pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cli import main
from helpers import REPO, article, heading_text, soup_of
from helpers.new_archives import STORY, new_archive


def test_build_from_another_folder_finds_the_archive_s_configuration(tmp_path, monkeypatch, capsys):
    root = new_archive(tmp_path, site_name="Harbour Papers")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["build", "--content", str(root / "content"), "--site", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines()[0] == (f"archive build: using {root / 'mkdocs.yml'}, the configuration beside "
                                            "the content folder")
    assert captured.out.endswith(f"site written to {tmp_path / 'out'}\n")
    assert heading_text(article(soup_of(tmp_path / "out" / "index.html")).h1) == "Harbour Papers"
    assert (root / "build" / "cache").is_dir() and not (elsewhere / "build").exists()  # the archive's own cache
    assert sorted(p.name for p in elsewhere.iterdir()) == []


def test_a_relative_content_folder_is_found_from_the_current_folder(tmp_path, monkeypatch, capsys):
    new_archive(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--content", "fresh/content", "--site", "out"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"archive build: using {tmp_path / 'fresh' / 'mkdocs.yml'}, the configuration beside the content folder")
    assert (tmp_path / "out" / "documents" / "first" / "index.html").is_file()


def test_the_archive_s_own_configuration_wins_over_the_current_folder_s(tmp_path, monkeypatch, capsys):
    here = new_archive(tmp_path, "here", site_name="The Current Folder")
    there = new_archive(tmp_path, "there", site_name="The Archive Built")
    monkeypatch.chdir(here)
    capsys.readouterr()
    assert main(["build", "--content", str(there / "content"), "--site", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"archive build: using {there / 'mkdocs.yml'}, the configuration beside the content folder")
    assert heading_text(article(soup_of(tmp_path / "out" / "index.html")).h1) == "The Archive Built"


def test_content_with_no_configuration_beside_it_is_built_with_the_current_folder_s_only_when_asked(
        tmp_path, monkeypatch, capsys):
    """The current folder's mkdocs.yml builds another content folder: used unasked, it would
    write its own export and cache for the wrong content. It is named, and used with --config."""
    here = new_archive(tmp_path, "here", site_name="The Current Folder")
    loose = tmp_path / "loose" / "content" / "sources"
    loose.mkdir(parents=True)
    (loose / "other.txt").write_text(STORY, encoding="utf-8")
    (loose.parent / "pages").mkdir()
    (loose.parent / "pages" / "about.md").write_text("# About\n", encoding="utf-8")  # the navigation lists it
    monkeypatch.chdir(here)
    capsys.readouterr()
    assert main(["build", "--content", str(loose.parent), "--site", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"archive build: there is no mkdocs.yml beside the content folder {loose.parent}, and the one in the current "
        f"folder ({here / 'mkdocs.yml'}) builds another content folder ({here / 'content'}); pass --config "
        f"{here / 'mkdocs.yml'} to build {loose.parent} with it\n")
    assert not (tmp_path / "out").exists() and not (here / "build").exists()
    assert main(["build", "--config", str(here / "mkdocs.yml"), "--content", str(loose.parent),
                 "--site", str(tmp_path / "out")]) == 0
    assert "using" not in capsys.readouterr().err
    assert heading_text(article(soup_of(tmp_path / "out" / "index.html")).h1) == "The Current Folder"
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == ["other"]


@pytest.mark.parametrize("command", ["build", "serve", "bundle"])
def test_without_a_configuration_each_command_says_what_to_pass(tmp_path, monkeypatch, capsys, command):
    content = tmp_path / "corpus" / "content"
    content.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert main([command, "--content", str(content)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (f"archive {command}: there is no mkdocs.yml beside the content folder {content}, and none "
                            f"is in the current folder ({tmp_path}); pass the archive's configuration with --config "
                            "PATH/mkdocs.yml\n")
    assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # nothing written


def test_a_configuration_beside_that_builds_another_folder_is_named(tmp_path, monkeypatch, capsys):
    root = new_archive(tmp_path)
    other = root / "corpus"
    (other / "sources").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["build", "--content", str(other)]) == 2
    assert capsys.readouterr().err == (
        f"archive build: {root / 'mkdocs.yml'} builds another content folder ({root / 'content'}), and none is in the "
        f"current folder ({tmp_path}); pass --config {root / 'mkdocs.yml'} to build {other} with it\n")
    # Passed, it builds that content folder with the archive's configuration.
    (other / "sources" / "second.txt").write_text(STORY, encoding="utf-8")
    (other / "pages").mkdir()
    (other / "pages" / "about.md").write_text("# About\n", encoding="utf-8")  # the navigation lists it
    assert main(["build", "--config", str(root / "mkdocs.yml"), "--content", str(other), "--site", "out"]) == 0
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == ["second"]


def test_a_configuration_beside_without_the_archive_plugin_is_named(tmp_path, monkeypatch, capsys):
    (tmp_path / "site-docs" / "content").mkdir(parents=True)
    (tmp_path / "site-docs" / "mkdocs.yml").write_text("site_name: Docs\nplugins:\n  - search\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "--content", "site-docs/content"]) == 2
    assert capsys.readouterr().err == (
        f"archive serve: {tmp_path / 'site-docs' / 'mkdocs.yml'} lists no archive plugin, and none is in the current "
        f"folder ({tmp_path}); pass the archive's configuration with --config PATH/mkdocs.yml\n")


def test_a_missing_config_option_is_named(tmp_path, monkeypatch, capsys):
    root = new_archive(tmp_path)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["bundle", "--config", "mkdcos.yml"]) == 2
    assert capsys.readouterr().err == ("archive bundle: the configuration file mkdcos.yml does not exist; pass the "
                                       "archive's mkdocs.yml with --config\n")


def test_serve_from_another_folder_serves_the_archive_s_configuration(tmp_path, monkeypatch, capsys):
    """`archive serve` finds the configuration as build does (the server itself is tested in test_serve)."""
    from builder.bridge import serve

    root = new_archive(tmp_path)
    served = []
    monkeypatch.setattr(serve, "serve", lambda config, address, content: served.append((config, address, content)))
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["serve", "--content", "fresh/content"]) == 0
    assert served == [(root / "mkdocs.yml", "127.0.0.1:8000", Path("fresh/content"))]
    assert capsys.readouterr().err == (f"archive serve: using {root / 'mkdocs.yml'}, the configuration beside the "
                                       "content folder\n")


# --- --config alone; a configuration that cannot be read (review of issue 20, findings 2 and 3) -----

def _rename_content(root: Path, name: str) -> None:
    """The archive at ``root`` keeps its content in ``name``/ (content_dir: name)."""
    (root / "content").rename(root / name)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("content_dir: content\n") == 1 and text.count("docs_dir: content/pages\n") == 1
    config.write_text(text.replace("content_dir: content\n", f"content_dir: {name}\n")
                      .replace("docs_dir: content/pages\n", f"docs_dir: {name}/pages\n"), encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "bundle", "serve"])
def test_config_alone_builds_the_content_folder_it_names(tmp_path, monkeypatch, capsys, command):
    """`--config FILE` without --content, from another folder: the content folder is FILE's
    own (its content_dir), not ./content."""
    from builder.bridge import bundle, serve, site

    root = new_archive(tmp_path, site_name="Harbour Papers")
    _rename_content(root, "corpus")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "content" / "sources").mkdir(parents=True)  # a content folder here is not the one built
    (elsewhere / "content" / "sources" / "wrong.txt").write_text(STORY, encoding="utf-8")
    built = []
    monkeypatch.setattr(serve, "serve", lambda config, address, content: built.append((config, content)))
    real_bundle, real_build = bundle.make_bundle, site.build_site
    monkeypatch.setattr(bundle, "make_bundle", lambda config, out, content_dir, progress: built.append(
        (config, content_dir)) or real_bundle(config, out, content_dir=content_dir, progress=progress))
    monkeypatch.setattr(site, "build_site", lambda config, out, content_dir, strict, progress, scheduler=None: built.append(
        (config, content_dir)) or real_build(config, out, content_dir=content_dir, strict=strict, progress=progress))
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main([command, "--config", str(root / "mkdocs.yml")]) == 0
    assert built == [(root / "mkdocs.yml", root / "corpus")]
    if command == "build":
        assert heading_text(article(soup_of(elsewhere / "site" / "index.html")).h1) == "Harbour Papers"
        assert sorted(p.name for p in (elsewhere / "site" / "documents").iterdir()) == ["first"]


def test_in_the_archive_s_folder_its_own_content_folder_is_built(tmp_path, monkeypatch, capsys):
    """`archive build` alone, where mkdocs.yml keeps the content in corpus/: corpus/ is built."""
    root = new_archive(tmp_path)
    _rename_content(root, "corpus")
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    assert capsys.readouterr().err.count("using") == 0
    assert sorted(p.name for p in (root / "site" / "documents").iterdir()) == ["first"]


def test_a_configuration_beside_that_is_not_valid_yaml_is_named_and_no_other_is_used(tmp_path, monkeypatch, capsys):
    """The mkdocs.yml beside the content folder has a YAML error: the command says so, and does
    not fall back to the current folder's mkdocs.yml (another archive's, whose export and cache
    it would overwrite)."""
    here = new_archive(tmp_path, "here", site_name="Another Archive")
    there = new_archive(tmp_path, "there", site_name="The Archive Meant")
    config = there / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: The Archive Meant\n",
                                                                 "site_name: [The Archive Meant\n"), encoding="utf-8")
    monkeypatch.chdir(here)
    capsys.readouterr()
    assert main(["build", "--content", str(there / "content"), "--site", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"archive build: {config} cannot be read: MkDocs encountered an error parsing the "
                          "configuration file: while parsing a flow sequence\n"), err
    assert err.endswith("; correct it, or pass the configuration to use with --config\n")
    assert not (tmp_path / "out").exists() and not (here / "build").exists() and not (there / "build").exists()
