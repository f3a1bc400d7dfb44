"""`archive build --strict` (issue 20, "Strict mode"): the content's warnings decide a strict
build before anything is rendered, and the message says what became of the site."""

from __future__ import annotations

from builder.cli import main
from helpers.new_archives import new_archive


def test_a_strict_build_with_a_content_warning_stops_before_rendering(tmp_path, monkeypatch, capsys):
    """The content's warnings decide a strict build as soon as they are known: nothing is made,
    rendered or written, and the message says no site was written (there was none)."""
    root = new_archive(tmp_path)
    (root / "content" / "sources" / "empty.txt").write_text("\n", encoding="utf-8")
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["build", "--strict", "--site", "site-strict"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert err[:3] == ["archive build: 2 of 2 sources read", "archive build: 0 of 2 documents ready",
                       "archive build: 2 of 2 documents ready"]
    assert err[3].startswith("WARNING -  content/sources/empty.txt: error: 'sources/empty.txt' is empty")
    # (an empty source is an error that leaves it out, not one that stops a build: counted as an error)
    assert err[-2:] == ["ERROR   -  the build is strict and the content has 1 error(s), 0 warning(s), listed above; "
                        "nothing was rendered", "archive build: failed; no site was written to site-strict."]
    assert not any(" pages " in line for line in err)  # no page made, exported, read or rendered
    assert not (root / "site-strict").exists() and not (root / "build" / "markdown").exists()


def test_a_strict_build_that_fails_says_it_kept_the_site_it_had(tmp_path, monkeypatch, capsys):
    root = new_archive(tmp_path)
    monkeypatch.chdir(root)
    assert main(["build", "--strict"]) == 0  # no warning: a strict build builds
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content" / "sources" / "empty.txt").write_text("\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--strict"]) == 1
    assert capsys.readouterr().err.endswith("archive build: failed; site was left as it was.\n")
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before
