"""A synthetic search-only site of N documents, for timing search at sizes a full build makes too
slow for a benchmark (100,000 documents).

The corpus is made to look like news at the level search sees: a vocabulary of 60,000 words with
Zipf-distributed frequencies (English function and news words at the top, then made-up words, some
accented, some Cyrillic, Greek or Han), about 600 words per document in paragraphs of 3-6
sentences, common two-word phrases, titles, dates, publications and authors, and 2,000 entities
(people, organisations, places) mentioned with Zipf-distributed frequency. Deterministic for a
seed. It is turned directly into ``builder.search.records.Record`` objects (documents, and the
entities' own records) and written with ``builder.search.index``, beside one page that is the
built 10,000-document site's home page with its article emptied: Material's CSS and JS and our
search box and script, so the same UI runs. ``pages()`` writes the same documents as minimal
HTML pages, for Pagefind to index.

    .venv/bin/python -m bench.search_corpus TARGET --documents 100000 [--template SITE]
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import random
import re
import shutil
from pathlib import Path

from builder.search import index
from builder.search.records import Record

VOCABULARY = 60_000
ENTITIES = 2_000
SEED = 19
VERSION = 2  # 2: the index writer of the first search release (impacts by record length)
TOP = """the of and to in a is that for on was with as by it at from said his he be has have are were not but which
this had an who will its been they also after more one would about two new over than into other their government
minister president people year first last years state officials told could country national party police security
since public three world while during against under before between united international military foreign
including report council rights human law court members week month city region later support trade economic
policy election leaders political war forces talks agreement capital million percent group office health water
prime ministry nations committee parliament opposition press statement union central border crisis refugees
peace development programme budget energy climate agency commission sanctions vote reform reforms conference
investigation spokesman diplomats mission delegation resolution treaty independent journalists newspaper
market prices company workers strike protest protests demonstrators arrested released prison sentence trial
judge evidence lawyers families children women students schools hospital doctors disease outbreak vaccine
emergency flood drought earthquake storm victims killed injured attack attacks troops soldiers army navy
ceasefire negotiations envoy ambassador embassy visit summit meeting declared announced warned called promised
denied confirmed accused urged rejected approved signed""".split()
PHRASES = ("human rights", "security council", "foreign ministry", "prime minister", "united nations",
           "climate change", "trade agreement", "press conference", "civil society", "armed forces",
           "interior ministry", "general assembly", "peace talks", "state media", "special envoy")
SYLLABLES = ("ka", "lo", "mi", "ra", "to", "sen", "vi", "dal", "mor", "qui", "ban", "zhe", "lin", "ost", "per", "nu",
             "ga", "rel", "tis", "on", "mar", "fel", "dor", "ua", "ye", "sol", "bri", "han", "cor", "leu", "ba",
             "de", "fi", "gu", "ha", "je", "ki", "lu", "ne", "pa", "ri", "su", "ta", "ve", "wo", "xi", "za")
ACCENTS = {"a": "áàâäã", "e": "éèêë", "i": "íïî", "o": "óöôõø", "u": "úüû", "c": "ç", "n": "ñ"}
CYRILLIC = ("ка", "ло", "ми", "ра", "то", "сен", "ви", "дал", "мор", "бан", "жe", "лин", "ост", "пер", "ну")
GREEK = ("κα", "λο", "μι", "ρα", "το", "σεν", "βι", "δαλ", "μορ", "νυ", "γα", "ρελ")
HAN = "中国人民大会经济政治社会文化安全和平发展合作国际组织北京上海东京"
ORGS = ("Institute", "Council", "Commission", "Agency", "Foundation", "Office", "Bureau", "Union", "Party", "Bank")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _made_word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return "".join(rng.choice(CYRILLIC) for _ in range(rng.randint(2, 4)))
    if roll < 0.045:
        return "".join(rng.choice(GREEK) for _ in range(rng.randint(2, 4)))
    if roll < 0.055:
        return "".join(rng.choice(HAN) for _ in range(2))
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    if roll < 0.14:
        at = rng.randrange(len(word))
        if word[at] in ACCENTS:
            word = word[:at] + rng.choice(ACCENTS[word[at]]) + word[at + 1:]
    return word


def vocabulary(rng: random.Random, size: int = VOCABULARY) -> list[str]:
    """``size`` distinct words, commonest first."""
    words = list(dict.fromkeys(TOP))
    seen = set(words)
    while len(words) < size:
        word = _made_word(rng)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _zipf(count: int, exponent: float = 1.0, shift: float = 2.7) -> list[float]:
    return list(itertools.accumulate(1 / (rank + shift) ** exponent for rank in range(count)))


def _name(rng: random.Random, parts: int) -> str:
    return " ".join(_made_word(rng).capitalize() if rng.random() < 0.3 else
                    "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts))


def entities(rng: random.Random, count: int = ENTITIES) -> list[dict]:
    made, used = [], set()
    while len(made) < count:
        kind = ("person", "person", "organisation", "place")[len(made) % 4]
        name = _name(rng, 2) if kind == "person" else (
            f"{_name(rng, 1)} {rng.choice(ORGS)}" if kind == "organisation" else _name(rng, 1))
        if name in used or " " not in name and kind == "person":
            continue
        used.add(name)
        made.append({"name": name, "type": kind, "slug": re.sub(r"\W+", "-", name.lower()).strip("-") + f"-{len(made)}"})
    return made


class Corpus:
    """The documents and entities of a synthetic archive of ``documents`` documents."""

    def __init__(self, documents: int, seed: int = SEED):
        self.documents, self.seed = documents, seed
        rng = random.Random(seed)
        self.words = vocabulary(rng)
        self.entities = entities(rng)
        self.authors = [_name(rng, 2) for _ in range(600)]
        self.publications = [f"The {_name(rng, 1)} {kind}" for kind in ("Herald", "Times", "Post", "Observer",
                             "Gazette", "Tribune", "Courier", "Review") for _ in range(10)]
        self._word_weights = _zipf(len(self.words))
        self._entity_weights = _zipf(len(self.entities))
        self._phrase_weights = _zipf(len(PHRASES))
        self._author_weights = _zipf(len(self.authors), 0.8)
        self._publication_weights = _zipf(len(self.publications), 0.8)
        self._made: list[Record] | None = None

    def _sentence(self, rng: random.Random) -> str:
        words = rng.choices(self.words, cum_weights=self._word_weights, k=rng.randint(8, 24))
        if rng.random() < 0.45:
            words.insert(rng.randint(0, len(words)), rng.choices(self.entities, cum_weights=self._entity_weights)[0]["name"])
        if rng.random() < 0.2:
            words.insert(rng.randint(0, len(words)), rng.choices(PHRASES, cum_weights=self._phrase_weights)[0])
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def records(self):
        """Yield each document's record, in id order."""
        rng = random.Random(self.seed + 1)
        for number in range(self.documents):
            paragraphs, words = [], 0
            while words < 600:
                paragraph = " ".join(self._sentence(rng) for _ in range(rng.randint(3, 6)))
                words += paragraph.count(" ") + 1
                paragraphs.append((f"p{len(paragraphs) + 1}", paragraph))
            title = " ".join(rng.choices(self.words[30:3000], k=rng.randint(5, 10)))
            if rng.random() < 0.4:
                title += " " + rng.choices(self.entities, cum_weights=self._entity_weights)[0]["name"]
            date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1990, 2024)}"
            meta = " · ".join((rng.choices(self.authors, cum_weights=self._author_weights)[0],
                               rng.choices(self.publications, cum_weights=self._publication_weights)[0], date))
            language = "fr" if number % 20 == 7 else "en"
            yield Record("document", title[0].upper() + title[1:], f"documents/d{number:06d}/", meta, language, (),
                         tuple(paragraphs))

    def all_records(self) -> list[Record]:
        """The documents' records then the entities', made once."""
        if self._made is None:
            self._made = [*self.records(), *self.entity_records()]
        return self._made

    def entity_records(self) -> list[Record]:
        return [Record("entity", e["name"], f"entities/{e['slug']}/", e["type"].capitalize(), "", (),
                       (("", f"A synthetic {e['type']} called {e['name']}."),)) for e in self.entities]

    def queries(self) -> list[tuple[str, str]]:
        """Typical queries: common words from their first letter, a rare word, the most mentioned
        two-word name, a quoted phrase, and an accented word typed without its accent."""
        rare = next(w for w in reversed(self.words[:55_000]) if w.isascii() and w.isalpha() and len(w) >= 7)
        accented = next(w for w in self.words[300:] if not w.isascii() and w.isalpha() and
                        all(c.isascii() or c in "".join(ACCENTS.values()) for c in w))
        plain = "".join(c if c.isascii() else next(k for k, v in ACCENTS.items() if c in v) for c in accented)
        words = set(self.words)
        person = next(e["name"] for e in self.entities if e["type"] == "person" and e["name"].isascii()
                      and not any(part.lower() in words for part in e["name"].split()))
        return [("common word", "government"), ("common word", "refugees"), ("rare word", rare),
                ("two-word name", person), ("quoted phrase", '"human rights"'), (f"accents ({accented})", plain)]


def _stamp(corpus: Corpus, what: str) -> dict:
    return {"what": what, "documents": corpus.documents, "seed": corpus.seed, "version": VERSION}


def _is_current(target: Path, stamp: dict) -> bool:
    path = target / "corpus.json"
    return path.is_file() and json.loads(path.read_text(encoding="utf-8")) == stamp


def write_index(corpus: Corpus, target: Path, template: Path | None) -> None:
    """``target``: the index under ``search-index/`` and, from ``template`` (a site built with our
    search), its home page with the article emptied and its assets."""
    stamp = _stamp(corpus, "index")
    if not _is_current(target, stamp):
        if target.exists():
            shutil.rmtree(target)
        made = corpus.all_records()
        files = index.build([("d", made[:corpus.documents]), ("e", made[corpus.documents:])])
        for path, data in files.items():
            out = target / "search-index" / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        (target / "corpus.json").write_text(json.dumps(stamp), encoding="utf-8")
    if template is not None:
        page(template, target, corpus.documents)


def page(template: Path, target: Path, documents: int) -> None:
    """``target``/index.html: ``template``'s home page with its article emptied, and its assets."""
    text = (template / "index.html").read_text(encoding="utf-8")
    start = text.index(">", text.index('<article class="md-content__inner')) + 1
    end = text.index("</article>", start)
    body = f"<h1>Synthetic archive</h1><p>{documents:,} synthetic documents, for timing search.</p>"
    (target / "index.html").write_text(text[:start] + body + text[end:], encoding="utf-8")
    if (target / "assets").exists():
        shutil.rmtree(target / "assets")
    shutil.copytree(template / "assets", target / "assets")


def pages(corpus: Corpus, target: Path) -> bool:
    """``target``: each document and entity as a minimal HTML page; False when already there."""
    stamp = _stamp(corpus, "pages")
    if _is_current(target, stamp):
        return False
    if target.exists():
        shutil.rmtree(target)
    for record in corpus.all_records():
        folder = target / record.url
        folder.mkdir(parents=True)
        body = "".join(f'<p id="{a}">{html.escape(t)}</p>' if a else f"<p>{html.escape(t)}</p>" for a, t in record.paragraphs)
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="{record.language or "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(record.title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{html.escape(record.title)}</h1><p>{html.escape(record.meta)}</p>{body}</main></body></html>\n",
            encoding="utf-8")
    (target / "index.html").write_text("<!doctype html><html><head><title>Synthetic archive</title></head>"
                                       "<body></body></html>\n", encoding="utf-8")
    (target / "corpus.json").write_text(json.dumps(stamp), encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--template", type=Path, help="a site built with our search: its home page and assets")
    parser.add_argument("--pages", action="store_true", help="write HTML pages (for Pagefind) instead of the index")
    args = parser.parse_args()
    corpus = Corpus(args.documents)
    if args.pages:
        pages(corpus, args.target)
    else:
        write_index(corpus, args.target, args.template)
    print(json.dumps(corpus.queries(), ensure_ascii=False))


if __name__ == "__main__":
    main()
