"""The seed document's sentences, with the extraction noise described in
fixtures/seed/README.md removed. This is the reference the renderer is held to.

The seed is a copy kept in tests/fixtures/seed/, so the tests need nothing outside
the repository."""

from __future__ import annotations

import re
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "fixtures" / "seed"
SEED_FILE = SEED_DIR / "000_6d8e23e7c24a7a37.txt"

# Closing quotes and full stops the extraction lost, as the README describes.
LOST_MARKS = [
    ("补位疫情防控“三支队伍:二是配强“作战队伍按 照", "补位疫情防控“三支队伍”。二是配强“作战队伍”。按照"),
    ("三是突出“作战成效 充分", "三是突出“作战成效”。充分"),
    ("一是筑牢“战斗堡垒,下发", "一是筑牢“战斗堡垒”。下发"),
    ("三是开展“五个到家广 大", "三是开展“五个到家”。广大"),
]


def seed_text() -> str:
    """Return the seed's text as one string, with the extraction noise removed."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()[1:]  # line 1: the site's notice
    chunks = [re.sub(r"^\d+、", "", line) for line in lines]  # page-chunk markers
    text = "".join(chunks)
    for noisy, clean in LOST_MARKS:
        assert noisy in text, noisy
        text = text.replace(noisy, clean)
    text = re.sub(r"\s+", "", text)  # stray spaces (Chinese has none)
    text = text.replace(",", "，")
    return text


def seed_sentences() -> list[str]:
    """Return the seed's sentences (split after each 。), in order."""
    return [s for s in re.split(r"(?<=。)", seed_text()) if s]
