"""Generate a synthetic archive: N documents of about 800 words, a register of entities
mentioned across them, topics, and annotations on a tenth of the documents.

Deterministic for a given seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from pathlib import Path

SYLLABLES = ("ka", "lo", "mi", "ra", "to", "sen", "vi", "dal", "mor", "qui", "ban", "zhe", "lin", "ost", "per",
             "nu", "ga", "rel", "tis", "on", "mar", "fel", "dor", "ua", "ye", "sol", "bri", "han", "cor", "leu")
WORDS = ("the council said that the report on human rights was delayed again while diplomats met in private "
         "to discuss the budget and the mission which many members called a test of the organisation and its "
         "leaders who promised reforms before the vote on sanctions in the coming weeks as officials warned "
         "that the crisis could spread across the region unless donors increased their support for refugees "
         "and the agency responsible for peacekeeping operations").split()
TYPES = ("person", "organisation", "place")
ORG_WORDS = ("Institute", "Council", "Commission", "Agency", "Foundation", "Office", "Bureau", "Union")


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(parts))


def make_entities(rng: random.Random, count: int) -> list[dict]:
    entities, used = [], set()
    while len(entities) < count:
        kind = TYPES[len(entities) % 3]
        if kind == "person":
            name = _name(rng, 2)
        elif kind == "organisation":
            name = f"{_name(rng, 1)} {rng.choice(ORG_WORDS)}"
        else:
            name = _name(rng, 1)
        if name in used or name.lower() in WORDS:
            continue
        used.add(name)
        slug = name.lower().replace(" ", "-")
        entity = {"id": slug, "name": name, "type": kind}
        if kind == "person":
            entity["short"] = name.split()[-1]
        entities.append(entity)
    return entities


def coordinates(slug: str) -> str | None:
    """A place's [latitude, longitude], made from its id (not from the seeded generator, so the
    rest of the archive is as it was): spread over the inhabited latitudes; one place in ten
    has none, so that the map's list of places without coordinates is measured too."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    if digest[0] % 10 == 0:
        return None
    lat = -55 + int.from_bytes(digest[1:5], "big") / 2**32 * 125
    lon = -180 + int.from_bytes(digest[5:9], "big") / 2**32 * 360
    return f"[{lat:.4f}, {lon:.4f}]"


def sentence(rng: random.Random, mention: str | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    if mention:
        words.insert(rng.randint(0, len(words)), mention)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(target: Path, documents: int, entities: int = 2000, topics: int = 50, seed: int = 7) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    for folder in ("sources", "entities", "topics", "annotations", "pages"):
        (content / folder).mkdir(parents=True)
    (content / "pages" / "about.md").write_text("# About\n\nA synthetic archive for benchmarks.\n", encoding="utf-8")
    register = make_entities(rng, entities)
    for entity in register:
        lines = [f"id: {entity['id']}", f"name: {entity['name']}", f"type: {entity['type']}",
                 f"description: A synthetic {entity['type']} called {entity['name']}."]
        if "short" in entity:
            lines.append(f"short_forms: [{entity['short']}]")
        if entity["type"] == "place" and (where := coordinates(entity["id"])):
            lines.append(f"coordinates: {where}")
        (content / "entities" / f"{entity['id']}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for t in range(topics):
        phrase = " ".join(rng.sample(WORDS, 2))
        picked = rng.sample(register, 3)
        ids = "\n".join(f"  - {e['id']}" for e in picked)
        (content / "topics" / f"topic-{t:02d}.yml").write_text(
            f"id: topic-{t:02d}\ntitle: Topic {t:02d}\ndescription: Synthetic topic {t}.\n"
            f"phrases:\n  - {phrase}\nentities:\n{ids}\nthreshold: 2\n", encoding="utf-8")
    for n in range(documents):
        doc_id = f"doc-{n:05d}"
        year, month, day = 1990 + n % 34, 1 + n % 12, 1 + n % 28
        author = rng.choice([e for e in register[:300] if e["type"] == "person"])["name"]
        paragraphs = []
        words = 0
        while words < 800:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                mention = rng.choice(register)["name"] if rng.random() < 0.6 else None
                sentences.append(sentence(rng, mention))
            paragraph = " ".join(sentences)
            words += len(paragraph.split())
            paragraphs.append(paragraph)
        title = sentence(rng)[:-1][:90].rstrip()
        text = (f"{title}\n\nBy {author} | {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][month - 1]} {day}, {year}\n\n"
                + "\n\n".join(paragraphs) + "\n")
        (content / "sources" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        if n % 10 == 0:
            quote = " ".join(paragraphs[1].split()[:8])
            folder = content / "annotations" / doc_id
            folder.mkdir()
            (folder / "note.yml").write_text(
                f'exact: "{quote}"\nbody: A synthetic note on this passage.\nauthor: Bench Editor\n'
                f"date: 2026-01-{1 + n % 28:02d}\nkind: note\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=2000)
    args = parser.parse_args()
    generate(args.target, args.documents, args.entities)


if __name__ == "__main__":
    main()
