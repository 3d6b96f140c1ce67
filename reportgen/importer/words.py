"""The importer's word lists, read from the data files beside this module (importer/words/*.txt).

Each file holds one word or phrase a line; lines starting with # are comments. The
lists are data: an office that writes its documents differently adds its words there,
without touching the code that reads them.
"""

from __future__ import annotations

from importlib import resources


def word_list(name: str) -> tuple[str, ...]:
    """Return the words of `words/<name>.txt`, in the file's order."""
    text = resources.files(__package__).joinpath("words", f"{name}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


KIND_WORDS = word_list("kind_words")  # tried in this order: 经验交流材料 before 交流材料
ISSUER_ENDINGS = word_list("issuer_endings")
UNIT_SUFFIXES = word_list("unit_suffixes")
ACTION_WORDS = word_list("action_words")
NOT_UNIT_START = word_list("not_unit_start")
COMMON_RU_WORDS = word_list("common_ru_words")
UNIT_PREFIXES = word_list("unit_prefixes")
NOT_REGION = frozenset(word_list("not_region"))
PLACE_STOP = word_list("place_stop")
CONTINUATION_OPENERS = word_list("continuation_openers")
CLOSING_OPENERS = word_list("closing_openers")
