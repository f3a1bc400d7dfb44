"""Related documents: each document page ends with up to five related documents and why
(shared entities by name, shared topics, similar words); found at build time without comparing
every pair (builder.stages.related), shown by emit.related_section.

A tiny archive whose related lists are known by construction is built and its pages parsed;
then determinism, copies left out, hostile names escaped, the demo's five documents, the
bound on the work, and rebuilds after adding, editing and deleting documents (a clean
build's site, byte for byte; an annotation edit renders few pages)."""

from __future__ import annotations

import shutil

import pytest

from builder.bridge.site import build_site
from builder.model.related import Signature
from builder.stages import related
from helpers import page_soup, page_texts, squash, tiny_nav, tree_digest, write_config

REGISTER = {
    "entities/hrw.yml": "id: hrw\nname: Human Rights Watch\ntype: organisation\n",
    "entities/xinjiang.yml": "id: xinjiang\nname: Xinjiang\ntype: place\n",
    "topics/water.yml": "id: water\ntitle: Water\nphrases:\n  - reservoir\nthreshold: 1\n",
}
SOURCES = {
    # alpha and beta share both entities; iota shares Xinjiang with them.
    "alpha.txt": "Alpha dispatch\n\nHuman Rights Watch documented abuses in Xinjiang. Investigators interviewed "
                 "farmers near orchards.\n",
    "beta.txt": "Beta bulletin\n\nA statement by Human Rights Watch on Xinjiang appeared. Lawyers criticised "
                "camps publicly.\n",
    "iota.txt": "Iota memo\n\nTravellers photographed Xinjiang deserts. Caravans crossed dunes slowly.\n",
    # gamma and delta share the topic Water and three words.
    "gamma.txt": "Gamma notes\n\nEngineers inspected the reservoir turbines. Sediment clogged turbines. Sediment "
                 "removal continues.\n",
    "delta.txt": "Delta log\n\nThe reservoir sediment study measured turbines output. Turbines and sediment "
                 "interact.\n",
    # eta and theta share one word only: not enough. epsilon shares nothing.
    "eta.txt": "Eta page\n\nA zeppelin drifted. Clouds parted. The zeppelin landed.\n",
    "theta.txt": "Theta sheet\n\nOur zeppelin museum opens. Pilots wave.\n",
    "epsilon.txt": "Epsilon letter\n\nPoets gather quietly beneath lanterns. Violins echo.\n",
}
# zeta is alpha's copy, declared: it has no page and is nobody's relative.
COPY = {"zeta.txt": SOURCES["alpha.txt"], "zeta.yml": "duplicate_of: alpha\n"}

EXPECTED = {
    "alpha": [("beta", ["Shares: Human Rights Watch, Xinjiang"]), ("iota", ["Shares: Xinjiang"])],
    "beta": [("alpha", ["Shares: Human Rights Watch, Xinjiang"]), ("iota", ["Shares: Xinjiang"])],
    "iota": [("alpha", ["Shares: Xinjiang"]), ("beta", ["Shares: Xinjiang"])],
    "gamma": [("delta", ["Topic: Water", "Similar words: reservoir, sediment, turbines"])],
    "delta": [("gamma", ["Topic: Water", "Similar words: reservoir, sediment, turbines"])],
    "eta": None, "theta": None, "epsilon": None,
}


def related_on(site, doc_id: str):
    """The related documents a built page shows: [(document id, [reason lines])], or None
    when the page has no such section."""
    soup = page_soup(site, f"documents/{doc_id}.md")
    section = soup.select_one(".archive-related-documents")
    if section is None:
        return None
    assert squash(section.select_one("h2").get_text()) == "Related documents"
    found = []
    for item in section.select("ol.archive-related-list > li"):
        href = item.select_one("a.archive-related-title")["href"]
        assert href.startswith("../") and href.endswith("/"), href
        found.append((href[3:-1], [squash(r.get_text()) for r in item.select(".archive-related-reason")]))
    return found


@pytest.fixture
def tiny(make_archive):
    return make_archive({**SOURCES, **COPY}, files=REGISTER)


def test_the_related_lists_and_reasons_are_those_known_by_construction(tiny):
    site = tiny.build()
    assert {doc_id: related_on(site, doc_id) for doc_id in EXPECTED} == EXPECTED
    assert not (site / "documents" / "zeta" / "index.html").read_text(encoding="utf-8").count("archive-related-documents")
    # Each related document's title links to it, its title as the link's text.
    soup = page_soup(site, "documents/alpha.md")
    titles = [squash(a.get_text()) for a in soup.select(".archive-related-documents a.archive-related-title")]
    assert titles == ["Beta bulletin", "Iota memo"]
    # The section comes after the citation: at the end of the page.
    text = str(soup.select_one("article.md-content__inner"))
    assert text.index('class="archive-citation') < text.index('class="archive-related-documents')


def test_the_same_archive_gives_the_same_pages(tiny, make_archive):
    first = tiny.build()
    again = make_archive({**SOURCES, **COPY}, files=REGISTER).build()
    pages = sorted(p.relative_to(first).as_posix() for p in (first / "documents").rglob("index.html"))
    assert pages
    for page in pages:
        assert (first / page).read_bytes() == (again / page).read_bytes(), page


def test_a_declared_copy_and_the_document_itself_never_appear(tiny):
    site = tiny.build()
    for doc_id in EXPECTED:
        listed = [other for other, _ in related_on(site, doc_id) or []]
        assert doc_id not in listed and "zeta" not in listed


def test_names_and_titles_from_the_register_and_the_sources_are_escaped(make_archive):
    hostile = '<img src=x onerror="alert(1)">'
    files = {"entities/evil.yml": f"id: evil\nname: Evil {hostile} Org\ntype: organisation\naliases:\n  - Evil Org\n"}
    sources = {"one.txt": f"Report {hostile} one\n\nThe Evil Org met farmers.\n",
               "two.txt": "Report two\n\nLawyers saw the Evil Org.\n"}
    site = make_archive(sources, files=files).build()
    soup = page_soup(site, "documents/two.md")
    section = soup.select_one(".archive-related-documents")
    assert section.select("img") == []
    raw = (site / "documents" / "two" / "index.html").read_text(encoding="utf-8")
    block = raw[raw.index('<div class="archive-related-documents'):]
    assert "<img" not in block and block.count("&lt;img src=x onerror=") == 2
    assert squash(section.select_one("a.archive-related-title").get_text()) == f"Report {hostile} one"
    assert [squash(r.get_text()) for r in section.select(".archive-related-reason")] == [f"Shares: Evil {hostile} Org"]


def test_the_demo_s_five_documents_each_list_the_four_others_with_what_they_share(demo):
    documents = sorted(p.parent.name for p in (demo.site / "documents").glob("*/index.html"))
    assert len(documents) == 5
    got = {doc_id: related_on(demo.site, doc_id) for doc_id in documents}
    for doc_id, listed in got.items():
        assert sorted(other for other, _ in listed) == sorted(set(documents) - {doc_id})
        assert all(reasons and reasons[0].startswith("Shares: ") for _, reasons in listed)
    # The two documents on North Korea are each other's first, for what they share.
    first = got["china-opposes-council-meeting-on-north-korea"][0]
    assert first[0] == "why-china-wont-stop-north-korea"
    assert first[1][0].startswith("Shares: Kim Jong Un, Pyongyang, South Korea, North Korea")
    assert "Human rights in North Korea" in first[1][1]
    assert got["why-china-wont-stop-north-korea"][0][0] == "china-opposes-council-meeting-on-north-korea"
    assert got["china-backs-ban-ki-moon"][0][0] == "ban-ki-moon-meets-chinese-leaders-2013"
    assert got["china-backs-ban-ki-moon"][0][1][0].startswith("Shares: Ban Ki-moon")


def test_relate_keeps_the_best_five_in_order_and_ties_by_id():
    # "hub" shares one entity with each of seven others, two of them a rarer one too.
    sigs = {f"d{n}": Signature(("common",), (), ()) for n in range(7)}
    sigs["hub"] = Signature(("common", "rare"), (), ())
    sigs["d5"] = sigs["d6"] = Signature(("common", "rare"), (), ())
    found = related.relate(sigs, sorted(sigs))["hub"]
    assert [r.doc for r in found] == ["d5", "d6", "d0", "d1", "d2"]
    assert found[0].entities == ("rare", "common") and found[2].entities == ("common",)
    assert found[0].score > found[2].score


def test_one_shared_word_is_not_enough_and_two_are():
    sigs = {"a": Signature((), (), (("zeppelin", 3), ("apple", 1))),
            "b": Signature((), (), (("zeppelin", 2), ("pear", 1))),
            "c": Signature((), (), (("apple", 2), ("zeppelin", 1)))}
    found = related.relate(sigs, sorted(sigs))
    assert "b" not in found
    assert [r.doc for r in found["a"]] == ["c"] and found["a"][0].words == ("apple", "zeppelin")


def test_the_work_is_bounded_by_the_window_not_the_number_of_documents():
    """A feature every document has: each document's candidates are its WINDOW neighbours on
    either side in the feature's list, not all of them (and still five are found)."""
    n = 2000
    order = [f"d{i:05}" for i in range(n)]
    sigs = {doc_id: Signature(("everywhere",), (), ()) for doc_id in order}
    found = related.relate(sigs, order)
    assert len(found) == n
    middle = found[order[1000]]
    # The nearest in the order (ties by id), all within the window.
    assert [r.doc for r in middle] == [f"d{i:05}" for i in (992, 993, 994, 995, 996)]
    assert all(abs(int(r.doc[1:]) - int(doc_id[1:])) <= related.WINDOW for doc_id, rs in found.items() for r in rs)


def _clean_build(tmp_path, content):
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(content, fresh / "content")
    config = write_config(fresh / "mkdocs.yml", content_dir=fresh / "content", site_name="Tiny Test Archive",
                          nav=tiny_nav())
    build_site(config, fresh / "site", content_dir=fresh / "content")
    return tree_digest(fresh / "site")


@pytest.mark.parametrize("edit", ["added", "edited", "deleted"])
def test_a_rebuild_after_a_document_changes_is_a_clean_build(tiny, tmp_path, edit):
    site = tiny.build()
    assert related_on(site, "epsilon") is None
    if edit == "added":  # a new document related to epsilon: epsilon's page gains a section
        tiny.add("kappa.txt", "Kappa card\n\nPoets admired lanterns. Violins answered.\n")
    elif edit == "edited":  # iota no longer names Xinjiang: alpha's and beta's lists lose it
        tiny.add("iota.txt", "Iota memo\n\nTravellers photographed deserts. Caravans crossed dunes slowly.\n")
    else:
        (tiny.sources / "beta.txt").unlink()
    tiny.build()
    assert tree_digest(site) == _clean_build(tmp_path, tiny.content)
    if edit == "added":
        assert related_on(site, "epsilon") == [("kappa", ["Similar words: lanterns, poets, violins"])]
    elif edit == "edited":
        assert related_on(site, "alpha") == [("beta", ["Shares: Human Rights Watch, Xinjiang"])]
    else:
        assert related_on(site, "alpha") == [("iota", ["Shares: Xinjiang"])]


def test_an_annotation_edit_renders_few_pages(tiny):
    tiny.write({"annotations/alpha/note.yml": "exact: Investigators interviewed farmers\nkind: note\n"
                                              "body: A first note.\nauthor: Archive editors\ndate: 2026-12-05\n"})
    tiny.build()
    tiny.write({"annotations/alpha/note.yml": "exact: Investigators interviewed farmers\nkind: note\n"
                                              "body: A second note.\nauthor: Archive editors\ndate: 2026-12-05\n"})
    result = build_site(tiny.config, tiny.site(), content_dir=tiny.content)
    # alpha's page, the annotations' pages, the about page: not the other documents' pages.
    assert result.pages_reused > 0 and result.rendered <= 4, result.rendered


def test_a_new_title_relates_no_document_again_and_shows_it(tiny, tmp_path, monkeypatch):
    """The lists are kept under every document's signature: a sidecar's new title (which no
    signature holds) finds none again, yet each section that lists the document shows its new
    title, and the site is a clean build's."""
    from builder.pipeline import related as kept

    site = tiny.build()
    passes: list[int] = []
    find = kept.find
    monkeypatch.setattr(kept, "find", lambda *args, **kwargs: passes.append(1) or find(*args, **kwargs))
    tiny.write({"sources/beta.yml": "title: Beta bulletin, corrected\n"})
    tiny.build()
    assert passes == []
    titles = [squash(a.get_text()) for a in page_soup(site, "documents/alpha.md").select("a.archive-related-title")]
    assert titles == ["Beta bulletin, corrected", "Iota memo"]
    assert tree_digest(site) == _clean_build(tmp_path, tiny.content)
    # Other code (of the finding, its weights...) finds the lists again, though no signature changed.
    passes.clear()
    monkeypatch.setattr(kept.result_store, "code_version", lambda: "other code")
    tiny.build()
    assert passes == [1]


def test_the_signatures_are_made_with_each_documents_other_results(tiny, tmp_path, monkeypatch):
    """A build from scratch makes every signature with its document's other results (in the
    workers, in parallel) and none in the building process, with a result store and without;
    a signature the store lost is made again by the building process; the pages are the same."""
    from builder.pipeline import build
    from builder.pipeline import related as kept
    from builder.emit import Site

    made_here: list[str] = []
    signed_by = kept.signed_by
    monkeypatch.setattr(kept, "signed_by", lambda doc, *args: made_here.append(doc.id) or signed_by(doc, *args))
    stored = build(tiny.content, Site("Tiny"), cache_dir=tmp_path / "cache")
    alone = build(tiny.content, Site("Tiny"))
    assert made_here == []
    assert page_texts(stored) == page_texts(alone)
    assert related_on(tiny.build(), "alpha") == EXPECTED["alpha"]
    # The signatures' store lost every value: found again from the model, the same lists.
    import sqlite3
    with sqlite3.connect(tmp_path / "cache" / "document-signatures.sqlite") as db:
        db.execute("DELETE FROM kept")
    tiny.add("iota.txt", SOURCES["iota.txt"] + "\nOne more line.\n")  # (so that the lists are found again)
    again = build(tiny.content, Site("Tiny"), cache_dir=tmp_path / "cache")
    assert sorted(made_here) == sorted(d.id for d in again.archive.documents if d.id != "iota")
    assert {p: text for p, text in page_texts(again).items() if p.startswith("documents/alpha")} == \
        {p: text for p, text in page_texts(build(tiny.content, Site("Tiny"))).items() if p.startswith("documents/alpha")}


def test_the_related_documents_are_found_after_emit_and_end_the_pages_it_made(monkeypatch):
    """The build finds the related documents after emit (found before it, the peak of a build
    from scratch of 30,000 documents was 210 MB higher), and ends the pages emit made with them."""
    import builder.pipeline as pipeline
    from builder.emit import Site
    from helpers import REPO_CONTENT

    order: list[str] = []
    for name in ("related_ends", "emit", "join_related"):
        real = getattr(pipeline, name)
        monkeypatch.setattr(pipeline, name, lambda *args, _real=real, _name=name, **kwargs:
                            order.append(_name) or _real(*args, **kwargs))
    built = pipeline.build(REPO_CONTENT, Site("Demo"))
    assert order == ["emit", "related_ends", "join_related"]
    ended = [page for path, page in built.pages.items() if path.startswith("documents/")]
    assert ended and all("Related documents" in page.text for page in ended)


def test_the_signatures_read_back_share_their_strings_and_are_those_made(tiny, tmp_path, monkeypatch):
    """Read back from the store a few at a time (here two), every signature is the one the
    workers made, and one entity, topic or word is one string in all of them."""
    from builder.emit import Site
    from builder.model import Indexes
    from builder.pipeline import build
    from builder.pipeline import related as kept
    from builder.pipeline.stores import Stores
    from builder.emit.urls import Urls

    alone = build(tiny.content, Site("Tiny"))
    index = Indexes(alone.archive)
    made = kept.signatures(alone.archive, index, {}, None, {})  # (no store: each made here)
    stored = build(tiny.content, Site("Tiny"), cache_dir=tmp_path / "cache")
    monkeypatch.setattr(kept, "READ_AT_ONCE", 2)
    monkeypatch.setattr(kept, "signed_by", lambda *args: pytest.fail("a signature made again, not read back"))
    with Stores.open(tmp_path / "cache", Urls()) as stores:
        texts = {doc.id: key for doc, key in zip(stored.archive.documents, _text_keys(stored))}
        read = kept.signatures(stored.archive, Indexes(stored.archive), texts, stores.signatures)
    assert read == made and len(read) > 2
    strings: dict[str, set[int]] = {}
    for sig, _ in read.values():
        for value in (*sig.entities, *sig.topics, *(word for word, _ in sig.words)):
            strings.setdefault(value, set()).add(id(value))
    assert any(len({d for d, (sig, _) in read.items() if value in sig.entities}) > 1 for value in strings)
    assert all(len(ids) == 1 for ids in strings.values())


def _text_keys(result) -> list[str]:
    """Each document's text key (what its signature is kept under), as the build worked it out."""
    from builder.pipeline.keys import fingerprint, text_key
    from builder import store as result_store
    from builder.emit.urls import Urls

    common = fingerprint(result.archive)
    shared = result_store.hashed(common, "document", repr(Urls()))
    return [text_key(doc, common, "document", Urls(), shared) for doc in result.archive.documents]
