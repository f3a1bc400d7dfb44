"""The tests' one set of helpers: ``from helpers import NAME`` (tests/conftest.py holds the
fixtures only).

- :mod:`helpers.archives`: the repository's paths, mkdocs.yml copies, tiny archives on disk
  (TinyArchive, make_tiny_archive), their stories, and what builds leave;
- :mod:`helpers.pages`: reading a built site (soup_of, page_soup, article, body_paragraphs ...);
- :mod:`helpers.records`: archives in memory (process, memory_archive), the demo archive
  collected and its gold mentions;
- :mod:`helpers.calls`: the calls of a function recorded (recorded);
- :mod:`helpers.built`: a pipeline build's pages read as the bridge reads them (page_text, page_texts).
"""

from .archives import (ABOUT, CNS_STORY, GOOD_SIDECARS, GOOD_SOURCES, REPO, REPO_CONFIG, REPO_CONTENT, REPORT,
                       REUTERS_STORY, ConfigLoader, TinyArchive, failing_build_log, make_tiny_archive,
                       markdown_extensions, set_plugin_option, staging_leftovers, tiny_nav, tree_digest, write_config,
                       write_files)
from .built import built_page, page_text, page_texts
from .calls import recorded
from .pages import (DOCUMENT_HREF, ENTITY_HREF, TOPIC_HREF, article, body_paragraphs, front_matter, heading_text,
                    linked_id, meta_rows, page_html, page_soup, page_url, paragraph_text, site_target, soup_of, squash,
                    without_editor_mark)
from .records import (FAKE_CONTENT, GOLD_PATH, demo_archive, entity, gold, gold_counts, gold_mentions, memory_archive,
                      process)

__all__ = [
    "ABOUT", "CNS_STORY", "GOOD_SIDECARS", "GOOD_SOURCES", "REPO", "REPO_CONFIG", "REPO_CONTENT", "REPORT",
    "REUTERS_STORY", "ConfigLoader", "TinyArchive", "failing_build_log", "make_tiny_archive", "markdown_extensions",
    "set_plugin_option", "staging_leftovers", "tiny_nav", "tree_digest", "write_config", "write_files",
    "DOCUMENT_HREF", "ENTITY_HREF", "TOPIC_HREF", "article", "body_paragraphs", "front_matter", "heading_text",
    "linked_id", "meta_rows", "page_html", "page_soup", "page_url", "paragraph_text", "site_target", "soup_of",
    "squash", "without_editor_mark",
    "FAKE_CONTENT", "GOLD_PATH", "demo_archive", "entity", "gold", "gold_counts", "gold_mentions", "memory_archive",
    "process", "recorded", "built_page", "page_text", "page_texts",
]
