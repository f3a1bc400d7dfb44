"""Slugs: bounded in length and unique (a 260-character author name crashed the build), and
names that share a slug share its page (authors "admin" and "Admin" crashed it) -- issue 16."""

from __future__ import annotations

import posixpath

import pytest

from builder.cli import main
from builder.slugs import MAX_SLUG, slugify
from helpers import GOOD_SOURCES, REUTERS_STORY, article, page_html, soup_of

LONG_NAME = "Anne " + " ".join(["Longname"] * 28) + " Lee"  # 260 characters


@pytest.mark.parametrize("text, slug", [
    ("China and the UN", "china-and-the-un"),
    ("Caf\u00e9 Society", "cafe-society"),
    ("  --Hello,   World!--  ", "hello-world"),
    ("a" * MAX_SLUG, "a" * MAX_SLUG),
    # Latin letters are folded as they always were, so that no existing URL moves: a letter with no
    # ASCII form is left out, as before.
    ("\u0141ukasz Podolski", "ukasz-podolski"),
    ("Stra\u00dfe", "strae"),
    ("\u00b5Torrent", "torrent"),
    ("\uff21\uff42\uff43", "abc"),
    ("\u2605\u2605", ""),
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


def test_a_source_id_of_up_to_200_characters_is_kept_as_it_was(build_archive):
    """The bound was 80: every source whose id was 81 characters or more got a new id, and a
    new URL, with no redirect. A file name is already at most 255 bytes; ids up to 200
    characters stay as they always were."""
    stem = "-".join(["a-very-long-headline-saved-as-the-file-name"] * 4)[:MAX_SLUG].rstrip("-")
    assert 150 < len(stem) <= MAX_SLUG == 200
    archive, site = build_archive({f"{stem}.txt": REUTERS_STORY}, {})
    assert slugify(stem) == stem
    assert (site / "documents" / stem / "index.html").is_file()


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
    assert article(soup_of(site / "authors" / "index_author" / "index.html")).h1.get_text().startswith("Index")


def test_authors_index_and_index_author_are_two_people(build_archive):
    """"Index" could not have the page authors/index/ and was renamed index-author: the page
    of "Index Author", so the two were merged as spellings of one name."""
    archive, site = build_archive(GOOD_SOURCES, {"nichols-2023.yml": "authors: [Index]\n",
                                                 "goodenough-2010.yml": "authors: [Index Author]\n"})
    for folder, name in (("index_author", "Index"), ("index-author", "Index Author")):
        page = article(soup_of(site / "authors" / folder / "index.html"))
        assert page.h1.get_text().rstrip("¶") == name
        assert "1 document in the archive" in page.get_text() and "Also written" not in page.get_text()
    index = article(soup_of(site / "authors" / "index.html"))
    assert [a.get_text() for a in index.select("li a")] == ["Index", "Index Author"]


@pytest.mark.parametrize("name, slug", [
    ("\u5b54\u5fb7\u660e", "kong-de-ming-df5441"),
    ("\u041b\u0443\u043a\u0430\u0448 \u041f\u043e\u0434\u043e\u043b\u044c\u0441\u043a\u0438", "lukash-podolski-2cd8f7"),
    ("\uae40\uc815\uc740", "gim-jeong-eun-b663e7"),
    ("\u0645\u062d\u0645\u062f", "mhmd-0cb4c9"),
    ("Xinhua \u65b0\u534e\u7f51", "xinhua-xin-hua-wang-c27f0a"),
])
def test_names_in_another_script_are_spelled_in_latin_letters(name, slug):
    """Readable and stable: these slugs are URLs, so a change here (a new anyascii) moves pages."""
    assert slugify(name) == slug
    assert slugify(slug) == slug


def test_names_spelled_alike_keep_two_slugs_and_two_spellings_of_one_name_share_one():
    wang_yi, other_wang_yi = slugify("\u738b\u6bc5"), slugify("\u6c6a\u6bc5")  # both "wang yi" in Latin letters
    assert wang_yi.startswith("wang-yi-") and other_wang_yi.startswith("wang-yi-") and wang_yi != other_wang_yi
    assert slugify("\u041b\u0423\u041a\u0410\u0428  \u041f\u041e\u0414\u041e\u041b\u042c\u0421\u041a\u0418.") == \
        slugify("\u041b\u0443\u043a\u0430\u0448 \u041f\u043e\u0434\u043e\u043b\u044c\u0441\u043a\u0438")


def test_authors_in_another_script_get_a_readable_page_each(build_archive):
    """They were all "unnamed" (one page, one name), then author_<hash>; now their names in Latin letters."""
    names = {"nichols-2023.yml": "\u738b\u6bc5", "goodenough-2010.yml": "\u6c6a\u6bc5"}
    archive, site = build_archive(GOOD_SOURCES, {file: f"authors: [{name}]\n" for file, name in names.items()})
    index = article(soup_of(site / "authors" / "index.html"))
    links = {a.get_text(): a["href"] for a in index.select("li a")}
    assert sorted(links) == sorted(names.values())
    for name, href in links.items():
        assert href.rstrip("/") == slugify(name) and href.isascii()
        assert article(soup_of(site / "authors" / slugify(name) / "index.html")).h1.get_text().rstrip("¶") == name


def test_names_without_any_letter_still_get_a_page_each(build_archive):
    archive, site = build_archive(GOOD_SOURCES, {"nichols-2023.yml": "authors: ['\u2605\u2605']\n",
                                                 "goodenough-2010.yml": "authors: ['\u2665']\n"})
    index = article(soup_of(site / "authors" / "index.html"))
    links = {a.get_text(): a["href"] for a in index.select("li a")}
    assert sorted(links) == ["\u2605\u2605", "\u2665"]
    assert len(set(links.values())) == 2 and all(href.startswith("author_") for href in links.values())


def test_a_source_named_in_another_script_gets_a_readable_id(build_archive):
    """'\u5b54\u5fb7\u660e.txt' was left out ("has no letters or digits to make an id from")."""
    archive, site = build_archive({"\u5b54\u5fb7\u660e.txt": REUTERS_STORY}, {})
    assert (site / "documents" / "kong-de-ming-df5441" / "index.html").is_file()


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


@pytest.mark.parametrize("kind, text, message, hint", [
    ("entities", "id: {id}\nname: Long\ntype: other\n",
     "'id' value '{id}' is 230 characters long; an id has at most 200 (it names a file in the site)",
     "use a shorter id, e.g. ban-ki-moon, and name its file after it"),
    ("topics", "id: {id}\ntitle: Long\nphrases: [rights]\n",
     "'id' value '{id}' is 230 characters long; an id has at most 200 (it names a file in the site)",
     "use a shorter id, e.g. ban-ki-moon, and name its file after it"),
])
def test_ids_are_bounded_like_slugs(make_archive, monkeypatch, capsys, kind, text, message, hint):
    """A 230-character id passed `archive check`; its page's file name is then near the file
    system's limit (and a 300-character one crashed the build)."""
    long_id = "-".join(["abcdefghi"] * 23) + "j"
    assert len(long_id) == 230
    archive = make_archive()
    (archive.content / kind).mkdir()
    (archive.content / kind / f"{long_id}.yml").write_text(text.format(id=long_id), encoding="utf-8")
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"content/{kind}/{long_id}.yml:1:5: error: {message.format(id=long_id)} [schema-id]", f"    fix: {hint}"]


def test_annotation_file_names_are_bounded_and_whole(make_archive, monkeypatch, capsys):
    long_name = "n" * 230
    archive = make_archive()
    folder = archive.content / "annotations" / "nichols-2023"
    folder.mkdir(parents=True)
    note = "exact: China opposes\nbody: A note.\nauthor: A\ndate: 2024-01-01\n"
    (folder / f"{long_name}.yml").write_text(note, encoding="utf-8")
    (folder / "note\n.yml").write_text(note, encoding="utf-8")
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 1
    out = capsys.readouterr().out  # (not split into lines: one name holds a line break)
    hint = "    fix: name it with lowercase letters, digits and hyphens, e.g. who-is-nesirky.yml"
    assert out.split("\n")[:-1] == "\n".join([
        f"content/annotations/nichols-2023/{long_name}.yml: error: '{long_name}.yml' is not a valid annotation file "
        f"name: '{long_name}' is 230 characters long; an id has at most 200 (it names a file in the site) "
        f"[annotation-bad-name]", hint,
        "content/annotations/nichols-2023/note\n.yml: error: 'note\n.yml' is not a valid annotation file name: "
        "'note\n' is not a valid id [annotation-bad-name]", hint,
        "archive check: 2 documents; 2 error(s), 0 warning(s)"]).split("\n")
