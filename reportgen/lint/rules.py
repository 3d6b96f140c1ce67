"""The proofreading rules: each has an id, a severity, a one-line reason and a check.

Field rules read one text value at a time (punctuation, paired marks, dates,
numbers, wording). Document rules read a report or brief together with the
library cases it includes (consistency, mixed numerals, declared totals).
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import ERROR, WARNING
from ..i18n import N_, _, ngettext
from ..source import SourceFile
from .findings import CHINESE_PUNCTUATION, PLACEHOLDER, Finding, TextField, is_chinese, is_han
from .wordlist import Wordlist

# How a document uses a text value (see TextField).
PARAGRAPH = "paragraph"
CLAUSE = "clause"
HEADING = "heading"
FIGURE = "figure"
PHRASE = "phrase"


@dataclass
class CaseUse:
    """A case a document includes: by id from the library, inline, or by a query."""

    container: tuple  # path (in the document) of the mapping whose `cases` list names it
    ref_path: tuple  # path (in the document) of the list item
    case_id: str | None
    source: SourceFile | None  # the file holding the case's data
    base: tuple  # path of the case's mapping in that file
    data: dict | None
    is_query: bool = False


@dataclass
class Document:
    """A report or brief with the text fields of its own and of the library cases it includes."""

    source: SourceFile
    kind: str
    fields: list[TextField]
    cases: list[CaseUse]

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
    library: dict = field(default_factory=dict)  # case id -> the case's data


class Rule:
    id = ""
    severity = ERROR
    reason = ""
    fixable = False


class FieldRule(Rule):
    roles = (PARAGRAPH, CLAUSE, HEADING, FIGURE, PHRASE)

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


class DocumentRule(Rule):
    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


# -- helpers --------------------------------------------------------------------------------

_SPACES = " \t\u3000"
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕", "「": "」", "『": "』", "〈": "〉"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}


def _neighbour(text: str, index: int, step: int, skip: str = _SPACES) -> str | None:
    """Return the nearest character from `index` in direction `step`, skipping `skip` (blanks); None at an end."""
    i = index + step
    while 0 <= i < len(text) and text[i] in skip:
        i += step
    return text[i] if 0 <= i < len(text) else None


def _chinese_or_figure(ch: str | None) -> bool:
    return ch is not None and (is_chinese(ch) or ch == PLACEHOLDER)


def _is_letter(ch: str | None) -> bool:
    return ch is not None and bool(_ASCII_LETTER.match(ch))


def _spaces_around(text: TextField, start: int, end: int) -> tuple[int, int]:
    """Return [start, end) widened over the blanks next to it, when those can be edited too."""
    a, b = start, end
    while a > 0 and text.value[a - 1] in _SPACES:
        a -= 1
    while b < len(text.value) and text.value[b] in _SPACES:
        b += 1
    if (a, b) != (start, end) and text.map.source_range(a, b) is not None:
        return a, b
    return start, end


def _mark_spans(value: str, pairs: dict[str, str]) -> list[tuple[int, int]]:
    """Return the [open, close] spans of the matched marks of `pairs` in `value` (for skipping quoted text)."""
    spans = []
    stacks: dict[str, list[int]] = {o: [] for o in pairs}
    closers = {c: o for o, c in pairs.items()}
    for i, ch in enumerate(value):
        if ch in pairs and not (ch == "‘" and _apostrophe(value, i)):
            stacks[ch].append(i)
        elif ch in closers and not (ch == "’" and _apostrophe(value, i)):
            stack = stacks[closers[ch]]
            if stack:
                spans.append((stack.pop(), i))
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < start and end <= b for a, b in spans)


def _apostrophe(value: str, i: int) -> bool:
    """Return whether the quote at `i` sits between two Latin letters (it's, Xi’an)."""
    return 0 < i < len(value) - 1 and _is_letter(value[i - 1]) and _is_letter(value[i + 1])


def _find_all(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def chinese_number(text: str) -> int | None:
    """Return the value of a Chinese numeral (三, 十二, 二十五, 一百零五, 两千), or None."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))  # 二〇二三
    total = section = 0
    digit = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


# -- punctuation ------------------------------------------------------------------------------

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_TERMINAL = "。！？…"
_RUN = ",;:?!.()"


class HalfWidthPunctuation(FieldRule):
    id = "punct-halfwidth"
    severity = ERROR
    reason = "Chinese text takes full-width punctuation: ，；：？！。（） rather than , ; : ? ! . ( )"
    fixable = True

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.masked
        i = 0
        while i < len(value):
            ch = value[i]
            if ch == "." and value[i : i + 3] == "...":
                end = i
                while end < len(value) and value[end] == ".":
                    end += 1
                if _chinese_or_figure(_neighbour(value, i, -1)) or _chinese_or_figure(_neighbour(value, end - 1, 1)):
                    yield text.finding(
                        self,
                        i,
                        _("'{marks}' used as an ellipsis in Chinese text").format(marks=value[i:end]),
                        _("write '{text}'").format(text="……"),
                        end=end,
                        replacement="……",
                    )
                i = end
                continue
            if (ch in ",;:?!" and self._in_chinese(value, i)) or (ch == "." and self._full_stop(value, i)):
                yield self._finding(text, i)
            i += 1
        yield from self._brackets(text)

    @staticmethod
    def _in_chinese(value: str, i: int) -> bool:
        # a run of marks (甲,,乙) is judged by what stands around the whole run
        left, right = _neighbour(value, i, -1, _SPACES + _RUN), _neighbour(value, i, 1, _SPACES + _RUN)
        if _chinese_or_figure(left) and not _is_letter(right):
            return True
        return _chinese_or_figure(right) and left is not None and not _is_letter(left) and not left.isdigit()

    @staticmethod
    def _full_stop(value: str, i: int) -> bool:
        # a dot is a decimal point, an abbreviation or a list number unless Chinese stands on
        # its left and Chinese (or the end of the text) on its right
        left, right = _neighbour(value, i, -1, _SPACES + _RUN), _neighbour(value, i, 1, _SPACES + _RUN)
        return _chinese_or_figure(left) and (right is None or _chinese_or_figure(right))

    def _finding(self, text: TextField, i: int) -> Finding:
        ch = text.value[i]
        full = _HALF_TO_FULL[ch]
        start, end = _spaces_around(text, i, i + 1)  # blanks beside a full-width mark go too
        message = _("half-width '{mark}' in Chinese text").format(mark=ch)
        return Finding(
            text.location(i),
            self.severity,
            self.id,
            message,
            _("write '{text}'").format(text=full),
            text.edit(start, end, full),
        )

    def _brackets(self, text: TextField) -> Iterator[Finding]:
        value = text.masked
        stack: list[int] = []
        pairs: list[tuple[int, int | None]] = []
        for i, ch in enumerate(value):
            if ch == "(":
                stack.append(i)
            elif ch == ")":
                pairs.append((stack.pop(), i) if stack else (None, i))
        pairs.extend((i, None) for i in stack)
        for open_, close in pairs:
            if open_ is not None and close is not None:
                inside = value[open_ + 1 : close]
                chinese = (
                    any(_chinese_or_figure(c) for c in inside)
                    or _chinese_or_figure(_neighbour(value, open_, -1))
                    or _chinese_or_figure(_neighbour(value, close, 1))
                )
                if chinese:
                    yield self._finding(text, open_)
                    yield self._finding(text, close)
            else:
                lone = open_ if open_ is not None else close
                if _chinese_or_figure(_neighbour(value, lone, -1, _SPACES + _RUN)) or _chinese_or_figure(
                    _neighbour(value, lone, 1, _SPACES + _RUN)
                ):
                    yield self._finding(text, lone)


class HalfWidthQuotes(FieldRule):
    id = "punct-halfwidth-quote"
    severity = ERROR
    reason = "Chinese text takes the paired full-width quotes “ ” and ‘ ’, not \" and '"
    fixable = True

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.masked
        for mark, (opening, closing) in (('"', ("“", "”")), ("'", ("‘", "’"))):
            places = [i for i, ch in enumerate(value) if ch == mark and not (mark == "'" and _apostrophe(value, i))]
            if not places:
                continue
            in_chinese = [self._in_chinese(value, i) for i in places]
            if not any(in_chinese):
                continue
            if len(places) % 2 == 0:
                for k in range(0, len(places), 2):
                    if in_chinese[k] or in_chinese[k + 1]:
                        for i, full in ((places[k], opening), (places[k + 1], closing)):
                            yield text.finding(
                                self,
                                i,
                                _("half-width quote {mark} in Chinese text").format(mark=mark),
                                _("write '{mark}'").format(mark=full),
                                end=i + 1,
                                replacement=full,
                            )
            else:
                for i, inside in zip(places, in_chinese):
                    if inside:
                        yield text.finding(
                            self,
                            i,
                            _(
                                "half-width quote {mark} in Chinese text, and the quotes of this text do not pair up"
                            ).format(mark=mark),
                            _("write '{opening}' … '{closing}'").format(opening=opening, closing=closing),
                        )

    @staticmethod
    def _in_chinese(value: str, i: int) -> bool:
        left = value[i - 1] if i > 0 else None
        right = value[i + 1] if i + 1 < len(value) else None
        return _chinese_or_figure(left) or _chinese_or_figure(right)


_STOPS = "，。、；：？！"


class RepeatedPunctuation(FieldRule):
    id = "punct-repeated"
    severity = ERROR
    reason = "two punctuation marks in a row (，， or 。，) are a typing slip; 。。。 is not an ellipsis"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        for match in re.finditer(f"[{_STOPS}]{{2,}}", text.masked):
            run = match.group()
            if set(run) <= set("？！") and len(run) <= 2 and len(set(run)) == 2:
                continue  # ？！ for a question asked with feeling
            if set(run) == {"。"} and len(run) >= 3:
                yield text.finding(
                    self,
                    match.start(),
                    _("'{marks}' used as an ellipsis").format(marks=run),
                    _("write '{text}'").format(text="……"),
                )
            elif len(set(run)) == 1:
                yield text.finding(
                    self,
                    match.start(),
                    _("repeated punctuation '{marks}'").format(marks=run),
                    _("keep one '{mark}'").format(mark=run[0]),
                )
            else:
                yield text.finding(
                    self,
                    match.start(),
                    _("punctuation marks in a row '{marks}'").format(marks=run),
                    _("keep the one that fits"),
                )


class MissingFullStop(FieldRule):
    id = "punct-missing-stop"
    severity = ERROR
    reason = "a paragraph (lead, intro, a point's text, closing) ends with a full stop, question or exclamation mark"
    roles = (PARAGRAPH,)

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.value.rstrip()
        if not value:
            return
        last = len(value) - 1
        probe = last
        while probe > 0 and value[probe] in "”’）》】」』":
            probe -= 1
        ch = value[probe]
        if ch in _TERMINAL or ch in ".!?":
            return
        if ch in "，；：、,;:":
            yield text.finding(
                self,
                probe,
                _("paragraph ends with '{mark}' instead of a full stop").format(mark=ch),
                _("write '{text}'").format(text="。"),
            )
        else:
            yield text.finding(
                self, last, _("paragraph does not end with a full stop"), _("end it with '。'"), after=True
            )


_ADDED_AFTER = {
    ("text", CLAUSE): (N_("a case's text"), N_("the template follows it with '，' or '。'")),
    ("key_phrase", CLAUSE): (N_("a key phrase"), N_("the template follows it with '。'")),
    ("theme", CLAUSE): (N_("a section theme"), N_("the template follows it with '，' or '。'")),
    ("front_line", CLAUSE): (N_("a section's front line"), N_("the template follows it with '。'")),
}
_ADDED_AFTER_OTHER = (N_("this text"), N_("the template adds punctuation after it"))


class FieldEnd(FieldRule):
    id = "punct-field-end"
    severity = ERROR
    reason = "clauses the template completes (case text, key phrase, theme, front line) and headlines end without punctuation"
    roles = (CLAUSE, HEADING)

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.value.rstrip()
        if not value:
            return
        last = len(value) - 1
        ch = value[last]
        if text.role == HEADING:
            if ch in "，。、；：,.;:":
                yield text.finding(
                    self,
                    last,
                    _("a headline or title ends with '{mark}'").format(mark=ch),
                    _("headings take no final punctuation; delete it"),
                )
            return
        if ch in "，。、；：！？,.;:!?":
            what, why = _ADDED_AFTER.get((text.name, text.role), _ADDED_AFTER_OTHER)
            message = _("{what} ends with '{mark}'; {why}").format(what=_(what), mark=ch, why=_(why))
            yield text.finding(self, last, message, _("delete the final '{mark}'").format(mark=ch))


class SpaceBetweenChinese(FieldRule):
    id = "punct-space"
    severity = ERROR
    reason = "Chinese text has no spaces between characters; a space there is left over from pasting"
    fixable = True

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.masked
        for match in re.finditer(f"[{_SPACES}]+", value):
            a, b = match.span()
            if a == 0 or b == len(value) or not is_chinese(value[a - 1]) or not is_chinese(value[b]):
                continue
            kinds = {text.map.span_kind(k) for k in range(a, b)}
            if "folded" in kinds:
                yield text.finding(
                    self,
                    a,
                    _("a line break between '{left}' and '{right}' is read as a space").format(
                        left=value[a - 1], right=value[b]
                    ),
                    _("YAML folds a line break into a space: keep the text on one line, or use a literal block (|)"),
                )
            else:
                if "\u3000" in match.group():
                    message = _("full-width space between '{left}' and '{right}'")
                else:
                    message = _("space between '{left}' and '{right}'")
                message = message.format(left=value[a - 1], right=value[b])
                yield text.finding(self, a, message, _("delete it"), end=b, replacement="")


# -- paired marks ------------------------------------------------------------------------------


def _pair_scan(value: str):
    """Return (matched pairs [(open, close)], unmatched opens, unmatched closes), each kind matched separately."""
    stacks: dict[str, list[int]] = {o: [] for o in _PAIRS}
    matched, lone_closes = [], []
    for i, ch in enumerate(value):
        if ch in _PAIRS and not (ch == "‘" and _apostrophe(value, i)):
            stacks[ch].append(i)
        elif ch in _CLOSERS and not (ch == "’" and _apostrophe(value, i)):
            stack = stacks[_CLOSERS[ch]]
            if stack:
                matched.append((stack.pop(), i))
            else:
                lone_closes.append(i)
    lone_opens = sorted(i for stack in stacks.values() for i in stack)
    return sorted(matched), lone_opens, lone_closes


class UnbalancedPairs(FieldRule):
    id = "pair-unbalanced"
    severity = ERROR
    reason = "quotes and brackets (“” ‘’ 《》 （） 【】) come in pairs within a text"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        _matched, lone_opens, lone_closes = _pair_scan(text.masked)
        for i in lone_opens:
            mark = text.value[i]
            yield text.finding(
                self,
                i,
                _("'{mark}' is not closed").format(mark=mark),
                _("add the closing '{mark}' where the quoted or bracketed part ends").format(mark=_PAIRS[mark]),
            )
        for i in lone_closes:
            mark = text.value[i]
            yield text.finding(
                self,
                i,
                _("'{mark}' has no opening '{opening}'").format(mark=mark, opening=_CLOSERS[mark]),
                _("add the opening '{opening}', or delete this mark").format(opening=_CLOSERS[mark]),
            )


class CrossedPairs(FieldRule):
    id = "pair-nesting"
    severity = ERROR
    reason = "paired marks nest: one that opens inside another closes inside it too (“《》” not “《”》)"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        matched, _opens, _closes = _pair_scan(text.masked)
        for open_a, close_a in matched:
            for open_b, close_b in matched:
                if open_a < open_b < close_a < close_b:
                    line, column = text.map.line_col(open_b)
                    yield text.finding(
                        self,
                        close_a,
                        _(
                            "'{mark}' closes the '{outer}' while the '{inner}' opened at {line}:{column} is still open"
                        ).format(
                            mark=text.value[close_a],
                            outer=text.value[open_a],
                            inner=text.value[open_b],
                            line=line,
                            column=column,
                        ),
                        _("close '{inner}' first, or move this mark").format(inner=text.value[open_b]),
                    )


# -- numbers and dates (GB/T 15835) ------------------------------------------------------------

_DATE_CN = re.compile(r"(?<![0-9])(?:([0-9]+)年)?([0-9]+)月(?:([0-9]+)日)?")
_DATE_ISO = re.compile(r"(?<![0-9A-Za-z./\-])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9A-Za-z/\-]|\.[0-9])")
_CN_NUMERAL_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)


def _valid_date(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    days = calendar.monthrange(year if year else 2000, month)[1]
    return 1 <= day <= days


def _date_matches(value: str):
    """Yield (kind, match) for every date-like text: 'cn' (2023年1月10日), 'iso' (2023-01-10), 'numerals' (二〇二三年一月十日)."""
    for match in _DATE_CN.finditer(value):
        year, month, day = match.groups()
        if year is None and day is None:
            continue  # 10月 alone: a month, not a date
        if year is not None and len(year) not in (2, 4):
            continue  # 3年1月: a duration
        yield "cn", match
    if any(is_han(ch) for ch in value):
        for match in _DATE_ISO.finditer(value):
            yield "iso", match
    for match in _CN_NUMERAL_DATE.finditer(value):
        yield "numerals", match


class DateFormat(FieldRule):
    id = "date-format"
    severity = ERROR
    reason = "dates are written 2023年1月10日: Arabic numerals, the full year, no leading zeros (GB/T 15835)"
    fixable = True

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.masked
        for kind, match in _date_matches(value):
            if kind == "cn":
                year, month, day = match.groups()
                if not _valid_date(int(year) if year else None, int(month), int(day) if day else None):
                    continue
                if year is not None and len(year) == 2:
                    yield text.finding(
                        self,
                        match.start(1),
                        _("two-digit year in '{date}'").format(date=match.group()),
                        _("write the full year, e.g. {year}年").format(year=f"20{year}"),
                    )
                for group in (2, 3):
                    digits = match.group(group)
                    if digits and len(digits) > 1 and digits.startswith("0"):
                        zeros = len(digits) - len(digits.lstrip("0"))
                        start = match.start(group)
                        if group == 2:
                            message = _("leading zero in the month of '{date}'")
                        else:
                            message = _("leading zero in the day of '{date}'")
                        written = f"{int(digits)}{'月' if group == 2 else '日'}"
                        yield text.finding(
                            self,
                            start,
                            message.format(date=match.group()),
                            _("write '{text}'").format(text=written),
                            end=start + zeros,
                            replacement="",
                        )
            elif kind == "iso":
                year, _sep, month, day = match.groups()
                if not _valid_date(int(year), int(month), int(day)):
                    continue
                written = f"{int(year)}年{int(month)}月{int(day)}日"
                yield text.finding(
                    self,
                    match.start(),
                    _("date written '{date}' in Chinese text").format(date=match.group()),
                    _("write '{text}'").format(text=written),
                    end=match.end(),
                    replacement=written,
                )
            else:
                year_text, month_text, day_text = match.groups()
                year = chinese_number(year_text)
                month = chinese_number(month_text)
                day = chinese_number(day_text) if day_text else None
                if year is None or month is None or not _valid_date(year, month, day):
                    continue
                written = f"{year}年{month}月" + (f"{day}日" if day is not None else "")
                yield text.finding(
                    self,
                    match.start(),
                    _("date written in Chinese numerals '{date}'").format(date=match.group()),
                    _("write '{text}' in Arabic numerals").format(text=written),
                    end=match.end(),
                    replacement=written,
                )


class DateInvalid(FieldRule):
    id = "date-invalid"
    severity = ERROR
    reason = "a date names a day that exists (no 2月30日, no 13月)"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        for kind, match in _date_matches(text.masked):
            if kind == "cn":
                year, month, day = match.groups()
                numbers = (int(year) if year else None, int(month), int(day) if day else None)
            elif kind == "iso":
                numbers = (int(match.group(1)), int(match.group(3)), int(match.group(4)))
            else:
                numbers = (
                    chinese_number(match.group(1)),
                    chinese_number(match.group(2)),
                    chinese_number(match.group(3)) if match.group(3) else None,
                )
                if numbers[1] is None:
                    continue
            if not _valid_date(*numbers):
                yield text.finding(
                    self,
                    match.start(),
                    _("'{date}' is not a date").format(date=match.group()),
                    _("check the month and day"),
                )


_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9]|,[0-9])")


class ThousandsSeparator(FieldRule):
    id = "number-thousands"
    severity = ERROR
    reason = "Chinese running text writes numbers without thousands separators: 25719名, not 25,719名"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.masked
        for match in _THOUSANDS.finditer(value):
            before = value[match.start() - 1] if match.start() else None
            after = value[match.end()] if match.end() < len(value) else None
            if _chinese_or_figure(before) or _chinese_or_figure(after):
                yield text.finding(
                    self,
                    match.start(),
                    _("thousands separator in '{number}'").format(number=match.group()),
                    _("write '{text}'").format(text=match.group().replace(",", "")),
                )


# Measure words that count things; a count is a numeral followed by one of these.
MEASURE_WORDS = (
    "人次",
    "万元",
    "个",
    "名",
    "人",
    "户",
    "家",
    "支",
    "所",
    "次",
    "项",
    "条",
    "件",
    "批",
    "场",
    "台",
    "辆",
    "套",
    "处",
    "座",
    "张",
    "篇",
    "份",
    "位",
    "元",
    "期",
    "类",
    "种",
)
_MEASURE = "|".join(MEASURE_WORDS)
_ARABIC_COUNT = re.compile(rf"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)(万|亿)?(余|多)?({_MEASURE})")
_CHINESE_COUNT = re.compile(
    rf"(?<![〇零一二三四五六七八九十百千万两第几数])([〇零一二三四五六七八九十百千万两]+)(余|多)?({_MEASURE})"
)


def _quoted_spans(value: str) -> list[tuple[int, int]]:
    return _mark_spans(value, _QUOTE_PAIRS)


def _protected(value: str, phrases) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for start in _find_all(value, phrase):
            spans.append((start - 1, start + len(phrase)))
    return spans


def chinese_counts(text: TextField, set_phrases=()) -> Iterator[tuple[int, str, str, int]]:
    """Yield (start, written, measure word, value) for each count in Chinese numerals that is not a name or set phrase."""
    value = text.masked
    skip = _quoted_spans(value) + _protected(value, set_phrases)
    for match in _CHINESE_COUNT.finditer(value):
        numeral = match.group(1)
        number = chinese_number(numeral)
        if number is None or number < 2:
            continue  # 一个, 一名: the article, not a count
        if re.search(r"[一二三四五六七八九]{2}", numeral) and not numeral.startswith(("〇", "零")):
            continue  # 三四个: an estimate, written in Chinese numerals by rule
        if _inside(skip, match.start(), match.end()):
            continue
        yield match.start(), match.group(), match.group(3), number


def arabic_counts(text: TextField) -> Iterator[tuple[int, str, str]]:
    """Yield (start, written, measure word) for each count in Arabic numerals."""
    for match in _ARABIC_COUNT.finditer(text.masked):
        if match.group(2):
            continue  # 1万余元: the measure is 万元, a sum of money
        yield match.start(), match.group(), match.group(4)


class MixedNumerals(DocumentRule):
    id = "number-mixed"
    severity = WARNING
    reason = "one document writes the same kind of count one way: 9个 and 五个 side by side should both be Arabic (GB/T 15835)"

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        set_phrases = context.wordlist.set_phrases if context.wordlist else ()
        first_arabic: dict[str, tuple[TextField, int, str]] = {}
        chinese: list[tuple[TextField, int, str, str, int]] = []
        for text in document.fields:
            for start, written, measure in arabic_counts(text):
                first_arabic.setdefault(measure, (text, start, written))
            for start, written, measure, number in chinese_counts(text, set_phrases):
                chinese.append((text, start, written, measure, number))
        for text, start, written, measure, number in chinese:
            if measure not in first_arabic:
                continue
            other, other_start, other_written = first_arabic[measure]
            where = other.location(other_start)
            yield text.finding(
                self,
                start,
                _(
                    "'{written}' is in Chinese numerals, but '{other}' at {place} counts {measure} in Arabic numerals"
                ).format(written=written, other=other_written, place=where, measure=measure),
                _("write '{text}'").format(text=f"{number}{measure}"),
            )


# -- consistency across the document -------------------------------------------------------------


def _best_window(
    text: str, wanted: str, blocked: list[tuple[int, int]], around: tuple[int, int] | None, threshold: float
) -> tuple[int, int] | None:
    """Return [start, end) of the stretch of `text` most like `wanted`, if one is alike enough.

    A stretch as long as `wanted` (one word changed, as 汇聚 for 凝聚) is preferred to
    one a character shorter or longer.
    """
    for length in (len(wanted), len(wanted) - 1, len(wanted) + 1):
        best = (threshold, None)
        for start in range(0, len(text) - length + 1):
            end = start + length
            if length < 2 or any(a < end and start < b for a, b in blocked):
                continue
            if around is not None and not (around[0] - 2 <= end and start <= around[1] + 2):
                continue
            ratio = difflib.SequenceMatcher(None, text[start:end], wanted).ratio()
            if ratio >= best[0] and (best[1] is None or ratio > best[0]):
                best = (ratio, (start, end))
        if best[1] is not None:
            return best[1]
    return None


class FrontLineConsistency(DocumentRule):
    id = "consistency-front-line"
    severity = WARNING
    reason = "a lead that lists the front lines names them word for word as the section headings do"

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        data = document.source.data if isinstance(document.source.data, dict) else {}
        sections = data.get("sections")
        if not isinstance(sections, list):
            return
        lines = []
        for i, section in enumerate(sections):
            if (
                isinstance(section, dict)
                and isinstance(section.get("front_line"), str)
                and section["front_line"].strip()
            ):
                lines.append((i, section["front_line"].strip()))
        yield from self._cases_match_sections(document, sections)
        lead = document.field_at(("lead",))
        if lead is None or len(lines) < 2:
            return
        value = lead.value
        hits = {i: value.find(line) for i, line in lines}
        found = [(hits[i], hits[i] + len(line)) for i, line in lines if hits[i] >= 0]
        missing = [(i, line) for i, line in lines if hits[i] < 0]
        region = (min(a for a, _b in found), max(b for _a, b in found)) if found else None
        for i, line in missing:
            window = _best_window(value, line, found, region, 0.6) if region is not None else None
            if window is None:
                window = _best_window(value, line, found, None, 0.75)
            heading = document.source.location(("sections", i, "front_line"))
            if window is not None:
                start, end = window
                yield lead.finding(
                    self,
                    start,
                    _(
                        "the lead lists '{written}' but the heading of section {number} (line {line}) says '{heading}'"
                    ).format(written=value[start:end], number=i + 1, line=heading.line, heading=line),
                    _("use the same words in both places"),
                )
            elif found:
                yield lead.finding(
                    self,
                    0,
                    _(
                        "the lead lists the other front lines but not '{heading}' (section {number}, line {line})"
                    ).format(heading=line, number=i + 1, line=heading.line),
                    _("name every front line in the lead, or none"),
                )
        if not missing:
            order = sorted(lines, key=lambda item: hits[item[0]])
            if [i for i, _line in order] != [i for i, _line in lines]:
                first = min(hits.values())
                yield lead.finding(
                    self,
                    first,
                    _("the lead lists the front lines in a different order from the sections"),
                    _("list them in the order of the sections"),
                )

    def _cases_match_sections(self, document: Document, sections: list) -> Iterator[Finding]:
        for use in document.cases:
            if (
                use.is_query
                or use.data is None
                or use.case_id is None
                or len(use.container) < 2
                or use.container[0] != "sections"
            ):
                continue
            wanted = _section_front_line(document.source.data, use.container)
            own = use.data.get("front_line")
            if wanted and isinstance(own, str) and own.strip() and wanted != own.strip():
                yield Finding(
                    document.source.location(use.ref_path),
                    self.severity,
                    self.id,
                    _("case '{id}' belongs to '{front_line}' but is used under section {number}, '{section}'").format(
                        id=use.case_id, front_line=own.strip(), number=use.container[1] + 1, section=wanted
                    ),
                    _("move the case to its section, or correct its front_line"),
                )


def _section_front_line(data, path: tuple) -> str | None:
    """Return the front line of the innermost section (or subsection) on `path` that names one."""
    found = None
    current = data
    for i, part in enumerate(path):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return found
        if i >= 1 and path[i - 1] in ("sections", "subsections") and isinstance(current, dict):
            line = current.get("front_line")
            if isinstance(line, str) and line.strip():
                found = line.strip()
    return found


_NAME_FIELDS = ("unit", "issuer", "author", "compiler", "region", "place", "bao", "song", "fa")
_ABBREVIATIONS = (
    ("妇联", "妇女联合会"),
    ("文联", "文学艺术界联合会"),
    ("残联", "残疾人联合会"),
    ("科协", "科学技术协会"),
    ("侨联", "归国华侨联合会"),
)


def _name_key(name: str) -> str:
    """Return a spelling-blind key of a unit or place name (团江口县委 and 共青团江口县委 share one)."""
    key = "".join(unicodedata.normalize("NFKC", name).split())
    for short, full in _ABBREVIATIONS:
        key = key.replace(full, short)
    key = key.replace("自治县", "县")
    match = re.fullmatch(r"共青团(.+?)委", key) or re.fullmatch(r"团(.+?)委", key)
    if match and not key.endswith("团委"):
        key = match.group(1) + "团委"
    return key


def _name_variants(name: str) -> set[str]:
    """Return other ways the same unit or place is commonly written."""
    variants = set()
    body = re.fullmatch(r"共青团(.+?)委", name) or re.fullmatch(r"团(.+?)委", name)
    if body and not name.endswith("团委"):
        variants |= {body.group(1) + "团委", "共青团" + body.group(1) + "委", "团" + body.group(1) + "委"}
    body = re.fullmatch(r"(.+?)团委", name)
    if body:
        variants |= {"共青团" + body.group(1) + "委", "团" + body.group(1) + "委"}
    if "自治县" in name:
        variants |= {v.replace("自治县", "县") for v in variants | {name}}
    for short, full in _ABBREVIATIONS:
        if short in name:
            variants.add(name.replace(short, full))
        if full in name:
            variants.add(name.replace(full, short))
    variants.discard(name)
    return {v for v in variants if len(v) >= 3}


class UnitSpelling(DocumentRule):
    id = "consistency-unit"
    severity = WARNING
    reason = (
        "a unit, place or measure is written one way throughout a document (共青团江口县委 or 江口县团委, 公里 or 千米)"
    )

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        names: dict[str, tuple[TextField, str]] = {}
        declared: list[tuple[TextField, str]] = []
        for text in document.fields:
            if text.name in _NAME_FIELDS and text.role == PHRASE and text.value.strip():
                declared.append((text, text.value.strip()))
        for text, name in declared:
            key = _name_key(name)
            if key in names and names[key][1] != name:
                first, first_name = names[key]
                yield text.finding(
                    self,
                    0,
                    _("'{name}' is written '{first}' at {place}").format(
                        name=name, first=first_name, place=first.location(0)
                    ),
                    _("write the unit the same way everywhere"),
                )
            names.setdefault(key, (text, name))
        spelled = {name for _text, name in declared}
        reported = set()
        for _text, name in declared:
            for variant in sorted(_name_variants(name)):
                if variant in spelled:
                    continue
                for text in document.fields:
                    if text.role == PHRASE and text.name in _NAME_FIELDS:
                        continue
                    cover = [(s, s + len(n)) for n in spelled if variant in n for s in _find_all(text.value, n)]
                    for start in _find_all(text.value, variant):
                        end = start + len(variant)
                        if any(a <= start and end <= b for a, b in cover) or (text, start) in reported:
                            continue
                        reported.add((text, start))
                        first = next(t for t, n in declared if n == name)
                        yield text.finding(
                            self,
                            start,
                            _("'{variant}' here, but the unit is named '{name}' at {place}").format(
                                variant=variant, name=name, place=first.location(0)
                            ),
                            _("write the unit the same way everywhere"),
                        )
        if context.wordlist:
            for group in context.wordlist.variants:
                yield from self._variant_group(document, group)

    def _variant_group(self, document: Document, group: tuple[str, ...]) -> Iterator[Finding]:
        uses: list[tuple[TextField, int, str]] = []
        for text in document.fields:
            spans = []
            for spelling in sorted(group, key=len, reverse=True):
                for start in _find_all(text.masked, spelling):
                    end = start + len(spelling)
                    if any(a <= start and end <= b for a, b, _spelling in spans):
                        continue
                    spans.append((start, end, spelling))
            uses.extend((text, start, spelling) for start, _end, spelling in sorted(spans))
        if len({spelling for _text, _start, spelling in uses}) < 2:
            return
        first_text, first_start, first_spelling = uses[0]
        for text, start, spelling in uses[1:]:
            if spelling != first_spelling:
                yield text.finding(
                    self,
                    start,
                    _("'{spelling}' here, but '{first}' at {place}").format(
                        spelling=spelling, first=first_spelling, place=first_text.location(first_start)
                    ),
                    _("write '{first}' throughout (or the other, but one of them)").format(first=first_spelling),
                )


_FIGURE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(万)?\s*(余)?\s*(\S.*?)\s*$")


def figure_amount(figure) -> tuple[float, str, bool] | None:
    """Return (amount, unit, approximate) of a figure written '1万余元' or as a mapping, or None."""
    if isinstance(figure, str):
        match = _FIGURE.match(figure)
        if not match:
            return None
        number, wan, approx, unit = match.groups()
        return float(number) * (10000 if wan else 1), unit, bool(approx)
    if isinstance(figure, dict):
        value = figure.get("value")
        if isinstance(value, str) and "unit" not in figure:
            parsed = figure_amount(value)
            return None if parsed is None else (parsed[0], parsed[1], parsed[2] or bool(figure.get("approx")))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # `wan` only says how the number is written; `value` is the number itself
            return float(value), str(figure.get("unit", "")), bool(figure.get("approx"))
    return None


class DeclaredTotal(DocumentRule):
    id = "consistency-total"
    severity = WARNING
    reason = "a total the document declares as the sum of its cases' figures (figures: NAME: sum_of) equals that sum"

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        source = document.source
        figures = source.data.get("figures") if isinstance(source.data, dict) else None
        if not isinstance(figures, dict):
            return
        cases = {use.case_id: use for use in document.cases if use.case_id}
        library = context.library
        for name, figure in figures.items():
            sum_of = figure.get("sum_of") if isinstance(figure, dict) else None
            if (
                not isinstance(sum_of, dict)
                or not isinstance(sum_of.get("figure"), str)
                or not isinstance(sum_of.get("cases"), list)
            ):
                continue
            declared = figure_amount(figure)
            if declared is None:
                continue
            total, unit, approx = declared
            part_name = sum_of["figure"]
            parts = []
            for i, case_id in enumerate(sum_of["cases"]):
                data = (
                    cases[case_id].data
                    if case_id in cases and cases[case_id].data is not None
                    else library.get(case_id)
                )
                own = data.get("figures") if isinstance(data, dict) else None
                part = figure_amount(own.get(part_name)) if isinstance(own, dict) and part_name in own else None
                if part is None:
                    break  # an unknown case or figure: the build reports it
                parts.append(part)
            else:
                if not parts:
                    continue
                expected = sum(amount for amount, _unit, _approx in parts)
                loose = approx or any(a for _amount, _unit, a in parts)
                if (total + 1e-9 < expected) if loose else abs(total - expected) > 1e-9:
                    where = (
                        ("figures", name, "value")
                        if isinstance(figure, dict) and ("figures", name, "value") in source.value_marks
                        else ("figures", name)
                    )
                    added = " + ".join(_number(a) for a, _unit, _approx in parts)
                    yield Finding(
                        source.location(where),
                        self.severity,
                        self.id,
                        ngettext(
                            "'{name}' is {total}{unit}, but the '{figure}' figure of its {count} case adds up to {sum} = {expected}{unit}",
                            "'{name}' is {total}{unit}, but the '{figure}' figures of its {count} cases add up to {sum} = {expected}{unit}",
                            len(parts),
                        ).format(
                            name=name,
                            total=_number(total),
                            unit=unit,
                            figure=part_name,
                            count=len(parts),
                            sum=added,
                            expected=_number(expected),
                        ),
                        _("write {total}, or check the cases listed in sum_of").format(total=_number(expected)),
                    )


def _number(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


# -- wording --------------------------------------------------------------------------------------


class Wording(FieldRule):
    id = "wordlist"
    severity = WARNING
    reason = "wording listed in data/wordlist.yaml (banned → preferred, with a reason)"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        if context.wordlist is None or not context.wordlist.entries:
            return
        value = text.masked
        titles = _mark_spans(value, {"《": "》"})
        names = [(s, s + len(n)) for n in context.names for s in _find_all(value, n)]
        matches = []
        for entry in context.wordlist.entries:
            for word in entry.banned:
                for start in _find_all(value, word):
                    matches.append((start, start + len(word), word, entry))
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        taken_until = -1
        for start, end, word, entry in matches:
            if start < taken_until:
                continue  # inside a longer banned word already reported
            if _inside(titles, start, end):
                continue  # a document's title is quoted as it is
            guards = names + [(s, s + len(w)) for w in entry.exceptions for s in _find_all(value, w)]
            if any(a < end and start < b and not (start <= a and b <= end) for a, b in guards):
                continue  # the match cuts through a longer name or word
            if not self._bounded(value, start, end):
                continue
            taken_until = end
            severity = entry.severity
            message = _("'{word}': {reason}").format(word=word, reason=entry.reason)
            yield Finding(
                text.location(start), severity, self.id, message, _("write '{text}'").format(text=entry.preferred)
            )

    @staticmethod
    def _bounded(value: str, start: int, end: int) -> bool:
        """Return whether a match starting or ending in a Latin letter or digit stands alone (附件1 is not in 附件10万元)."""
        first, last = value[start], value[end - 1]
        before = value[start - 1] if start else ""
        after = value[end] if end < len(value) else ""
        if first.isascii() and first.isalnum() and before.isascii() and before.isalnum() and before:
            return False
        if last.isdigit() and (after.isdigit() or after in ".．万千百亿余多%"):
            return False
        if last.isascii() and last.isalpha() and after.isascii() and after.isalnum() and after:
            return False
        return True


FIELD_RULES: tuple[FieldRule, ...] = (
    HalfWidthPunctuation(),
    HalfWidthQuotes(),
    RepeatedPunctuation(),
    MissingFullStop(),
    FieldEnd(),
    SpaceBetweenChinese(),
    UnbalancedPairs(),
    CrossedPairs(),
    DateFormat(),
    DateInvalid(),
    ThousandsSeparator(),
    Wording(),
)
DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    MixedNumerals(),
    FrontLineConsistency(),
    UnitSpelling(),
    DeclaredTotal(),
)
ALL_RULES: tuple[Rule, ...] = FIELD_RULES + DOCUMENT_RULES

__all__ = [
    "ALL_RULES",
    "CHINESE_PUNCTUATION",
    "DOCUMENT_RULES",
    "FIELD_RULES",
    "CaseUse",
    "Document",
    "LintContext",
    "chinese_number",
]
