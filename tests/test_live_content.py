"""The live archive in content/ (which editors change) checks clean and builds strictly."""

from __future__ import annotations

import filecmp
from pathlib import Path

from builder.bridge.site import build_site
from builder.cli import main
from builder.pipeline import collect
from helpers import REPO, write_config

LIVE = REPO / "content"
SEEDS = REPO.parent / "shared" / "seeds"
SEED_NAMES = {
    "000_c3407939986df77d.txt": "china-backs-ban-ki-moon.txt",
    "001_9d01fbca6247eab8.txt": "ban-ki-moon-meets-chinese-leaders-2013.txt",
    "002_56bd83de2ed3f674.txt": "why-china-wont-stop-north-korea.txt",
    "003_89b96f8d4e9bb2d6.txt": "china-agenda-for-may-2021.txt",
    "004_86ca57092d2311db.txt": "china-opposes-council-meeting-on-north-korea.txt",
}


def test_live_content_checks_clean_in_strict_mode(capsys):
    assert main(["check", "--strict", "--since", "", "--content", str(LIVE)]) == 0, capsys.readouterr().out
    archive = collect(LIVE)
    assert [d for d in archive.diagnostics if d.severity != "info"] == []
    assert len(archive.documents) >= 5


def test_live_content_builds_strictly(tmp_path: Path):
    config = write_config(tmp_path / "mkdocs.yml", content_dir=LIVE, export_dir="")
    result = build_site(config, tmp_path / "site", content_dir=LIVE, strict=True)
    assert (tmp_path / "site" / "index.html").is_file()
    assert {d.id for d in result.archive.documents} >= {Path(n).stem for n in SEED_NAMES.values()}


def test_demo_sources_are_the_seeds_byte_for_byte():
    if not SEEDS.is_dir():  # CI and developers have ../shared beside the clone
        raise AssertionError(f"{SEEDS} is missing")
    for seed, name in SEED_NAMES.items():
        assert filecmp.cmp(SEEDS / seed, LIVE / "sources" / name, shallow=False), name
