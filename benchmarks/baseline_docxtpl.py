"""Baseline: the same exchange material rendered with docxtpl (Jinja inside a .docx).

The .docx template is built once, in code, with python-docx: one paragraph per
role holding Jinja tags (`{{ headline }}`, `{%p for section in sections %}`…),
each run already carrying its fonts. Rendering a report then means what docxtpl
users do: open the template, render the context, save.
"""

from __future__ import annotations

import io
from functools import lru_cache

from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate

from .baseline_python_docx import FORMATS, LEAD_IN_FONT, add_page_number, format_paragraph, set_run_font
from .report_text import BODY, HEADING_1, HEADING_2, HEADLINE, POINT, SIGNATURE, TITLE, report_paragraphs

# The template's paragraphs: (role or None for a control line, text of the lead-in run, text of the main run)
TEMPLATE_LINES = [
    (None, "", "{%p if title %}"),
    (TITLE, "", "{{ title }}"),
    (None, "", "{%p endif %}"),
    (HEADLINE, "", "{{ headline }}"),
    (BODY, "", "{{ lead }}"),
    (None, "", "{%p for block in blocks %}"),
    (None, "", "{%p if block.role == 'heading1' %}"),
    (HEADING_1, "", "{{ block.text }}"),
    (None, "", "{%p elif block.role == 'heading2' %}"),
    (HEADING_2, "", "{{ block.text }}"),
    (None, "", "{%p elif block.role == 'point' %}"),
    (POINT, "{{ block.lead_in }}", "{{ block.text }}"),
    (None, "", "{%p else %}"),
    (BODY, "", "{{ block.text }}"),
    (None, "", "{%p endif %}"),
    (None, "", "{%p endfor %}"),
    (None, "", "{%p if closing %}"),
    (BODY, "", "{{ closing }}"),
    (None, "", "{%p endif %}"),
    (None, "", "{%p if issuer %}"),
    (SIGNATURE, "", "{{ issuer }}"),
    (None, "", "{%p endif %}"),
    (SIGNATURE, "", "{{ date }}"),
]


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """Return the .docx template with Jinja tags, built once with python-docx."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    add_page_number(section)
    for role, lead_in, text in TEMPLATE_LINES:
        paragraph = document.add_paragraph()
        if role is None:
            paragraph.add_run(text)
            continue
        font, size, _ = FORMATS[role]
        format_paragraph(paragraph, role)
        if lead_in:
            set_run_font(paragraph.add_run(lead_in), LEAD_IN_FONT, size)
        set_run_font(paragraph.add_run(text), font, size)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_context(report, cases) -> dict:
    """Return the template context: the fixed parts by name, the body as a list of blocks."""
    paragraphs = report_paragraphs(report, cases)
    fixed_head = 3 if report.title else 2  # title, headline, lead
    fixed_tail = (1 if report.closing else 0) + (1 if report.issuer else 0) + 1
    blocks = [
        {"role": p.role, "lead_in": p.lead_in, "text": p.text}
        for p in paragraphs[fixed_head : len(paragraphs) - fixed_tail]
    ]
    return {
        "title": report.title or "",
        "headline": report.headline,
        "lead": report.lead,
        "blocks": blocks,
        "closing": report.closing,
        "issuer": report.issuer or "",
        "date": paragraphs[-1].text,
    }


def render_docxtpl(report, cases) -> bytes:
    """Return the .docx bytes of `report`, rendered from the docxtpl template."""
    template = DocxTemplate(io.BytesIO(template_bytes()))
    template.render(report_context(report, cases), autoescape=True)
    template.docx.core_properties.title = report.headline
    template.docx.core_properties.author = report.author or ""
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
