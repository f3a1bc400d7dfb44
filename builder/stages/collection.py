"""Stage: the editors' settings for many sources at once, ``content/collection.yml``.

A corpus whose sources never name an author, or carry their date only in the file name,
would otherwise need a sidecar for every document::

    defaults:
      - sources: "*"                  # which files of sources/: a pattern of names, or a list of them
        publication: BBC News
        language: en
        authors: []                   # these sources name no author: not a problem to review
        date_from_name: "{year}-{month}-{day}-*.txt"
      - sources: ["business-*", "economy-*"]
        section: Business

Each block gives its fields to every source whose file name matches one of its patterns
(``*`` any run of characters, ``?`` any one, ``[abc]`` one of these: Python's fnmatch, case
sensitive); a later block overrides an earlier one for the fields it gives. These values are
defaults, the last word on nothing: what the text itself says comes first, and a sidecar over
both (sidecar > text > collection.yml). A document's defaults are worked out here, once, and
kept on it (``Document.defaults``), so its result in the store is keyed by them: editing this
file redoes exactly the documents whose defaults it changes. :func:`apply_defaults` (a
per-document stage) fills them in, marked as an editor's.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from builder.model import Archive, Diagnostic
from builder.model.review import SETTINGS_FILE
from builder.schema import Field, check_date
from builder.stages.editor_files import read_editor_file
from builder.stages.name_dates import HINT, PatternError, compile_name_pattern, date_from_name

DEFAULT_FIELDS = ("publication", "section", "language", "authors")
"""The metadata fields a block may give (and ``date``, from ``date_from_name``)."""

BLOCK_SCHEMA: tuple[Field, ...] = (
    Field("sources", "text-list", required=True,
          doc="which source files the block is for: a pattern of file names in sources/ ('*' for every one), or a list"),
    Field("publication", "text", doc="the newspaper, site or body that published them"),
    Field("section", "text", doc="the section or category they appeared in"),
    Field("language", "text", doc="their language code, e.g. en"),
    Field("authors", "text-list", doc="their author or authors; [] when the sources name none"),
    Field("date_from_name", "text", doc="where the date is in their file names, e.g. {year}-{month}-{day}-*.txt"),
)
SCHEMA: tuple[Field, ...] = (
    Field("defaults", "mappings", required=True, schema=BLOCK_SCHEMA,
          doc="blocks of metadata for the sources their patterns match, in order (a later block wins)"),
)


def load_collection(archive: Archive) -> Archive:
    """Read and check collection.yml; give each document the defaults of the blocks its file
    name matches (``Document.defaults``)."""
    path = archive.content_dir / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():  # a broken link is reported, not ignored
        return archive
    read = read_editor_file(archive, path, SCHEMA, "collection", partial=True)
    if read is None:
        return archive
    rel = read.path
    names = {doc.id: doc.source.path.rpartition("/")[2] for doc in archive.documents}

    def report(severity: str, at: tuple[int, int], code: str, message: str, hint: str) -> None:
        archive.report(Diagnostic(severity, rel, at[0], at[1], code, message, hint))

    for block in read.values.get("defaults", ()):
        patterns = block.values.get("sources", ())
        for pattern, at in zip(patterns, block.positions.get("sources", ())):
            if "/" in pattern:
                report("error", at, "collection-pattern", f"the pattern '{pattern}' has a '/'",
                       f"patterns match the names of the files in sources/, e.g. '{pattern.rpartition('/')[2]}'")
            elif not any(fnmatchcase(name, pattern) for name in names.values()):
                report("warning", at, "collection-matches-nothing", f"no source file's name matches '{pattern}'",
                       "check the pattern against the names in sources/ ('*' matches every one)")
        matched = [doc for doc in archive.documents if any(fnmatchcase(names[doc.id], p) for p in patterns)]
        for doc in matched:
            doc.defaults.update((name, block.values[name]) for name in DEFAULT_FIELDS if name in block.values)
        if "date_from_name" in block.values:
            _dates(block.values["date_from_name"], block.positions["date_from_name"][0], matched, names, report)
    return archive


def _dates(pattern: str, at: tuple[int, int], matched: list, names: dict, report) -> None:
    """Each matched document's date from its file name, by ``pattern``."""
    try:
        compiled = compile_name_pattern(pattern)
    except PatternError as problem:
        report("error", at, "collection-date-pattern", f"'date_from_name' value '{pattern}' {problem}", HINT)
        return
    found = 0
    for doc in matched:
        date = date_from_name(compiled, names[doc.id])
        if date is None:
            continue
        found += 1
        problem = check_date(date)
        if problem:
            stem = names[doc.id].rpartition(".")[0] or names[doc.id]
            report("warning", at, "collection-date-not-a-date",
                   f"'{doc.source.path}': the date its name gives, {date}, {problem}",
                   f"rename the file, or set its date in its sidecar, sources/{stem}.yml")
        else:
            doc.defaults["date"] = date
    if matched and not found:
        report("warning", at, "collection-date-matches-nothing",
               f"'date_from_name' value '{pattern}' matches none of the {len(matched):,} file names of this block "
               f"(one is '{names[matched[0].id]}')", HINT)


def apply_defaults(archive: Archive) -> Archive:
    """A per-document stage, after the sidecar's corrections: each default fills a field that
    neither the text nor the sidecar gave (an empty list of authors says the sources name
    none), marked as given by an editor for the collection."""
    for doc in archive.documents:
        for name, value in doc.defaults.items():
            if doc.metadata.is_empty(name) and doc.origins.get(name) != "editor":
                setattr(doc.metadata, name, value)
                doc.origins[name] = "collection"
    return archive
