"""A browser's "Web page, complete" (``page.html`` and ``page_files/`` beside it): the folder of
the page's images, scripts and frames is not read as sources, with a notice (review of issue 20)."""

from __future__ import annotations

from builder.cli import main

PAGE = ("<html><head><title>Harbour reopens</title></head><body><h1>Harbour reopens</h1>"
        "<p>The old harbour reopened to cargo ships on Sunday, two years after the storm that closed it.</p>"
        "<p>Engineers rebuilt the northern pier and dredged the channel to nine metres.</p></body></html>")
STORY = ("<html><head><title>Council votes</title></head><body><h1>Council votes</h1>"
         "<p>The council voted on Thursday to extend the mission for another year, after a long debate.</p>"
         "<p>Three members abstained and asked for a report within six months.</p></body></html>")
AD = "<html><body><p>Win a cruise! Click here now to claim your prize before midnight tonight.</p></body></html>"


def test_the_folder_a_browser_saves_beside_a_page_is_not_read(make_archive, monkeypatch, capsys):
    archive = make_archive(files={
        "sources/news/harbour.html": PAGE,
        "sources/news/harbour_files/ad-frame.htm": AD, "sources/news/harbour_files/style.css": "p {}",
        "sources/news/harbour_files/logo.png": b"\x89PNG\r\n",
        "sources/Story.HTM": STORY, "sources/Story_files/frame.html": AD,
        "sources/notes_files/kept.txt": "A folder named so, with no page beside it, is read.\n",
    })
    found = archive.collect()
    assert sorted(d.id for d in found.documents) == ["news-harbour", "notes-files-kept", "story"]
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in found.diagnostics] == [
        ("info", "sources/Story_files", "source-saved-page-files",
         "'sources/Story_files' holds what a browser saved with the page 'sources/Story.HTM' (its images, scripts and "
         "frames); its files were not read",
         "nothing to do; to silence this, move the folder out of sources/, or into a hidden folder such as "
         "sources/.assets/"),
        ("info", "sources/news/harbour_files", "source-saved-page-files",
         "'sources/news/harbour_files' holds what a browser saved with the page 'sources/news/harbour.html' (its "
         "images, scripts and frames); its files were not read",
         "nothing to do; to silence this, move the folder out of sources/, or into a hidden folder such as "
         "sources/.assets/"),
    ]
    monkeypatch.chdir(archive.root)
    capsys.readouterr()
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out == "archive check: 3 documents; 0 error(s), 0 warning(s)\n"
