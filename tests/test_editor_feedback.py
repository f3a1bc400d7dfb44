"""What editors are told, found by following CONTRIBUTING.md as a new editor."""

from __future__ import annotations

from helpers import article, make_tiny_archive, meta_rows, page_soup

STORY = "A headline for the story\n\nBy Jane Roe\n\nThe council met on Monday and the council voted on Tuesday.\n"


def test_quote_placeholders_left_in_an_annotation_are_an_error(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "annotations/story/unfinished.yml": "exact: met on Monday\nbody: Write the note here, in Markdown.\n"
                                            "author: Jane Roe\ndate: 2026-01-01\n",
        "annotations/story/anonymous.yml": "exact: voted on Tuesday\nbody: A note.\nauthor: Your Name\n"
                                           "date: 2026-01-01\n",
    }).collect()
    assert [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.errors] == [
        ("annotations/story/anonymous.yml", 3, 9, "annotation-placeholder",
         "'author' still says \"Your Name\" (the placeholder archive quote writes)", "write your name there"),
        ("annotations/story/unfinished.yml", 2, 7, "annotation-placeholder",
         "'body' still says \"Write the note here, in Markdown.\" (the placeholder archive quote writes)",
         "write the note there"),
    ]


def test_an_entity_file_reusing_an_existing_id_says_so(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "entities/jane-roe.yml": "id: jane-roe\nname: Jane Roe\ntype: person\n",
        "entities/another.yml": "id: jane-roe\nname: Jane Roe again\ntype: person\n",
    }).collect()
    assert [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.errors] == [
        ("entities/another.yml", 1, 5, "entity-duplicate-id", "entity id 'jane-roe' is already used by entities/jane-roe.yml",
         "give this entity an id of its own and name the file after it")]


def test_an_editor_title_is_marked_in_the_header(tmp_path):
    site = make_tiny_archive(tmp_path, files={"sources/story.txt": STORY, "sources/story.yml": "title: A better headline\n"})
    site.build()
    soup = page_soup(site.site(), "documents/story.md")
    # Said with the source, not in a "Title" row repeating the heading.
    rows = meta_rows(soup)
    assert "Title" not in rows
    mark = rows["Source"].select_one("span.archive-editor-mark")
    assert (mark.get_text(), mark["title"]) == ("title supplied by an editor", "Supplied or corrected by the archive's editors")
    assert article(soup).h1.get_text(strip=True).startswith("A better headline")


def test_orphaned_annotations_page_shows_the_note(tmp_path):
    site = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "annotations/story/lost.yml": "exact: a passage that is nowhere\nbody: The *note* itself.\nauthor: Jane Roe\n"
                                      "date: 2026-01-01\n",
    })
    site.build()
    page = article(page_soup(site.site(), "annotations/orphaned.md"))
    note = page.select_one("div.archive-orphan-note")
    assert " ".join(note.get_text().split()) == "The note itself."
    assert note.em.get_text() == "note"


def test_review_page_lists_names_not_linked(tmp_path):
    site = make_tiny_archive(tmp_path, files={
        "sources/story.txt": "A headline for the story\n\nKim Il Sung met Kim Jong Il on Monday, and Kim spoke.\n",
        "entities/kim-il-sung.yml": "id: kim-il-sung\nname: Kim Il Sung\ntype: person\nshort_forms: [Kim]\n",
        "entities/kim-jong-il.yml": "id: kim-jong-il\nname: Kim Jong Il\ntype: person\nshort_forms: [Kim]\n",
    })
    site.build()
    page = article(page_soup(site.site(), "review.md"))
    heading = next(h for h in page.find_all("h2") if h.get_text(strip=True).startswith("Names not linked"))
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in heading.find_next("table").tbody.find_all("tr")]
    assert rows == [["A headline for the story", "¶1", "Kim", "kim-il-sung, kim-jong-il",
                     "short form of several entities named earlier in the document"]]
