"""What the editors' review lists, grouped by problem: each problem with the documents that
have it and the one fix for it. `archive review` and the review page both show this, counts
first, so a corpus whose sources never name an author is one line ("2,225 documents without
authors") and one fix, not 2,225 of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.model.archive import Archive
from builder.model.documents import ContentPath, DocId

SETTINGS_FILE = "collection.yml"
"""The editors' settings for many sources at once (``content/collection.yml``)."""
SETTINGS_FILES = (SETTINGS_FILE, "collection.yaml")
"""The names it may have (as a sidecar may end in .yml or .yaml); collection.yml is read first."""


@dataclass(frozen=True)
class Problem:
    """One kind of thing an editor must look at."""

    key: str  # a metadata field, or "duplicate"
    what: str  # what the documents lack or are, after "N documents": "without authors"
    fix: str  # the one fix, for every document that has it

    def heading(self, count: int) -> str:
        """'2,225 documents without authors', '1 document without a date'."""
        return f"{count:,} document{'' if count == 1 else 's'} {self.what}"


SIDECAR = "each one's sidecar, sources/<name>.yml"
MISSING = {
    "title": Problem("title", "without a title", f"add 'title: ...' to {SIDECAR}"),
    "authors": Problem("authors", "without authors",
                       f"add 'authors: ...' to {SIDECAR} ('authors: []' if it names none); if the sources never "
                       f"name their authors, say so once in {SETTINGS_FILE} ('authors: []')"),
    "date": Problem("date", "without a date",
                    f"add 'date: ...' to {SIDECAR}; if the file names hold the dates, read them once for all in "
                    f"{SETTINGS_FILE} ('date_from_name: ...')"),
    "publication": Problem("publication", "without a publication",
                           f"add 'publication: ...' to {SIDECAR}; for every source of one publication, once in "
                           f"{SETTINGS_FILE} ('publication: ...')"),
}
"""The problem of each field a document needs (:data:`~builder.model.documents.REVIEW_FIELDS`)."""
DUPLICATE = Problem("duplicate", "that copy another",
                    "add 'duplicate_of: <the original's id>' to each copy's sidecar (its page then forwards to the "
                    "original), or delete the copy; if the two are different documents, 'not_duplicate_of: [<id>]'")
DUPLICATE_CODES = ("duplicate-identical", "duplicate-near")
"""The codes of the warnings stages.duplicates reports, one on each copy."""


@dataclass(frozen=True)
class Listed:
    """A document listed under a problem; ``detail`` says more where one line can
    ("a byte-identical copy of sources/a.txt")."""

    doc: DocId
    path: ContentPath
    detail: str = ""


@dataclass
class Group:
    problem: Problem
    documents: list[Listed] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.problem.heading(len(self.documents))


def review_groups(archive: Archive) -> list[Group]:
    """Every problem some document has, in a fixed order (the fields, then duplicates), each
    with its documents by id."""
    docs = sorted(archive.documents, key=lambda d: d.id)
    needs = [(d, d.needs_review) for d in docs]  # worked out once per document, not once per field
    needing = [(d, fields) for d, fields in needs if fields]
    groups = []
    for name, problem in MISSING.items():
        listed = [Listed(d.id, d.source.path) for d, fields in needing if name in fields]
        if listed:
            groups.append(Group(problem, listed))
    by_path = {d.source.path: d.id for d in docs}
    copies = [Listed(by_path[d.path], d.path, d.message.removeprefix(f"'{d.path}' is "))
              for d in sorted(archive.diagnostics, key=lambda d: by_path.get(d.path, ""))
              if d.code in DUPLICATE_CODES and d.path in by_path]
    if copies:
        groups.append(Group(DUPLICATE, copies))
    return groups


def documents_in(groups: list[Group]) -> int:
    """How many documents are listed under at least one of ``groups``."""
    return len({listed.doc for group in groups for listed in group.documents})
