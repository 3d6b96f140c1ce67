"""Write an imported report and its cases as YAML text, with the import's doubts as comments.

The entries are built as ruamel.yaml round-trip data (the library reportgen writes
comment-keeping YAML with, see `reportgen.yamledit`) and dumped in the layout of the
hand-made entries in data/: comments stand above the field they concern, long texts
are folded blocks, lists of ids flow on one line, and a value that YAML would misread
(such as "*市") is double-quoted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.scalarstring import FoldedScalarString

from ..i18n import _
from ..model import CaseFile, LibraryCase, validate_entry
from ..names import is_id
from ..project import yaml_files_under
from ..source import load_yaml_file
from ..yamledit import FOLD_LONGER_THAN
from .mapped import DOUBT, Note, kind_word
from .readers import SourceDocument
from .structure import ImportedCase, ImportedPoint, ImportedReport, ImportedSection, figures_in

_ID_CHARS = re.compile(r"[^A-Za-z0-9\u4e00-\u9fff_.-]")


class _DoubleQuotingEmitter(Emitter):
    """ruamel.yaml's emitter, quoting with double quotes where it would use single ones ("*市", "2023")."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Emitter = _DoubleQuotingEmitter
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(data: CommentedMap) -> str:
    """Return the YAML text of an entry built by this module."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _value(value: Any) -> Any:
    """Return a value as it is written: long one-line texts folded (>-), lists of ids on one line."""
    if type(value) is list:
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and len(value) > FOLD_LONGER_THAN and "\n" not in value and value == value.strip():
        return FoldedScalarString(value)
    return value


def _comment_lines(notes: list[Note], document: SourceDocument) -> list[str]:
    lines = []
    for note in notes:
        line, column = document.position(note.offset)
        where = f"{line}:{column}: " if line else ""
        message = note.message.replace("\n", "⏎")
        lines.append(f"{kind_word(DOUBT)} {where}{message}")
    return lines


@dataclass
class _Field:
    key: str
    indent: int
    holder: Any  # where its comments go: its mapping, or the list whose item it opens
    place: Any  # the key in the mapping, or the item's index in the list
    origins: tuple[int, int] | None = None
    notes: list[Note] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _span(value: Any) -> tuple[int, int] | None:
    known = [o for o in getattr(value, "origins", ()) if o is not None]
    return (min(known), max(known)) if known else None


class ReportWriter:
    """Lay out the report's fields in order, attach each doubt to the field it concerns, and write."""

    def __init__(self, report: ImportedReport, document: SourceDocument, *, date: dt.date, date_note: Note | None):
        self.report = report
        self.document = document
        self.date = date
        self.date_note = date_note
        self.fields: list[_Field] = []
        self.data = CommentedMap()

    def _add(
        self,
        mapping: CommentedMap,
        key: str,
        value: Any,
        indent: int,
        *,
        item_of: tuple[CommentedSeq, int] | None = None,
        comments: list[str] | None = None,
    ) -> _Field:
        mapping[key] = _value(value.text if hasattr(value, "origins") else value)
        holder, place = item_of if item_of is not None else (mapping, key)
        entry = _Field(key, indent, holder, place, _span(value), comments=comments or [])
        self.fields.append(entry)
        return entry

    def layout(self) -> None:
        report, data = self.report, self.data
        self._add(data, "template", "exchange", 0)
        self._add(data, "kind", report.kind or "经验交流材料", 0)
        if report.title is not None and len(report.title):
            self._add(data, "title", report.title, 0)
        self._add(data, "headline", report.headline if report.headline is not None else "", 0)
        if report.issuer is not None:
            self._add(data, "issuer", report.issuer, 0)
        author = report.author or (report.issuer.text if report.issuer is not None else None)
        if author:
            self._add(data, "author", author, 0)
        date_field = self._add(data, "date", self.date, 0)
        if report.date_text is not None:
            date_field.origins = _span(report.date_text)
        if self.date_note is not None:
            date_field.notes.append(self.date_note)
        self._add(data, "lead", report.lead, 0)
        sections = CommentedSeq()
        self._add(data, "sections", sections, 0)
        for section in report.sections:
            self._section(sections, section, 4)
        if len(report.closing):
            self._add(data, "closing", report.closing, 0)

    def _item(self, items: CommentedSeq) -> tuple[CommentedMap, tuple[CommentedSeq, int]]:
        mapping = CommentedMap()
        items.append(mapping)
        return mapping, (items, len(items) - 1)

    def _section(self, items: CommentedSeq, section: ImportedSection, indent: int) -> None:
        """Lay out a section as a list item whose keys stand at `indent`."""
        mapping, item_of = self._item(items)
        self._add(mapping, "theme", section.theme, indent, item_of=item_of)
        if section.front_line is not None and len(section.front_line):
            self._add(mapping, "front_line", section.front_line, indent)
        if len(section.intro):
            self._add(mapping, "intro", section.intro, indent)
        if section.points:
            points = CommentedSeq()
            self._add(mapping, "points", points, indent)
            for point in section.points:
                self._point(points, point, indent + 4)
        if section.subsections:
            subsections = CommentedSeq()
            self._add(mapping, "subsections", subsections, indent)
            for sub in section.subsections:
                self._section(subsections, sub, indent + 4)

    def _point(self, items: CommentedSeq, point: ImportedPoint, indent: int) -> None:
        """Lay out a point as a list item whose keys stand at `indent`."""
        mapping, item_of = self._item(items)
        self._add(mapping, "key_phrase", point.key_phrase, indent, item_of=item_of)
        if len(point.text):
            self._add(mapping, "text", point.text, indent, comments=_figure_comments(point.text.text))
        if point.cases:
            comments = [
                _("{id} is already in the library ({file})").format(id=case.id, file=case.file)
                for case in point.cases
                if case.reused
            ]
            entry = self._add(mapping, "cases", [case.id for case in point.cases], indent, comments=comments)
            known = [o for case in point.cases for o in case.unit.origins + case.body.origins if o is not None]
            entry.origins = (min(known), max(known)) if known else None
        if len(point.closing):
            self._add(mapping, "closing", point.closing, indent, comments=_figure_comments(point.closing.text))

    def attach(self, notes: list[Note]) -> list[Note]:
        """Attach each doubt to the field whose text holds its position; return those left over.

        The fields are in the order of the text, so one pass over the sorted notes finds
        each note's field (linear, however many fields and notes).
        """
        placed = [(f.origins, f) for f in self.fields if f.origins is not None]
        starts = sorted((origins[0], index) for index, (origins, _f) in enumerate(placed))
        left = []
        keys = [start for start, _i in starts]
        for note in notes:
            if note is self.date_note:
                continue
            if note.offset is None or not placed:
                left.append(note)
                continue
            position = bisect.bisect_right(keys, note.offset)
            target = None
            # the first of the fields starting at or before the note that holds it (or ends just before it)
            for candidate in range(max(0, position - 3), position):
                origins, entry = placed[starts[candidate][1]]
                if origins[0] <= note.offset <= origins[1] + 1:
                    target = entry
                    break
            if target is None:
                target = placed[starts[position - 1][1]][1] if position > 0 else placed[starts[0][1]][1]
            target.notes.append(note)
        return left

    def text(self, header: list[str]) -> str:
        for entry in self.fields:
            lines = entry.comments + _comment_lines(entry.notes, self.document)
            if lines:
                entry.holder.yaml_set_comment_before_after_key(
                    entry.place, before="\n".join(lines), indent=entry.indent
                )
        return _with_header(header, dump(self.data))


def _with_header(header: list[str], text: str) -> str:
    """Return `text` below the comment lines of `header` (each already starting with '#')."""
    return "".join(line + "\n" for line in header) + text


def _figure_comments(text: str) -> list[str]:
    """Return a comment naming the figures a text holds, so that they can be checked at a glance."""
    figures = figures_in(text)
    if not figures:
        return []
    return [_("figures: {figures}").format(figures="、".join(f.text for f in figures))]


def report_yaml(
    report: ImportedReport,
    document: SourceDocument,
    notes: list[Note],
    *,
    date: dt.date,
    date_note: Note | None,
    header: list[str],
) -> str:
    """Return the report's YAML text, its doubts as comments beside the fields they concern."""
    writer = ReportWriter(report, document, date=date, date_note=date_note)
    writer.layout()
    left = writer.attach([n for n in notes if n.is_doubt])
    header = list(header) + ["# " + line for line in _comment_lines(left, document)]
    return writer.text(header)


def case_entry(
    case: ImportedCase, *, date: dt.date, date_comment: str | None, source: str | None, extra: dict | None = None
) -> CommentedMap:
    """Return one case file's data (ruamel), its fields in the library's order."""
    data = CommentedMap()
    data["id"] = case.id
    data["unit"] = case.unit.text
    if case.region:
        data["region"] = case.region
    if case.place:
        data["place"] = case.place
    data["date"] = date
    if date_comment:
        data.yaml_set_comment_before_after_key("date", before=date_comment, indent=0)
    if case.front_line:
        data["front_line"] = case.front_line
    data["text"] = _value(case.text)
    if case.figures:
        figures = CommentedMap()
        for name, short in case.figures.items():
            figures[name] = short
        data["figures"] = figures
    for key, value in (extra or {}).items():
        data[key] = _value(value)
    if source:
        data["source"] = source
    return data


def case_yaml(
    case: ImportedCase, document: SourceDocument, *, date: dt.date, date_is_report_date: bool, source: str | None
) -> str:
    """Return one case file's YAML text."""
    line, column = document.position(case.unit.origin())
    header = ["# " + _("imported by reportgen import from {place}").format(place=f"{document.display}:{line}:{column}")]
    comment = _("the source gives no date for the case: this is the report's date") if date_is_report_date else None
    return _with_header(header, dump(case_entry(case, date=date, date_comment=comment, source=source)))


# -- the case library: reuse identical cases, never overwrite a file ------------------------


@dataclass
class LibraryIndex:
    """The ids in a cases folder, and the cases by (unit, text as written)."""

    ids: set[str] = field(default_factory=set)
    by_text: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # → (id, file)


def index_library(folder: Path) -> LibraryIndex:
    """Return the ids and texts of the cases already in `folder` (unreadable files are skipped)."""
    from ..errors import Location
    from ..library import case_view

    index = LibraryIndex()
    if not folder.is_dir():
        return index
    for path in yaml_files_under(folder):
        source, _problems = load_yaml_file(path)
        if source is None:
            continue
        data = source.data
        cases = []
        if isinstance(data, dict) and "cases" in data:
            model, _problems = validate_entry(CaseFile, source)
            cases = list(model.cases) if model else []
            if isinstance(data.get("cases"), list):
                index.ids.update(str(c.get("id")) for c in data["cases"] if isinstance(c, dict) and c.get("id"))
        else:
            model, _problems = validate_entry(LibraryCase, source)
            cases = [model] if model else []
            if isinstance(data, dict) and data.get("id"):
                index.ids.add(str(data["id"]))
        for case in cases:
            index.ids.add(case.id)
            view = case_view(case, Location(source.display))
            index.by_text.setdefault((view.unit, view.text), (case.id, source.display))
    return index


def case_id_for(unit: str, taken: set[str], folder: Path) -> str:
    """Return a new case id from the unit's name, not used in the library nor as a file name."""
    base = _ID_CHARS.sub("", unit)[:70].strip(".-_") or "case"
    if not is_id(base):
        base = "case-" + base
    candidate, n = base, 2
    while candidate in taken or (folder / f"{candidate}.yaml").exists() or (folder / f"{candidate}.yml").exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate
