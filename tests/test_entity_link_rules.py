"""Which mentions become links (builder/stages/link.py, issue 21 item 4): links are counted from
the article text, not from captions; promotional lines and names in capitals are never links;
every mention is still recorded. Tiny archives in memory, and table tests of the rules."""

from __future__ import annotations

import time

import pytest

from helpers import entity, memory_archive
from builder.stages.link import is_promotion, is_shouted, link_entities

CHINA = entity("china", "China", "place", aliases=["PRC"])
LEIMBACH = entity("dulcie-leimbach", "Dulcie Leimbach", "person", aliases=["DULCIE LEIMBACH"])
UN = entity("un", "United Nations", "organisation", aliases=["UN", "UNITED NATIONS"])
PATREON = entity("patreon", "Patreon", "organisation")


def linked(documents: dict, entities: list, kinds: dict | None = None, density: str = "document"):
    """(paragraph, surface, linked) of every mention; ``kinds``: paragraph index -> kind."""
    archive = memory_archive(documents, entities)
    for doc in archive.documents:
        for paragraph in doc.paragraphs:
            paragraph.kind = (kinds or {}).get(paragraph.index, "text")
    archive = link_entities(archive, density=density)
    return [(m.paragraph, m.surface, m.linked) for m in archive.mentions]


def test_a_caption_does_not_use_up_the_link_of_an_entity_the_text_names():
    found = linked({"d": ["China in a photo caption.", "The text names China.", "China again."]}, [CHINA],
                   kinds={1: "caption"})
    assert found == [(1, "China", False), (2, "China", True), (3, "China", False)]


def test_an_entity_only_a_caption_names_is_linked_there():
    found = linked({"d": ["UN Photo of China by Dulcie Leimbach.", "The text names China."]}, [CHINA, LEIMBACH],
                   kinds={1: "caption"})
    assert found == [(1, "China", False), (1, "Dulcie Leimbach", True), (2, "China", True)]


@pytest.mark.parametrize("density, expected", [
    ("document", [(1, "China", False), (2, "China", True), (3, "China", False)]),
    ("paragraph", [(1, "China", True), (2, "China", True), (3, "China", True)]),
    ("all", [(1, "China", True), (2, "China", True), (3, "China", True)]),
])
def test_captions_in_each_density(density, expected):
    assert linked({"d": ["China.", "China.", "China."]}, [CHINA], kinds={1: "caption"}, density=density) == expected


def test_a_promotional_line_is_never_linked_and_does_not_use_up_the_link():
    promo = "To hear more, download our podcast at Patreon, SoundCloud or Google Podcasts."
    found = linked({"d": ["China spoke.", promo, "Patreon raised its fees, said the PRC."]}, [CHINA, PATREON],
                   density="all")
    assert found == [(1, "China", True), (2, "Patreon", False), (3, "Patreon", True), (3, "PRC", True)]
    assert linked({"d": [promo, "Patreon raised its fees."]}, [PATREON]) == [(1, "Patreon", False), (2, "Patreon", True)]


def test_a_name_in_capitals_is_never_linked_but_an_acronym_is():
    found = linked({"d": ["It helps Africa. DULCIE LEIMBACH", "UNITED NATIONS (Reuters) – The UN met.",
                          "The United Nations and Dulcie Leimbach."]}, [LEIMBACH, UN])
    assert found == [(1, "DULCIE LEIMBACH", False), (2, "UNITED NATIONS", False), (2, "UN", True),
                     (3, "United Nations", False), (3, "Dulcie Leimbach", True)]


def test_a_line_in_capitals_links_nothing():
    found = linked({"d": ["PHOTO: UN STAFF IN CHINA", "China."]}, [CHINA, UN])
    assert found == [(1, "UN", False), (1, "CHINA", False), (2, "China", True)] or \
        found == [(1, "UN", False), (2, "China", True)]  # "CHINA" is no registered form: not a mention


@pytest.mark.parametrize("text, promotion", [
    ("To hear an original audio analysis, download PassBlue’s podcast, UN-Scripted, at Google Podcasts, Patreon, "
     "SoundCloud, iHeart Radio or Amazon Prime Music. (Excerpts of the podcast are below.)", True),
    ("Subscribe to PassBlue", True),
    ("Don't miss a story, sign up for our newsletter.", True),
    ("Follow us on Twitter and Facebook.", True),
    ("Listen on Spotify or Apple Podcasts.", True),
    ("Patreon said on Monday it would cut fees for creators in Asia.", False),  # names a platform, asks nothing
    ("China refused to listen to the council.", False),  # asks something, names no platform, not a subscription
    ("He said the council would subscribe to the plan.", False),  # short, but asks the reader nothing
    ("The council, which several members said would subscribe to the plan drawn up by the secretariat, met in "
     "private for three hours on Monday to discuss it.", False),  # a longer sentence: article text
    (" ".join(["Listen on Spotify."] + ["word"] * 90), False),  # over 80 words: article text
])
def test_what_is_a_promotional_line(text, promotion):
    assert is_promotion(text) is promotion


@pytest.mark.parametrize("text, shouted", [
    ("PHOTO: UN STAFF IN NEW YORK", True),
    ("DULCIE LEIMBACH", False),  # two words: a name (the register decides, see above)
    ("UNITED NATIONS (Reuters) – China opposes it.", False),
    ("The UN and the PRC met.", False),
    ("GENEVA, 12 MAY 2020 (UN NEWS)", True),
    ("GENEVA 12 MAY 2020", False),  # two words of letters: could be a name
    ("中国 联合国 安理会 人权", False),  # a script without capitals is never in capitals
    ("ÉTATS-UNIS ET FRANCE", True),
])
def test_what_is_a_line_in_capitals(text, shouted):
    assert is_shouted(text) is shouted


@pytest.mark.parametrize("block", ["subscribe ", "Patreon ", "sign up ", "a ", " ", "become a ", "iHeart "])
def test_the_rules_are_quick_on_long_repeats(block):
    """Bounded: a hang bound, not a timing (linear rules take milliseconds)."""
    text = block * (60_000 // len(block))
    started = time.perf_counter()
    is_promotion(text)
    is_promotion(text[:400])
    is_shouted(text)
    assert time.perf_counter() - started < 10


def test_a_script_without_capitals_is_linked():
    """Chinese has no capitals: its lines are never "in capitals"."""
    zhongguo = entity("zhongguo", "中国", "place")
    assert linked({"d": ["中国 与 联合国 会谈 。", "中国 。"]}, [zhongguo]) == [(1, "中国", True), (2, "中国", False)]
