"""Related documents after an edit (issue 18): the lists found again from what the last finding
found (builder.stages.related.find with ``last``) and the sections kept where what they show is
unchanged (emit.related_section.made) are exactly those of a clean build.

The finding is compared with :func:`reference`, the whole pass as it was written before it kept
anything (every list, score and reason, byte for byte), over random archives of signatures and
random chains of edits: words, entities and topics gained and lost, counts changed, documents
moved in the order, added and deleted."""

from __future__ import annotations

import heapq
import math
import pickle
import random
from bisect import bisect_left
from collections import Counter
from operator import itemgetter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.emit import related_section
from builder.emit.urls import Urls
from builder.model.related import Related, Signature
from builder.pipeline import related as pipeline
from builder.stages import related
from helpers import tree_digest
from test_related_documents import COPY, EXPECTED, REGISTER, SOURCES, _clean_build, related_on

SHORT = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))


def reference(signatures, order, limit=related.LIMIT):
    """builder.stages.related.relate as written before the lists were kept (session 17)."""
    from builder.stages.related import FEATURES, RESCORED, WEIGHTS, WINDOW, WORDS
    n = len(order)
    sigs = [signatures[doc_id] for doc_id in order]
    counted = {"entity": Counter(e for sig in sigs for e in sig.entities),
               "topic": Counter(t for sig in sigs for t in sig.topics),
               "word": Counter(w for sig in sigs for w, _ in sig.words)}
    named = sorted(((WEIGHTS[kind] * math.log(1 + n / df), kind, name) for kind, dfs in counted.items()
                    for name, df in dfs.items() if df > 1), key=lambda item: (-item[0], item[1], item[2]))
    weight = [w for w, _, _ in named]
    number = {(kind, name): k for k, (_, kind, name) in enumerate(named)}
    kinds = [kind for _, kind, _ in named]
    names = [name for _, _, name in named]
    features, postings, tops = [], [[] for _ in named], []
    for position, sig in enumerate(sigs):
        words = [(count * weight[k], k) for w, count in sig.words if (k := number.get(("word", w))) is not None]
        words.sort(key=lambda item: (-item[0], item[1]))
        mine = sorted({*(number[("entity", e)] for e in sig.entities if ("entity", e) in number),
                       *(number[("topic", t)] for t in sig.topics if ("topic", t) in number),
                       *(k for _, k in words[:WORDS])})
        features.append(frozenset(mine))
        tops.append(mine[:FEATURES])
        for k in mine:
            postings[k].append(position)
    result = {}
    for position, doc_id in enumerate(order):
        near = []
        for k in tops[position]:
            listed = postings[k]
            at = bisect_left(listed, position)
            near += listed[max(0, at - WINDOW):at + WINDOW + 1]
        found = Counter(near)
        del found[position]
        own = features[position]
        scored = []
        for other, _ in heapq.nlargest(RESCORED, found.items(), key=itemgetter(1)):
            shared = sorted(own & features[other])
            scored.append((-round(sum(map(weight.__getitem__, shared)), 9), order[other], shared))
        scored.sort()
        chosen = []
        for minus, other_id, shared in scored:
            by_kind = {"entity": [], "topic": [], "word": []}
            for k in shared:
                by_kind[kinds[k]].append(names[k])
            if by_kind["entity"] or by_kind["topic"] or len(by_kind["word"]) > 1:
                chosen.append(Related(other_id, -minus, tuple(by_kind["entity"]), tuple(by_kind["topic"]),
                                      tuple(by_kind["word"])))
                if len(chosen) == limit:
                    break
        if chosen:
            result[doc_id] = chosen
    return result


def same(found: dict, expected: dict) -> None:
    """The same lists, to the last bit of each score and the type of each tuple (repr shows
    both; pickled bytes would also tell which equal values share one object)."""
    assert found == expected
    assert repr(found) == repr(expected)


ENTITIES = [f"e{i}" for i in range(12)]
TOPICS = [f"t{i}" for i in range(5)]
WORDS = [f"w{i}" for i in range(30)]


def random_signature(rng: random.Random) -> Signature:
    counts = {w: rng.randint(1, 6) for w in rng.sample(WORDS, rng.randint(0, 14))}
    return Signature(tuple(sorted(rng.sample(ENTITIES, rng.randint(0, 5)))), tuple(sorted(rng.sample(TOPICS, rng.randint(0, 2)))),
                     tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))))


def edited(rng: random.Random, sig: Signature) -> Signature:
    """``sig`` with one thing changed: a word's count, a word, an entity or a topic gained or lost."""
    words, entities, topics = dict(sig.words), set(sig.entities), set(sig.topics)
    change = rng.randrange(5)
    if change == 0 and words:
        words[rng.choice(sorted(words))] = rng.randint(1, 9)
    elif change == 1:
        words[rng.choice(WORDS)] = rng.randint(1, 3)
    elif change == 2 and words:
        del words[rng.choice(sorted(words))]
    elif change == 3:
        entities ^= {rng.choice(ENTITIES)}
    else:
        topics ^= {rng.choice(TOPICS)}
    return Signature(tuple(sorted(entities)), tuple(sorted(topics)),
                     tuple(sorted(words.items(), key=lambda item: (-item[1], item[0]))))


def archive(rng: random.Random, n: int) -> tuple[dict, list]:
    order = [f"d{i:04}" for i in range(n)]
    return {doc_id: random_signature(rng) for doc_id in order}, order


def step(rng: random.Random, sigs: dict, order: list) -> tuple[dict, list]:
    """One build's edits: a few signatures changed, maybe a document moved, added or deleted."""
    sigs, order = dict(sigs), list(order)
    for doc_id in rng.sample(order, rng.randint(1, 3)):
        sigs[doc_id] = edited(rng, sigs[doc_id])
    what = rng.randrange(9)
    if what == 0:  # a new date: the document moves in the order
        order.insert(rng.randrange(len(order)), order.pop(rng.randrange(len(order))))
    elif what == 6:  # two documents swap places
        i, j = rng.randrange(len(order)), rng.randrange(len(order))
        order[i], order[j] = order[j], order[i]
    elif what == 7:  # a stretch of the order reversed
        i = rng.randrange(len(order))
        j = rng.randrange(i, len(order) + 1)
        order[i:j] = order[i:j][::-1]
    elif what == 8 and rng.random() < 0.3:  # every date changed
        rng.shuffle(order)
    elif what == 1:
        doc_id = f"n{rng.randrange(10_000):04}"
        if doc_id not in sigs:
            order.insert(rng.randrange(len(order) + 1), doc_id)
            sigs[doc_id] = random_signature(rng)
    elif what == 2 and len(order) > 3:
        del sigs[order.pop(rng.randrange(len(order)))]
    return sigs, order


def test_the_whole_pass_gives_the_lists_it_gave_before_it_kept_anything():
    rng = random.Random(18)
    for n in (2, 7, 60, 400):
        sigs, order = archive(rng, n)
        same(related.relate(sigs, order), reference(sigs, order))
    # A feature of every document: its list is longer than the windows.
    order = [f"d{i:05}" for i in range(300)]
    sigs = {doc_id: Signature(("everywhere",), (), ((f"w{i % 7}", 1 + i % 3), ("common", 2))) for i, doc_id in enumerate(order)}
    same(related.relate(sigs, order), reference(sigs, order))


@SHORT
@given(st.integers(0, 2**32 - 1), st.integers(20, 120))
def test_the_lists_found_again_after_edits_are_those_of_a_clean_finding(seed, n):
    rng = random.Random(seed)
    sigs, order = archive(rng, n)
    last = related.find(sigs, order)
    same(last.related, reference(sigs, order))
    for _ in range(4):
        sigs, order = step(rng, sigs, order)
        last = pickle.loads(pickle.dumps(last))  # as the store keeps it between builds
        last = related.find(sigs, order, last=last)
        same(last.related, reference(sigs, order))


def test_after_one_edit_few_lists_are_scored_again(monkeypatch):
    """A word one document gains, which four others have: the lists of the documents that
    share it with the edited one, and the edited one's, are scored again, not all 400."""
    rng = random.Random(5)
    sigs, order = archive(rng, 400)
    rare = {doc_id: 0 for doc_id in order[100:104]}
    for doc_id in rare:
        sigs[doc_id] = sigs[doc_id]._replace(words=(("zeppelin", 9),) + sigs[doc_id].words)
    last = related.find(sigs, order)
    scored = []
    chosen = related._chosen
    monkeypatch.setattr(related, "_chosen", lambda position, *args: scored.append(position) or chosen(position, *args))
    sigs[order[300]] = sigs[order[300]]._replace(words=(("zeppelin", 9),) + sigs[order[300]].words)
    again = related.find(sigs, order, last=last)
    same(again.related, reference(sigs, order))
    assert 300 in scored and 0 < len(scored) < 60, len(scored)
    # Nothing changed: nothing is scored again.
    scored.clear()
    same(related.find(sigs, order, last=again).related, again.related)
    assert scored == []


class Doc:
    """What a section shows of a document (emit.related_section reads no more of it)."""

    def __init__(self, doc_id: str, title: str, date: str = "") -> None:
        self.id, self.page, self.display_title = doc_id, f"documents/{doc_id}.md", title
        self.metadata = type("Metadata", (), {"date": date})()


class Named:
    def __init__(self, name: str) -> None:
        self.name = self.title = name


def test_a_section_is_made_again_only_where_what_it_shows_changed(monkeypatch):
    docs = [Doc("a", "Alpha"), Doc("b", "Beta", "2020-01-02"), Doc("c", "Gamma"), Doc("d", "Delta")]
    lists = {"a": [Related("b", 2.0, ("hrw",), (), ())], "b": [Related("a", 2.0, ("hrw",), (), ())],
             "c": [Related("d", 1.5, (), ("water",), ("reservoir", "sediment"))],
             "d": [Related("c", 1.5, (), ("water",), ("reservoir", "sediment"))]}
    entities, topics, urls = {"hrw": Named("Human Rights Watch")}, {"water": Named("Water")}, Urls(directory=True)
    first = related_section.made(docs, lists, entities, topics, urls)
    assert first.sections == related_section.sections(docs, lists, entities, topics, urls)
    assert '<a class="archive-related-title" href="../b/">Beta</a> <time datetime="2020-01-02">' in first.sections["a"]
    made = []
    section = related_section.section
    monkeypatch.setattr(related_section, "section", lambda doc, *args: made.append(doc.id) or section(doc, *args))

    def again(docs, lists, entities, topics, urls=urls):
        now = related_section.made(docs, lists, entities, topics, urls, last=first)
        monkeypatch.setattr(related_section, "section", section)
        assert now.sections == related_section.sections(docs, lists, entities, topics, urls)
        monkeypatch.setattr(related_section, "section", lambda doc, *args: made.append(doc.id) or section(doc, *args))
        found = sorted(made)
        made.clear()
        return found

    assert again(docs, lists, entities, topics) == []
    assert again([Doc("a", "Alpha"), Doc("b", "Beta, corrected", "2020-01-02"), *docs[2:]], lists, entities, topics) == ["a"]
    assert again([docs[0], Doc("b", "Beta", "2021-05-06"), *docs[2:]], lists, entities, topics) == ["a"]
    assert again(docs, {**lists, "c": [Related("d", 1.5, (), ("water",), ("reservoir",))]}, entities, topics) == ["c"]
    assert again(docs, lists, {"hrw": Named("HRW")}, topics) == ["a", "b"]
    assert again(docs, lists, entities, {"water": Named("Waters")}) == ["c", "d"]
    assert again(docs, lists, entities, topics, Urls(directory=False)) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("edit", ["text", "date"])
def test_a_rebuild_after_an_edit_makes_few_sections_and_is_a_clean_build(make_archive, tmp_path, monkeypatch, edit):
    tiny = make_archive({**SOURCES, **COPY}, files=REGISTER)
    site = tiny.build()
    made, found = [], []
    section, find = related_section.section, related.find
    monkeypatch.setattr(related_section, "section", lambda doc, *args: made.append(doc.id) or section(doc, *args))
    monkeypatch.setattr(pipeline, "find", lambda *args, **kwargs: found.append(1) or find(*args, **kwargs))
    if edit == "text":  # iota no longer names Xinjiang: alpha's and beta's lists lose it, iota's goes
        tiny.add("iota.txt", "Iota memo\n\nTravellers photographed deserts. Caravans crossed dunes slowly.\n")
    else:  # beta dated: it moves in the order, and the sections listing it show its date
        tiny.write({"sources/beta.yml": "date: 2019-03-04\n"})
    tiny.build()
    assert found == [1]
    assert sorted(made) == (["alpha", "beta"] if edit == "text" else ["alpha", "iota"])
    assert tree_digest(site) == _clean_build(tmp_path, tiny.content)
    if edit == "text":
        assert related_on(site, "alpha") == [("beta", ["Shares: Human Rights Watch, Xinjiang"])]
        assert related_on(site, "iota") is None
    else:
        assert {doc_id: related_on(site, doc_id) for doc_id in EXPECTED} == EXPECTED


def test_a_rebuild_that_changes_no_document_reads_the_sections_alone(make_archive, monkeypatch):
    """A build after an edit to an annotation, or to nothing, reads back the last sections
    (pipeline.SHOWN), never the last finding (pipeline.LAST: 0.26 s more at 10,000 documents),
    and finds nothing."""
    from builder import store as result_store

    tiny = make_archive({**SOURCES, **COPY}, files=REGISTER)
    site = tiny.build()
    before = tree_digest(site)
    asked, found, real = [], [], result_store.Cache.get_many
    monkeypatch.setattr(result_store.Cache, "get_many", lambda self, keys: asked.extend(keys) or real(self, keys))
    monkeypatch.setattr(pipeline, "find", lambda *args, **kwargs: found.append(1))
    monkeypatch.setattr(pipeline, "signatures", lambda *args, **kwargs: found.append(2))
    tiny.build()
    code = result_store.code_version()
    lasts = {result_store.key(pipeline.LAST, code, repr(Urls(directory=d))) for d in (True, False)}
    shown = {result_store.key(pipeline.SHOWN, code, repr(Urls(directory=d))) for d in (True, False)}
    assert found == [] and not lasts & set(asked) and shown & set(asked)
    assert tree_digest(site) == before
