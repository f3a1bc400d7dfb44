"""Stage: apply editors' metadata corrections from sidecar files.

``sources/<name>.yml`` next to ``sources/<name>.txt`` overrides or adds any metadata
field. The document id (and so its URL) comes from the source file name, never from
the sidecar, so corrections never move a page.
"""

from __future__ import annotations

import difflib

from builder.model import Archive, Diagnostic
from builder.schema import Field
from builder.stages.editor_files import YAML_SUFFIXES, EditorFolder, stem_and_suffix

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


def load_sidecars(archive: Archive) -> Archive:
    """Read and validate every sidecar; keep its corrections on its document, to be applied
    once the text's own metadata is extracted (:func:`apply_corrections`)."""
    sources_dir = archive.content_dir / "sources"
    if not sources_dir.is_dir():
        return archive
    # A document's stem, from its path as editors know it (sources/<name>): no path objects.
    by_stem = {stem_and_suffix(doc.source.path.rpartition("/")[2])[0]: doc for doc in archive.documents}
    files = EditorFolder(archive, sources_dir, "sources")
    all_stems = sorted({stem for stem, suffix in map(stem_and_suffix, (entry.name for entry in files.entries))
                        if suffix not in YAML_SUFFIXES})
    for entry in files.yaml_files():
        rel = files.path_of(entry)
        stem, suffix = stem_and_suffix(entry.name)
        doc = by_stem.get(stem)
        if doc is None:
            if stem in all_stems:
                continue  # its source could not be read; that is reported already
            close = difflib.get_close_matches(stem, all_stems, n=1)
            hint = f"did you mean '{close[0]}{suffix}'?" if close else "name it after its source file: <name>.yml next to <name>.txt"
            archive.report(Diagnostic("error", rel, 0, 0, "sidecar-orphan",
                                      f"sidecar '{entry.name}' belongs to no source document", hint))
            continue
        read = files.read(entry, SIDECAR_SCHEMA, "sidecar", partial=True)
        if read is None:
            continue
        doc.sidecar, doc.sidecar_positions = rel, read.positions
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
    return archive


def apply_corrections(archive: Archive) -> Archive:
    """Editors' corrections override what extraction found."""
    for doc in archive.documents:
        for name, value in doc.corrections.items():
            setattr(doc.metadata, name, value)
            doc.origins[name] = "editor"
    return archive
