"""`archive build`, `serve` and `bundle` from outside the archive's folder (issue 20,
"Building from anywhere"): the archive's own mkdocs.yml is found beside the content folder, and
when no configuration builds it, the message says exactly what to pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cli import main
from helpers import article, heading_text, soup_of
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


def test_content_with_no_configuration_beside_it_uses_the_current_folder_s(tmp_path, monkeypatch, capsys):
    here = new_archive(tmp_path, "here", site_name="The Current Folder")
    loose = tmp_path / "loose" / "content" / "sources"
    loose.mkdir(parents=True)
    (loose / "other.txt").write_text(STORY, encoding="utf-8")
    (loose.parent / "pages").mkdir()
    (loose.parent / "pages" / "about.md").write_text("# About\n", encoding="utf-8")  # the navigation lists it
    monkeypatch.chdir(here)
    capsys.readouterr()
    assert main(["build", "--content", str(loose.parent), "--site", str(tmp_path / "out")]) == 0
    assert "using" not in capsys.readouterr().err
    assert heading_text(article(soup_of(tmp_path / "out" / "index.html")).h1) == "The Current Folder"
    assert (tmp_path / "out" / "documents" / "other" / "index.html").is_file()


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
