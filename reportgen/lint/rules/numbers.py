"""Number rules (GB/T 15835): no thousands separators in running text, one way of writing counts per document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import ERROR, WARNING
from ...i18n import _
from ...numerals import parse_cn_numeral
from ..findings import Finding, TextField
from .base import (
    QUOTE_PAIRS,
    Document,
    DocumentRule,
    FieldRule,
    LintContext,
    chinese_or_figure,
    find_all,
    mark_spans,
    within,
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
            if chinese_or_figure(before) or chinese_or_figure(after):
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
    rf"(?<![0-9.〇零一二三四五六七八九十百千万两第几数])([〇零一二三四五六七八九十百千万两]+)(余|多)?({_MEASURE})"
)


def _quoted_spans(value: str) -> list[tuple[int, int]]:
    return mark_spans(value, QUOTE_PAIRS)


def _protected(value: str, phrases) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for start in find_all(value, phrase):
            spans.append((start - 1, start + len(phrase)))
    return spans


def chinese_counts(text: TextField, set_phrases=()) -> Iterator[tuple[int, str, str, int]]:
    """Yield (start, written, measure word, value) for each count in Chinese numerals that is not a name or set phrase."""
    value = text.masked
    skip = _quoted_spans(value) + _protected(value, set_phrases)
    for match in _CHINESE_COUNT.finditer(value):
        numeral = match.group(1)
        number = parse_cn_numeral(numeral)
        if number is None or number < 2:
            continue  # 一个, 一名: the article, not a count
        if re.search(r"[一二三四五六七八九]{2}", numeral) and not numeral.startswith(("〇", "零")):
            continue  # 三四个: an estimate, written in Chinese numerals by rule
        if within(skip, match.start(), match.end()):
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
