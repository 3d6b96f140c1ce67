"""Word styles, page setup and footers from a style profile, made with python-docx.

This is the part of the docx writer that needs python-docx's object model; it runs
once per style profile (see `prepare_template`), not once per document.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Mm, Pt, RGBColor, Twips

from .docx_writer import PreparedTemplate
from .style import ParagraphStyle, StyleProfile, TextStyle


def child_order(element_class, first_child: str) -> tuple[str, ...]:
    """Return the schema order of `element_class`'s children, as python-docx keeps it.

    python-docx declares each oxml class's child sequence once (ECMA-376's
    CT_PPr, CT_RPr …) and gives every declared child an inserter holding the
    children that must follow it; the inserter of the first child holds the rest.
    Children python-docx has no property for (w:pBdr, w:framePr, w:szCs) are put
    in place with that same sequence.
    """
    inserter = getattr(element_class, "_insert_" + first_child.split(":", 1)[1])
    declared = next(
        cell.cell_contents for cell in inserter.__closure__ or () if hasattr(cell.cell_contents, "_successors")
    )
    return (first_child, *declared._successors)


_PPR_ORDER = child_order(CT_PPr, "w:pStyle")
_RPR_ORDER = child_order(CT_RPr, "w:rStyle")
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "distribute": WD_ALIGN_PARAGRAPH.DISTRIBUTE,
}
_LINE_RULE = {
    "exact": WD_LINE_SPACING.EXACTLY,
    "at_least": WD_LINE_SPACING.AT_LEAST,
    "multiple": WD_LINE_SPACING.MULTIPLE,
}


@lru_cache(maxsize=1)
def base_document_bytes() -> bytes:
    """Return the slim base .docx (no thumbnail, few styles), zipped once per process."""
    import zipfile

    root = resources.files("reportgen") / "base"
    names = [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/settings.xml",
        "word/styles.xml",
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            part = root
            for piece in name.split("/"):
                part = part / piece
            archive.writestr(name, part.read_bytes())
    return buffer.getvalue()


def _style_id(key: str) -> str:
    return "".join(piece[:1].upper() + piece[1:] for piece in key.replace("-", "_").split("_"))


def _set_child(parent, tag: str, order: tuple[str, ...], attrs: dict[str, str]):
    """Replace (or add) `parent`'s child `tag`, in schema order, with the given attributes."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag, attrs={qn(name): value for name, value in attrs.items()})
    parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    return element


def grid_letter_spacing(profile: StyleProfile) -> float:
    """Return the letter spacing (points, negative to condense) that fits `grid_chars` a line.

    GB/T 9704 wants 28 characters of 16 pt in a 156 mm line, slightly less than
    16 pt each. Word can squeeze characters onto a character grid, but LibreOffice
    gives a character two grid cells when it is wider than one, so the spacing is
    set on the styles instead, which every application honours.
    """
    page = profile.page
    pitch = Mm(page.width - page.left - page.right).pt / page.grid_chars
    return min(0.0, math.floor((pitch - profile.defaults.size) * 20) / 20)


def _apply_text_format(style, spec: TextStyle, defaults, grid_spacing: float | None = None) -> None:
    font = style.font
    rpr = style.element.get_or_add_rPr()
    east_asian = spec.font
    latin = spec.latin_font or (defaults.latin_font if spec.font else None)
    if east_asian or latin:
        fonts = rpr.get_or_add_rFonts()
        if latin:
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), latin)
        if east_asian:
            fonts.set(qn("w:eastAsia"), east_asian)
    if spec.size is not None:
        font.size = Pt(spec.size)
        # w:szCs (the size of complex-script text) in half-points, as python-docx writes w:sz
        _set_child(rpr, "w:szCs", _RPR_ORDER, {"w:val": str(int(round(Pt(spec.size).pt * 2)))})
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.color is not None:
        font.color.rgb = RGBColor.from_string(spec.color)
    letter_spacing = spec.letter_spacing
    if letter_spacing is None and grid_spacing and (spec.size is None or spec.size == defaults.size):
        letter_spacing = grid_spacing
    if letter_spacing:
        _set_child(rpr, "w:spacing", _RPR_ORDER, {"w:val": str(Pt(letter_spacing).twips)})


def _apply_paragraph_format(style, spec: ParagraphStyle, profile: StyleProfile) -> None:
    pf = style.paragraph_format
    size = spec.size or profile.defaults.size
    if spec.align:
        pf.alignment = _ALIGN[spec.align]
    if spec.line_spacing is not None:
        pf.line_spacing_rule = _LINE_RULE[spec.line_rule]
        pf.line_spacing = spec.line_spacing if spec.line_rule == "multiple" else Pt(spec.line_spacing)
    if spec.space_before is not None:
        pf.space_before = Pt(spec.space_before)
    if spec.space_after is not None:
        pf.space_after = Pt(spec.space_after)
    if spec.keep_with_next is not None:
        pf.keep_with_next = spec.keep_with_next
    if spec.page_break_before is not None:
        pf.page_break_before = spec.page_break_before
    ppr = style.element.get_or_add_pPr()
    if spec.first_line_chars is not None or spec.indent_left_chars is not None or spec.indent_right_chars is not None:
        # Word's character units (hundredths of a character) beside the twips python-docx writes
        attrs = {}
        if spec.indent_left_chars is not None:
            attrs["w:leftChars"] = str(int(round(spec.indent_left_chars * 100)))
            attrs["w:left"] = str(Pt(spec.indent_left_chars * size).twips)
        if spec.indent_right_chars is not None:
            attrs["w:rightChars"] = str(int(round(spec.indent_right_chars * 100)))
            attrs["w:right"] = str(Pt(spec.indent_right_chars * size).twips)
        if spec.first_line_chars is not None:
            attrs["w:firstLineChars"] = str(int(round(spec.first_line_chars * 100)))
            attrs["w:firstLine"] = str(Pt(spec.first_line_chars * size).twips)
        _set_child(ppr, "w:ind", _PPR_ORDER, attrs)
    if spec.outline_level is not None:
        ppr.get_or_add_outlineLvl().val = spec.outline_level - 1
    if spec.borders is not None:
        borders = _set_child(ppr, "w:pBdr", _PPR_ORDER, {})
        for side in ("top", "bottom"):
            border = getattr(spec.borders, side)
            if border is None:
                continue
            line = OxmlElement(f"w:{side}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), str(int(round(border.width * 8))))
            line.set(qn("w:space"), str(int(round(border.space))))
            line.set(qn("w:color"), border.color)
            borders.append(line)
    text_width = profile.page.width - profile.page.left - profile.page.right
    for stop in spec.tab_stops:
        if stop.position == "right":
            position = Mm(text_width)
        elif stop.position == "center":
            position = Mm(text_width / 2)
        else:
            position = Mm(stop.position)
        pf.tab_stops.add_tab_stop(position, getattr(WD_TAB_ALIGNMENT, stop.align.upper()))
    if spec.bottom_of_page:
        _set_child(ppr, "w:framePr", _PPR_ORDER, bottom_frame_attrs(profile))


def bottom_frame_attrs(profile: StyleProfile) -> dict[str, str]:
    """Return the w:framePr attributes of a frame as wide as the text, at the bottom of the page."""
    text_width = profile.page.width - profile.page.left - profile.page.right
    return {
        "w:w": str(Mm(text_width).twips),
        "w:wrap": "around",
        "w:vAnchor": "margin",
        "w:hAnchor": "margin",
        "w:xAlign": "center",
        "w:yAlign": "bottom",
    }


class StyleSet:
    """The Word styles of one document, created from a profile."""

    def __init__(self, document, profile: StyleProfile):
        self.profile = profile
        styles = document.styles
        normal = styles["Normal"]
        self._normal_defaults(normal, profile)
        self.paragraph: dict[str, Any] = {}
        self.character: dict[str, Any] = {}
        grid_spacing = grid_letter_spacing(profile)
        for key, spec in profile.paragraph_styles.items():
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = _style_id(key)
            style.base_style = normal
            style.quick_style = True
            _apply_text_format(style, spec, profile.defaults, grid_spacing)
            _apply_paragraph_format(style, spec, profile)
            self.paragraph[key] = style
        for key, char_spec in profile.character_styles.items():
            char_style = styles.add_style(char_spec.name, WD_STYLE_TYPE.CHARACTER)
            char_style.style_id = _style_id(key)
            char_style.quick_style = True
            _apply_text_format(char_style, char_spec, profile.defaults)
            self.character[key] = char_style

    @staticmethod
    def _normal_defaults(normal, profile: StyleProfile) -> None:
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), profile.defaults.latin_font)
        fonts.set(qn("w:eastAsia"), profile.defaults.font)
        normal.font.size = Pt(profile.defaults.size)


def _setup_page(document, profile: StyleProfile) -> None:
    page = profile.page
    section = document.sections[0]
    section.page_width = Mm(page.width)
    section.page_height = Mm(page.height)
    section.top_margin = Mm(page.top)
    section.bottom_margin = Mm(page.bottom)
    section.left_margin = Mm(page.left)
    section.right_margin = Mm(page.right)
    section.header_distance = Mm(page.header_distance)
    section.footer_distance = Mm(page.footer_distance)
    text_height_pt = Mm(page.height - page.top - page.bottom).pt
    text_width_pt = Mm(page.width - page.left - page.right).pt
    # truncated, so that grid_lines lines always fit the text area
    line_pitch = int(Pt(text_height_pt / page.grid_lines) / Twips(1))
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:linePitch"), str(line_pitch))
    if page.char_grid:
        # Word's own character grid (LibreOffice spreads characters wider than a cell over two cells).
        char_pitch = text_width_pt / page.grid_chars
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:charSpace"), str(int(round((char_pitch - profile.defaults.size) * 4096))))
    else:
        grid.set(qn("w:type"), "lines")
        grid.attrib.pop(qn("w:charSpace"), None)


def _add_field_runs(paragraph, instruction: str, placeholder: str, style) -> None:
    def run_with(child):
        run = paragraph.add_run()
        run.style = style
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(placeholder)
    shown.style = style
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _setup_page_numbers(document, profile: StyleProfile, styles: StyleSet) -> None:
    spec = profile.page_numbers
    if not spec.enabled:
        return
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    char_style = styles.character[spec.style]
    size = profile.character_styles[spec.style].size or profile.defaults.size
    indent = Pt(spec.indent_chars * size)
    for footer, side in ((section.footer, spec.odd), (section.even_page_footer, spec.even)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        ppr = paragraph._p.get_or_add_pPr()
        for old in ppr.findall(qn("w:pStyle")):
            ppr.remove(old)
        paragraph.alignment = _ALIGN[side]
        if side == "right":
            paragraph.paragraph_format.right_indent = indent
        elif side == "left":
            paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if spec.before:
            paragraph.add_run(spec.before).style = char_style
        _add_field_runs(paragraph, "PAGE", "1", char_style)
        if spec.after:
            paragraph.add_run(spec.after).style = char_style


def prepare_template(profile: StyleProfile) -> PreparedTemplate:
    """Return the prepared template of `profile`: styles, page and footers, with an empty body."""
    import zipfile

    document = Document(io.BytesIO(base_document_bytes()))
    styles = StyleSet(document, profile)
    _setup_page(document, profile)
    _setup_page_numbers(document, profile, styles)
    landscape = profile.tables is not None and profile.tables.landscape
    if landscape:
        from .docx_landscape import add_landscape_section

        add_landscape_section(document, profile, styles.character.get(profile.page_numbers.style), _add_field_runs)
    raw = io.BytesIO()
    document.save(raw)
    parts = []
    document_xml = ""
    with zipfile.ZipFile(raw) as archive:
        for name in archive.namelist():
            if name == "word/document.xml":
                document_xml = archive.read(name).decode("utf-8")
            elif name != "docProps/core.xml":
                parts.append((name, archive.read(name)))
    body_start = document_xml.index("<w:body>") + len("<w:body>")
    body_end = document_xml.index("<w:sectPr", body_start)
    sections = _section_properties(document_xml[body_start:])
    if landscape:
        # The body holds the portrait section's break paragraph, then the landscape section's properties.
        document_xml = document_xml[:body_start] + sections[0] + document_xml[document_xml.index("</w:body>") :]
        body_end = body_start
    paragraph_ids, run_ids = {}, {}
    for role, key in profile.roles.items():
        if key in styles.paragraph:
            paragraph_ids[role] = styles.paragraph[key].style_id
        elif key in styles.character:
            run_ids[role] = styles.character[key].style_id
    framed = frozenset(
        styles.paragraph[key].style_id for key, spec in profile.paragraph_styles.items() if spec.bottom_of_page
    )
    frame_xml = (
        "<w:framePr " + " ".join(f'{name}="{value}"' for name, value in bottom_frame_attrs(profile).items()) + "/>"
    )
    return PreparedTemplate(
        photos=_photo_layout(profile, styles) if profile.photos is not None else {},
        tables=_table_layout(profile, styles, sections[0], sections[1] if landscape else "").to_dict()
        if profile.tables is not None
        else {},
        parts=tuple(parts),
        document_head=document_xml[:body_start],
        document_tail=document_xml[body_end:],
        paragraph_ids=paragraph_ids,
        run_ids=run_ids,
        framed_ids=framed,
        frame_xml=frame_xml,
    )


def _section_properties(body: str) -> list[str]:
    """Return the w:sectPr elements of a document body, in order."""
    import re

    return re.findall(r"<w:sectPr\b.*?</w:sectPr>", body, flags=re.S)


def _table_layout(profile: StyleProfile, styles: StyleSet, portrait: str, landscape: str):
    from .docx_tables import TableLayout

    assert profile.tables is not None
    page = profile.page
    cell_key = profile.roles["table-cell"]
    header_key = profile.roles["table-header"]
    cell_size = profile.paragraph_styles[cell_key].size or profile.defaults.size
    return TableLayout(
        text_width=int(round((page.width - page.left - page.right) / 25.4 * 1440)),
        landscape_width=int(round((page.height - page.top - page.bottom) / 25.4 * 1440)),
        cell_size=cell_size,
        cell_margin=int(round(profile.tables.cell_margin / 25.4 * 1440)),
        border=max(2, int(round(profile.tables.border_width * 8))),
        thousands=profile.tables.thousands_separator,
        header_style=styles.paragraph[header_key].style_id,
        cell_style=styles.paragraph[cell_key].style_id,
        portrait_section=portrait,
        landscape_section=landscape,
    )


def _photo_layout(profile: StyleProfile, styles: StyleSet) -> dict:
    from .docx_photos import EMU_PER_MM, PhotoLayout

    assert profile.photos is not None
    page = profile.page
    return PhotoLayout(
        text_width=int(round((page.width - page.left - page.right) * EMU_PER_MM)),
        max_height=int(round(profile.photos.max_height * EMU_PER_MM)),
        gap=int(round(profile.photos.gap * EMU_PER_MM)),
        photo_style=styles.paragraph[profile.roles["photo"]].style_id,
        caption_style=styles.paragraph[profile.roles["photo-caption"]].style_id,
        max_pixels=profile.photos.max_pixels,
        quality=profile.photos.quality,
    ).to_dict()
