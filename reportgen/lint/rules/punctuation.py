"""Punctuation rules: full-width marks in Chinese text, repeated marks, how paragraphs and clauses end, stray spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import ERROR
from ...i18n import N_, _
from ...prose import CLAUSE, HEADING, PARAGRAPH
from ..findings import Finding, TextField, is_chinese
from .base import (
    SPACES,
    FieldRule,
    LintContext,
    apostrophe,
    chinese_or_figure,
    is_letter,
    neighbour,
    spaces_around,
)

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
                if chinese_or_figure(neighbour(value, i, -1)) or chinese_or_figure(neighbour(value, end - 1, 1)):
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
        left, right = neighbour(value, i, -1, SPACES + _RUN), neighbour(value, i, 1, SPACES + _RUN)
        if chinese_or_figure(left) and not is_letter(right):
            return True
        return chinese_or_figure(right) and left is not None and not is_letter(left) and not left.isdigit()

    @staticmethod
    def _full_stop(value: str, i: int) -> bool:
        # a dot is a decimal point, an abbreviation or a list number unless Chinese stands on
        # its left and Chinese (or the end of the text) on its right
        left, right = neighbour(value, i, -1, SPACES + _RUN), neighbour(value, i, 1, SPACES + _RUN)
        return chinese_or_figure(left) and (right is None or chinese_or_figure(right))

    def _finding(self, text: TextField, i: int) -> Finding:
        ch = text.value[i]
        full = _HALF_TO_FULL[ch]
        start, end = spaces_around(text, i, i + 1)  # blanks beside a full-width mark go too
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
        pairs: list[tuple[int | None, int | None]] = []
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
                    any(chinese_or_figure(c) for c in inside)
                    or chinese_or_figure(neighbour(value, open_, -1))
                    or chinese_or_figure(neighbour(value, close, 1))
                )
                if chinese:
                    yield self._finding(text, open_)
                    yield self._finding(text, close)
            else:
                lone = open_ if open_ is not None else close
                assert lone is not None  # every pair has an opening or a closing mark
                if chinese_or_figure(neighbour(value, lone, -1, SPACES + _RUN)) or chinese_or_figure(
                    neighbour(value, lone, 1, SPACES + _RUN)
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
            places = [i for i, ch in enumerate(value) if ch == mark and not (mark == "'" and apostrophe(value, i))]
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
        return chinese_or_figure(left) or chinese_or_figure(right)


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
        for match in re.finditer(f"[{SPACES}]+", value):
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
