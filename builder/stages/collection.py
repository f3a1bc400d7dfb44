"""Stage: the editors' settings for many sources at once, ``content/collection.yml`` (or
``collection.yaml``; both at once is an error, and only collection.yml is read).

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
      - sources: "sport/*"             # with a '/': the path under sources/, here every file in sources/sport/
        section: Sport

Each block gives its fields to every source that one of its patterns matches (``*`` any run
of characters, ``?`` any one, ``[abc]`` one of these: Python's fnmatch, case sensitive): a
pattern without a '/' matches the file's name, in whatever folder it is; a pattern with a '/'
matches its path under sources/ (``*`` crosses folders there: ``sport/*`` is everything under
sources/sport/, ``*/2019-*`` every file or folder starting with 2019- below the top). A
later block overrides an earlier one for the fields it gives. These values are
defaults, the last word on nothing: what the text itself says comes first, and a sidecar over
both (sidecar > text > collection.yml). A document's defaults are worked out here, once, and
kept on it (``Document.defaults``), so its result in the store is keyed by them: editing this
file redoes exactly the documents whose defaults it changes. :func:`apply_defaults` (a
per-document stage) fills them in, marked as an editor's.
"""

from __future__ import annotations

import difflib
from fnmatch import fnmatchcase

from builder.model import Archive, ContentPath, Diagnostic
from builder.model.review import SETTINGS_FILES
from builder.schema import Field
from builder.schema_checks import check_date
from builder.stages.editor_files import Parsed, read_editor_file
from builder.stages.name_dates import HINT, PatternError, compile_name_pattern, date_from_name
from builder.stages.source_tree import SOURCES

DEFAULT_FIELDS = ("publication", "section", "language", "authors")
"""The metadata fields a block may give (and ``date``, from ``date_from_name``)."""

BLOCK_SCHEMA: tuple[Field, ...] = (
    Field("sources", "text-list", required=True,
          doc="which source files the block is for: a pattern of file names ('*' for every one) or of paths "
              "under sources/ ('business/*'), or a list of them"),
    Field("publication", "text", doc="the newspaper, site or body that published them"),
    Field("section", "text", doc="the section or category they appeared in"),
    Field("language", "text", doc="their language code, e.g. en"),
    Field("authors", "text-list", doc="their author or authors; [] when the sources name none"),
    Field("date_from_name", "text", doc="where the date is in their file names, e.g. {year}-{month}-{day}-*.txt "
                                        "(or in their paths under sources/, with a '/': {year}/{month}/*)"),
)
SCHEMA: tuple[Field, ...] = (
    Field("defaults", "mappings", required=True, schema=BLOCK_SCHEMA,
          doc="blocks of metadata for the sources their patterns match, in order (a later block wins)"),
)


def load_collection(archive: Archive, parsed: Parsed | None = None) -> Archive:
    """Read and check collection.yml; give each document the defaults of the blocks its file
    name matches (``Document.defaults``)."""
    found = [archive.content_dir / name for name in SETTINGS_FILES]
    found = [path for path in found if path.exists() or path.is_symlink()]  # a broken link is reported, not ignored
    if not found:
        return archive
    path = found[0]
    if len(found) > 1:
        archive.report(Diagnostic("error", ContentPath(found[1].name), 0, 0, "collection-two-files",
                                  f"both {found[0].name} and {found[1].name} are in the content folder; only "
                                  f"{found[0].name} is read",
                                  f"keep one: move what {found[1].name} says into {found[0].name}, and delete it"))
    read = read_editor_file(archive, path, SCHEMA, "collection", partial=True, empty_ok=True, parsed=parsed)  # all comments: no settings
    if read is None:
        return archive
    rel = read.path
    paths = {doc.id: doc.source.path[len(SOURCES) + 1:] for doc in archive.documents}  # under sources/

    def report(severity: str, at: tuple[int, int], code: str, message: str, hint: str) -> None:
        archive.report(Diagnostic(severity, rel, at[0], at[1], code, message, hint))

    for block in read.values.get("defaults", ()):
        patterns = block.values.get("sources", ())
        for pattern, at in zip(patterns, block.positions.get("sources", ())):
            problem = pattern_problem(pattern)
            if problem:
                report("error", at, "collection-pattern", *problem)
            elif not any(matches(pattern, path) for path in paths.values()):
                what = "path" if "/" in pattern else "name"
                report("warning", at, "collection-matches-nothing", f"no source file's {what} matches '{pattern}'",
                       _nothing_hint(pattern, sorted(paths.values())))
        matched = [doc for doc in archive.documents if any(matches(p, paths[doc.id]) for p in patterns)]
        for doc in matched:
            doc.defaults.update((name, block.values[name]) for name in DEFAULT_FIELDS if name in block.values)
        if "date_from_name" in block.values:
            _dates(block.values["date_from_name"], block.positions["date_from_name"][0], matched, paths, report)
    return archive


def matches(pattern: str, path: str) -> bool:
    """Does ``pattern`` match the source at ``path`` (under sources/)? A pattern with a '/'
    matches the whole path, '*' crossing folders; one without, the file's name in any folder."""
    return fnmatchcase(path if "/" in pattern else path.rpartition("/")[2], pattern)


def pattern_problem(pattern: str) -> tuple[str, str] | None:
    """What makes ``pattern`` one that can match no source's path, and the fix; None if nothing."""
    if pattern.startswith("/"):
        return (f"the pattern '{pattern}' starts with '/'",
                f"patterns are paths under sources/, with no '/' before them: write '{pattern.lstrip('/')}'")
    if pattern.endswith("/"):
        return f"the pattern '{pattern}' ends with '/'", f"for every file in that folder, write '{pattern}*'"
    if "/" in pattern and any(part in ("", ".", "..") for part in pattern.split("/")):
        return (f"the pattern '{pattern}' has an empty folder name, '.' or '..' between its '/'",
                "write the path under sources/ with one '/' between folder names, e.g. 'business/*'")
    return None


def _nothing_hint(pattern: str, paths: list[str]) -> str:
    """The fix for a pattern that matches no source: what it was likely meant to be."""
    if "/" not in pattern:
        if any(matches(f"{pattern}/*", path) for path in paths):
            return f"'{pattern}' is a folder of sources/, and a pattern without '/' matches file names: for the " \
                   f"files in that folder, write '{pattern}/*'"
        if any(matches(f"*/{pattern}/*", path) for path in paths):
            return f"'{pattern}' is a folder below sources/, and a pattern without '/' matches file names: for " \
                   f"the files in the folders of that name, write '*/{pattern}/*'"
        return "check the pattern against the names in sources/ ('*' matches every one)"
    if pattern.startswith(f"{SOURCES}/") and any(matches(pattern[len(SOURCES) + 1:], path) for path in paths):
        return f"patterns are paths under sources/: write '{pattern[len(SOURCES) + 1:]}'"
    if "\\" in pattern:
        return "folders are separated by '/', not '\\'"
    if any(matches(f"{pattern}/*", path) for path in paths):
        return f"for the files in that folder, write '{pattern}/*'"
    deeper = sorted({"/".join(parts[:n]) for parts in (path.split("/") for path in paths)
                     for n in range(1, len(parts) - 1) if matches(pattern, "/".join(parts[n:]))})
    if deeper:
        return f"did you mean '{deeper[0]}/{pattern}'? (a folder in sources/{deeper[0]}/)"
    folder, rest = pattern.split("/", 1)
    folders = sorted({path.split("/", 1)[0] for path in paths if "/" in path})
    close = difflib.get_close_matches(folder, folders, n=1)
    if close:
        return f"did you mean '{close[0]}/{rest}'? (a folder of sources/)"
    example = next((path for path in paths if "/" in path), "")
    return (f"check the pattern against the paths in sources/" + (f", such as '{example}'" if example else "")
            + " ('*' matches any run of characters, '/' included)")


def _dates(pattern: str, at: tuple[int, int], matched: list, paths: dict, report) -> None:
    """Each matched document's date from its file name (or its path under sources/, when
    ``pattern`` has a '/'), by ``pattern``."""
    try:
        compiled = compile_name_pattern(pattern)
    except PatternError as problem:
        report("error", at, "collection-date-pattern", f"'date_from_name' value '{pattern}' {problem}", HINT)
        return
    names = {doc.id: paths[doc.id] if "/" in pattern else paths[doc.id].rpartition("/")[2] for doc in matched}
    found = 0
    for doc in matched:
        date = date_from_name(compiled, names[doc.id])
        if date is None:
            continue
        found += 1
        problem = check_date(date)
        if problem:
            path = doc.source.path
            report("warning", at, "collection-date-not-a-date",
                   f"'{path}': the date its name gives, {date}, {problem}",
                   f"rename the file, or set its date in its sidecar, {path.rpartition('.')[0] or path}.yml")
        else:
            doc.defaults["date"] = date
    if matched and not found:
        report("warning", at, "collection-date-matches-nothing",
               f"'date_from_name' value '{pattern}' matches none of the {len(matched):,} file "
               f"{'paths' if '/' in pattern else 'names'} of this block "
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
