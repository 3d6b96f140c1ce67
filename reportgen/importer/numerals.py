"""Figures as offices write them in running text (Chinese numerals themselves are read by reportgen.numerals)."""

from __future__ import annotations

import re

from .. import numbering
from ..numerals import NUMERAL_CHARS
from ..numerals import parse_cn_numeral as parse_cn_numeral  # read here by the importer

CN_NUMERAL_CHARS = NUMERAL_CHARS

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
