"""Slugs: the part of a URL (and of a file name in the site) made from a name.

A slug is lowercase ASCII letters, digits and single hyphens. It is never longer than
:data:`MAX_SLUG`: a file name in the site is the slug plus at most ``.html``, ``.md`` or
a suffix such as ``-author`` (``/index.html`` is a file inside a folder named by the
slug), and file systems refuse names over 255 bytes. A longer slug is cut at a hyphen and
ends with a short hash of the whole, so two long names that differ only at the end still
get two slugs. The bound is high enough that the id of a source file (its name, which the
file system already keeps under 255 bytes) almost never changes: ids, and so URLs, made
when the bound was lower stay the same for every name of 200 characters or fewer.

Every id an editor writes (entity, topic, annotation and redirect ids) is bounded the same
way, and none may be one of :data:`RESERVED_IDS`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 200
HASH_LENGTH = 8
RESERVED_IDS = ("index",)
"""Page names the builder uses itself: entities/, topics/, authors/ and publications/
index.md list the folder's items. (documents/ has no index page of its own: a source named
index.txt has the page documents/index.md, served at documents/.)"""


def slugify(text: str) -> str:
    """Lowercase ASCII slug: accents folded, anything else becomes single hyphens; at most
    :data:`MAX_SLUG` characters. A slug is its own slug."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha256(slug.encode("ascii")).hexdigest()[:HASH_LENGTH]
    cut = slug[:MAX_SLUG - HASH_LENGTH - 1]
    hyphen = cut.rfind("-")
    if hyphen > len(cut) // 2:  # cut between words, unless that would lose half of it
        cut = cut[:hyphen]
    return f"{cut.rstrip('-')}-{digest}"
