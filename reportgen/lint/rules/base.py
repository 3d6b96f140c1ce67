"""What every proofreading rule stands on: the rule classes, the document a rule reads, and text helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import ERROR
from ...prose import CLAUSE, FIGURE, HEADING, PARAGRAPH, PHRASE
from ...source import SourceFile
from ..findings import PLACEHOLDER, Finding, TextField, is_chinese
from ..wordlist import Wordlist

if TYPE_CHECKING:
    from ...library import CaseLibrary
    from ...model import InlineCase, LibraryCase

__all__ = [
    "CaseUse",
    "Document",
    "DocumentRule",
    "FieldRule",
    "LintContext",
    "Rule",
]


@dataclass
class CaseUse:
    """A case a document includes: by id from the library, inline, or by a query."""

    container: tuple  # path (in the document) of the mapping whose `cases` list names it
    ref_path: tuple  # path (in the document) of the list item
    case_id: str | None
    case: LibraryCase | InlineCase | None  # the validated case; None for an id the library does not hold
    source: SourceFile | None  # the file holding the case
    base: tuple  # path of the case's mapping in that file
    is_query: bool = False


@dataclass
class Document:
    """A validated report or brief, where its values stand, the text fields of it and its cases, and the library."""

    source: SourceFile
    kind: str
    model: Any  # the validated entry (a Report, a Brief, or another registered kind)
    fields: list[TextField]
    cases: list[CaseUse]
    library: CaseLibrary

    def field_at(self, path: tuple) -> TextField | None:
        for text_field in self.fields:
            if text_field.source is self.source and text_field.path == path:
                return text_field
        return None


@dataclass
class LintContext:
    """What rules may consult besides the text: the word list and the known proper names."""

    wordlist: Wordlist | None = None
    names: tuple[str, ...] = ()


class Rule:
    id = ""
    severity = ERROR
    reason = ""
    fixable = False


class FieldRule(Rule):
    roles: tuple[str, ...] = (PARAGRAPH, CLAUSE, HEADING, FIGURE, PHRASE)

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


class DocumentRule(Rule):
    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


# -- text helpers --------------------------------------------------------------------------------

SPACES = " \t\u3000"
_ASCII_LETTER = re.compile(r"[A-Za-z]")
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕", "「": "」", "『": "』", "〈": "〉"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}


def neighbour(text: str, index: int, step: int, skip: str = SPACES) -> str | None:
    """Return the nearest character from `index` in direction `step`, skipping `skip` (blanks); None at an end."""
    i = index + step
    while 0 <= i < len(text) and text[i] in skip:
        i += step
    return text[i] if 0 <= i < len(text) else None


def chinese_or_figure(ch: str | None) -> bool:
    return ch is not None and (is_chinese(ch) or ch == PLACEHOLDER)


def is_letter(ch: str | None) -> bool:
    return ch is not None and bool(_ASCII_LETTER.match(ch))


def spaces_around(text: TextField, start: int, end: int) -> tuple[int, int]:
    """Return [start, end) widened over the blanks next to it, when those can be edited too."""
    a, b = start, end
    while a > 0 and text.value[a - 1] in SPACES:
        a -= 1
    while b < len(text.value) and text.value[b] in SPACES:
        b += 1
    if (a, b) != (start, end) and text.map.source_range(a, b) is not None:
        return a, b
    return start, end


def mark_spans(value: str, pairs: dict[str, str]) -> list[tuple[int, int]]:
    """Return the [open, close] spans of the matched marks of `pairs` in `value` (for skipping quoted text)."""
    spans = []
    stacks: dict[str, list[int]] = {o: [] for o in pairs}
    closers = {c: o for o, c in pairs.items()}
    for i, ch in enumerate(value):
        if ch in pairs and not (ch == "‘" and apostrophe(value, i)):
            stacks[ch].append(i)
        elif ch in closers and not (ch == "’" and apostrophe(value, i)):
            stack = stacks[closers[ch]]
            if stack:
                spans.append((stack.pop(), i))
    return spans


def within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < start and end <= b for a, b in spans)


def apostrophe(value: str, i: int) -> bool:
    """Return whether the quote at `i` sits between two Latin letters (it's, Xi’an)."""
    return 0 < i < len(value) - 1 and is_letter(value[i - 1]) and is_letter(value[i + 1])


def find_all(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)
