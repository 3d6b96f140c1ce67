"""Write document blocks into a Word document through named styles.

Each document's paragraphs refer to the styles of a prepared template by id; the
template itself (styles, page, footers) is made once per style profile by
`docx_styles.prepare_template` with python-docx. Knows blocks and style
profiles; knows nothing of YAML or templates.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass
from html import escape as _html_escape

from .blocks import BREAK, TAB, Block
from .i18n import _


def xml_escape(text: str) -> str:
    """Return `text` with &, < and > escaped for XML element content."""
    return _html_escape(text, quote=False)


class DocumentError(ValueError):
    """The blocks cannot be written with this profile (e.g. a role has no style)."""


@dataclass(frozen=True)
class DocumentMeta:
    """Core properties of the document."""

    title: str
    author: str
    created: dt.datetime
    subject: str = ""
    keywords: str = ""
    category: str = ""


@dataclass(frozen=True)
class PreparedTemplate:
    """A style profile made into a document once: every part but the body and core properties.

    Styles, page setup and footers are built with python-docx once per profile; each
    document then only adds its paragraphs (referring to the styles by id) and its
    core properties.
    """

    parts: tuple[tuple[str, bytes], ...]
    document_head: str
    document_tail: str
    paragraph_ids: dict[str, str]
    run_ids: dict[str, str]
    framed_ids: frozenset[str]
    frame_xml: str

    def to_json(self) -> str:
        """Return the prepared template as JSON, for the cache beside the outputs."""
        return json.dumps(
            {
                "parts": [[name, base64.b64encode(data).decode("ascii")] for name, data in self.parts],
                "document_head": self.document_head,
                "document_tail": self.document_tail,
                "paragraph_ids": self.paragraph_ids,
                "run_ids": self.run_ids,
                "framed_ids": sorted(self.framed_ids),
                "frame_xml": self.frame_xml,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> PreparedTemplate:
        data = json.loads(text)
        return cls(
            parts=tuple((name, base64.b64decode(blob)) for name, blob in data["parts"]),
            document_head=data["document_head"],
            document_tail=data["document_tail"],
            paragraph_ids=dict(data["paragraph_ids"]),
            run_ids=dict(data["run_ids"]),
            framed_ids=frozenset(data["framed_ids"]),
            frame_xml=data["frame_xml"],
        )


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _run_xml(text: str, style_id: str | None) -> str:
    bad = _XML_ILLEGAL.search(text)
    if bad:
        raise DocumentError(
            _("the document would contain the character U+{code:04X}, which a Word document cannot hold").format(
                code=ord(bad.group())
            )
        )
    rpr = f'<w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else ""
    pieces = []
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece == "\n":
            pieces.append("<w:br/>")
        elif piece:
            pieces.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def body_xml(blocks: list[Block], prepared: PreparedTemplate) -> str:
    """Return the paragraphs of `blocks` as WordprocessingML, each in its role's style."""
    out = []
    for block in blocks:
        style_id = prepared.paragraph_ids.get(block.role)
        if style_id is None:
            raise DocumentError(
                _(
                    "the template uses the paragraph role '{role}', which style.yaml does not map to a paragraph style (add it under roles:)"
                ).format(role=block.role)
            )
        frame = prepared.frame_xml if style_id in prepared.framed_ids else ""
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{frame}</w:pPr>')
        for run in block.runs:
            if run.role == TAB:
                out.append("<w:r><w:tab/></w:r>")
            elif run.role == BREAK:
                out.append("<w:r><w:br/></w:r>")
            else:
                run_style = None
                if run.role is not None:
                    run_style = prepared.run_ids.get(run.role)
                    if run_style is None:
                        raise DocumentError(
                            _(
                                "the template uses the text role '{role}', which style.yaml does not map to a character style (add it under roles:)"
                            ).format(role=run.role)
                        )
                out.append(_run_xml(run.text, run_style))
        out.append("</w:p>")
    return "".join(out)


def core_properties_xml(meta: DocumentMeta) -> bytes:
    """Return docProps/core.xml for `meta`, with fixed dates so that the bytes repeat."""
    stamp = meta.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(meta.title)}</dc:title>"
        f"<dc:subject>{xml_escape(meta.subject)}</dc:subject>"
        f"<dc:creator>{xml_escape(meta.author)}</dc:creator>"
        f"<cp:keywords>{xml_escape(meta.keywords)}</cp:keywords>"
        f"<cp:lastModifiedBy>{xml_escape(meta.author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<cp:category>{xml_escape(meta.category)}</cp:category>"
        "<dc:language>zh-CN</dc:language>"
        "</cp:coreProperties>"
    ).encode()


def write_document(blocks: list[Block], prepared: PreparedTemplate, meta: DocumentMeta) -> bytes:
    """Return the .docx bytes of `blocks` in the prepared template, with `meta` as core properties."""
    from .package import zip_parts

    for label, value in (("title", meta.title), ("author", meta.author)):
        bad = _XML_ILLEGAL.search(value)
        if bad:
            raise DocumentError(
                _(
                    "the document's {field} contains the character U+{code:04X}, which a Word document cannot hold"
                ).format(field=label, code=ord(bad.group()))
            )
    document_xml = prepared.document_head + body_xml(blocks, prepared) + prepared.document_tail
    parts = [
        *prepared.parts,
        ("word/document.xml", document_xml.encode("utf-8")),
        ("docProps/core.xml", core_properties_xml(meta)),
    ]
    return zip_parts(parts)
