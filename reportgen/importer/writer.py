"""Write an imported report and its cases as YAML text, with the import's doubts as comments.

The YAML is written by hand rather than dumped, so that comments stand next to the
text they concern and the layout matches the hand-made entries in data/: long texts
as folded blocks, values that YAML would misread (such as "*市") in quotes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..i18n import _
from ..model import ID_PATTERN, CaseFile, LibraryCase, validate_entry
from ..project import yaml_files_under
from ..source import load_yaml_file
from .mapped import DOUBT, Note, kind_word
from .readers import SourceDocument
from .structure import ImportedCase, ImportedPoint, ImportedReport, ImportedSection, figures_in

LONG_TEXT = 40
_ID_CHARS = re.compile(r"[^A-Za-z0-9\u4e00-\u9fff_.-]")
_PLAIN_UNSAFE_START = tuple("*&!%@`'\"{[|>-?:#,")


def yaml_scalar(value) -> str:
    """Return `value` as a YAML scalar that reads back as itself: plain when safe, else double-quoted."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if (
        text
        and text == text.strip()
        and not text.startswith(_PLAIN_UNSAFE_START)
        and ": " not in text
        and " #" not in text
        and "\n" not in text
    ):
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _comment_lines(notes: list[Note], indent: str, document: SourceDocument) -> list[str]:
    lines = []
    for note in notes:
        line, column = document.position(note.offset)
        where = f"{line}:{column}: " if line else ""
        message = note.message.replace("\n", "⏎")
        lines.append(f"{indent}# {kind_word(DOUBT)} {where}{message}")
    return lines


@dataclass
class _Field:
    key: str
    value: object  # str, date, MappedText, list of ids, or None for a parent key
    indent: str
    origins: tuple[int, int] | None = None
    notes: list[Note] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    item: bool = False  # the first key of a list item ("- key: …")


class ReportWriter:
    """Lay out the report's fields in order, attach each doubt to the field it concerns, and write."""

    def __init__(self, report: ImportedReport, document: SourceDocument, *, date: dt.date, date_note: Note | None):
        self.report = report
        self.document = document
        self.date = date
        self.date_note = date_note
        self.fields: list[_Field] = []

    def _add(self, key: str, value, indent: str, *, item: bool = False, comments: list[str] | None = None) -> _Field:
        origins = None
        text = value
        if hasattr(value, "origins"):
            known = [o for o in value.origins if o is not None]
            origins = (min(known), max(known)) if known else None
            text = value.text
        entry = _Field(key, text, indent, origins, item=item, comments=comments or [])
        self.fields.append(entry)
        return entry

    def layout(self) -> None:
        report = self.report
        self._add("template", "exchange", "")
        self._add("kind", report.kind or "经验交流材料", "")
        if report.title is not None and len(report.title):
            self._add("title", report.title, "")
        self._add("headline", report.headline if report.headline is not None else "", "")
        if report.issuer is not None:
            self._add("issuer", report.issuer, "")
        author = report.author or (report.issuer.text if report.issuer is not None else None)
        if author:
            self._add("author", author, "")
        date_field = self._add("date", self.date, "")
        if report.date_text is not None:
            known = [o for o in report.date_text.origins if o is not None]
            date_field.origins = (min(known), max(known)) if known else None
        if self.date_note is not None:
            date_field.notes.append(self.date_note)
        self._add("lead", report.lead, "")
        self._add("sections", None, "")
        for section in report.sections:
            self._section(section, "    ")
        if len(report.closing):
            self._add("closing", report.closing, "")

    def _section(self, section: ImportedSection, indent: str) -> None:
        """Lay out a section as a list item whose keys stand at `indent`."""
        inner = indent
        self._add("theme", section.theme, indent, item=True)
        if section.front_line is not None and len(section.front_line):
            self._add("front_line", section.front_line, inner)
        if len(section.intro):
            self._add("intro", section.intro, inner)
        if section.points:
            self._add("points", None, inner)
            for point in section.points:
                self._point(point, inner + "    ")
        if section.subsections:
            self._add("subsections", None, inner)
            for sub in section.subsections:
                self._section(sub, inner + "    ")

    def _point(self, point: ImportedPoint, indent: str) -> None:
        """Lay out a point as a list item whose keys stand at `indent`."""
        inner = indent
        self._add("key_phrase", point.key_phrase, indent, item=True)
        if len(point.text):
            self._add("text", point.text, inner, comments=_figure_comments(point.text.text, inner))
        if point.cases:
            notes = []
            for case in point.cases:
                if case.reused:
                    notes.append(_("{id} is already in the library ({file})").format(id=case.id, file=case.file))
            comments = [f"{inner}# {n}" for n in notes]
            entry = self._add("cases", [case.id for case in point.cases], inner, comments=comments)
            known = [o for case in point.cases for o in case.unit.origins + case.body.origins if o is not None]
            entry.origins = (min(known), max(known)) if known else None
        if len(point.closing):
            self._add("closing", point.closing, inner, comments=_figure_comments(point.closing.text, inner))

    def attach(self, notes: list[Note]) -> list[Note]:
        """Attach each doubt to the field whose text holds its position; return those left over."""
        placed = [f for f in self.fields if f.origins is not None]
        left = []
        for note in notes:
            if note is self.date_note:
                continue
            if note.offset is None or not placed:
                left.append(note)
                continue
            target = None
            for entry in placed:
                low, high = entry.origins
                if low <= note.offset <= high + 1:
                    target = entry
                    break
            if target is None:
                before = [e for e in placed if e.origins[0] <= note.offset]
                target = before[-1] if before else placed[0]
            target.notes.append(note)
        return left

    def text(self, header: list[str]) -> str:
        lines = list(header)
        for entry in self.fields:
            lines.extend(entry.comments)
            lines.extend(_comment_lines(entry.notes, entry.indent, self.document))
            if entry.item:
                prefix = entry.indent[:-2] + "- "
            else:
                prefix = entry.indent
            lines.extend(_key_value(prefix, entry.key, entry.value, entry.indent))
        return "\n".join(lines) + "\n"


def _figure_comments(text: str, indent: str) -> list[str]:
    """Return a comment naming the figures a text holds, so that they can be checked at a glance."""
    figures = figures_in(text)
    if not figures:
        return []
    return [f"{indent}# " + _("figures: {figures}").format(figures="、".join(f.text for f in figures))]


def _key_value(prefix: str, key: str, value, indent: str) -> list[str]:
    if value is None:
        return [f"{prefix}{key}:"]
    if isinstance(value, list):
        return [f"{prefix}{key}: [" + ", ".join(yaml_scalar(v) for v in value) + "]"]
    if isinstance(value, str) and len(value) > LONG_TEXT and "\n" not in value and value == value.strip():
        return [f"{prefix}{key}: >-", f"{indent}  {value}"]
    return [f"{prefix}{key}: {yaml_scalar(value)}"]


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
    header = list(header) + _comment_lines(left, "", document)
    return writer.text(header)


def case_yaml(
    case: ImportedCase, document: SourceDocument, *, date: dt.date, date_is_report_date: bool, source: str | None
) -> str:
    """Return one case file's YAML text."""
    offset = case.unit.origin()
    line, column = document.position(offset)
    lines = ["# " + _("imported by reportgen import from {place}").format(place=f"{document.display}:{line}:{column}")]
    lines.append(f"id: {yaml_scalar(case.id)}")
    lines.append(f"unit: {yaml_scalar(case.unit.text)}")
    if case.region:
        lines.append(f"region: {yaml_scalar(case.region)}")
    if case.place:
        lines.append(f"place: {yaml_scalar(case.place)}")
    if date_is_report_date:
        lines.append("# " + _("the source gives no date for the case: this is the report's date"))
    lines.append(f"date: {date.isoformat()}")
    if case.front_line:
        lines.append(f"front_line: {yaml_scalar(case.front_line)}")
    lines.extend(_key_value("", "text", case.text, ""))
    if case.figures:
        lines.append("figures:")
        for name, short in case.figures.items():
            lines.append(f"  {name}: {yaml_scalar(short)}")
    if source:
        lines.append(f"source: {yaml_scalar(source)}")
    return "\n".join(lines) + "\n"


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
    if not re.match(ID_PATTERN, base):
        base = "case-" + base
    candidate, n = base, 2
    while candidate in taken or (folder / f"{candidate}.yaml").exists() or (folder / f"{candidate}.yml").exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate
