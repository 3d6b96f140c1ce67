"""What changed between two versions of a document's text: paragraphs, then the words in them.

Chinese has no spaces between words, so a change is found character by character,
except that a number (4700, 1.5, 25%) or a Latin word counts as one piece: 4700 →
4800 is one replaced number, not two replaced digits. A single unchanged character
between two changes joins them, so that 口罩 → 药品 reads as one replaced word even
where a character happens to match.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

EQUAL, DELETE, INSERT, REPLACE = "equal", "delete", "insert", "replace"
_TOKEN = re.compile(r"[0-9A-Za-z]+(?:[.,:][0-9]+)*%?|\s+|.", re.S)
MAX_TOKENS = 20_000  # a paragraph longer than this is compared as a whole
PAIRING_RATIO = 0.4  # how alike two paragraphs must be to be shown as one changed paragraph


def tokens(text: str) -> list[str]:
    """Return the pieces a change is measured in: numbers and Latin words whole, other characters one by one."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    """A stretch of a changed paragraph: the same in both, or what was there and what is there now."""

    tag: str  # equal, delete, insert or replace
    old: str
    new: str


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph that differs: changed (both sides), added (new only) or removed (old only)."""

    kind: str  # changed, added or removed
    old_number: int | None  # 1-based, among the non-empty paragraphs
    new_number: int | None
    old: str
    new: str
    pieces: tuple[Piece, ...] = ()


@dataclass
class TextDiff:
    changes: list[ParagraphChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)


def word_pieces(old: str, new: str) -> tuple[Piece, ...]:
    """Return the pieces of a changed paragraph, in order."""
    a, b = tokens(old), tokens(new)
    if len(a) > MAX_TOKENS or len(b) > MAX_TOKENS:
        return (Piece(REPLACE, old, new),)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    raw = [(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[list[str]] = []  # [tag, old text, new text]
    for index, (tag, x, y) in enumerate(raw):
        between_changes = 0 < index < len(raw) - 1 and tag == EQUAL and len(x) == 1 and not x.isdigit()
        if (tag != EQUAL or between_changes) and merged and merged[-1][0] != EQUAL:
            merged[-1][1] += x
            merged[-1][2] += y
        elif between_changes:
            merged.append([REPLACE, x, y])
        else:
            merged.append([tag, x, y])
    pieces = []
    for kind, x, y in merged:
        if kind != EQUAL:
            kind = REPLACE if x and y else (DELETE if x else INSERT)
        pieces.append(Piece(kind, x, y))
    return tuple(pieces)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def diff_paragraphs(old: list[str], new: list[str]) -> TextDiff:
    """Return the paragraphs that differ between two lists of paragraph texts."""
    result = TextDiff()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            continue
        _pair_block(old, new, i1, i2, j1, j2, result.changes)
    return result


def _pair_block(old, new, i1, i2, j1, j2, out: list[ParagraphChange]) -> None:
    """Pair the paragraphs of a replaced block that are alike; the others are removed or added."""
    j = j1
    for i in range(i1, i2):
        best, best_ratio = None, PAIRING_RATIO
        for k in range(j, min(j2, j + 20)):
            ratio = _similarity(old[i], new[k])
            if ratio >= best_ratio:
                best, best_ratio = k, ratio
        if best is None:
            out.append(ParagraphChange("removed", i + 1, None, old[i], ""))
            continue
        for k in range(j, best):
            out.append(ParagraphChange("added", None, k + 1, "", new[k]))
        out.append(ParagraphChange("changed", i + 1, best + 1, old[i], new[best], word_pieces(old[i], new[best])))
        j = best + 1
    for k in range(j, j2):
        out.append(ParagraphChange("added", None, k + 1, "", new[k]))
