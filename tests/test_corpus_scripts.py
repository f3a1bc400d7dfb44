"""Sources in scripts written without spaces between words (Japanese, Chinese), as a real
multilingual corpus has them (issue 20, "a real corpus, end to end"): a page said "(4 words)"
of a whole article, and a copy with one character changed went unreported, because words were
what lies between spaces."""

from __future__ import annotations

import random

from helpers import meta_rows, page_soup

# Made-up text: characters in a fixed random order, so no two stretches repeat.
CHARACTERS = "市議会月曜日新計画承認港湾委員長雨天橋梁建設予算増加決定住民説明会開催駅前商店街夏祭延期"


def chinese_paragraph(seed: int, length: int = 150) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(CHARACTERS) for _ in range(length)) + "。"


def test_each_character_of_a_script_without_spaces_counts_as_a_word(make_archive):
    body = "市議会は月曜日に新しい計画を承認した。"  # 18 characters and a full stop
    archive = make_archive({"tokyo.txt": f"東京の会議\n\n{body}\n\nThe plan, in English: 6 words.\n"}, {})
    doc = archive.collect().documents[0]
    assert [p.text for p in doc.paragraphs] == [body, "The plan, in English: 6 words."]
    assert doc.word_count == 18 + 6
    site = archive.build()
    assert meta_rows(page_soup(site, "documents/tokyo.md"))["Source"].get_text() == "tokyo.txt (24 words) · download"


def test_a_copy_with_one_character_changed_is_found_in_a_script_without_spaces(make_archive):
    original = chinese_paragraph(1)
    edited = original[:70] + ("港" if original[70] != "港" else "橋") + original[71:]
    archive = make_archive({"a/report.txt": f"会議の報告\n\n{original}\n", "b/report.txt": f"会議の報告\n\n{edited}\n",
                            "c/other.txt": f"会議の報告\n\n{chinese_paragraph(2)}\n"}, {})
    found = archive.collect()
    assert [(d.path, d.code, d.message) for d in found.diagnostics] == [
        ("sources/b/report.txt", "duplicate-near", "'sources/b/report.txt' is nearly identical to 'sources/a/report.txt' "
         "(99.3% of their words alike, in order; the threshold is 90%)")]
