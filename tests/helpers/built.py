"""What a builder.pipeline build made, read as the bridge reads it: a page kept in the result
store (emit.frontmatter.KeptPage) is read from the store (bridge.kept)."""

from __future__ import annotations

from builder.bridge.kept import KeptPages
from builder.emit.frontmatter import Page


def built_page(result, path: str) -> Page:
    """The page at ``path`` of ``result`` (a pipeline Build) with its text, read from the store if kept there."""
    kept = KeptPages(result.cache_dir)
    try:
        return Page(*kept.read(result.pages[path]))
    finally:
        kept.close()


def page_text(result, path: str) -> str:
    """The text of the page at ``path`` of ``result`` (front matter and Markdown, as exported)."""
    return built_page(result, path).text


def page_texts(result) -> dict[str, str]:
    """Every page of ``result`` as its text, by path."""
    kept = KeptPages(result.cache_dir)
    try:
        return {path: kept.text(page) for path, page in result.pages.items()}
    finally:
        kept.close()
