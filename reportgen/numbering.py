"""Chinese numbering and number formatting, as offices type them."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def cn_numeral(n: int) -> str:
    """Return `n` (0-99999999) in Chinese numerals: 1 → 一, 10 → 十, 11 → 十一, 105 → 一百零五."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"cannot write {n!r} in Chinese numerals")
    if n == 0:
        return _DIGITS[0]
    if n >= 100_000_000:
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
    parts = []
    zero_pending = False
    for i, d in enumerate(digits):
        unit = _UNITS[length - i - 1]
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(_DIGITS[0])
            zero_pending = False
        parts.append(_DIGITS[d] + unit)
    text = "".join(parts)
    # 10-19 are written 十, 十一 … 十九, not 一十一
    if 10 <= n < 20:
        text = text[1:]
    return text


def section_number(n: int) -> str:
    """Return the level-1 number: 一、 二、 … 十一、"""
    return f"{cn_numeral(n)}、"


def subsection_number(n: int) -> str:
    """Return the level-2 number: （一） （二） …"""
    return f"（{cn_numeral(n)}）"


def level3_number(n: int) -> str:
    """Return the level-3 number: 1. 2. …"""
    return f"{n}."


def level4_number(n: int) -> str:
    """Return the level-4 number: （1） （2） …"""
    return f"（{n}）"


def point_ordinal(n: int) -> str:
    """Return the run-in point opener: 一是 二是 … 十是 十一是"""
    return f"{cn_numeral(n)}是"


def format_number(value: float | int) -> str:
    """Return a number as Arabic digits with no needless decimals: 4700, 2.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def wan(value: float | int) -> str:
    """Return a number in units of 万 when it is 10000 or more: 10000 → 1万, 75000 → 7.5万."""
    if value >= 10_000:
        return format_number(round(value / 10_000, 4)) + "万"
    return format_number(value)


def figure_text(value: float | int, unit: str, *, approx: bool = False, in_wan: bool = False) -> str:
    """Return a figure as written in running text: 79户, 100余人, 1万余元, 75000元."""
    number = wan(value) if in_wan else format_number(value)
    return f"{number}{'余' if approx else ''}{unit}"
