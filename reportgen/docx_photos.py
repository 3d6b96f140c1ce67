"""Write photos into a document: inline pictures, centred, within the type area, and their captions.

A photo is scaled to fit the width it has (the type area, or half of it for two
side by side) and the profile's maximum height, keeping its aspect and never
made larger than it is (at 96 pixels an inch). Two photos side by side sit in a
borderless table of two cells, each with its caption under it. Each picture is
stored once per document however often it appears. Knows blocks and image
parts; nothing of YAML or Pillow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .photos import ImagePart

EMU_PER_MM = 36000
EMU_PER_PIXEL = 9525  # at 96 pixels an inch
EMU_PER_TWIP = 635
_REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


@dataclass(frozen=True)
class PhotoLayout:
    """The room photos have: widths in EMU, the maximum height, and the gap between two side by side."""

    text_width: int  # EMU
    max_height: int  # EMU
    gap: int  # EMU
    photo_style: str | None
    caption_style: str | None
    max_pixels: int
    quality: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class MediaStore:
    """The pictures of one document, each stored once, by the digest of its bytes."""

    parts: dict[str, tuple[str, ImagePart]] = field(default_factory=dict)  # digest -> (rel id, part)
    next_id: int = 1

    def add(self, part: ImagePart) -> str:
        import hashlib

        digest = hashlib.sha256(part.data).hexdigest()
        if digest not in self.parts:
            self.parts[digest] = (f"rIdPhoto{len(self.parts) + 1}", part)
        return self.parts[digest][0]

    def drawing_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def package_parts(self) -> list[tuple[str, bytes]]:
        """Return (part name, bytes) for word/media/, in a fixed order."""
        return [(f"word/media/{rid[3:].lower()}.{part.extension}", part.data) for rid, part in self.parts.values()]

    def relationships_xml(self) -> str:
        return "".join(
            f'<Relationship Id="{rid}" Type="{_REL_IMAGE}" Target="media/{rid[3:].lower()}.{part.extension}"/>'
            for rid, part in self.parts.values()
        )

    def content_types_xml(self) -> str:
        kinds = sorted({(part.extension, part.content_type) for _rid, part in self.parts.values()})
        return "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in kinds)


def fitted_size(part: ImagePart, max_width: int, max_height: int) -> tuple[int, int]:
    """Return (cx, cy) in EMU: the picture at 96 dpi, shrunk to fit, aspect kept, never enlarged."""
    cx, cy = part.width * EMU_PER_PIXEL, part.height * EMU_PER_PIXEL
    scale = min(1.0, max_width / cx, max_height / cy)
    return int(cx * scale), int(cy * scale)


def drawing_xml(rid: str, drawing_id: int, cx: int, cy: int, description: str) -> str:
    """Return a w:r holding an inline picture of `cx` × `cy` EMU."""
    descr = escape(description, quote=True)
    return (
        f'<w:r><w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{drawing_id}" name="Picture {drawing_id}" descr="{descr}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
        f'<pic:nvPicPr><pic:cNvPr id="{drawing_id}" name="Picture {drawing_id}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def _paragraph(style: str | None, runs: str) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def photo_xml(part: ImagePart, caption_runs: str, caption: str, layout: PhotoLayout, media: MediaStore) -> str:
    """Return the paragraph of one photo, centred in the type area, and its caption paragraph."""
    rid = media.add(part)
    cx, cy = fitted_size(part, layout.text_width, layout.max_height)
    picture = _paragraph(layout.photo_style, drawing_xml(rid, media.drawing_id(), cx, cy, caption))
    return picture + (_paragraph(layout.caption_style, caption_runs) if caption_runs else "")


def photo_pair_xml(pictures: list[tuple[ImagePart, str, str]], layout: PhotoLayout, media: MediaStore) -> str:
    """Return two photos side by side, each with its caption below, in a borderless table as wide as the text.

    The pictures' paragraphs keep with the next, so the caption row never starts a page alone.
    """
    half = layout.text_width // EMU_PER_TWIP // 2
    margin = layout.gap // EMU_PER_TWIP // 2
    # What a cell holds: half the type area less its margins, half the gap on each side.
    cell_width = (half - 2 * margin) * EMU_PER_TWIP
    images, captions = [], []
    for part, caption_runs, caption in pictures:
        rid = media.add(part)
        cx, cy = fitted_size(part, cell_width, layout.max_height)
        picture = _paragraph(layout.photo_style, drawing_xml(rid, media.drawing_id(), cx, cy, caption))
        images.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>{picture}</w:tc>'
        )
        text = _paragraph(layout.caption_style, caption_runs)
        captions.append(f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>{text}</w:tc>')
    none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{half * 2}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
        # pictures on one row, bottoms aligned; captions on the next, kept with them
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(images)}</w:tr>"
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(captions)}</w:tr></w:tbl>"
    )


def add_media(parts, media: MediaStore) -> list[tuple[str, bytes]]:
    """Return the package parts with the document's pictures, their relationships and content types added."""
    if not media.parts:
        return list(parts)
    out = []
    for name, data in parts:
        if name == "[Content_Types].xml":
            text = data.decode("utf-8")
            at = text.index(">", text.index("<Types")) + 1
            data = (text[:at] + media.content_types_xml() + text[at:]).encode("utf-8")
        elif name == "word/_rels/document.xml.rels":
            text = data.decode("utf-8")
            at = text.rindex("</Relationships>")
            data = (text[:at] + media.relationships_xml() + text[at:]).encode("utf-8")
        out.append((name, data))
    return out + media.package_parts()
