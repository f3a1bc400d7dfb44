"""A large site's last tree, kept beside it for the next build to start its new site from.

A build makes its new site beside the last one, its reused files hard links to the last
site's (bridge.skeleton). Making the new site's folders took most of that: 15,000 folders at
10,000 documents, 100-700 µs each on this machine's disk (a file linked: 13 µs). So the tree
swapped out at the end of a build of a large site is not removed but kept as the site's
spare, ``.NAME-spare`` beside ``NAME``, marked as the builder's (sitefolder.MARK), and the
next build's new site starts as that tree (the skeleton's process then makes it exactly what
the last site's memory names). A spare no build took goes when the next is kept, or with the
next build that keeps none; one not marked (a person's folder of that name) is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.sitefolder import MARK, marked

SPARE = "-spare"
"""A site's spare is ``.NAME-spare`` beside the site ``NAME`` (see the module's doc)."""


def spare_of(site: Path) -> Path:
    return site.with_name(f".{site.name}{SPARE}")


def take_spare(site: Path, into: Path) -> bool:
    """Put ``site``'s spare in the place of ``into`` (an empty folder: the new site), if it has
    one the builder kept; whether it did."""
    spare = spare_of(site)
    if not _ours(spare):
        return False
    try:
        os.rename(spare, into)
    except OSError:
        return False
    for step in (lambda: into.chmod(0o755), lambda: os.unlink(into / MARK)):  # (the mode the build gave it; the
        try:                                                                  # mark, else unlinked as not named)
            step()
        except OSError:
            pass
    return True


def keep_spare(tree: Path, site: Path, work: Path) -> None:
    """Keep ``tree`` (the site just swapped out, in the staging folder ``work``) as ``site``'s
    spare; a spare no build took goes into ``work`` (removed with it)."""
    drop_spare(site, work)
    spare = spare_of(site)
    if not tree.is_dir() or os.path.lexists(spare):  # (there was no last site; a folder not the builder's is left alone)
        return
    try:
        (tree / MARK).write_text("the last site, kept for the next build to start its new site from\n",
                                 encoding="utf-8")
        os.rename(tree, spare)
    except OSError:  # (none kept: the next build makes its new site from nothing)
        pass


def drop_spare(site: Path, work: Path) -> None:
    """Move ``site``'s spare, if the builder kept one, into ``work`` (removed with it): a build
    that keeps none (a small site, or one built without reuse) leaves none behind."""
    spare = spare_of(site)
    if _ours(spare):
        try:
            os.rename(spare, work / "untaken-spare")
        except OSError:
            pass


def _ours(spare: Path) -> bool:
    """Is ``spare`` a spare the builder kept: a folder, not a link, holding the mark?"""
    return not spare.is_symlink() and marked(spare)
