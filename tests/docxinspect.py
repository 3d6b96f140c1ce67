"""Read a .docx as a reader would: paragraphs with their styles, fonts resolved through styles."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn


def style_chain(style):
    """Yield `style` and the styles it is based on."""
    while style is not None:
        yield style
        style = style.base_style


def resolved_east_asian_font(style) -> str | None:
    for s in style_chain(style):
        rpr = s.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
            return rpr.rFonts.get(qn("w:eastAsia"))
    return None


def resolved_size_pt(style) -> float | None:
    for s in style_chain(style):
        if s.font.size is not None:
            return s.font.size.pt
    return None


def outline_level(style) -> int | None:
    for s in style_chain(style):
        ppr = s.element.pPr
        if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
            return int(ppr.find(qn("w:outlineLvl")).get(qn("w:val"))) + 1
    return None


def document_text(path: Path) -> str:
    return "".join(p.text for p in docx.Document(str(path)).paragraphs)


def golden_lines(path: Path) -> list[str]:
    """Return the document as normalised lines: paragraph style, then runs [char style]text."""
    document = docx.Document(str(path))
    lines = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                cells = [f"{c.paragraphs[0].style.name}:{c.text}" for c in row.cells]
                lines.append("table row: " + " | ".join(cells))
            continue
        paragraph = item
        parts = []
        for run in paragraph.runs:
            style = run.style.name if run.style is not None and run.style.name != "Default Paragraph Font" else ""
            parts.append(f"[{style}]{run.text}" if style else run.text)
        lines.append(f"{paragraph.style.name}: {''.join(parts)}")
    return lines


def footer_xml(path: Path) -> dict[str, str]:
    """Return the footer parts' XML by relationship type (default / even)."""
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
        found = {}
        for kind, rid in re.findall(r'<w:footerReference w:type="(\w+)" r:id="(rId\d+)"', document):
            found[kind] = archive.read("word/" + targets[rid]).decode("utf-8")
        return found
