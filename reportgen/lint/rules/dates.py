"""Date rules (GB/T 15835): dates written 2023年1月10日, and dates that exist."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from ...errors import ERROR
from ...i18n import _
from ...numerals import parse_cn_numeral
from ..findings import Finding, TextField, is_han
from .base import (
    FieldRule,
    LintContext,
)

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
        year, _month, day = match.groups()
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
                year = parse_cn_numeral(year_text)
                month = parse_cn_numeral(month_text)
                day = parse_cn_numeral(day_text) if day_text else None
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
                written = match.groups()
                numbers: tuple[int | None, int | None, int | None] = (
                    int(written[0]) if written[0] else None,
                    int(written[1]),
                    int(written[2]) if written[2] else None,
                )
            elif kind == "iso":
                numbers = (int(match.group(1)), int(match.group(3)), int(match.group(4)))
            else:
                numbers = (
                    parse_cn_numeral(match.group(1)),
                    parse_cn_numeral(match.group(2)),
                    parse_cn_numeral(match.group(3)) if match.group(3) else None,
                )
            year, month, day = numbers
            if month is None:
                continue
            if not _valid_date(year, month, day):
                yield text.finding(
                    self,
                    match.start(),
                    _("'{date}' is not a date").format(date=match.group()),
                    _("check the month and day"),
                )
