"""Text that remembers where each of its characters came from in the source file.

Every cleaning step and every split works on `MappedText`, so that what the import
removes, changes or adds can be reported at its line and column in the source, and
so that the import can prove that no other character was lost on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..characters import is_han as is_han  # one test of Chinese characters for the whole package
from ..i18n import N_, _

REMOVED = "removed"
CHANGED = "changed"
ADDED = "added"
DOUBT = "doubt"
_KIND_WORDS = {REMOVED: N_("removed"), CHANGED: N_("changed"), ADDED: N_("added"), DOUBT: N_("doubt")}


def kind_word(kind: str) -> str:
    """Return the word for a note's kind (removed, changed, added, doubt) in the current language."""
    return _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind


class MappedText:
    """A string with, for each character, its offset in the source text (None: added)."""

    __slots__ = ("origins", "text")

    def __init__(self, text: str, origins: list[int | None]):
        if len(text) != len(origins):
            raise ValueError("text and origins differ in length")
        self.text = text
        self.origins = origins

    @classmethod
    def from_source(cls, text: str, start: int = 0) -> MappedText:
        """Return `text` mapped to consecutive offsets from `start`."""
        return cls(text, list(range(start, start + len(text))))

    @classmethod
    def added(cls, text: str) -> MappedText:
        """Return text that has no place in the source (inserted by a repair)."""
        return cls(text, [None] * len(text))

    @classmethod
    def replacing(cls, text: str, origin: int | None) -> MappedText:
        """Return text that stands in for one source character (a repaired mark) at `origin`."""
        return cls(text, [origin] * len(text))

    @classmethod
    def join(cls, pieces: list[MappedText]) -> MappedText:
        return cls("".join(p.text for p in pieces), [o for p in pieces for o in p.origins])

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MappedText({self.text!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, MappedText):
            return self.text == other.text and self.origins == other.origins
        return NotImplemented

    def __getitem__(self, item) -> MappedText:
        if not isinstance(item, slice):
            item = slice(item, item + 1 if item != -1 else None)
        return MappedText(self.text[item], self.origins[item])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.origins + other.origins)

    def strip(self, chars: str | None = None) -> MappedText:
        """Return the text without leading and trailing blanks (or `chars`)."""
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= left:
            return MappedText("", [])
        return self[left:right]

    def origin(self, index: int = 0) -> int | None:
        """Return the source offset at `index`, or of the nearest mapped character."""
        if not self.origins:
            return None
        index = max(0, min(index, len(self.origins) - 1))
        for i in range(index, len(self.origins)):
            if self.origins[i] is not None:
                return self.origins[i]
        for i in range(index - 1, -1, -1):
            previous = self.origins[i]
            if previous is not None:
                return previous + 1
        return None

    def gap_after(self, index: int) -> bool:
        """Return whether something was removed between character `index` and the next."""
        if index + 1 >= len(self.origins):
            return False
        a, b = self.origins[index], self.origins[index + 1]
        return a is not None and b is not None and b - a > 1

    def find(self, sub: str, start: int = 0, end: int | None = None) -> int:
        return self.text.find(sub, start, len(self.text) if end is None else end)


@dataclass
class Note:
    """One thing the import did to the source text, or could not decide."""

    kind: str  # removed, changed, added or doubt
    offset: int | None  # where in the source text (None: no particular place)
    message: str
    text: str = ""  # the source text concerned, shown in the report
    category: str = ""  # groups notes in the summary: notice, chunk, space, punctuation, quote…

    @property
    def is_doubt(self) -> bool:
        return self.kind == DOUBT


@dataclass
class Ledger:
    """Every note of one import, in the order they were made."""

    notes: list[Note] = field(default_factory=list)

    def add(self, kind: str, offset: int | None, message: str, *, text: str = "", category: str = "") -> Note:
        note = Note(kind, offset, message, text, category)
        self.notes.append(note)
        return note

    @property
    def doubts(self) -> list[Note]:
        return [n for n in self.notes if n.is_doubt]

    def sorted(self) -> list[Note]:
        return sorted(self.notes, key=lambda n: n.offset if n.offset is not None else -1)


# Full-width punctuation and the curly quotes Chinese text uses.
WIDE_PUNCT = "，。、；：？！（）“”‘’《》〈〉【】「」『』—…·～　"


def is_wide(ch: str) -> bool:
    """Return whether `ch` belongs to Chinese running text: a Chinese character or full-width mark."""
    if not ch:
        return False
    return is_han(ch) or ch in WIDE_PUNCT or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
