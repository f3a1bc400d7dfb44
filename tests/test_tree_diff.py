"""The comparison `make same-output` reports with (bench/tree_diff.py): every file of two
folders, byte for byte, and where the first difference of each is."""

from __future__ import annotations

import gzip
import json

from bench.tree_diff import compare, summary


def write(folder, files: dict[str, bytes]):
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def test_identical_folders_have_no_differences(tmp_path):
    files = {"index.html": b"<p>same</p>\n", "search/search_index.json": b'{"docs": []}'}
    outcome = compare(write(tmp_path / "a", files), write(tmp_path / "b", files), ("REF", "new"))
    assert (outcome.files, outcome.differences) == (2, [])


def test_a_changed_byte_a_missing_file_and_an_extra_one_are_each_named(tmp_path):
    a = write(tmp_path / "a", {"index.html": b"<h1>Title</h1>\n<p>one</p>\n", "gone.html": b"x", "same.txt": b"s"})
    b = write(tmp_path / "b", {"index.html": b"<h1>Title</h1>\n<p>One</p>\n", "new.html": b"y", "same.txt": b"s"})
    outcome = compare(a, b, ("REF", "new"))
    assert outcome.files == 4
    assert outcome.differences == [
        "gone.html: only in REF",
        "index.html: line 2, column 4: REF '<h1>Title</h1>⏎<p>one</p>⏎', new '<h1>Title</h1>⏎<p>One</p>⏎'",
        "new.html: only in new",
    ]


def test_a_gzip_file_differing_only_in_its_header_says_so(tmp_path):
    text = b"<urlset></urlset>\n"
    a = write(tmp_path / "a", {"sitemap.xml.gz": gzip.compress(text, mtime=1700000000)})
    b = write(tmp_path / "b", {"sitemap.xml.gz": gzip.compress(text, mtime=1700086400)})
    assert compare(a, b, ("REF", "new")).differences == [
        "sitemap.xml.gz: the gzip header differs (modification time 1700000000 against 1700086400), "
        "the content is identical"]


def test_a_value_set_aside_is_compared_without_it_and_only_it(tmp_path):
    def without_built(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest.pop("built")
        return json.dumps(manifest).encode()

    a = write(tmp_path / "a", {"manifest.json": b'{"built": "10:00", "documents": 5}'})
    same = write(tmp_path / "b", {"manifest.json": b'{"built": "10:05", "documents": 5}'})
    other = write(tmp_path / "c", {"manifest.json": b'{"built": "10:05", "documents": 6}'})
    normalise = {"manifest.json": without_built}
    assert compare(a, same, ("REF", "new"), normalise=normalise).differences == []
    assert compare(a, same, ("REF", "new")).differences != []
    assert len(compare(a, other, ("REF", "new"), normalise=normalise).differences) == 1


def test_only_the_first_few_differing_files_are_described(tmp_path):
    a = write(tmp_path / "a", {f"page-{i}.html": b"a" for i in range(5)})
    b = write(tmp_path / "b", {f"page-{i}.html": b"b" for i in range(5)})
    lines = summary(compare(a, b, ("REF", "new")))
    assert lines[:3] == [f"page-{i}.html: line 1, column 1: REF 'a', new 'b'" for i in range(3)]
    assert lines[3:] == ["... and 2 more file(s)"]
