"""Assemble the report from the tokens of the repaired text: head, sections, points, closing, signature."""

from __future__ import annotations

import re

from ..i18n import _
from .mapped import DOUBT, REMOVED, Ledger, MappedText
from .readers import SourceDocument
from .result import ImportedReport, ImportedSection
from .tokens import KIND_RE, Token, parse_date
from .units import CaseReader

_LEAD_OPENERS = re.compile(
    r"连日来|近日|近年来|今年以来|去年以来|近期以来|近期|日前|当前|年初以来|入冬以来|入春以来|疫情发生以来|"
    r"自.{1,15}?以来|为(?:进一步|深入|全面|切实|有效|更好|认真|扎实)|\d{4}年"
)


class Assembler(CaseReader):
    """Build the report from the tokens of the repaired text."""

    def __init__(self, document: SourceDocument, buffer: MappedText, ledger: Ledger):
        self.document = document
        self.buffer = buffer
        self.text = buffer.text
        self.ledger = ledger
        self.report = ImportedReport(author=document.author)
        self.dropped: set[int] = set()  # source offsets left out on purpose, each with a note
        self._pending: dict[tuple[int, str], tuple[object, str, list[MappedText]]] = {}

    def _append(self, owner: object, attribute: str, piece: MappedText) -> None:
        """Add `piece` to a text of the report; the pieces are joined once, at the end (linear time)."""
        key = (id(owner), attribute)
        if key not in self._pending:
            self._pending[key] = (owner, attribute, [getattr(owner, attribute)])
        self._pending[key][2].append(piece)

    def _length(self, owner: object, attribute: str) -> int:
        pending = self._pending.get((id(owner), attribute))
        if pending is None:
            return len(getattr(owner, attribute))
        return sum(len(p) for p in pending[2])

    def _flush(self) -> None:
        for owner, attribute, pieces in self._pending.values():
            setattr(owner, attribute, MappedText.join(pieces))
        self._pending.clear()

    def piece(self, start: int, end: int) -> MappedText:
        return self.buffer[start:end].strip()

    def doubt(self, offset: int | None, message: str, category: str = "structure") -> None:
        self.ledger.add(DOUBT, offset, message, category=category)

    def build(self, tokens: list[Token]) -> ImportedReport:
        first_body = next((i for i, b in enumerate(tokens) if b.kind in ("heading", "point")), len(tokens))
        head = [b for b in tokens[:first_body] if b.kind not in ("signature", "date")]
        self._head(head)
        stack: list[ImportedSection] = []
        body = tokens[first_body:]
        last_structural = max((i for i, b in enumerate(body) if b.kind in ("heading", "point")), default=-1)
        for index, block in enumerate(body):
            if block.kind == "heading":
                self._heading(block, stack)
            elif block.kind == "point":
                self._point(block, stack)
            elif block.kind == "text":
                self._text(block, stack, trailing=index > last_structural)
            elif block.kind == "signature":
                self._signature(block)
            elif block.kind == "date":
                self._date(block)
            elif block.kind in ("title", "headline"):
                if block.kind == "title":
                    message = _("a title paragraph after the sections; kept in the text")
                else:
                    message = _("a headline paragraph after the sections; kept in the text")
                self.doubt(self.buffer.origin(block.start), message)
                self._text(block, stack, trailing=index > last_structural)
        for block in tokens[:first_body]:
            if block.kind == "signature":
                self._signature(block)
            elif block.kind == "date":
                self._date(block)
        self._flush()
        return self.report

    # head: title, headline, lead

    def _head(self, tokens: list[Token]) -> None:
        report = self.report
        pieces = [(b, self.piece(b.start, b.end)) for b in tokens]
        pieces = [(b, p) for b, p in pieces if len(p)]
        titles = [p for b, p in pieces if b.kind == "title"]
        headlines = [p for b, p in pieces if b.kind == "headline"]
        texts = [(b, p) for b, p in pieces if b.kind not in ("title", "headline")]
        if titles or headlines:
            report.title = titles[0] if titles else None
            report.headline = headlines[0] if headlines else None
            if len(titles) > 1 or len(headlines) > 1:
                self.doubt(
                    self.buffer.origin(pieces[0][0].start),
                    _("more than one title or headline paragraph; the first is used, the others join the lead"),
                )
                texts = [(b, p) for b, p in pieces if p not in (report.title, report.headline)]
            self._set_lead([p for _b, p in texts])
            return
        paragraphs = [p for _b, p in texts]
        if not paragraphs:
            return
        short = [len(p) <= 60 and not any(ch in p.text for ch in "。，") for p in paragraphs]
        if len(paragraphs) >= 3 and short[0] and short[1]:
            report.title, report.headline = paragraphs[0], paragraphs[1]
            if not KIND_RE.search(paragraphs[0].text):
                self.doubt(
                    paragraphs[0].origin(),
                    _(
                        "two short lines open the document; the first is taken as the title line, the second as the headline"
                    ),
                )
            self._set_lead(paragraphs[2:])
        elif len(paragraphs) >= 2 and short[0]:
            report.headline = paragraphs[0]
            self._set_lead(paragraphs[1:])
        else:
            self._split_run_together(paragraphs[0])
            rest = paragraphs[1:]
            if rest:
                self._set_lead([report.lead] + rest if len(report.lead) else rest)

    def _split_run_together(self, paragraph: MappedText) -> None:
        """Split a first paragraph holding title, headline and lead run together."""
        text = paragraph.text
        clause_end = min([i for i in (text.find("，"), text.find("。")) if i >= 0] or [len(text)])
        title_end = 0
        for match in KIND_RE.finditer(text[:clause_end]):
            if match.end() <= 40 and match.end() < clause_end - 4:
                title_end = match.end()
                break
        if title_end:
            self.report.title = paragraph[:title_end]
        opener = None
        for match in _LEAD_OPENERS.finditer(text, title_end, clause_end):
            if match.start() >= title_end + 4:
                opener = match
                break
        if opener is not None:
            self.report.headline = paragraph[title_end : opener.start()]
            self.report.lead = paragraph[opener.start() :]
            self.doubt(
                paragraph.origin(opener.start()),
                _("headline and lead were run together; the lead is taken to begin at '{opener}'").format(
                    opener=opener.group(0)
                ),
                category="head",
            )
        elif clause_end < len(text):
            self.report.headline = paragraph[title_end:clause_end]
            self.report.lead = paragraph[clause_end:].strip("，")
            if text[clause_end] == "，":
                self.report.headline = paragraph[title_end:clause_end]
                self.report.lead = paragraph[clause_end + 1 :]
                comma = paragraph.origins[clause_end]
                if comma is not None:
                    self.dropped.add(comma)
                message = _("the comma ending the first clause was taken as the end of the headline")
                self.ledger.add(REMOVED, paragraph.origin(clause_end), message, text="，", category="head")
            message = _(
                "could not tell where the headline ends and the lead begins; the first clause is taken as the headline"
            )
            self.doubt(paragraph.origin(title_end), message, category="head")
        else:
            self.report.headline = paragraph[title_end:]
            self.doubt(
                paragraph.origin(), _("the document has no lead paragraph before its first section"), category="head"
            )

    def _set_lead(self, paragraphs: list[MappedText]) -> None:
        if not paragraphs:
            return
        if len(paragraphs) > 1:
            self.doubt(
                paragraphs[1].origin(),
                _("{count} paragraphs before the first section are joined into one lead").format(count=len(paragraphs)),
            )
        self.report.lead = MappedText.join(paragraphs)

    # body

    def _heading(self, block: Token, stack: list[ImportedSection]) -> None:
        content = self.piece(block.start, block.end)
        comma = content.text.find("，")
        if comma > 0:
            theme, front_line = content[:comma], content[comma + 1 :]
        else:
            theme, front_line = content, None
        section = ImportedSection(
            block.level, theme, front_line, has_stop=block.has_stop, offset=self.buffer.origin(block.marker_start)
        )
        if not len(theme):
            self.doubt(section.offset, _("a heading with no text"))
        if len(content) > 60:
            self.doubt(
                section.offset,
                _("a {count}-character heading; check that body text did not run into it").format(count=len(content)),
            )
        while stack and stack[-1].level >= block.level:
            stack.pop()
        if stack:
            parent = stack[-1]
            if block.level - parent.level > 1:
                message = _(
                    "a level-{level} heading directly under a level-{parent} one; it is built one level below it"
                ).format(level=block.level, parent=parent.level)
                self.doubt(section.offset, message)
            parent.subsections.append(section)
        else:
            if block.level != 1:
                message = _(
                    "a level-{level} heading with no level-1 section (一、) above it; taken as a section, which the template numbers 一、二、…"
                ).format(level=block.level)
                self.doubt(section.offset, message)
            self.report.sections.append(section)
        stack.append(section)

    def _point(self, block: Token, stack: list[ImportedSection]) -> None:
        offset = self.buffer.origin(block.marker_start)
        if not stack:
            self.doubt(offset, _("a point (一是…) before the first section heading; kept in the lead"))
            self._append(self.report, "lead", self.buffer[block.marker_start : block.end])
            return
        point = self.parse_point(self.buffer[block.start : block.end], offset)
        section = stack[-1]
        if section.subsections:
            self.doubt(offset, _("a point after the subsections of its section; it is placed in the last subsection"))
            section = section.subsections[-1]
        section.points.append(point)

    def _text(self, block: Token, stack: list[ImportedSection], *, trailing: bool) -> None:
        piece = self.piece(block.start, block.end)
        if not len(piece):
            return
        offset = piece.origin()
        if not stack:
            self._append(self.report, "lead", piece)
            return
        section = stack[-1]
        if not section.points and not section.subsections:
            if self._length(section, "intro"):
                self.doubt(offset, _("a second paragraph under the heading is joined to the first"))
            self._append(section, "intro", piece)
            return
        if trailing and block.para_start and section is self._last_section():
            if self._length(self.report, "closing"):
                self.doubt(offset, _("a second closing paragraph is joined to the first"))
            self._append(self.report, "closing", piece)
            return
        if section.points:
            point = section.points[-1]
            self.doubt(offset, _("a paragraph after a point is joined to that point's closing"))
            self._append(point, "closing", piece)
        else:
            self.doubt(offset, _("a paragraph after the subsections is kept in the closing of the document"))
            self._append(self.report, "closing", piece)

    def _last_section(self) -> ImportedSection | None:
        section = self.report.sections[-1] if self.report.sections else None
        while section is not None and section.subsections:
            section = section.subsections[-1]
        return section

    def _signature(self, block: Token) -> None:
        piece = self.piece(block.start, block.end)
        if not len(piece):
            return
        if parse_date(piece.text):
            self._date(block)
            return
        if self.report.issuer is not None:
            self.doubt(piece.origin(), _("a second signature line is joined to the first"))
            self._append(self.report, "issuer", piece)
        else:
            self.report.issuer = piece

    def _date(self, block: Token) -> None:
        piece = self.piece(block.start, block.end)
        date = parse_date(piece.text)
        if date is None:
            self.doubt(
                piece.origin(),
                _("'{text}' is not a date such as 2023年1月10日; kept in the closing").format(text=piece.text),
            )
            self._append(self.report, "closing", piece)
            return
        self.report.date = date
        self.report.date_text = piece
