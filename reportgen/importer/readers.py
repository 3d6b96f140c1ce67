"""Read a source document (.txt or .docx) into paragraphs of text with their positions."""

from __future__ import annotations

import bisect
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, Problem, ReportgenError
from ..i18n import _
from ..source import display_path

MAX_SOURCE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
DOCX_SUFFIXES = (".docx",)


@dataclass
class SourceParagraph:
    """One paragraph (a line of a .txt, a paragraph of a .docx) and where it starts."""

    text: str
    offset: int  # offset of text[0] in SourceDocument.text
    style: str | None = None
    outline_level: int | None = None  # 1 for the top level, as Word's navigation pane shows it
    in_table: bool = False


@dataclass
class SourceDocument:
    """A source document's text, with its paragraphs and what Word told about them."""

    path: Path
    display: str
    kind: str  # "txt" or "docx"
    text: str  # paragraphs joined with "\n": line N is paragraph N
    paragraphs: list[SourceParagraph] = field(default_factory=list)
    encoding: str | None = None
    author: str | None = None

    def position(self, offset: int | None) -> tuple[int, int]:
        """Return the 1-based line and column of `offset` in the text."""
        if offset is None:
            return (0, 0)
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column

    def location(self, offset: int | None) -> Location:
        """Return the `path:line:col` location of `offset`."""
        if offset is None:
            return Location(self.display)
        line, column = self.position(offset)
        return Location(self.display, line, column)

    def paragraph_at(self, offset: int | None) -> SourceParagraph | None:
        """Return the paragraph holding `offset`."""
        if offset is None or not self.paragraphs:
            return None
        index = bisect.bisect_right([p.offset for p in self.paragraphs], offset) - 1
        return self.paragraphs[index] if index >= 0 else None


def read_source(path: Path) -> SourceDocument:
    """Read a .txt or .docx file; raise ReportgenError when it cannot be read."""
    display = display_path(path)
    if not path.exists():
        raise ReportgenError([Problem(Location(display), _("file not found"))])
    if path.is_dir():
        raise ReportgenError(
            [Problem(Location(display), _("is a folder, not a document"), hint=_("name a .txt or .docx file"))]
        )
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportgenError(
            [Problem(Location(display), _("cannot read file: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    if size > MAX_SOURCE_BYTES:
        message = _("file is too large ({size} MB; the limit is {limit} MB)").format(
            size=f"{size / 1024 / 1024:.1f}", limit=MAX_SOURCE_BYTES // 1024 // 1024
        )
        raise ReportgenError([Problem(Location(display), message)])
    if suffix in DOCX_SUFFIXES:
        return read_docx(path, display)
    if suffix in TEXT_SUFFIXES or suffix == "":
        return read_text(path, display)
    if suffix == ".doc":
        raise ReportgenError(
            [
                Problem(
                    Location(display),
                    _("old Word .doc files cannot be read"),
                    hint=_("open it in Word or WPS and save it as .docx"),
                )
            ]
        )
    raise ReportgenError(
        [
            Problem(
                Location(display),
                _("cannot import '{suffix}' files").format(suffix=suffix),
                hint=_("import a .txt (UTF-8 or GB18030) or a .docx file"),
            )
        ]
    )


def decode_text(raw: bytes, display: str) -> tuple[str, str]:
    """Return the text of `raw` and the encoding used: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8")]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("gb18030", "GB18030")]
    first_error: UnicodeDecodeError | None = None
    for codec, name in candidates:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    start = first_error.start if first_error else 0
    line = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    # the column in characters, as an editor shows it
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    raise ReportgenError(
        [
            Problem(
                Location(display, line, column),
                _("text is neither UTF-8 nor GB18030"),
                hint=_("save the file as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8)"),
            )
        ]
    )


def read_text(path: Path, display: str) -> SourceDocument:
    """Return the document of a plain-text file: one paragraph per line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportgenError(
            [Problem(Location(display), _("cannot read file: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    text, encoding = decode_text(raw, display)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = SourceDocument(path=path, display=display, kind="txt", text=text, encoding=encoding)
    offset = 0
    for line in text.split("\n"):
        document.paragraphs.append(SourceParagraph(line, offset))
        offset += len(line) + 1
    return document


def read_docx(path: Path, display: str) -> SourceDocument:
    """Return the document of a .docx file: its body paragraphs (and table cells) in order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportgenError(
            [
                Problem(
                    Location(display),
                    _("not a readable .docx file ({error})").format(error=exc.__class__.__name__),
                    hint=_("open it in Word or WPS and save it again as .docx"),
                )
            ]
        ) from None
    paragraphs: list[SourceParagraph] = []
    pieces: list[str] = []
    offset = 0

    def add(paragraph, in_table: bool) -> None:
        nonlocal offset
        # A line break inside a paragraph becomes a space; the cleaning step reports it.
        text = paragraph.text.replace("\n", " ").replace("\r", " ")
        style = _style_name(paragraph)
        paragraphs.append(
            SourceParagraph(
                text=text,
                offset=offset,
                style=style,
                outline_level=_outline_level(paragraph),
                in_table=in_table,
            )
        )
        pieces.append(text)
        offset += len(text) + 1

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add(Paragraph(child, word), False)
        elif tag == "tbl":
            seen = set()
            for row in Table(child, word).rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        add(paragraph, True)
    author = (word.core_properties.author or "").strip() or None
    return SourceDocument(
        path=path, display=display, kind="docx", text="\n".join(pieces), paragraphs=paragraphs, author=author
    )


def _style_name(paragraph) -> str | None:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.name if style is not None else None


def _outline_level(paragraph) -> int | None:
    """Return the paragraph's outline level (1-9), from itself or its style chain."""
    values = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if not values:
        try:
            style = paragraph.style
        except (KeyError, ValueError):
            style = None
        depth = 0
        while style is not None and not values and depth < 20:
            values = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
            style = style.base_style
            depth += 1
    if not values:
        return None
    try:
        level = int(values[0]) + 1
    except ValueError:
        return None
    return level if 1 <= level <= 9 else None
