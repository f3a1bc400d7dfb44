"""The extractors the extraction benchmark compares, each a function from a saved page to its text
(and, for ours, its metadata). Each is called as the article-extraction benchmark's own runner
calls it; ours (``archive``, ``html_source``) as the builder runs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass
class Page:
    id: str
    url: str
    truth: str
    raw: bytes  # the page as saved
    gold: dict = field(default_factory=dict)  # title, author, date (the labelled metadata set)

    @property
    def html(self) -> str:
        return self.raw.decode("utf-8")



@dataclass
class Output:
    body: str
    meta: dict = field(default_factory=dict)  # title, authors, date, publication, url, language, description


def _archive() -> Callable[[Page], Output]:
    from builder.model import Archive, ContentPath, DocId, Document, SourceFile
    from builder.stages.clean import clean_documents
    from builder.stages.decode import decode_sources
    from builder.stages.extract import extract_metadata
    from builder.stages.segment import segment_documents

    def run(page: Page) -> Output:
        archive = Archive(content_dir=Path("/nonexistent"))
        path = Path("/nonexistent/sources") / f"{page.id}.html"
        archive.documents.append(Document(DocId(page.id), SourceFile(ContentPath(f"sources/{page.id}.html"), path, page.raw)))
        for stage in (decode_sources, clean_documents, extract_metadata, segment_documents):
            archive = stage(archive)
        if not archive.documents:
            return Output("")
        doc = archive.documents[0]
        meta = {name: doc.metadata.get(name) for name in
                ("title", "authors", "date", "publication", "url", "language", "description")}
        return Output("\n\n".join(p.text for p in doc.paragraphs), meta)

    return run


def _html_source() -> Callable[[Page], Output]:
    from builder.stages.html_source import extract

    def run(page: Page) -> Output:
        extraction = extract(page.raw)
        meta = {name: extraction.metadata.get(name) for name in
                ("title", "authors", "date", "publication", "url", "language", "description")}
        return Output("\n".join(extraction.lines), meta)

    return run


def _trafilatura() -> Callable[[Page], Output]:
    import trafilatura

    return lambda page: Output(trafilatura.extract(page.html, include_comments=False) or "")


def _html_to_text(fragment: str) -> str:
    try:
        import html_text  # what the benchmark's runner uses
        return html_text.extract_text(fragment)
    except ImportError:
        import lxml.html
        return "\n".join(lxml.html.fromstring(fragment).itertext()) if fragment.strip() else ""


def _readability() -> Callable[[Page], Output]:
    from readability import Document

    return lambda page: Output(_html_to_text(Document(page.html).summary(html_partial=True)))


def _goose3() -> Callable[[Page], Output]:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False})
    return lambda page: Output(goose.extract(raw_html=page.html).cleaned_text or "")


def _newspaper4k() -> Callable[[Page], Output]:
    import newspaper

    def run(page: Page) -> Output:
        # As the benchmark's runner, but without fetching the article's images over the network.
        article = newspaper.Article(page.url, fetch_images=False)
        article.download(input_html=page.html)
        article.parse()
        return Output(article.text or "")

    return run


def _justext() -> Callable[[Page], Output]:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda page: Output(" ".join(p.text for p in justext.justext(page.html, stoplist, 50, 200, 0.1, 0.2, 0.2, 200, True)
                                        if not p.is_boilerplate))


EXTRACTORS: dict[str, tuple[Callable[[], Callable[[Page], Output]], str]] = {
    "archive": (_archive, "trafilatura"),
    "html_source": (_html_source, "trafilatura"),
    "trafilatura": (_trafilatura, "trafilatura"),
    "readability-lxml": (_readability, "readability-lxml"),
    "goose3": (_goose3, "goose3"),
    "newspaper4k": (_newspaper4k, "newspaper4k"),
    "justext": (_justext, "jusText"),
}


def version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version as dist_version
    try:
        return dist_version(distribution)
    except PackageNotFoundError:
        return "?"



def forbid_network() -> None:
    """Every extractor works on the saved page alone: a connection attempt fails at once."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError("bench.extraction: no network (the pages are read from disk)")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
