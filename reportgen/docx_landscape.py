"""The landscape section for wide tables (横排表格), made once per style profile with python-docx.

GB/T 9704 keeps the page number of a landscape page where a portrait page has
it: the sheet is turned so that the top of the table faces the portrait page's
left edge, and the number, written along the page's short edge, ends up at the
portrait page's foot once the sheet is turned back. The landscape footers hold
the number in a one-cell floating table at that place, its text turned a quarter
(`w:textDirection tbRl`).
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .style import StyleProfile


def _twips(mm: float) -> int:
    return int(round(mm / 25.4 * 1440))


def add_landscape_section(document, profile: StyleProfile, character_style, add_field_runs) -> None:
    """Add a landscape section at the end of `document`, its margins the portrait ones turned.

    The portrait section's properties move into a section-break paragraph (python-docx's
    add_section); the new last section is the landscape one, with footers of its own.
    """
    page = profile.page
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Mm(page.height)
    section.page_height = Mm(page.width)
    # Portrait left → landscape top, portrait bottom → landscape left (the sheet turned a quarter clockwise).
    section.top_margin = Mm(page.left)
    section.bottom_margin = Mm(page.right)
    section.left_margin = Mm(page.bottom)
    section.right_margin = Mm(page.top)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        grid.set(qn("w:type"), "default")
        grid.attrib.pop(qn("w:charSpace"), None)
    spec = profile.page_numbers
    if not spec.enabled:
        return
    size = profile.character_styles[spec.style].size or profile.defaults.size
    for footer, side in ((section.footer, spec.odd), (section.even_page_footer, spec.even)):
        footer.is_linked_to_previous = False
        _turned_page_number(footer, profile, side, size, character_style, add_field_runs)


def _turned_page_number(footer, profile: StyleProfile, side: str, size: float, character_style, add_field_runs) -> None:
    page = profile.page
    text_width = page.width - page.left - page.right
    line_mm = size * 1.4 / 72 * 25.4
    # The portrait number's line: its foot `footer_distance` above the sheet's bottom edge.
    # Turned, the sheet's bottom edge is the landscape page's left edge.
    x_mm = page.footer_distance
    table = footer.add_table(rows=1, cols=1, width=Mm(line_mm))
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for name, value in (
        ("w:leftFromText", "0"),
        ("w:rightFromText", "0"),
        ("w:vertAnchor", "page"),
        ("w:horzAnchor", "page"),
        ("w:tblpX", str(_twips(x_mm))),
        ("w:tblpY", str(_twips(page.left))),
    ):
        position.set(qn(name), value)
    tbl_pr.insert(0, position)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    position.addnext(overlap)
    for old in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    row = table.rows[0]
    row.height = Mm(text_width)
    row.height_rule = 2  # WD_ROW_HEIGHT_RULE.EXACTLY
    cell = row.cells[0]
    cell.width = Mm(line_mm)
    tc_pr = cell._tc.get_or_add_tcPr()
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "tbRl")
    tc_pr.append(direction)
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = {"left": 0, "center": 1, "right": 2}[side]
    indent = Pt(profile.page_numbers.indent_chars * size)
    if side == "right":
        fmt.right_indent = indent
    elif side == "left":
        fmt.left_indent = indent
    fmt.first_line_indent = Pt(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    spec = profile.page_numbers
    if spec.before:
        paragraph.add_run(spec.before).style = character_style
    add_field_runs(paragraph, "PAGE", "1", character_style)
    if spec.after:
        paragraph.add_run(spec.after).style = character_style
    # A footer ends with a paragraph: move the empty one after the table; it keeps no style
    # (the base document defines no Footer style).
    first = footer.paragraphs[0]._p
    tbl.addnext(first)
    ppr = first.pPr
    if ppr is not None:
        for style in ppr.findall(qn("w:pStyle")):
            ppr.remove(style)
