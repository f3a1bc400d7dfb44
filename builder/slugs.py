"""Slugs: the part of a URL (and of a file name in the site) made from a name.

A slug is lowercase ASCII letters, digits and single hyphens. It is never longer than
:data:`MAX_SLUG`: a file name in the site is the slug plus at most ``.html``, ``.md`` or
a suffix such as ``-author`` (``/index.html`` is a file inside a folder named by the
slug), and file systems refuse names over 255 bytes. A longer slug is cut at a hyphen and
ends with a short hash of the whole, so two long names that differ only at the end still
get two slugs. The bound is high enough that the id of a source file (its name, which the
file system already keeps under 255 bytes) almost never changes: ids, and so URLs, made
when the bound was lower stay the same for every name of 200 characters or fewer.

A name written in another script ("孔德明", "Лукаш Подольски") is spelled in Latin letters
(transliterated by anyascii, pinned: a new version could spell a name differently, and so move
its page), each Chinese character or Korean syllable a word of its own: "kong-de-ming",
"lukash-podolski". Such a slug ends with a short hash of the name's words (case aside), so that
two names that are spelled alike in Latin letters ("王毅", "汪毅": both "wang yi") keep two pages,
while two ways of writing one name ("ЛУКАШ ПОДОЛЬСКИ") share one. Latin letters are folded as
they always were (accents dropped; a letter with no ASCII form, such as "ł" or "ß", left out),
so that every slug made from a Latin name, and every URL made from one, stays the same. Slugs are
ASCII: the same in a zip, from ``file://`` and on any file system.

Every id an editor writes (entity, topic, annotation and redirect ids) is bounded the same
way, and none may be one of :data:`RESERVED_IDS`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

MAX_SLUG = 200
HASH_LENGTH = 8
NAME_HASH_LENGTH = 6
LATIN_END = 0x250
"""Below this, ASCII, Latin-1 and the Latin Extended letters: folded as they always were."""
SYLLABLES = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f]")
"""Chinese characters and Korean syllables: each is spelled as a word of its own."""
RESERVED_IDS = ("index",)
"""Page names the builder uses itself: entities/, topics/, authors/ and publications/
index.md list the folder's items. (documents/ has no index page of its own: a source named
index.txt has the page documents/index.md, served at documents/.)"""


def _spelled(ch: str) -> tuple[str, bool]:
    """(the character in ASCII, whether it was transliterated). Latin letters and everything else
    folded as always: accents dropped, what has no ASCII form left out."""
    folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
    if folded or not ch.isalnum() or ord(ch) < LATIN_END or "LATIN" in unicodedata.name(ch, "LATIN"):
        return folded, False
    spelled = anyascii(ch).replace("'", "")
    return (f" {spelled} " if SYLLABLES.match(ch) else spelled), bool(spelled)


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Lowercase ASCII slug: accents folded, other scripts spelled in Latin letters (with a short
    hash of the name), anything else becomes single hyphens; at most :data:`MAX_SLUG` characters.
    A slug is its own slug. Remembered (the same authors' and publications' names are slugged
    for every page that lists them: a second of a rebuild at 10,000 documents)."""
    parts = [_spelled(ch) for ch in unicodedata.normalize("NFC", text)]
    folded = "".join(part for part, _ in parts)
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if slug and any(spelled for _, spelled in parts):
        words = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))
        slug += "-" + hashlib.sha256(words.encode("utf-8")).hexdigest()[:NAME_HASH_LENGTH]
    if len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha256(slug.encode("ascii")).hexdigest()[:HASH_LENGTH]
    cut = slug[:MAX_SLUG - HASH_LENGTH - 1]
    hyphen = cut.rfind("-")
    if hyphen > len(cut) // 2:  # cut between words, unless that would lose half of it
        cut = cut[:hyphen]
    return f"{cut.rstrip('-')}-{digest}"
