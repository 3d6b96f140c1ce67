"""Read a source document (.txt or .docx) into paragraphs of text with their positions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..errors import Location, Problem, ReportgenError
from ..i18n import _
from ..source import display_path
from . import ooxml

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

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        return starts

    @cached_property
    def _paragraph_offsets(self) -> list[int]:
        return [p.offset for p in self.paragraphs]

    def position(self, offset: int | None) -> tuple[int, int]:
        """Return the 1-based line and column of `offset` in the text (a binary search: imports stay linear)."""
        if offset is None:
            return (0, 0)
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

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
        index = bisect.bisect_right(self._paragraph_offsets, offset) - 1
        return self.paragraphs[index] if index >= 0 else None


def read_source(path: Path, limits: ooxml.Limits = ooxml.DEFAULT_LIMITS) -> SourceDocument:
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
        return read_docx(path, display, limits)
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
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise ReportgenError(
            [Problem(Location(display), _("cannot read file: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    text, encoding = decode_text(raw, display)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        paragraphs.append(SourceParagraph(line, offset))
        offset += len(line) + 1
    return SourceDocument(path=path, display=display, kind="txt", text=text, paragraphs=paragraphs, encoding=encoding)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
_CORE = "/core-properties"
# where a paragraph's runs can sit: directly, in a link, a tracked insertion, a smart tag, a field, a control
_RUN_HOLDERS = {
    W + "hyperlink",
    W + "ins",
    W + "smartTag",
    W + "fldSimple",
    W + "customXml",
    W + "sdt",
    W + "sdtContent",
}
_RUN_TEXT: dict[str, str | None] = {
    W + "t": None,
    W + "tab": "\t",
    W + "ptab": "\t",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# elements after whose end the parsed tree can be released
_RELEASED = {W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "body"}


def _kept(element) -> bool:
    """Whether a parsed element must be kept after its end (a release point's parts are freed with it)."""
    if element.tag in _RELEASED:
        return False
    parent = element.getparent()
    return parent is None or parent.tag != W + "body"


# Paragraph styles that hold a photo or its caption (图注): they belong to a case's
# photos, not to the material's text, so import reads past them.
_PHOTO_STYLES = frozenset({"图片", "图注"})


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: str | None


def read_docx(path: Path, display: str, limits: ooxml.Limits = ooxml.DEFAULT_LIMITS) -> SourceDocument:
    """Return the document of a .docx file: its body paragraphs (and table cells) in order.

    The package is read as a budgeted stream (see `ooxml`): a zip bomb, entity
    declarations, deep nesting or millions of elements are refused with a located error.
    """
    with ooxml.Package(path, display, limits) as package:
        main = next((t for kind, t in package.relationships("").values() if kind.endswith(_OFFICE_DOCUMENT)), None)
        if main is None or not package.has(main):
            main = "word/document.xml" if package.has("word/document.xml") else None
        if main is None:
            raise ooxml.unreadable(display, _("no main document part"))
        part_rels = package.relationships(main)
        styles_part = next((t for kind, t in part_rels.values() if kind.endswith(_STYLES)), None)
        styles, default_style = _read_styles(package, styles_part)
        author = _read_author(package)
        paragraphs: list[SourceParagraph] = []
        pieces: list[str] = []
        offset = 0
        tables = 0  # tables open around the current element
        paragraph_depth = 0
        for event, element in package.iterparse(main, keep=_kept):
            tag = element.tag
            if event == "start":
                if tag == W + "tbl":
                    tables += 1
                elif tag == W + "p":
                    paragraph_depth += 1
                continue
            if tag == W + "tbl":
                tables -= 1
            elif tag == W + "p":
                paragraph_depth -= 1
                if paragraph_depth:
                    continue  # a paragraph in a text box: its text is not the body's
                text = _paragraph_text(element).replace("\n", " ").replace("\r", " ")
                style, outline = _paragraph_style(element, styles, default_style)
                if style in _PHOTO_STYLES:
                    continue
                paragraphs.append(SourceParagraph(text, offset, style, outline, in_table=tables > 0))
                if len(paragraphs) > limits.paragraphs:
                    message = _("the document holds more than {limit} paragraphs").format(limit=limits.paragraphs)
                    location = Location(f"{display}:{main}", element.sourceline or 0, 1 if element.sourceline else 0)
                    raise ReportgenError([Problem(location, message, hint=_("split it into smaller documents"))])
                pieces.append(text)
                offset += len(text) + 1
    return SourceDocument(
        path=path, display=display, kind="docx", text="\n".join(pieces), paragraphs=paragraphs, author=author
    )


def _paragraph_text(paragraph) -> str:
    """Return a paragraph's text as Word shows it: runs, tabs, line breaks, in links and insertions too."""
    out: list[str] = []

    def runs(parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                for item in child:
                    kind = item.tag
                    if kind in _RUN_TEXT:
                        out.append(_RUN_TEXT[kind] or item.text or "")
                    elif kind == W + "br" and item.get(W + "type") in (None, "textWrapping"):
                        out.append("\n")
            elif tag in _RUN_HOLDERS:
                runs(child)

    runs(paragraph)
    return "".join(out)


def _paragraph_style(paragraph, styles: dict[str, _Style], default: str | None) -> tuple[str | None, int | None]:
    """Return a paragraph's style name and outline level (1-9), from itself or its style chain."""
    ppr = paragraph.find(W + "pPr")
    style_id = None
    outline = None
    if ppr is not None:
        found = ppr.find(W + "pStyle")
        style_id = found.get(W + "val") if found is not None else None
        level = ppr.find(W + "outlineLvl")
        outline = level.get(W + "val") if level is not None else None
    if style_id not in styles:
        style_id = default
    style = styles.get(style_id) if style_id is not None else None
    name = style.name if style is not None else None
    depth = 0
    while outline is None and style is not None and depth < 20:
        outline = style.outline
        style = styles.get(style.based_on) if style.based_on else None
        depth += 1
    return name, _outline_level(outline)


def _outline_level(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        level = int(value) + 1
    except ValueError:
        return None
    return level if 1 <= level <= 9 else None


def _read_styles(package: ooxml.Package, part: str | None) -> tuple[dict[str, _Style], str | None]:
    """Return the paragraph styles by id (names as Word shows them) and the default one's id."""
    from docx.styles import BabelFish

    styles: dict[str, _Style] = {}
    default = None
    if part is None or not package.has(part):
        return styles, default
    for _event, element in package.iterparse(part, events=("end",), keep=lambda e: e.tag != W + "style"):
        if element.tag != W + "style" or element.get(W + "type") != "paragraph":
            continue
        style_id = element.get(W + "styleId") or ""
        name_element = element.find(W + "name")
        name = name_element.get(W + "val") if name_element is not None else style_id
        based = element.find(W + "basedOn")
        level = element.find(f"{W}pPr/{W}outlineLvl")
        styles[style_id] = _Style(
            BabelFish.internal2ui(name or style_id),
            based.get(W + "val") if based is not None else None,
            level.get(W + "val") if level is not None else None,
        )
        if element.get(W + "default") in ("1", "true", "on") and default is None:
            default = style_id
    return styles, default


def _read_author(package: ooxml.Package) -> str | None:
    core = next((t for kind, t in package.relationships("").values() if kind.endswith(_CORE)), None)
    if core is None or not package.has(core):
        return None
    for _event, element in package.iterparse(core, events=("end",)):
        if etree.QName(element).localname == "creator":
            return (element.text or "").strip() or None
    return None
