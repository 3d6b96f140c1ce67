"""Split the cleaned text into tokens: headings, points, text, and the title, headline, signature and date.

Numbered headings (一、 （一） 1. （1）) and run-in points (一是…) are told by their markers and
the sequence of their numbers; Word styles, where the source has them, settle what the text leaves open.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..i18n import _
from . import numerals
from .mapped import CHANGED, DOUBT, Ledger, MappedText
from .noise import Splice, lines_of
from .readers import SourceDocument
from .words import (
    ISSUER_ENDINGS,
    KIND_WORDS,
)

_NUM = "[一二三四五六七八九十]{1,3}"
L1_RE = re.compile(rf"({_NUM})、")
L2_RE = re.compile(rf"（({_NUM})）")
L3_RE = re.compile(r"(\d{1,2})[.．](?![\d])")
L3_START_RE = re.compile(r"(\d{1,2})[.．、](?![\d])")
L4_RE = re.compile(r"（(\d{1,2})）")
POINT_RE = re.compile(rf"({_NUM})是")

SENTENCE_ENDS = "。！？"
CLOSERS = "”’）」』"
# the characters a heading or point marker can follow inside a line
_MARKER_PLACE = re.compile(f"[{SENTENCE_ENDS}{CLOSERS}，：]")

TITLE_STYLES = {"眉题"}
HEADLINE_STYLES = {"标题", "Title"}
SIGNATURE_STYLES = {"落款"}
DATE_STYLES = {"成文日期"}
HEADING_STYLES = {
    "一级标题": 1,
    "二级标题": 2,
    "三级标题": 3,
    "四级标题": 4,
    "Heading 1": 1,
    "Heading 2": 2,
    "Heading 3": 3,
    "Heading 4": 4,
}

KIND_RE = re.compile("|".join(KIND_WORDS))
_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_CN_DATE_RE = re.compile(
    r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)


@dataclass
class Token:
    """A stretch of the text with its role: text, heading, point, title, headline, signature or date."""

    kind: str
    start: int  # content start (after a marker)
    end: int  # content end (a heading's final 。 excluded)
    para_start: bool = False
    level: int = 0
    number: int = 0
    marker_start: int = 0
    has_stop: bool = True
    from_style: bool = False


@dataclass
class _Counters:
    levels: dict = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    point: int = 0

    def heading(self, level: int, number: int) -> None:
        self.levels[level] = number
        for lower in range(level + 1, 5):
            self.levels[lower] = 0
        self.point = 0


def marker_number(text: str) -> int:
    return int(text) if text.isdigit() else (numerals.parse_cn_numeral(text) or 0)


class Hints:
    """What Word's styles say about the paragraph holding a buffer position."""

    def __init__(self, document: SourceDocument, buffer: MappedText):
        self.document = document
        self.buffer = buffer

    def paragraph(self, start: int, end: int):
        if self.document.kind != "docx":
            return None
        for i in range(start, end):
            origin = self.buffer.origins[i]
            if origin is not None:
                return self.document.paragraph_at(origin)
        return None

    def role(self, start: int, end: int) -> tuple[str | None, int]:
        paragraph = self.paragraph(start, end)
        if paragraph is None:
            return None, 0
        style = paragraph.style or ""
        if style in TITLE_STYLES:
            return "title", 0
        if style in HEADLINE_STYLES:
            return "headline", 0
        if style in SIGNATURE_STYLES:
            return "signature", 0
        if style in DATE_STYLES:
            return "date", 0
        if style in HEADING_STYLES:
            return "heading", HEADING_STYLES[style]
        if paragraph.outline_level and paragraph.outline_level <= 4:
            return "heading", paragraph.outline_level
        return None, 0


def _at_sentence_start(text: str, line_start: int, i: int) -> bool:
    if i == line_start:
        return True
    before = text[i - 1]
    if before in SENTENCE_ENDS:
        return True
    return before in CLOSERS and i - 2 >= line_start and text[i - 2] in SENTENCE_ENDS


def _heading_end(text: str, start: int, end: int) -> tuple[int, bool]:
    """Return where a run-in heading's text ends, and whether a 。 (or ！？) ends it."""
    for j in range(start, end):
        if text[j] in SENTENCE_ENDS:
            return j, True
        match = POINT_RE.match(text, j)
        if match and marker_number(match.group(1)) == 1 and j > start:
            return j, False
    return end, False


class Tokeniser:
    """Split the buffer into tokens, following the numbering of headings and points."""

    def __init__(
        self,
        buffer: MappedText,
        hints: Hints,
        ledger: Ledger | None = None,
        *,
        repair: bool = False,
        tail: dict | None = None,
    ):
        self.buffer = buffer
        self.text = buffer.text
        self.hints = hints
        self.ledger = ledger
        self.repair = repair
        self.edits: list[Splice] = []
        self.counters = _Counters()
        self.tail = tail or {}

    def run(self) -> list[Token]:
        tokens: list[Token] = []
        for start, end in lines_of(self.buffer):
            if start == end or not self.text[start:end].strip():
                continue
            role, level = self.hints.role(start, end)
            role = self.tail.get(start, role)
            if role in ("title", "headline", "signature", "date"):
                tokens.append(Token(role, start, end, para_start=True, from_style=True))
            elif role == "heading":
                tokens.append(self._styled_heading(start, end, level))
            else:
                tokens.extend(self._scan(start, end))
        return tokens

    def _styled_heading(self, start: int, end: int, level: int) -> Token:
        text = self.text
        number = self.counters.levels[level] + 1
        content = start
        for pattern in (L1_RE, L2_RE, L3_START_RE, L4_RE):
            match = pattern.match(text, start)
            if match:
                number = marker_number(match.group(1))
                content = match.end()
                break
        stop = end
        has_stop = False
        if end > content and text[end - 1] in SENTENCE_ENDS:
            stop, has_stop = end - 1, True
        self.counters.heading(level, number)
        return Token(
            "heading",
            content,
            stop,
            para_start=True,
            level=level,
            number=number,
            marker_start=start,
            has_stop=has_stop,
            from_style=True,
        )

    def _expected_point(self, text: str, i: int, line_start: int) -> re.Match | None:
        match = POINT_RE.match(text, i)
        if not match:
            return None
        number = marker_number(match.group(1))
        if number != self.counters.point + 1:
            return None
        if _at_sentence_start(text, line_start, i):
            return match
        before = text[i - 1]
        if number == 1 and before in "：":
            return match
        if number >= 2 and before in "，：":
            if self.repair and self.ledger is not None:
                self.edits.append(Splice(i - 1, i, MappedText.replacing("。", self.buffer.origins[i - 1])))
                self.ledger.add(
                    CHANGED,
                    self.buffer.origin(i - 1),
                    _("'{mark}' before {point} read as a lost full stop '。'").format(
                        mark=before, point=match.group(0)
                    ),
                    text=before,
                    category="stop",
                )
            return match
        return None

    def _heading_marker(self, text: str, i: int, line_start: int) -> tuple[int, re.Match] | None:
        if not _at_sentence_start(text, line_start, i):
            return None
        at_start = i == line_start
        for level, pattern in ((2, L2_RE), (4, L4_RE), (1, L1_RE), (3, L3_START_RE if at_start else L3_RE)):
            match = pattern.match(text, i)
            if match and marker_number(match.group(1)) == self.counters.levels[level] + 1:
                if level > 1 and not any(self.counters.levels[k] for k in range(1, level)) and not at_start:
                    continue
                return level, match
        return None

    def _note_unexpected_number(self, start: int) -> None:
        """Note a line that starts like a heading or point whose number is out of sequence."""
        text = self.text
        for level, pattern in ((2, L2_RE), (4, L4_RE), (1, L1_RE), (3, L3_START_RE)):
            match = pattern.match(text, start)
            if match:
                expected = self.counters.levels[level] + 1
                break
        else:
            match = POINT_RE.match(text, start)
            expected = self.counters.point + 1
        if match and marker_number(match.group(1)) != expected and self.ledger is not None:
            self.ledger.add(
                DOUBT,
                self.buffer.origin(start),
                _("the line starts like '{marker}' but number {expected} comes next here; kept as text").format(
                    marker=match.group(0), expected=expected
                ),
                category="structure",
            )

    def _scan(self, start: int, end: int) -> list[Token]:
        text = self.text
        tokens: list[Token] = []
        current: Token | None = None
        i = start
        while i < end:
            heading = self._heading_marker(text, i, start)
            point = None if heading else self._expected_point(text, i, start)
            if i == start and not heading and not point and self.repair:
                self._note_unexpected_number(start)
            if heading or point:
                if current is not None:
                    current.end = i
                    tokens.append(current)
                    current = None
                if heading:
                    level, match = heading
                    number = marker_number(match.group(1))
                    stop, has_stop = _heading_end(text, match.end(), end)
                    self.counters.heading(level, number)
                    tokens.append(
                        Token(
                            "heading",
                            match.end(),
                            stop,
                            para_start=i == start,
                            level=level,
                            number=number,
                            marker_start=i,
                            has_stop=has_stop,
                        )
                    )
                    i = stop + 1 if has_stop else stop
                    continue
                assert point is not None
                number = marker_number(point.group(1))
                self.counters.point = number
                current = Token("point", point.end(), end, para_start=i == start, number=number, marker_start=i)
                i = point.end()
                continue
            if current is None:
                current = Token("text", i, end, para_start=i == start, marker_start=i)
            # Markers stand only after a sentence end, a closing quote or a comma or colon:
            # jump to the next such place instead of trying every character.
            found = _MARKER_PLACE.search(text, i, end)
            i = found.end() if found else end
        if current is not None:
            current.end = end
            tokens.append(current)
        return tokens


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    match = _DATE_RE.match(text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE_RE.match(text)
        if match:
            year = numerals.parse_cn_numeral(match.group(1).replace("○", "〇"))
            month = numerals.parse_cn_numeral(match.group(2))
            day = numerals.parse_cn_numeral(match.group(3))
            if year and month and day:
                return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def tail_roles(buffer: MappedText, hints: Hints) -> dict[int, str]:
    """Return the roles of a plain text's last lines when they are the issuer and the date."""
    spans = [(s, e) for s, e in lines_of(buffer) if buffer.text[s:e].strip()]
    roles: dict[int, str] = {}
    if not spans or hints.document.kind == "docx":
        return roles
    start, end = spans[-1]
    if parse_date(buffer.text[start:end]):
        roles[start] = "date"
        if len(spans) >= 2:
            s, e = spans[-2]
            line = buffer.text[s:e].strip()
            if len(line) <= 30 and not any(ch in line for ch in "。，；：") and line.endswith(ISSUER_ENDINGS):
                roles[s] = "signature"
    return roles
