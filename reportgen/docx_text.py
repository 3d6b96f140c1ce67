"""The text of a .docx file's body, paragraph by paragraph, as a reader sees it.

Every `w:p` of the body counts, in document order, including those inside table
cells (each cell once, however it is merged). Deleted text of tracked changes,
field codes and headers and footers do not.
"""

from __future__ import annotations

import io
import zipfile

from .errors import Location, Problem, ReportgenError
from .i18n import _

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCUMENT_XML = 64 * 1024 * 1024  # bytes of word/document.xml read at most


def paragraph_texts(data: bytes, display: str = "") -> list[str]:
    """Return the text of each non-empty body paragraph of a .docx file's bytes."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_DOCUMENT_XML:
                raise ReportgenError(
                    [
                        Problem(
                            Location(display),
                            _("the document's text is too large to compare ({size:,} bytes)").format(
                                size=info.file_size
                            ),
                        )
                    ]
                )
            xml = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ReportgenError(
            [
                Problem(
                    Location(display),
                    _("not a readable .docx file ({error})").format(error=exc.__class__.__name__),
                    hint=_("build it again"),
                )
            ]
        ) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ReportgenError(
            [
                Problem(
                    Location(display),
                    _("not a readable .docx file ({error})").format(error=exc),
                    hint=_("build it again"),
                )
            ]
        ) from None
    body = root.find(f"{_W}body")
    if body is None:
        return []
    texts = []
    for paragraph in body.iter(f"{_W}p"):
        text = _paragraph_text(paragraph)
        if text.strip():
            texts.append(text)
    return texts


def _paragraph_text(paragraph) -> str:
    pieces = []
    for run in paragraph.iter(f"{_W}r"):
        if _inside_nested(run, paragraph):
            continue  # a paragraph in a text box is a paragraph of its own
        for node in run:
            if node.tag == f"{_W}t":
                pieces.append(node.text or "")
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag == f"{_W}noBreakHyphen":
                pieces.append("-")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
    return "".join(pieces)


def _inside_nested(node, paragraph) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag == f"{_W}p":
            return True
        parent = parent.getparent()
    return False
