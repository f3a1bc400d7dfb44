"""Redirects keep old URLs working when an id changes: the old id is validated like every
id (issue 16), the target must exist, and ids published at a git revision that vanished
without a redirect are reported."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import failing_build_log
from builder.cli import main
from builder.linkcheck import check_site
from builder.pipeline import collect
from builder.stages.redirects import vanished_ids


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_renamed_document_keeps_its_old_url(tiny_archive):
    _git(tiny_archive.root, "init", "-q")
    _git(tiny_archive.root, "add", "-A")
    _git(tiny_archive.root, "commit", "-qm", "first")
    old = tiny_archive.sources / "nichols-2023.txt"
    old.rename(tiny_archive.sources / "nichols-council.txt")
    (tiny_archive.sources / "nichols-2023.yml").rename(tiny_archive.sources / "nichols-council.yml")

    archive = collect(tiny_archive.content)
    warnings = [(d.severity, d.path, d.code, d.message, d.hint) for d in vanished_ids(archive, "HEAD")]
    assert warnings == [("warning", "redirects.yml", "redirect-missing",
                         "the document id 'nichols-2023' existed at HEAD and is gone; its URL documents/nichols-2023/ "
                         "will break", "in redirects.yml, add 'nichols-2023: <new-id>' under 'documents:'")]

    (tiny_archive.content / "redirects.yml").write_text("documents:\n  nichols-2023: nichols-council\n", encoding="utf-8")
    archive = collect(tiny_archive.content)
    assert vanished_ids(archive, "HEAD") == []
    site = tiny_archive.build()
    forward = (site / "documents" / "nichols-2023" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../nichols-council/">' in forward
    assert '<a href="../nichols-council/">../nichols-council/</a>' in forward
    assert (site / "documents" / "nichols-council" / "index.html").is_file()


def test_bad_redirects_are_errors_with_lines(tiny_archive):
    (tiny_archive.content / "redirects.yml").write_text(
        "documents:\n  nichols-2023: goodenough-2010\n  old-one: nichols-2O23\nentitys:\n  a: b\n", encoding="utf-8")
    archive = collect(tiny_archive.content)
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in archive.diagnostics if d.path == "redirects.yml"] == [
        (2, 3, "redirect-old-in-use", "'nichols-2023' is still a document id; it cannot redirect",
         "remove this redirect, or rename the item first"),
        (3, 12, "redirect-unknown-target", "redirect target 'nichols-2O23' is not a document id",
         "did you mean 'nichols-2023'?"),
        (4, 1, "schema-unknown-key", "unknown key 'entitys' in redirects file", "did you mean 'entities'?"),
    ]


def test_a_document_whose_id_is_index_links_from_its_own_address(make_archive):
    """A source named index.txt gets the id "index": its page is the documents folder's index
    page, served at documents/, one level up from every other document's page. Its links to
    entity, author and publication pages (made once for the pages of a folder) still resolve."""
    import re

    from helpers import CNS_STORY, REUTERS_STORY

    archive = make_archive(sources={"index.txt": CNS_STORY, "nichols-2023.txt": REUTERS_STORY},
                           sidecars={"index.yml": "publication: CNSNews.com\n", "nichols-2023.yml": "date: 2023-08-14\n"})
    (archive.content / "entities").mkdir()
    (archive.content / "entities" / "ban-ki-moon.yml").write_text("id: ban-ki-moon\nname: Ban Ki-moon\ntype: person\n",
                                                                  encoding="utf-8")
    site = archive.build()
    page = (site / "documents" / "index.html").read_text(encoding="utf-8")
    header = page[page.index("<dl>"):page.index("</dl>")]
    body = page[page.index('<div class="archive-body">'):page.index("<!-- /archive-body -->")]
    targets = set(re.findall(r'<a href="([^"#]+)"[^>]*>', header + body))
    assert any("entities/" in t for t in targets) and any("publications/" in t for t in targets)
    for target in sorted(targets):
        resolved = (site / "documents" / target).resolve()
        assert (resolved / "index.html").is_file() or resolved.is_file(), f"{target} from documents/ does not resolve"
    assert check_site(site).ok


@pytest.mark.parametrize("line, message, hint", [
    ("../../../x: nichols-2023", "'../../../x' is not a document id (ids are lowercase letters, digits and single "
     "hyphens)", "write the id as it was in the old URL, documents/<id>/; did you mean 'x'?"),
    ("a b: nichols-2023", "'a b' is not a document id (ids are lowercase letters, digits and single hyphens)",
     "write the id as it was in the old URL, documents/<id>/; did you mean 'a-b'?"),
    ("/etc/old: nichols-2023", "'/etc/old' is not a document id (ids are lowercase letters, digits and single "
     "hyphens)", "write the id as it was in the old URL, documents/<id>/; did you mean 'etc-old'?"),
    ("Old-Name: nichols-2023", "'Old-Name' is not a document id (ids are lowercase letters, digits and single "
     "hyphens)", "write the id as it was in the old URL, documents/<id>/; did you mean 'old-name'?"),
    ("'???': nichols-2023", "'???' is not a document id (ids are lowercase letters, digits and single hyphens)",
     "write the id as it was in the old URL, documents/<id>/"),
    ('"old\\n": nichols-2023', "'old\\n' is not a document id (ids are lowercase letters, digits and single "
     "hyphens)", "write the id as it was in the old URL, documents/<id>/; did you mean 'old'?"),
    (f"{'a' * 300}: nichols-2023", f"'{'a' * 300}' is 300 characters long; an id has at most 200 (it names a file in "
     "the site)", "check the id (ids have at most 200 characters); write it as it was in the old URL, documents/<id>/"),
    ("old-one: [nichols-2023]", "the new document id must be a single id", "write one redirect a line: old-id: new-id"),
])
def test_redirect_ids_are_validated(tiny_archive, monkeypatch, capsys, line, message, hint):
    (tiny_archive.content / "redirects.yml").write_text(f"documents:\n  good-old: goodenough-2010\n  {line}\n",
                                                        encoding="utf-8")
    archive = collect(tiny_archive.content)
    column = 12 if line.startswith("old-one") else 3
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in archive.diagnostics if d.path == "redirects.yml"] == [
        (3, column, "redirect-bad-id", message, hint)]
    assert [(r.old, r.new) for r in archive.redirects] == [("good-old", "goodenough-2010")]
    monkeypatch.chdir(tiny_archive.root)
    assert main(["check"]) == 1  # and the build stops (see test_bad_redirects_stop_the_build)
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"content/redirects.yml:3:{column}: error: {message} [redirect-bad-id]", f"    fix: {hint}"]


def test_bad_redirects_stop_the_build(tiny_archive, caplog):
    (tiny_archive.content / "redirects.yml").write_text("documents:\n  a b: nichols-2023\n", encoding="utf-8")
    assert "[redirect-bad-id]" in failing_build_log(caplog, tiny_archive.config, tiny_archive.root / "site",
                                                    tiny_archive.content)
    assert not (tiny_archive.root / "site").exists()


def test_an_old_id_with_a_trailing_newline_or_300_characters_stops_the_build(tiny_archive, caplog):
    """Both passed before: the first made a site folder named 'old\\n', the second crashed the
    build with 'File name too long'."""
    (tiny_archive.content / "redirects.yml").write_text(f'documents:\n  "old\\n": nichols-2023\n  {"a" * 300}: '
                                                        f'nichols-2023\n', encoding="utf-8")
    log = failing_build_log(caplog, tiny_archive.config, tiny_archive.root / "site", tiny_archive.content)
    assert log.count("[redirect-bad-id]") == 2
    assert not (tiny_archive.root / "site").exists()


def test_index_is_reserved_for_entities_and_topics_not_documents(tiny_archive):
    """entities/ and topics/ have index pages of the builder's own; documents/ has none (a
    document may be called index: its page is documents/), so a document renamed from index
    keeps its old URL like any other."""
    (tiny_archive.content / "entities").mkdir()
    (tiny_archive.content / "entities" / "ban-ki-moon.yml").write_text("id: ban-ki-moon\nname: Ban Ki-moon\n"
                                                                       "type: person\n", encoding="utf-8")
    (tiny_archive.content / "redirects.yml").write_text("documents:\n  index: nichols-2023\n"
                                                        "entities:\n  index: ban-ki-moon\n", encoding="utf-8")
    archive = collect(tiny_archive.content)
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in archive.diagnostics if d.path == "redirects.yml"] == [
        (4, 3, "redirect-bad-id", "'index' is the entities index page, not an entity id", "remove this redirect")]
    assert [(r.kind, r.old, r.new) for r in archive.redirects] == [("documents", "index", "nichols-2023")]
    (tiny_archive.content / "redirects.yml").write_text("documents:\n  index: nichols-2023\n", encoding="utf-8")
    site = tiny_archive.build()
    forward = (site / "documents" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=nichols-2023/">' in forward
    assert check_site(site).ok
