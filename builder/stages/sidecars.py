"""Stage: apply editors' metadata corrections from sidecar files.

``<name>.yml`` next to its source ``<name>.txt`` (in the same folder of sources/:
``sources/business/001.yml`` for ``sources/business/001.txt``) overrides or adds any metadata
field. The document id (and so its URL) comes from the source file name, never from
the sidecar, so corrections never move a page.
"""

from __future__ import annotations

import difflib

from builder.model import Archive, ContentPath, Diagnostic, Document
from builder.model.review import SETTINGS_FILES
from builder.schema import Field
from builder.stages.editor_files import YAML_SUFFIXES, EditorFile, EditorFolder, Parsed, stem_and_suffix
from builder.stages.source_tree import SOURCES, source_tree

SIDECAR_SCHEMA: tuple[Field, ...] = (
    Field("title", "text", doc="the document's headline"),
    Field("authors", "text-list", doc="one name, or a list of names"),
    Field("date", "date", doc="publication date: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known"),
    Field("publication", "text", doc="the newspaper, site or body that published it"),
    Field("section", "text", doc="the section or category it appeared in"),
    Field("dateline", "text", doc="the place line at the start of the story, e.g. UNITED NATIONS"),
    Field("caption", "text", doc="the caption of the photo that went with it"),
    Field("photo_credit", "text", doc="who took or supplied the photo"),
    Field("url", "url", doc="where the document was published"),
    Field("language", "text", doc="language code, e.g. en"),
    Field("description", "text", doc="a one-sentence summary of the document"),
    Field("note", "markdown", doc="an editor's note shown at the top of the page (e.g. where a field came from)"),
    Field("topics", "id-list", doc="ids of topics this document belongs to, besides those its topic rules give"),
    Field("duplicate_of", "id", doc="the id of the document this one is a copy of: it gets no page, and its URL "
                                    "forwards to the original's"),
    Field("not_duplicate_of", "id-list", doc="ids of documents this one looks like but is not a copy of"),
)


def load_sidecars(archive: Archive, parsed: Parsed | None = None) -> Archive:
    """Read and validate every sidecar, in every folder of sources; keep its corrections on its
    document, to be applied once the text's own metadata is extracted (:func:`apply_corrections`)."""
    if not (archive.content_dir / SOURCES).is_dir():
        return archive
    # A document by its path as editors know it, without the ending (sources/business/001): no path objects.
    by_key = {_key(doc.source.path): doc for doc in archive.documents}
    folders = source_tree(archive.content_dir).folders  # (their problems are the read stage's to report)
    stems: dict[str, set[str]] = {}  # folder under sources/ ('' at the top) -> the stems of its sources
    for folder in folders:
        stems[_below(folder.rel)] = {stem_and_suffix(entry.name)[0] for entry in folder.entries
                                     if stem_and_suffix(entry.name)[1] not in YAML_SUFFIXES}
    for folder in folders:
        files = EditorFolder(archive, folder.path, folder.rel, (folder.real, folder.entries), parsed)
        for entry in files.yaml_files():
            rel = files.path_of(entry)
            doc = by_key.get(_key(rel))
            if doc is None:
                _orphan(archive, rel, _below(folder.rel), entry.name, stems)
                continue
            read = files.read(entry, SIDECAR_SCHEMA, "sidecar", partial=True)
            if read is not None:
                _keep(archive, doc, read)
    return archive


def _key(path: str) -> str:
    """A path without its file's ending: 'sources/business/001.txt' -> 'sources/business/001'."""
    folder, slash, name = path.rpartition("/")
    return folder + slash + stem_and_suffix(name)[0]


def _below(rel: str) -> str:
    """A folder's path under sources/ with a '/' after it ('business/'), or '' for sources/ itself."""
    return rel[len(SOURCES) + 1:] + "/" if rel != SOURCES else ""


def _orphan(archive: Archive, rel: ContentPath, folder: str, name: str, stems: dict[str, set[str]]) -> None:
    """Report a sidecar with no source beside it (``folder``: its folder under sources/, see
    :func:`_below`), unless its source is there but could not be read (that is reported
    already). The fix names a source of its folder with a name like it, else a source of that
    name in another folder."""
    stem, suffix = stem_and_suffix(name)
    if stem in stems[folder]:
        return
    if name in SETTINGS_FILES:  # the settings for many sources, put among them
        archive.report(Diagnostic("error", rel, 0, 0, "collection-misplaced",
                                  f"'{rel}' is not read: the settings for many sources belong in the content "
                                  f"folder, beside sources/ (content/{name})",
                                  f"move it to content/{name}; its patterns are paths under sources/"
                                  + (f" (for the files of this folder, '{folder}*')" if folder else "")))
        return
    close = difflib.get_close_matches(stem, sorted(stems[folder]), n=1)
    elsewhere = sorted(other for other, names in stems.items() if stem in names)
    if close:
        hint = f"did you mean '{folder}{close[0]}{suffix}'?"
    elif elsewhere:
        hint = f"did you mean '{elsewhere[0]}{stem}{suffix}'? (a sidecar sits beside its source)"
    else:
        hint = "name it after its source file: <name>.yml next to <name>.txt"
    archive.report(Diagnostic("error", rel, 0, 0, "sidecar-orphan",
                              f"sidecar '{folder}{name}' belongs to no source document", hint))


def _keep(archive: Archive, doc: Document, read: EditorFile) -> None:
    doc.sidecar, doc.sidecar_positions = read.path, read.positions
    for name, value in read.values.items():
        if name == "note":
            doc.editor_note = value
        elif name == "topics":
            doc.sidecar_topics = value
        elif name == "duplicate_of":
            archive.duplicate_of[doc.id] = value
        elif name == "not_duplicate_of":
            archive.distinct[doc.id] = value
        else:
            doc.corrections[name] = value


def apply_corrections(archive: Archive) -> Archive:
    """Editors' corrections override what extraction found."""
    for doc in archive.documents:
        for name, value in doc.corrections.items():
            setattr(doc.metadata, name, value)
            doc.origins[name] = "editor"
    return archive
