"""Stage: cut the kept lines of each document into paragraphs, in original order.

Blank lines separate blocks. Inside a block each line is its own paragraph (web copies
put one paragraph per line), unless the block is hard-wrapped prose (every line but the
last of similar width), in which case its lines are joined.
"""

from __future__ import annotations

from builder.model import Archive, Document, Line, Paragraph

WRAP_MIN, WRAP_MAX = 50, 100


def _is_wrapped(block: list[Line]) -> bool:
    if len(block) < 2:
        return False
    widths = [len(line.text) for line in block]
    return all(WRAP_MIN <= w <= WRAP_MAX for w in widths[:-1]) and widths[-1] <= WRAP_MAX


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def segment_document(doc: Document) -> Document:
    paragraphs: list[Paragraph] = []
    for block in _blocks(doc.kept_lines()):
        groups = [block] if _is_wrapped(block) else [[line] for line in block]
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
