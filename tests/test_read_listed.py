"""Files read from a folder listing (archive_files.real_folder and read_listed): the folder's
real path is checked once, and a file gives the same bytes or the same refusal as
read_inside gives it on its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.stages.archive_files import Refused, TooLarge, read_inside, read_listed, real_folder


def listed(folder: Path) -> dict[str, os.DirEntry]:
    with os.scandir(folder) as listing:
        return {entry.name: entry for entry in listing}


def outcome(read) -> tuple:
    """What a read gives: its bytes, or the refusal (kind and message), or the size over the limit."""
    try:
        return ("read", read())
    except Refused as refused:
        return ("refused", refused.kind, refused.message)
    except TooLarge as too_large:
        return ("too large", too_large.size)


@pytest.fixture
def archive(tmp_path) -> tuple[Path, Path]:
    """A content folder holding sources/ with a file of each kind, and a folder outside it."""
    root = (tmp_path / "content").resolve()
    sources, other, outside = root / "sources", root / "other", tmp_path.resolve() / "outside"
    for folder in (sources, other, outside):
        folder.mkdir(parents=True)
    (sources / "plain.txt").write_bytes(b"plain text\n")
    (sources / "big.txt").write_bytes(b"x" * 200_000)
    (sources / "empty.txt").write_bytes(b"")
    (other / "kept.txt").write_bytes(b"kept elsewhere in the archive\n")
    (outside / "secret.txt").write_bytes(b"secret\n")
    os.symlink(other / "kept.txt", sources / "inside-link.txt")
    os.symlink(outside / "secret.txt", sources / "outside-link.txt")
    os.symlink("gone.txt", sources / "broken.txt")
    (sources / "folder.txt").mkdir()
    return root, sources


def test_each_file_of_a_folder_reads_as_read_inside_reads_it(archive):
    root, sources = archive
    folder_real = real_folder(root, sources)
    assert folder_real == str(sources)
    entries = listed(sources)
    assert sorted(entries) == ["big.txt", "broken.txt", "empty.txt", "folder.txt", "inside-link.txt", "outside-link.txt",
                               "plain.txt"]
    for name, entry in entries.items():
        rel = f"sources/{name}"
        assert outcome(lambda: read_listed(root, folder_real, entry, rel, 100_000)) == \
            outcome(lambda: read_inside(root, sources / name, rel, 100_000)), name
    assert outcome(lambda: read_listed(root, folder_real, entries["inside-link.txt"], "x")) == \
        ("read", b"kept elsewhere in the archive\n")
    assert outcome(lambda: read_listed(root, folder_real, entries["big.txt"], "x")) == ("read", b"x" * 200_000)
    assert outcome(lambda: read_listed(root, folder_real, entries["outside-link.txt"], "sources/outside-link.txt"))[:2] \
        == ("refused", "outside-archive")


def test_a_folder_linked_out_of_the_archive_refuses_each_of_its_files(archive, tmp_path):
    root, _ = archive
    os.symlink(tmp_path / "outside", root / "linked")
    assert real_folder(root, root / "linked") is None
    entry = listed(root / "linked")["secret.txt"]
    secret = (tmp_path / "outside" / "secret.txt").resolve()
    assert outcome(lambda: read_listed(root, None, entry, "linked/secret.txt")) == (
        "refused", "outside-archive", f"'linked/secret.txt' leads to {secret}, outside the archive's content folder; "
                                      f"it was not read")


def test_a_folder_linked_within_the_archive_is_read_where_it_leads(archive):
    root, sources = archive
    os.symlink(sources, root / "alias")
    assert real_folder(root, root / "alias") == str(sources)
    entries = listed(root / "alias")
    assert read_listed(root, real_folder(root, root / "alias"), entries["plain.txt"], "alias/plain.txt") == b"plain text\n"


def test_a_file_swapped_for_a_link_after_the_listing_is_not_followed(archive):
    """The listing saw a file; a link put in its place before the read is not followed (the
    real folder's file is opened without following a link in its last part)."""
    root, sources = archive
    entry = listed(sources)["plain.txt"]
    (sources / "plain.txt").unlink()
    os.symlink(root.parent / "outside" / "secret.txt", sources / "plain.txt")
    assert outcome(lambda: read_listed(root, real_folder(root, sources), entry, "sources/plain.txt")) == (
        "refused", "unreadable", "'sources/plain.txt' cannot be read: Too many levels of symbolic links")
