"""Points and their example cases: sentences, the unit that opens a case, its region, place and figures."""

from __future__ import annotations

import re

from ..i18n import _
from . import numerals
from .mapped import DOUBT, Ledger, MappedText, is_han
from .result import FigureNote, ImportedCase, ImportedPoint
from .tokens import CLOSERS, SENTENCE_ENDS
from .words import (
    ACTION_WORDS,
    CLOSING_OPENERS,
    COMMON_RU_WORDS,
    CONTINUATION_OPENERS,
    NOT_REGION,
    NOT_UNIT_START,
    PLACE_STOP,
    UNIT_PREFIXES,
    UNIT_SUFFIXES,
)

_MASKS = "*＊×"  # an anonymised name starts with one of these: *县茶叶协会
_PLACE_RE = re.compile(
    r"(?:在|与|到|赴|于|走进|深入|前往|来到)([\u4e00-\u9fff]{2,5}?(?:街道|镇|乡)(?:[\u4e00-\u9fff]{1,5}?村)?)"
)


def split_sentences(text: MappedText) -> list[MappedText]:
    """Return the sentences of `text`, each with its final 。！？ and any closing quote after it."""
    sentences = []
    start = 0
    s = text.text
    i = 0
    while i < len(s):
        if s[i] in SENTENCE_ENDS:
            j = i + 1
            while j < len(s) and s[j] in CLOSERS:
                j += 1
            sentences.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < len(s):
        sentences.append(text[start:])
    return sentences


def split_clauses(text: MappedText) -> list[tuple[MappedText, MappedText]]:
    """Return the clauses of a sentence between top-level full-width commas, each with the comma before it."""
    clauses = []
    depth = 0
    start = 0
    comma = MappedText("", [])
    for i, ch in enumerate(text.text):
        if ch in "“（《「":
            depth += 1
        elif ch in "”）》」":
            depth = max(0, depth - 1)
        elif ch == "，" and depth == 0:
            clauses.append((comma, text[start:i]))
            comma = text[i : i + 1]
            start = i + 1
    clauses.append((comma, text[start:]))
    return clauses


def recognise_unit(clause: str, *, figure_after: bool = True) -> str | None:
    """Return the unit a case clause starts with (碧江区总工会 in 碧江区总工会积极…), or None.

    The unit's name must be followed by what it did (积极、联合、组织…) or, when
    `figure_after`, by a figure (玉屏县大龙街道工青妇组织100余人…).
    """
    # an anonymised name starts with a placeholder: *县茶叶协会
    masked = 1 if clause[:1] in _MASKS else 0
    if not clause or clause.startswith(NOT_UNIT_START) or not is_han(clause[masked : masked + 1]):
        return None
    for j in range(2 + masked, min(len(clause), 26)):
        head = clause[masked:j]
        if not all(is_han(ch) or ch.isalnum() or ch == "·" for ch in head):
            return None
        head = clause[:j]
        if not head.endswith(UNIT_SUFFIXES):
            continue
        rest = clause[j:]
        if rest and (rest.startswith(ACTION_WORDS) or (figure_after and rest[0].isdigit())):
            return head
    return None


def same_unit(unit: str, current: str) -> bool:
    return unit == current or current.endswith(unit) or unit in current


def region_and_place(unit: str) -> tuple[str | None, str | None]:
    """Return the county or district, and the town or street, that a unit's name gives."""
    name = unit
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    region = None
    match = re.match(r"^([\u4e00-\u9fff]{2,6}?(?:自治县|自治州|县|区|市|州|旗))", name)
    if match and match.group(1) not in NOT_REGION and match.group(1)[-2:] not in NOT_REGION:
        region = match.group(1)
        name = name[len(region) :]
    place = None
    match = re.match(r"^([\u4e00-\u9fff]{2,5}?(?:街道|镇|乡))", name)
    if match and not match.group(1).startswith(PLACE_STOP):
        place = match.group(1)
    return region, place


def place_in_text(text: str) -> str | None:
    """Return the town or village a case text names after 在/与/到…, or None."""
    for match in _PLACE_RE.finditer(text):
        place = match.group(1)
        if not place.startswith(PLACE_STOP):
            return place
    return None


class CaseReader:
    """Read a point's text and its 如… example sentence into cases (a part of the assembler)."""

    ledger: Ledger

    def doubt(self, offset: int | None, message: str, category: str = "structure") -> None:
        raise NotImplementedError

    def parse_point(self, body: MappedText, offset: int | None) -> ImportedPoint:
        """Return a point from the text after its 一是: key phrase, text, cases and closing."""
        stop = body.text.find("。")
        if stop < 0:
            point = ImportedPoint(body.strip(), MappedText("", []), has_stop=False, offset=offset)
            self.doubt(offset, _("a point without a full stop; all of it is taken as the key phrase"))
            return point
        key = body[:stop].strip()
        point = ImportedPoint(key, MappedText("", []), offset=offset)
        if len(key) > 30:
            self.doubt(
                offset,
                _("a {count}-character key phrase (the text up to the first 。); check it").format(count=len(key)),
            )
        rest = body[stop + 1 :].strip()
        sentences = split_sentences(rest)
        case_index = None
        cases: list[ImportedCase] = []
        for i, sentence in enumerate(sentences):
            if sentence.text.startswith("如") and not sentence.text.startswith(COMMON_RU_WORDS):
                cases = self.parse_cases(sentence)
                if cases:
                    case_index = i
                    break
                message = _(
                    "a sentence starting with 如 names no unit that can be recognised; kept in the text as written"
                )
                self.doubt(sentence.origin(), message, category="case")
        if case_index is None:
            point.text = MappedText.join(sentences)
            point.figures = figures_in(point.text.text)
            self._chinese_counts(point.text)
            return point
        point.text = MappedText.join(sentences[:case_index])
        after = sentences[case_index + 1 :]
        while after and self._continues_case(after[0], cases[-1]):
            sentence = after.pop(0)
            last = cases[-1]
            last.body = last.body + (last.stop or MappedText("", [])) + sentence[:-1]
            last.stop = sentence[-1:]
        point.cases = cases
        point.closing = MappedText.join(after)
        for sentence in after:
            if sentence.text.startswith("如") and recognise_unit(sentence.text[1:]):
                self.doubt(
                    sentence.origin(),
                    _("a second example sentence (如…) in one point; kept in the point's closing"),
                    category="case",
                )
        point.figures = figures_in(point.text.text) + figures_in(point.closing.text)
        self._chinese_counts(point.text)
        self._chinese_counts(point.closing)
        for case in cases:
            self._chinese_counts(case.body)
        return point

    def _continues_case(self, sentence: MappedText, case: ImportedCase) -> bool:
        text = sentence.text
        if not text.endswith("。") or case.stop is None:
            return False
        unit = case.unit.text
        short = unit[-3:] if len(unit) > 3 else unit
        if text.startswith(CONTINUATION_OPENERS) or short in text:
            return True
        if text.startswith(CLOSING_OPENERS):
            return False
        self.doubt(
            sentence.origin(),
            _("the sentence after the example may belong to it; it is taken as the point's closing"),
            category="case",
        )
        return False

    def parse_cases(self, sentence: MappedText) -> list[ImportedCase]:
        """Return the cases of a 如… sentence, or [] when it does not name a unit first."""
        if not sentence.text.endswith("。"):
            return []
        clauses = split_clauses(sentence[1:-1])
        first = clauses[0][1]
        unit = recognise_unit(first.text)
        if unit is None:
            return []
        cases = [ImportedCase(first[: len(unit)], first[len(unit) :])]
        for comma, clause in clauses[1:]:
            other = recognise_unit(clause.text, figure_after=False)
            if other and not same_unit(other, cases[-1].unit.text):
                cases.append(ImportedCase(clause[: len(other)], clause[len(other) :]))
            else:
                cases[-1].body = cases[-1].body + comma + clause
        if any(not len(c.body) for c in cases):
            return []
        cases[-1].stop = sentence[-1:]
        return cases

    def _chinese_counts(self, text: MappedText) -> None:
        s = text.text
        for match in numerals.CN_FIGURE_RE.finditer(s):
            if s.count("“", 0, match.start()) > s.count("”", 0, match.start()):
                continue  # inside quotes: a name such as “三支队伍”
            if match.group(1)[0] in "万千百":
                continue  # 万家, 千方百计: words, not counts
            value = numerals.parse_cn_numeral(match.group(1))
            if (
                value is None
                or value < 2
                or (
                    len(match.group(1)) < 2
                    and value < 10
                    and match.group(3) in ("次", "家", "处", "件", "本", "条", "张", "天")
                )
            ):
                continue
            arabic = f"{value}{match.group(2) or ''}{match.group(3)}"
            self.ledger.add(
                DOUBT,
                text.origin(match.start()),
                _(
                    "count written in Chinese numerals '{written}' ({arabic}); kept as written, though counts are usually written in Arabic numerals"
                ).format(written=match.group(0), arabic=arabic),
                text=match.group(0),
                category="numeral",
            )


def figures_in(text: str) -> list[FigureNote]:
    """Return the figures (number and unit) in a text."""
    found = []
    for match in numerals.FIGURE_RE.finditer(text):
        short = numerals.figure_short_form(*match.groups())
        if short is None:
            continue
        value, unit = numerals.figure_value(short)
        found.append(FigureNote(short, value, unit))
    return found


def case_text_with_figures(body: str) -> tuple[str, dict[str, str]]:
    """Return a case text with its figures replaced by {name} placeholders, and the figures."""
    body = body.replace("{", "{{").replace("}", "}}")
    figures: dict[str, str] = {}
    pieces = []
    position = 0
    for match in numerals.FIGURE_RE.finditer(body):
        short = numerals.figure_short_form(*match.groups())
        if short is None:
            continue
        unit = match.group(4)
        name = (
            "value"
            if body[max(0, match.start() - 2) : match.start()] == "价值"
            else numerals.FIGURE_NAMES.get(unit, "figure")
        )
        base, n = name, 2
        while name in figures:
            name = f"{base}_{n}"
            n += 1
        figures[name] = short
        pieces.append(body[position : match.start()])
        pieces.append("{" + name + "}")
        position = match.end()
    pieces.append(body[position:])
    return "".join(pieces), figures
