"""Slugs: bounded in length and unique (a 260-character author name crashed the build), and
names that share a slug share its page (authors "admin" and "Admin" crashed it) -- issue 16."""

from __future__ import annotations

import posixpath

import pytest

from builder.cli import main
from builder.slugs import MAX_SLUG, slugify
from conftest import GOOD_SOURCES, REUTERS_STORY, article, page_html, soup_of

LONG_NAME = "Anne " + " ".join(["Longname"] * 28) + " Lee"  # 260 characters


@pytest.mark.parametrize("text, slug", [
    ("China and the UN", "china-and-the-un"),
    ("Caf\u00e9 Society", "cafe-society"),
    ("  --Hello,   World!--  ", "hello-world"),
    ("\u4e2d\u6587", ""),
    ("a" * MAX_SLUG, "a" * MAX_SLUG),
])
def test_slugify_table(text, slug):
    assert slugify(text) == slug


def test_long_slugs_are_bounded_unique_and_stable():
    assert len(LONG_NAME) == 260
    slug = slugify(LONG_NAME)
    assert len(slug) <= MAX_SLUG
    assert slug.startswith("anne-longname-longname-")
    head, _, digest = slug.rpartition("-")
    assert len(digest) == 8 and not head.endswith("-")
    assert not head.endswith("longnam")  # cut between words
    assert slugify(LONG_NAME) == slug  # stable
    assert slugify(slug) == slug  # a slug is its own slug
    other = slugify(LONG_NAME[:-3] + "Lea")  # differs only after the cut
    assert other != slug and len(other) <= MAX_SLUG
    no_hyphen = slugify("x" * 300)
    assert len(no_hyphen) == MAX_SLUG and no_hyphen.startswith("x" * 70)


def href_target(page: str, href: str) -> str:
    """Site-relative folder a relative link on a directory-URL page leads to."""
    base = "" if page == "index.md" else page[:-len(".md")] + "/"
    return posixpath.normpath(posixpath.join(base, href)) + "/"


def test_a_260_character_author_name_builds(build_archive):
    archive, site = build_archive(GOOD_SOURCES, {"nichols-2023.yml": f"authors: [{LONG_NAME}]\n"})
    slug = slugify(LONG_NAME)
    author_page = site / "authors" / slug / "index.html"
    assert author_page.is_file()
    assert article(soup_of(author_page)).h1.get_text().startswith(LONG_NAME)
    doc = article(soup_of(page_html(site, "documents/nichols-2023.md")))
    link = doc.find("a", string=LONG_NAME)
    assert link is not None
    assert href_target("documents/nichols-2023.md", link["href"]) == f"authors/{slug}/"


def test_a_long_source_file_name_gets_a_bounded_id(build_archive):
    name = "x-" * 110 + "story.txt"
    archive, site = build_archive({name: REUTERS_STORY}, {})
    doc_id = slugify(name[:-4])
    assert len(doc_id) <= MAX_SLUG
    assert (site / "documents" / doc_id / "index.html").is_file()


def _second_story(title: str) -> str:
    return REUTERS_STORY.replace("China opposes UN Security Council meeting on North Korea rights", title, 1)


@pytest.mark.parametrize("key, folder, spellings", [
    ("authors", "authors", ("admin", "Admin", "ADMIN")),
    ("publication", "publications", ("Reuters", "REUTERS", "Reuters.")),
])
def test_names_differing_in_case_or_punctuation_share_a_page(build_archive, key, folder, spellings):
    """The page is named after the spelling most documents use (on a tie, the first in
    alphabetical order) and lists the others; every document links to it."""
    first, second, third = spellings
    sources = {"a-doc.txt": _second_story("Story A"), "b-doc.txt": _second_story("Story B"),
               "c-doc.txt": _second_story("Story C"), "d-doc.txt": _second_story("Story D")}
    sidecars = {"a-doc.yml": f"{key}: {first}\ndate: 2020-01-01\n", "b-doc.yml": f"{key}: '{second}'\ndate: 2021-01-01\n",
                "c-doc.yml": f"{key}: '{second}'\ndate: 2022-01-01\n", "d-doc.yml": f"{key}: '{third}'\ndate: 2023-01-01\n"}
    archive, site = build_archive(sources, sidecars)
    page = article(soup_of(site / folder / slugify(first) / "index.html"))
    assert page.h1.get_text().startswith(second)  # two documents spell it so
    assert f"Also written: {first}, {third}." in page.get_text() if first.casefold() < third.casefold() \
        else f"Also written: {third}, {first}." in page.get_text()
    listed = [a.get_text() for a in page.select("a") if "documents/" in a.get("href", "")]
    assert listed == ["Story D", "Story C", "Story B", "Story A"]  # newest first, each once
    for doc_id in ("a-doc", "b-doc", "c-doc", "d-doc"):
        doc_page = f"documents/{doc_id}.md"
        links = [a for a in article(soup_of(page_html(site, doc_page))).select("a")
                 if href_target(doc_page, a["href"]).startswith(f"{folder}/")]
        assert [href_target(doc_page, a["href"]) for a in links] == [f"{folder}/{slugify(first)}/"]
    index = article(soup_of(site / folder / "index.html"))
    assert [a.get_text() for a in index.select("li a")] == [second]


def test_one_document_with_two_spellings_of_one_author(build_archive):
    archive, site = build_archive(GOOD_SOURCES, {"nichols-2023.yml": "authors: [admin, Admin]\n"})
    page = article(soup_of(site / "authors" / "admin" / "index.html"))
    assert page.h1.get_text().startswith("Admin")  # a tie: the first in alphabetical order
    assert "1 document in the archive" in page.get_text()


def test_an_author_named_index_does_not_replace_the_authors_index(build_archive):
    archive, site = build_archive(GOOD_SOURCES, {"nichols-2023.yml": "authors: [Index]\n"})
    assert article(soup_of(site / "authors" / "index.html")).h1.get_text().startswith("Authors")
    assert article(soup_of(site / "authors" / "index-author" / "index.html")).h1.get_text().startswith("Index")


TOPIC = "id: rights\ntitle: Rights\nphrases: [rights]\n"


@pytest.mark.parametrize("files, expected", [
    ({"rights.yaml": TOPIC, "rights.yml": TOPIC},
     ["content/topics/rights.yml:1:5: error: topic id 'rights' is already used by topics/rights.yaml "
      "[topic-duplicate-id]", "    fix: keep one of the two files"]),
    ({"index.yml": "id: index\ntitle: Index\nphrases: [rights]\n"},
     ["content/topics/index.yml:1:5: error: 'index' is the name of the topics index page, not a topic id "
      "[topic-reserved-id]", "    fix: give the topic another id and name the file after it"]),
])
def test_topic_ids_that_would_share_a_page(make_archive, monkeypatch, capsys, files, expected):
    archive = make_archive()
    (archive.content / "topics").mkdir()
    for name, text in files.items():
        (archive.content / "topics" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[:-1] == expected


def test_an_entity_id_index_is_refused(make_archive, monkeypatch, capsys):
    archive = make_archive()
    (archive.content / "entities").mkdir()
    (archive.content / "entities" / "index.yml").write_text("id: index\nname: Index\ntype: other\n", encoding="utf-8")
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[:-1] == [
        "content/entities/index.yml:1:5: error: 'index' is the name of the entities index page, not an entity id "
        "[entity-reserved-id]", "    fix: give the entity another id and name the file after it"]
