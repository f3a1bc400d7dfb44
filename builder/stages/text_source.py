"""Plain text sources (.txt): bytes -> lines, decoded as ``builder.textdecode`` finds best."""

from __future__ import annotations

from builder.stages.source_reader import EMPTY, Note, Reading
from builder.textdecode import decode_bytes, normalise


class TextReader:
    """A plain text file: every line of it, in order; nothing found about it yet (the extract
    stage reads the metadata from the text)."""

    no_text = EMPTY
    too_large_hint = "split the document, or check that it is really a text file"
    removes_page_furniture = False

    def read(self, raw: bytes) -> Reading:
        text, encoding, fell_back = decode_bytes(raw)
        notes = [Note("source-encoding-fallback", f"is not valid UTF-8; it was read as {encoding}",
                      "check accented letters and quotes on its page, then re-save the file as UTF-8")] if fell_back else []
        text = normalise(text)
        lines = [line.rstrip() for line in text.split("\n")] if text.strip() else []
        return Reading(lines, encoding, notes=notes)
