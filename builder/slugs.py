"""Slugs: the part of a URL (and of a file name in the site) made from a name.

A slug is lowercase ASCII letters, digits and single hyphens. It is never longer than
:data:`MAX_SLUG`: a file name in the site is the slug plus ``.md`` or ``/index.html``, and
file systems refuse names over 255 bytes. A longer slug is cut at a hyphen and ends with a
short hash of the whole, so two long names that differ only at the end still get two slugs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80
HASH_LENGTH = 8


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
