"""The link check's list of a site's files (linkcheck.site_files) is what os.walk finds."""

from __future__ import annotations

import os

from builder.linkcheck import site_files


def _walked(site) -> set[str]:
    found = set()
    for root, _, names in os.walk(site):
        base = os.path.relpath(root, site).replace(os.sep, "/")
        found.update(name if base == "." else f"{base}/{name}" for name in names)
    return found


def test_every_file_at_any_depth_and_no_folder(tmp_path):
    site = tmp_path / "site"
    for path in ("index.html", "documents/a/index.html", "documents/b/index.html", "assets/x/y/z.js", "é/ü.txt"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("x", encoding="utf-8")
    (site / "empty" / "folder").mkdir(parents=True)
    (site / "link-to-folder").symlink_to(site / "documents")  # a folder: neither walked nor a file
    (site / "link-to-file").symlink_to(site / "index.html")
    (site / "broken-link").symlink_to(site / "nowhere")
    assert site_files(site) == _walked(site) == {
        "index.html", "documents/a/index.html", "documents/b/index.html", "assets/x/y/z.js", "é/ü.txt",
        "link-to-file", "broken-link"}
    assert site_files(tmp_path / "missing") == set()
