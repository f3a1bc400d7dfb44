"""Archives in memory: one source run through the first stages, the linker's documents and
entities, the demo archive collected, and the gold mentions it is checked against."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import yaml

from builder.model import Archive, ContentPath, DocId, Document, Entity, EntityId, Paragraph, SourceFile
from builder.pipeline import collect
from builder.stages.clean import clean_documents
from builder.stages.decode import decode_sources
from builder.stages.extract import extract_metadata
from builder.stages.segment import segment_documents

from .archives import REPO, REPO_CONTENT

FAKE_CONTENT = Path("/nonexistent-content")
GOLD_PATH = REPO / "tests" / "data" / "gold_mentions.yml"


def process(raw: bytes | str, name: str = "doc.txt") -> tuple[Archive, Document | None]:
    """Run decode, clean, extract and segment over one in-memory source.

    Returns the archive (for its diagnostics) and the document, or None when it was dropped.
    """
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    archive = Archive(content_dir=FAKE_CONTENT)
    stem = name.rsplit(".", 1)[0]
    archive.documents.append(Document(DocId(stem), SourceFile(ContentPath(f"sources/{name}"),
                                                                FAKE_CONTENT / "sources" / name, data)))
    for stage in (decode_sources, clean_documents, extract_metadata, segment_documents):
        archive = stage(archive)
    return archive, (archive.documents[0] if archive.documents else None)


def entity(entity_id: str, name: str, type: str = "person", **kwargs) -> Entity:
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    return Entity(EntityId(entity_id), name, type, ContentPath(f"entities/{entity_id}.yml"), **kwargs)


def memory_archive(documents: dict[str, list[str]], entities: list[Entity]) -> Archive:
    """An archive whose documents are given as paragraphs (paragraph i is on line 10*i)."""
    archive = Archive(content_dir=FAKE_CONTENT)
    for doc_id, paragraphs in documents.items():
        source = SourceFile(ContentPath(f"sources/{doc_id}.txt"), FAKE_CONTENT / "sources" / f"{doc_id}.txt", b"")
        doc = Document(DocId(doc_id), source)
        doc.paragraphs = [Paragraph(i, 10 * i, text) for i, text in enumerate(paragraphs, start=1)]
        archive.documents.append(doc)
    for item in entities:
        archive.entities[item.id] = item
    return archive


@functools.lru_cache(maxsize=1)
def demo_archive() -> Archive:
    """The demo archive (tests/fixtures/demo-content) collected once per test process. Do not mutate it."""
    return collect(REPO_CONTENT)


@functools.lru_cache(maxsize=1)
def gold() -> dict:
    return yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))


def gold_mentions() -> list[tuple[str, str, str, str]]:
    """(doc, paragraph anchor, surface, entity) for every gold mention, in document order."""
    result = []
    for doc_id, record in gold().items():
        for anchor, items in (record.get("mentions") or {}).items():
            for item in items:
                result.append((doc_id, anchor, item["text"], item["entity"]))
    return result


def gold_counts() -> dict[str, tuple[int, int]]:
    """entity id -> (mentions, documents), from the gold file."""
    mentions = Counter(entity for _, _, _, entity in gold_mentions())
    docs = {entity: len({d for d, _, _, e in gold_mentions() if e == entity}) for entity in mentions}
    return {entity: (mentions[entity], docs[entity]) for entity in mentions}
