"""Chinese numbering and number formatting, as offices type them."""

from __future__ import annotations

from .numerals import cn_numeral

__all__ = [
    "cn_numeral",
    "figure_text",
    "format_number",
    "level3_number",
    "level4_number",
    "point_ordinal",
    "section_number",
    "subsection_number",
    "wan",
]


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
