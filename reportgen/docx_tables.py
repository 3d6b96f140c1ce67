"""Write table blocks as WordprocessingML tables, in GB/T 9704 practice.

Full width of the type area, the header row repeated on every page (`w:tblHeader`),
no row split across pages (`w:cantSplit`), numbers right-aligned with group
separators when the profile asks. A table too wide for a portrait page goes in a
landscape section of its own, whose footers keep the page number where a portrait
page has it. Knows table blocks and the prepared template; nothing of YAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .blocks import Run, TableBlock
from .i18n import _

_ALIGN = {"left": "left", "center": "center", "right": "right"}
_INTEGER_PART = re.compile(r"^(-?)(\d{4,})")


@dataclass(frozen=True)
class TableLayout:
    """What the writer needs to lay out tables: widths in twips, styles, rules and section breaks."""

    text_width: int
    landscape_width: int
    cell_size: float  # points
    cell_margin: int  # twips, left and right of each cell
    border: int  # eighths of a point
    thousands: bool
    header_style: str | None
    cell_style: str | None
    portrait_section: str  # the w:sectPr that ends a portrait section
    landscape_section: str  # the w:sectPr that ends a landscape section; "" when there is none

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def natural_width(table: TableBlock, layout: TableLayout) -> int:
    """Return the width (twips) the table's columns need at the cell font size."""
    return int(sum(table.widths) * layout.cell_size * 20 + len(table.widths) * 2 * layout.cell_margin)


def needs_landscape(table: TableBlock, layout: TableLayout) -> bool:
    """Return whether the table is wider than the portrait type area and a landscape section is set up."""
    return bool(layout.landscape_section) and natural_width(table, layout) > layout.text_width


def _grid(table: TableBlock, width: int) -> list[int]:
    total = sum(table.widths) or 1.0
    cols = [int(width * w / total) for w in table.widths]
    cols[-1] += width - sum(cols)
    return cols


def group_digits(text: str) -> str:
    """Return a number's text with 千分位 separators in its integer part: 25719 → 25,719."""
    return _INTEGER_PART.sub(lambda m: m.group(1) + f"{int(m.group(2)):,}", text, count=1)


def table_xml(
    table: TableBlock,
    layout: TableLayout,
    width: int,
    run_xml: Callable[[Run], str],
) -> str:
    """Return the w:tbl of `table`, `width` twips wide; `run_xml` writes one run of a cell."""
    if not table.rows:
        raise ValueError(_("a table needs a header row"))
    grid = _grid(table, width)
    rule = f'w:val="single" w:sz="{layout.border}" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{layout.cell_margin}" w:type="dxa"/>'
        f'<w:right w:w="{layout.cell_margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in grid),
        "</w:tblGrid>",
    ]
    for r, row in enumerate(table.rows):
        header = r == 0
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for c, cell in enumerate(row):
            align = "center" if header else _ALIGN.get(table.aligns[c], "left")
            style = layout.header_style if header else layout.cell_style
            ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + f'<w:jc w:val="{align}"/>'
            runs = cell
            if layout.thousands and not header and c in table.numeric and len(cell) == 1:
                runs = [Run(group_digits(cell[0].text), cell[0].role)]
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{grid[c]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(run_xml(run) for run in runs)}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def section_break(section_xml: str) -> str:
    """Return an empty, one-point paragraph that ends a section with the properties `section_xml`."""
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{section_xml}</w:pPr></w:p>'
    )
