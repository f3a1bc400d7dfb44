"""Stages: load the editors' topics (``topics/<id>.yml``) and assign documents to them.

A document belongs to a topic when its sidecar names the topic, when the topic's
``include`` lists it, or when the topic's rules match it often enough (``threshold``):
each time a phrase occurs in its title or text, and each mention of a listed entity,
counts once. ``exclude`` always wins. Every assignment keeps its reasons for readers.
"""

from __future__ import annotations

import difflib
import re

from builder.model import Archive, Assignment, Diagnostic, Topic, TopicId
from builder.schema import Field, validate
from builder.stages.read import content_path
from builder.textfold import fold
from builder.yamlio import parse_nodes

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


def load_topics(archive: Archive) -> Archive:
    folder = archive.content_dir / "topics"
    if not folder.is_dir():
        return archive
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml")):
        rel = content_path(archive, path)
        node, problem = parse_nodes(path.read_text(encoding="utf-8-sig", errors="replace"))
        if problem:
            _error(archive, rel, (problem.line, problem.column), "yaml-syntax", f"not valid YAML: {problem.message}",
                   "check the indentation and quote values that contain ': ' or start with a symbol")
            continue
        positions: dict = {}
        values, diagnostics = validate(node, TOPIC_SCHEMA, rel, "topic", positions)
        for diagnostic in diagnostics:
            archive.report(diagnostic)
        if diagnostics:
            continue
        line = node.start_mark.line + 1
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
                   f"parent topic '{topic.parent}' does not exist", _suggest(topic.parent, archive.topics) or "check the topic id")
    for topic in archive.topics.values():
        seen, current = [topic.id], topic
        while current.parent and current.parent in archive.topics:
            if current.parent in seen:
                ok = False
                cycle = " -> ".join([*seen, current.parent])
                _error(archive, topic.path, topic.positions["parent"][0], "topic-parent-cycle",
                       f"topic parents form a cycle: {cycle}", "remove 'parent' from one of these topics")
                break
            seen.append(current.parent)
            current = archive.topics[current.parent]
    for doc in archive.documents:
        for value, pos in zip(doc.sidecar_topics, doc.sidecar_positions.get("topics", [])):
            if value not in archive.topics:
                ok = False
                _error(archive, doc.sidecar, pos, "sidecar-unknown-topic", f"topic '{value}' is not defined",
                       _suggest(value, archive.topics) or f"create topics/{value}.yml, or remove it")
    return ok


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word, accent-insensitive; case-insensitive except for acronyms ("UN" is not "un")."""
    flags = 0 if phrase.isupper() else re.IGNORECASE
    return re.compile(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)", flags)


def _score(topic: Topic, texts: list[tuple[int, str]], mentions: list) -> tuple[int, list[str]]:
    """How many places in the document match the topic's rules, and the reasons to show.

    A place matched both by a phrase and by an entity mention counts once.
    ``texts`` are (paragraph index, folded text), the title as paragraph 0.
    """
    places: set[tuple[int, int]] = set()
    covered: set[tuple[int, int]] = set()
    reasons = []
    for phrase in topic.phrases:
        pattern = _phrase_pattern(phrase)
        found = [(index, m.start(), m.end()) for index, text in texts for m in pattern.finditer(text)]
        if found:
            places.update((index, start) for index, start, _ in found)
            covered.update((index, pos) for index, start, end in found for pos in range(start, end))
            reasons.append(f"the phrase “{phrase}” ({len(found)}×)")
    for entity_id in topic.entities:
        hits = [m for m in mentions if m.entity == entity_id]
        if hits:
            places.update((m.paragraph, m.start) for m in hits if (m.paragraph, m.start) not in covered)
            reasons.append(f"mentions {entity_id} ({len(hits)}×)")
    return len(places), reasons


def assign_topics(archive: Archive) -> Archive:
    if not _check_references(archive):
        return archive
    mentions = archive.mentions_by_doc()
    for doc in sorted(archive.documents, key=lambda d: d.id):
        texts = [(0, fold(doc.metadata.title))] + [(p.index, fold(p.text)) for p in doc.paragraphs]
        for topic in sorted(archive.topics.values(), key=lambda t: t.id):
            if doc.id in topic.exclude:
                continue
            reasons = []
            if topic.id in doc.sidecar_topics:
                reasons.append("an editor assigned it in the document's sidecar")
            if doc.id in topic.include:
                reasons.append("an editor included it in the topic")
            total, rule_reasons = _score(topic, texts, mentions.get(doc.id, []))
            if total >= topic.threshold:
                reasons.extend(rule_reasons)
            if reasons:
                archive.assignments.append(Assignment(doc.id, topic.id, tuple(reasons)))
    assigned = {a.topic for a in archive.assignments}
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        if topic.id not in assigned:
            archive.report(Diagnostic("warning", topic.path, topic.line, 1, "topic-empty",
                                      f"topic '{topic.id}' matches no document",
                                      "check its phrases and entities, or lower its threshold"))
    return archive
