"""Stage: warn about aliases and short forms that are ordinary words.

An alias is linked wherever it occurs, so ``aliases: [the]`` makes every document's first
"the" a link. Two rules, each a warning (so ``--strict`` fails) on the line of the form:

- a form that is an English function word ("the", "The", "and", "of the"), whatever the
  archive (a name of several capitalised words is a name, even "The Who"), or that has no
  letters or digits at all ("&");
- in an archive of at least :data:`MIN_DOCUMENTS` documents, a form whose lowercase
  spelling occurs as a word in more than half of the documents (up to :data:`SAMPLE` of
  them, the first by id, are read): it is an ordinary word there ("council", "party").
  Names are matched case-sensitively, so "China" is not flagged by the many "China"s, only
  by a lowercase "china" in most documents.

Acronyms ("UN", "US", "U.N.": two letters or more, all capitals) are never flagged: "us" is
a word, "US" a country. The word list is English only; in an archive in another language
the second rule still finds that language's common words once it has enough documents.
"""

from __future__ import annotations

import re
from typing import Callable

from builder.model import Archive, Diagnostic, Document, Entity

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not now of off on once only or other our ours out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why with would you your yours
""".split())
"""English function words. (No modal verbs or months that are also names: "May", "Will".)"""

MIN_DOCUMENTS = 10
SAMPLE = 200
WORD = re.compile(r"\w+")


def is_acronym(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def is_proper_name(words: list[str]) -> bool:
    """Several words, each capitalised: a name even if made of function words ("The Who"),
    where "the", "The" and "of the" are not."""
    return len(words) >= 2 and all(word[0].isupper() for word in words)


def _forms(entity: Entity):
    """(key, form, (line, column)) of each alias and short form."""
    for key in ("aliases", "short_forms"):
        for form, position in zip(getattr(entity, key), entity.positions.get(key, [])):
            yield key, form, position


def _ordinary_words(archive: Archive, forms: set[str], with_text=None) -> tuple[dict[str, int], int]:
    """How many of the sampled documents use each lowercase form as a word, and how many
    were sampled (``with_text``: see :func:`check_aliases`)."""
    sample = sorted(archive.documents, key=lambda d: d.id)[:SAMPLE]
    if with_text is not None:
        sample = with_text(sample)
    counts = dict.fromkeys(forms, 0)
    words_of = {form: WORD.findall(form) for form in forms}
    single = {form for form, words in words_of.items() if words == [form]}
    phrases = {form: (set(words), re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"))
               for form, words in words_of.items() if words and form not in single}
    for doc in sample:
        text = "\n".join(p.text for p in doc.paragraphs)
        words = set(WORD.findall(text))
        for form in words & single:
            counts[form] += 1
        for form, (needed, pattern) in phrases.items():
            if needed <= words and pattern.search(text):
                counts[form] += 1
    return counts, len(sample)


def check_aliases(archive: Archive, with_text: Callable[[list[Document]], list[Document]] | None = None) -> Archive:
    """Warn on aliases and short forms that would link ordinary words (see the module).
    ``with_text``: given documents, the same with their paragraphs (a build whose model keeps
    them apart: builder.pipeline.texts)."""
    found = [(entity, key, form, position) for entity in sorted(archive.entities.values(), key=lambda e: e.id)
             for key, form, position in _forms(entity) if not is_acronym(form)]
    counts, sampled = ({}, 0)
    if len(archive.documents) >= MIN_DOCUMENTS:
        counts, sampled = _ordinary_words(archive, {form.lower() for _, _, form, _ in found}, with_text)
    for entity, key, form, (line, column) in found:
        words = WORD.findall(form)
        if not words:
            message = f"'{form}' in '{key}' has no letters or digits, so it is not a name for {entity.name}"
        elif all(word.casefold() in STOPWORDS for word in words) and not is_proper_name(words):
            message = f"'{form}' in '{key}' is a common English word, not a name for {entity.name}"
        elif counts.get(form.lower(), 0) * 2 > sampled:
            message = (f"'{form}' in '{key}' is an ordinary word in this archive: '{form.lower()}' occurs in "
                       f"{counts[form.lower()]} of {sampled} documents")
        else:
            continue
        archive.report(Diagnostic("warning", entity.path, line, column, "entity-common-alias",
                                  f"{message}; " + (f"every document's first '{form}' would link to it" if key == "aliases"
                                                    else f"in a document naming it, the next '{form}' would link to it"),
                                  f"remove '{form}' from {key} (names are matched as whole words, case-sensitively: "
                                  f"keep only forms that always mean {entity.name})"))
    return archive
