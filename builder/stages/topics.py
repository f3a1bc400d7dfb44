"""Stages: load the editors' topics (``topics/<id>.yml``) and assign documents to them.

A document belongs to a topic when its sidecar names the topic, when the topic's
``include`` lists it, or when the topic's rules match it often enough (``threshold``):
each time a phrase occurs in its title or text, and each mention of a listed entity,
counts once. ``exclude`` always wins. Every assignment keeps its reasons for readers.
"""

from __future__ import annotations

import difflib

import ahocorasick

from builder.model import Archive, Assignment, Diagnostic, Document, Mention, Topic, TopicId
from builder.model.indexes import by_document
from builder.schema import Field
from builder.slugs import RESERVED_IDS
from builder.stages.editor_files import Parsed, read_editor_file
from builder.textfold import fold, is_word_char

TOPIC_SCHEMA: tuple[Field, ...] = (
    Field("id", "id", required=True, doc="the topic's id; must equal the file name without .yml"),
    Field("title", "text", required=True, doc="the topic's name as readers see it"),
    Field("description", "markdown", doc="what the topic covers, in Markdown"),
    Field("parent", "id", doc="id of the broader topic this one belongs to (one level)"),
    Field("phrases", "text-list", doc="phrases that assign a document when they occur in it (case and accents ignored)"),
    Field("entities", "id-list", doc="entity ids: a document mentioning one of them belongs"),
    Field("include", "id-list", doc="document ids that always belong"),
    Field("exclude", "id-list", doc="document ids that never belong, whatever the rules say"),
    Field("threshold", "text", doc="how many phrase occurrences and entity mentions a document needs (default 1)"),
)


def _error(archive: Archive, path, pos, code: str, message: str, hint: str) -> None:
    line, column = pos
    archive.report(Diagnostic("error", path, line, column, code, message, hint))


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def load_topics(archive: Archive, parsed: Parsed | None = None) -> Archive:
    folder = archive.content_dir / "topics"
    if not folder.is_dir():
        return archive
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml")):
        read = read_editor_file(archive, path, TOPIC_SCHEMA, "topic", parsed=parsed)
        if read is None:
            continue
        rel, values, positions, line = read.path, read.values, read.positions, read.line
        threshold = values.pop("threshold", "1")
        if not threshold.isdigit() or int(threshold) < 1:
            _error(archive, rel, positions["threshold"][0], "topic-threshold",
                   f"threshold '{threshold}' is not a whole number of 1 or more", "write e.g. threshold: 2")
            continue
        if values["id"] != path.stem:
            _error(archive, rel, positions["id"][0], "topic-id-mismatch",
                   f"id '{values['id']}' does not match the file name '{path.name}'",
                   f"rename the file to {values['id']}.yml, or set id: {path.stem}")
            continue
        if values["id"] in archive.topics:
            _error(archive, rel, positions["id"][0], "topic-duplicate-id",
                   f"topic id '{values['id']}' is already used by {archive.topics[values['id']].path}",
                   "keep one of the two files")
            continue
        if values["id"] in RESERVED_IDS:
            _error(archive, rel, positions["id"][0], "topic-reserved-id",
                   f"'{values['id']}' is the name of the topics index page, not a topic id",
                   "give the topic another id and name the file after it")
            continue
        archive.topics[TopicId(values["id"])] = Topic(path=rel, line=line, threshold=int(threshold),
                                                      positions=positions, **values)
    return archive


def _check_references(archive: Archive) -> bool:
    """Every id a topic or sidecar names must exist; parents must not loop. Report all."""
    ok = True
    doc_ids = {d.id for d in archive.documents}
    for topic in archive.topics.values():
        checks = [("entities", archive.entities, "entity"), ("include", doc_ids, "document"),
                  ("exclude", doc_ids, "document")]
        for key, known, what in checks:
            for value, pos in zip(getattr(topic, key), topic.positions.get(key, [])):
                if value not in known:
                    ok = False
                    _error(archive, topic.path, pos, f"topic-unknown-{what}",
                           f"{what} '{value}' in '{key}' does not exist",
                           _suggest(value, known) or f"check the {what} id")
        if topic.parent and topic.parent not in archive.topics:
            ok = False
            _error(archive, topic.path, topic.positions["parent"][0], "topic-unknown-parent",
                   f"parent topic '{topic.parent}' does not exist",
                   _suggest(topic.parent, set(archive.topics) - {topic.id}) or "check the topic id")
    in_cycle: set[str] = set()
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        chain, current = [topic.id], topic
        while current.parent in archive.topics and current.parent not in in_cycle:
            if current.parent in chain:  # a cycle: report it once, on its first topic
                cycle = chain[chain.index(current.parent):]
                in_cycle.update(cycle)
                first = archive.topics[min(cycle)]
                loop = cycle[cycle.index(first.id):] + cycle[:cycle.index(first.id)] + [first.id]
                ok = False
                _error(archive, first.path, first.positions["parent"][0], "topic-parent-cycle",
                       f"topic parents form a cycle: {' -> '.join(loop)}", "remove 'parent' from one of these topics")
                break
            chain.append(current.parent)
            current = archive.topics[current.parent]
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        parent = archive.topics.get(topic.parent) if topic.parent else None
        if parent is None or topic.id in in_cycle or parent.id in in_cycle:
            continue
        if parent.parent:
            ok = False
            _error(archive, topic.path, topic.positions["parent"][0], "topic-too-deep",
                   f"parent topic '{parent.id}' has a parent itself ('{parent.parent}'); topics have one level of sub-topics",
                   f"set parent: {parent.parent}, or remove the parent of '{parent.id}'")
    for doc in archive.documents:
        for value, pos in zip(doc.sidecar_topics, doc.sidecar_positions.get("topics", [])):
            if value not in archive.topics:
                ok = False
                _error(archive, doc.sidecar, pos, "sidecar-unknown-topic", f"topic '{value}' is not defined",
                       _suggest(value, archive.topics) or f"create topics/{value}.yml, or remove it")
    return ok


class PhraseFinder:
    """Every topic phrase in one Aho-Corasick pass per paragraph (all occurrences, overlaps
    included, so one topic's phrase inside another's is still found).

    Whole words, accents ignored; case ignored except for acronyms ("UN" is not "un").
    """

    def __init__(self, phrases: set[str]) -> None:
        self.automata = {}
        for acronyms in (False, True):
            chosen = sorted(p for p in phrases if p.isupper() == acronyms)
            if not chosen:
                continue
            by_key: dict[str, list[str]] = {}
            for phrase in chosen:
                by_key.setdefault(fold(phrase) if acronyms else fold(phrase).lower(), []).append(phrase)
            automaton = ahocorasick.Automaton()
            for key, same in by_key.items():
                edges = bool(key) and is_word_char(key[0]), bool(key) and is_word_char(key[-1])  # words at its ends?
                automaton.add_word(key, (len(key) - 1, *edges, tuple(same)))
            automaton.make_automaton()
            self.automata[acronyms] = automaton

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(phrase, start, end) of every whole-word occurrence in already-folded text."""
        found = []
        for acronyms, automaton in self.automata.items():
            haystack = text if acronyms else text.lower()
            if len(haystack) != len(text):  # a rare character whose lowercase is longer
                haystack = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
            last = len(haystack) - 1
            for end_index, (before, word_first, word_last, phrases) in automaton.iter(haystack):
                start = end_index - before
                # whole words only (is_word_char, inline)
                if (word_first and start > 0 and ((ch := haystack[start - 1]).isalnum() or ch == "_")) or \
                        (word_last and end_index < last and ((ch := haystack[end_index + 1]).isalnum() or ch == "_")):
                    continue
                found.extend((phrase, start, end_index + 1) for phrase in phrases)
        return found


def _score(topic: Topic, hits: dict[str, list[tuple[int, int, int]]], mentions: dict[str, list[Mention]],
           names: dict[str, str]) -> tuple[int, list[str]]:
    """How many places in the document match the topic's rules, and the reasons to show.

    A place matched both by a phrase and by an entity mention counts once. ``hits`` maps
    each phrase to its (paragraph index, start, end) in the document (title = paragraph 0);
    ``mentions`` maps each entity id to the document's mentions of it.
    """
    places: set[tuple[int, int]] = set()
    phrase_hits: list[tuple[int, int, int]] = []
    reasons = []
    for phrase in topic.phrases:
        found = hits.get(phrase, [])
        if found:
            places.update((index, start) for index, start, _ in found)
            phrase_hits.extend(found)
            reasons.append(f"the phrase “{phrase}” ({len(found)}×)")
    mentioned = [entity_id for entity_id in topic.entities if entity_id in mentions]
    if mentioned:
        covered = {(index, pos) for index, start, end in phrase_hits for pos in range(start, end)}
        for entity_id in mentioned:
            entity_hits = mentions[entity_id]
            places.update((m.paragraph, m.start) for m in entity_hits if (m.paragraph, m.start) not in covered)
            reasons.append(f"mentions {names.get(entity_id, entity_id)} ({len(entity_hits)}×)")
    return len(places), reasons


def assign_document(doc: Document, mentions: list[Mention], topics: list[Topic], finder: PhraseFinder,
                    names: dict[str, str]) -> list[Assignment]:
    """The topics one document belongs to, with the reasons, in the order of ``topics``.

    ``mentions`` are the document's own; ``finder`` holds every topic's phrases; ``names``
    maps entity ids to the names shown in the reasons.
    """
    hits: dict[str, list[tuple[int, int, int]]] = {}
    for index, text in [(0, doc.metadata.title)] + [(p.index, p.text) for p in doc.paragraphs]:
        for phrase, start, end in finder.find(fold(text)):
            hits.setdefault(phrase, []).append((index, start, end))
    by_entity: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    assignments = []
    for topic in topics:
        if doc.id in topic.exclude:
            continue
        reasons = []
        if topic.id in doc.sidecar_topics:
            reasons.append("an editor assigned it in the document's sidecar")
        if doc.id in topic.include:
            reasons.append("an editor included it in the topic")
        total, rule_reasons = _score(topic, hits, by_entity, names)
        if total >= topic.threshold:
            reasons.extend(rule_reasons)
        if reasons:
            assignments.append(Assignment(doc.id, topic.id, tuple(reasons)))
    return assignments


def assign_topics(archive: Archive) -> Archive:
    """Each document's topics (see :func:`assign_document`); the checks across the archive
    come once every document is assigned (:func:`check_topics`)."""
    topics = sorted(archive.topics.values(), key=lambda t: t.id)
    finder = PhraseFinder({phrase for topic in topics for phrase in topic.phrases})
    names = {entity.id: entity.name for entity in archive.entities.values()}
    mentions = by_document(archive.mentions)
    for doc in archive.documents:
        archive.assignments.extend(assign_document(doc, mentions.get(doc.id, []), topics, finder, names))
    return archive


def check_topics(archive: Archive) -> Archive:
    """After the per-document stages assigned topics: every id a topic or sidecar names must
    exist, and a topic that matches no document is a warning."""
    if not _check_references(archive):
        archive.assignments = []  # the build stops on these errors; assignments would mislead `archive check`
        return archive
    assigned = {a.topic for a in archive.assignments}
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        if topic.id not in assigned:
            archive.report(Diagnostic("warning", topic.path, topic.line, 1, "topic-empty",
                                      f"topic '{topic.id}' matches no document",
                                      "check its phrases and entities, or lower its threshold"))
    return archive
