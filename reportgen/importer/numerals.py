"""Chinese numerals and figures as offices write them in running text."""

from __future__ import annotations

import re

from .. import numbering

_DIGITS = {
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
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万"

# Units a figure is counted in; longer ones first so that 人次 wins over 人.
FIGURE_UNITS = (
    "人次",
    "万元",
    "公斤",
    "千克",
    "小时",
    "余",
    "人",
    "名",
    "户",
    "元",
    "支",
    "家",
    "次",
    "场",
    "份",
    "件",
    "箱",
    "吨",
    "辆",
    "台",
    "套",
    "所",
    "处",
    "条",
    "袋",
    "桶",
    "盒",
    "册",
    "张",
    "本",
    "斤",
    "天",
    "%",
)
_UNIT_PATTERN = "|".join(re.escape(u) for u in FIGURE_UNITS if u not in ("余", "万元"))
FIGURE_RE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)(万)?(余)?({_UNIT_PATTERN})")
CN_FIGURE_RE = re.compile(rf"(?<![第\d.{CN_NUMERAL_CHARS}])([{CN_NUMERAL_CHARS}]+)(余)?({_UNIT_PATTERN})(?!性)")

FIGURE_NAMES = {
    "人": "people",
    "名": "people",
    "人次": "attendances",
    "户": "households",
    "元": "amount",
    "支": "teams",
    "家": "organisations",
    "次": "times",
    "场": "events",
    "份": "copies",
    "件": "items",
    "箱": "boxes",
    "吨": "tons",
    "辆": "vehicles",
    "台": "machines",
    "套": "sets",
    "所": "sites",
    "处": "places",
    "条": "lines",
    "袋": "bags",
    "桶": "barrels",
    "盒": "boxes",
    "册": "books",
    "张": "sheets",
    "本": "books",
    "斤": "jin",
    "公斤": "kilograms",
    "千克": "kilograms",
    "天": "days",
    "小时": "hours",
    "%": "percent",
}


def parse_cn_numeral(text: str) -> int | None:
    """Return the value of a Chinese numeral (一, 十一, 二十五, 一百零五, 三万), or None."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        # digit by digit, as in years: 二〇二三
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def figure_short_form(number: str, wan: str | None, approx: str | None, unit: str) -> str | None:
    """Return the figure's short form (1万余元) if the builder writes it back identically, else None."""
    text = f"{number}{wan or ''}{approx or ''}{unit}"
    value = float(number) * (10000 if wan else 1)
    value = int(value) if value == int(value) else value
    if numbering.figure_text(value, unit, approx=bool(approx), in_wan=bool(wan)) != text:
        return None
    return text


def figure_value(short_form: str) -> tuple[float | int, str]:
    """Return the number and unit of a figure's short form."""
    match = FIGURE_RE.fullmatch(short_form)
    if not match:
        return 0, ""
    number, wan, _approx, unit = match.groups()
    value = float(number) * (10000 if wan else 1)
    return (int(value) if value == int(value) else value), unit
