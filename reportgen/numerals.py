"""Chinese numerals, both ways: writing a count (105 → 一百零五) and reading one back (二〇二三 → 2023).

The one place numerals are handled: the section numbers of a document (numbering),
the proofreader's date and count rules (lint) and the importer's figures and dates
all use these two functions.
"""

from __future__ import annotations

_WRITTEN = "零一二三四五六七八九"
_PLACES = ("", "十", "百", "千")

# Every character a Chinese numeral may hold, as offices type them (○ is the circle
# some type for 〇 in years, 两 the 2 of 两千).
DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
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
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万"
LARGEST = 99_999_999


def cn_numeral(n: int) -> str:
    """Return `n` (0-99999999) in Chinese numerals: 1 → 一, 10 → 十, 11 → 十一, 105 → 一百零五."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"cannot write {n!r} in Chinese numerals")
    if n == 0:
        return _WRITTEN[0]
    if n > LARGEST:
        raise ValueError(f"{n} is too large for Chinese numerals here")
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        text = _below_ten_thousand(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _below_ten_thousand(low)
        return text
    return _below_ten_thousand(n)


def _below_ten_thousand(n: int) -> str:
    digits = [int(d) for d in str(n)]
    length = len(digits)
    parts: list[str] = []
    zero_pending = False
    for i, d in enumerate(digits):
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(_WRITTEN[0])
            zero_pending = False
        parts.append(_WRITTEN[d] + _PLACES[length - i - 1])
    text = "".join(parts)
    if 10 <= n < 20:
        text = text[1:]  # 10-19 are written 十, 十一 … 十九, not 一十一
    return text


def parse_cn_numeral(text: str) -> int | None:
    """Return the value of a Chinese numeral, or None if `text` is not one.

    Counts are read by their units (三, 十二, 二十五, 一百零五, 两千, 三万); a run of
    digits alone is read digit by digit, as years are written (二〇二三, 二○二三).
    """
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10_000
            section, digit = 0, None
    return total + section + (digit or 0)


__all__ = ["DIGITS", "LARGEST", "NUMERAL_CHARS", "UNITS", "cn_numeral", "parse_cn_numeral"]
