"""Stage: cut the kept lines of each document into paragraphs, in original order.

Blank lines separate blocks. Inside a block each line is its own paragraph (web copies
put one paragraph per line), unless the block is hard-wrapped prose (every line but the
last of similar width), in which case its lines are joined.
"""

from __future__ import annotations

from builder.model import Archive, Document, Paragraph
from builder.textblocks import WRAP_MAX, WRAP_MIN, blocks, is_wrapped  # noqa: F401  (re-exported)


def segment_document(doc: Document) -> Document:
    paragraphs: list[Paragraph] = []
    for block in blocks(doc.kept_lines()):
        groups = [block] if is_wrapped(block) else [[line] for line in block]
        for group in groups:
            text = " ".join(line.text.strip() for line in group)
            kind = "caption" if group[0].number in doc.captions else "text"
            paragraphs.append(Paragraph(len(paragraphs) + 1, group[0].number, text, kind))
    doc.paragraphs = paragraphs
    return doc


def segment_documents(archive: Archive) -> Archive:
    for doc in archive.documents:
        segment_document(doc)
    return archive
