"""Baseline: an exchange material built directly with python-docx, the obvious way.

A new `Document()` per report, one `add_paragraph`/`add_run` per piece of text,
fonts (Latin and East Asian), sizes, indents and line spacing set directly on
every paragraph and run (the formats of templates/exchange/style.yaml), A4 page with the GB/T 9704 margins, and a "— 1 —" page
number in the footer. It starts from already-loaded data: a `Report` and its
cases, as `report_text.load_report` returns them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .report_text import BODY, HEADING_1, HEADING_2, HEADLINE, POINT, SIGNATURE, TITLE, report_paragraphs

LATIN_FONT = "Times New Roman"
LINE_PITCH = 28.95  # points: 22 lines on the A4 text area
# role -> (East Asian font, size in pt, alignment), as in templates/exchange/style.yaml
FORMATS = {
    TITLE: ("楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.CENTER),
    HEADLINE: ("方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER),
    HEADING_1: ("黑体", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
    HEADING_2: ("楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
    BODY: ("仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
    POINT: ("仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
    SIGNATURE: ("仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.RIGHT),
}
LEAD_IN_FONT = "楷体_GB2312"  # the run-in key phrase of a point
INDENTED = {HEADING_1, HEADING_2, BODY, POINT}


def format_paragraph(paragraph, role: str) -> None:
    """Set a paragraph's alignment, line spacing and indents for its role."""
    paragraph.alignment = FORMATS[role][2]
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(36 if role == HEADLINE else LINE_PITCH)
    layout.space_before = Pt(0)
    layout.space_after = Pt(LINE_PITCH if role == HEADLINE else 0)
    if role in INDENTED:
        layout.first_line_indent = Pt(32)
    if role == SIGNATURE:
        layout.right_indent = Pt(64)


def set_run_font(run, east_asian: str, size: float) -> None:
    """Set a run's Latin and East Asian fonts and its size."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def add_page_number(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    set_run_font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    set_run_font(paragraph.add_run(" —"), "宋体", 14)


def render_python_docx(report, cases) -> bytes:
    """Return the .docx bytes of `report`, built with python-docx's object model."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    add_page_number(section)
    document.core_properties.title = report.headline
    document.core_properties.author = report.author or ""

    for item in report_paragraphs(report, cases):
        font, size, _ = FORMATS[item.role]
        paragraph = document.add_paragraph()
        format_paragraph(paragraph, item.role)
        if item.lead_in:
            set_run_font(paragraph.add_run(item.lead_in), LEAD_IN_FONT, size)
        set_run_font(paragraph.add_run(item.text), font, size)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
