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
from dataclasses import dataclass, field
from html import escape as _html_escape

from .blocks import BREAK, TAB, Block, PhotoBlock, Run, TableBlock
from .characters import BIDI_RE
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
    tables: dict = field(default_factory=dict)  # docx_tables.TableLayout, as a dict
    photos: dict = field(default_factory=dict)  # docx_photos.PhotoLayout, as a dict

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
                "tables": self.tables,
                "photos": self.photos,
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
            tables=dict(data.get("tables", {})),
            photos=dict(data.get("photos", {})),
        )


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _refuse_bidi_controls(text: str) -> None:
    bad = BIDI_RE.search(text)
    if bad:
        start = bad.start()
        around = BIDI_RE.sub("", text[max(0, start - 12) : start + 12])
        raise DocumentError(
            _(
                "the text '{around}' holds the direction control U+{code:04X}, which would show it in another order than it is stored; delete it (`reportgen lint` shows where)"
            ).format(around=around, code=ord(bad.group()))
        )


def _run_xml(text: str, style_id: str | None) -> str:
    _refuse_bidi_controls(text)
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


def body_xml(blocks: list, prepared: PreparedTemplate, images: dict | None = None, media=None) -> str:
    """Return the paragraphs and tables of `blocks` as WordprocessingML, each in its role's style."""
    out = []
    layout = _table_layout(prepared) if any(isinstance(b, TableBlock) for b in blocks) else None
    landscape = set()
    if layout is not None:
        from .docx_tables import needs_landscape

        for i, block in enumerate(blocks):
            if isinstance(block, TableBlock) and needs_landscape(block, layout):
                # The table's title goes on the landscape page with it.
                titled = i > 0 and isinstance(blocks[i - 1], Block) and blocks[i - 1].role == "table-title"
                landscape.add(i - 1 if titled else i)
                landscape.add(i)
    for i, block in enumerate(blocks):
        if layout is not None and i in landscape and i - 1 not in landscape:
            from .docx_tables import section_break

            out.append(section_break(layout.portrait_section))
        if isinstance(block, PhotoBlock):
            out.append(_photo_xml(block, prepared, images or {}, media))
        elif isinstance(block, TableBlock):
            out.append(_table_xml(block, prepared, layout, i in landscape))
        else:
            out.append(_paragraph_xml(block, prepared))
        if layout is not None and i in landscape and i + 1 not in landscape:
            from .docx_tables import section_break

            out.append(section_break(layout.landscape_section))
    return "".join(out)


def _photo_xml(block: PhotoBlock, prepared: PreparedTemplate, images: dict, media) -> str:
    from .docx_photos import PhotoLayout, photo_pair_xml, photo_xml

    if not prepared.photos:
        raise DocumentError(
            _(
                "the template places a photo, but this document's style profile has no photo settings (add photos: to style.yaml)"
            )
        )
    layout = PhotoLayout(**prepared.photos)
    pictures = []
    for n, key in enumerate(block.keys):
        part = images.get(key)
        if part is None:
            raise DocumentError(_("the template places a photo that is not one of the document's cases' photos"))
        runs = block.captions[n] if n < len(block.captions) else []
        caption = "".join(r.text for r in runs)
        pictures.append((part, "".join(_styled_run_xml(r, prepared) for r in runs), caption))
    if len(pictures) == 2:
        return photo_pair_xml(pictures, layout, media)
    return "".join(photo_xml(part, runs, caption, layout, media) for part, runs, caption in pictures)


def _table_layout(prepared: PreparedTemplate):
    from .docx_tables import TableLayout

    if not prepared.tables:
        raise DocumentError(
            _(
                "the template places a table, but this document's style profile has no table styles (add tables: to style.yaml)"
            )
        )
    return TableLayout(**prepared.tables)


def _table_xml(block: TableBlock, prepared: PreparedTemplate, layout, landscape: bool) -> str:
    from .docx_tables import table_xml

    width = layout.landscape_width if landscape else layout.text_width
    return table_xml(block, layout, width, lambda run: _styled_run_xml(run, prepared))


def _styled_run_xml(run: Run, prepared: PreparedTemplate) -> str:
    if run.role == TAB:
        return "<w:r><w:tab/></w:r>"
    if run.role == BREAK:
        return "<w:r><w:br/></w:r>"
    run_style = None
    if run.role is not None:
        run_style = prepared.run_ids.get(run.role)
        if run_style is None:
            raise DocumentError(
                _(
                    "the template uses the text role '{role}', which style.yaml does not map to a character style (add it under roles:)"
                ).format(role=run.role)
            )
    return _run_xml(run.text, run_style)


def _paragraph_xml(block: Block, prepared: PreparedTemplate) -> str:
    style_id = prepared.paragraph_ids.get(block.role)
    if style_id is None:
        raise DocumentError(
            _(
                "the template uses the paragraph role '{role}', which style.yaml does not map to a paragraph style (add it under roles:)"
            ).format(role=block.role)
        )
    frame = prepared.frame_xml if style_id in prepared.framed_ids else ""
    runs = "".join(_styled_run_xml(run, prepared) for run in block.runs)
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{frame}</w:pPr>{runs}</w:p>'


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


def write_document(blocks: list, prepared: PreparedTemplate, meta: DocumentMeta, images: dict | None = None) -> bytes:
    """Return the .docx bytes of `blocks` in the prepared template, with `meta` as core properties."""
    from .package import zip_parts

    for label, value in (("title", meta.title), ("author", meta.author), ("subject", meta.subject)):
        _refuse_bidi_controls(value)
        bad = _XML_ILLEGAL.search(value)
        if bad:
            raise DocumentError(
                _(
                    "the document's {field} contains the character U+{code:04X}, which a Word document cannot hold"
                ).format(field=label, code=ord(bad.group()))
            )
    from .docx_photos import MediaStore, add_media

    media = MediaStore()
    document_xml = prepared.document_head + body_xml(blocks, prepared, images, media) + prepared.document_tail
    parts = [
        *add_media(prepared.parts, media),
        ("word/document.xml", document_xml.encode("utf-8")),
        ("docProps/core.xml", core_properties_xml(meta)),
    ]
    return zip_parts(parts)
