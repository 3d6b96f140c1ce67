"""Importing a .txt or .docx document as report and case entries (the click command is in reportgen.cli.importer)."""

from __future__ import annotations

import datetime as dt
import errno
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, Problem, ReportgenError
from ..i18n import N_, _, ngettext
from ..model import LibraryCase, Report, validate_entry
from ..outputs import write_atomically
from ..source import display_path, load_yaml_text
from . import noise, ooxml, structure, writer
from .mapped import ADDED, CHANGED, DOUBT, REMOVED, Ledger, MappedText, Note, kind_word
from .readers import SourceDocument, read_source

DEFAULT_REPORTS_DIR = Path("data") / "reports"
DEFAULT_CASES_DIR = Path("data") / "cases"


@dataclass
class ImportResult:
    """Everything one import produced: the report, its YAML, the case files and the notes."""

    document: SourceDocument
    report: structure.ImportedReport
    ledger: Ledger
    report_text: str
    case_texts: dict[str, str] = field(default_factory=dict)  # new case id → YAML text
    faithful: bool = True

    def notes(self) -> list[Note]:
        return self.ledger.sorted()


def import_document(
    path: Path,
    *,
    cases_dir: Path = DEFAULT_CASES_DIR,
    today: dt.date | None = None,
    limits: ooxml.Limits = ooxml.DEFAULT_LIMITS,
) -> ImportResult:
    """Read, clean and recognise a document; return the YAML texts it becomes (nothing is written)."""
    document = read_source(path, limits)
    ledger = Ledger()
    buffer = noise.clean(document, ledger)
    if not buffer.text.strip():
        raise ReportgenError([Problem(Location(document.display), _("the document holds no text"))])
    report, repaired = structure.recognise(document, buffer, ledger)
    if not report.sections:
        raise ReportgenError(
            [
                Problem(
                    Location(document.display, 1, 1),
                    _("no level-1 section (一、二、…) was found"),
                    hint=_(
                        "a report needs at least one section heading such as 一、…；run with --check to see what was recognised"
                    ),
                )
            ]
        )
    faithful = structure.check_faithful(report, repaired, ledger)
    _fill_required(report, document, ledger)

    date = report.date
    date_note = None
    if date is None:
        date = today or dt.date.today()
        date_note = ledger.add(
            DOUBT,
            None,
            _("the source gives no date; the day of the import is written here, correct it"),
            category="date",
        )

    source_name = report.headline.text if report.headline is not None else None
    index = writer.index_library(cases_dir)
    taken = set(index.ids)
    case_texts: dict[str, str] = {}
    for case in report.all_cases():
        rendered = (case.unit.text, case.body.text)
        if rendered in index.by_text:
            case.id, case.file = index.by_text[rendered]
            case.reused = True
            continue
        case.id = writer.case_id_for(case.unit.text, taken, cases_dir)
        taken.add(case.id)
        case.file = display_path(cases_dir / f"{case.id}.yaml")
        case_texts[case.id] = writer.case_yaml(case, document, date=date, date_is_report_date=True, source=source_name)

    header = _header(document, ledger)
    report_text = writer.report_yaml(report, document, ledger.sorted(), date=date, date_note=date_note, header=header)
    result = ImportResult(document, report, ledger, report_text, case_texts, faithful)
    _validate(result, cases_dir)
    return result


def _fill_required(report: structure.ImportedReport, document: SourceDocument, ledger: Ledger) -> None:
    """Give the report the headline and lead it must have, noting what was supplied."""
    if report.headline is None or not len(report.headline):
        if report.title is not None and len(report.title):
            report.headline, report.title = report.title, None
            ledger.add(
                DOUBT,
                report.headline.origin(),
                _("no headline found; the title line is used as the headline"),
                category="head",
            )
        else:
            stem = document.path.stem
            report.headline = MappedText.added(stem)
            ledger.add(
                ADDED,
                None,
                _("no headline found; the file name '{name}' is written as the headline").format(name=stem),
                text=stem,
                category="head",
            )
            ledger.add(DOUBT, None, _("the headline is the file name; write the real one"), category="head")
    if not len(report.lead):
        placeholder = "（导语待补充）"
        report.lead = MappedText.added(placeholder)
        message = _("no lead paragraph found before the first section; '{placeholder}' is written in its place").format(
            placeholder=placeholder
        )
        ledger.add(ADDED, None, message, text=placeholder, category="head")
        ledger.add(DOUBT, None, _("the lead is a placeholder; write the real one"), category="head")


def _header(document: SourceDocument, ledger: Ledger) -> list[str]:
    described = document.kind if document.encoding is None else f"{document.kind}, {document.encoding}"
    lines = [
        "# "
        + _("imported by reportgen import from {file} ({described})").format(file=document.display, described=described)
    ]
    counts = _summary_counts(ledger)
    if counts:
        lines.append(
            "# "
            + _("changes to the source text: {counts}; the import printed each with its place").format(counts=counts)
        )
    text_changes = [
        n
        for n in ledger.sorted()
        if n.kind in (REMOVED, CHANGED, ADDED) and n.category not in ("space", "punctuation", "blank")
    ]
    for note in text_changes:
        line, column = document.position(note.offset)
        where = f"{line}:{column}: " if line else ""
        shown = note.text if len(note.text) <= 20 else note.text[:20] + "…"
        message = _note_text(note.kind, shown, note.message).replace("\n", "⏎")
        lines.append(f"#   {where}{message}")
    if ledger.doubts:
        lines.append(
            "# "
            + _("lines starting '# {doubt}' mark what the import could not decide; check them").format(
                doubt=kind_word(DOUBT)
            )
        )
    return lines


def _note_text(kind: str, text: str, message: str) -> str:
    """Return a note as the import report shows it: `removed '1、': message`, or `doubt: message` without a text."""
    if text:
        return _("{kind} '{text}': {message}").format(kind=kind_word(kind), text=text, message=message)
    return _("{kind}: {message}").format(kind=kind_word(kind), message=message)


_CATEGORY_COUNTS = {
    "notice": lambda n: ngettext("{count} notice line", "{count} notice lines", n),
    "chunk": lambda n: ngettext("{count} page-chunk marker", "{count} page-chunk markers", n),
    "space": lambda n: ngettext("{count} stray space", "{count} stray spaces", n),
    "blank": lambda n: ngettext("{count} blank at a line end", "{count} blanks at line ends", n),
    "punctuation": lambda n: ngettext("{count} half-width mark", "{count} half-width marks", n),
    "quote": lambda n: ngettext("{count} closing quote", "{count} closing quotes", n),
    "stop": lambda n: ngettext("{count} full stop", "{count} full stops", n),
    "head": lambda n: ngettext("{count} headline or lead text", "{count} headline or lead texts", n),
    "control": lambda n: ngettext("{count} control character", "{count} control characters", n),
}
_KIND_COUNTS = {REMOVED: N_("removed {items}"), CHANGED: N_("changed {items}"), ADDED: N_("added {items}")}


def _category_count(category: str, count: int) -> str:
    """Return e.g. "6 page-chunk markers" for `count` notes of `category`."""
    if category in _CATEGORY_COUNTS:
        return _CATEGORY_COUNTS[category](count).format(count=count)
    return ngettext("{count} text", "{count} texts", count).format(count=count)


def _summary_counts(ledger: Ledger) -> str:
    """Return e.g. "removed 1 notice line, 6 page-chunk markers; changed 69 half-width marks; 3 doubts"."""
    parts = []
    for kind in (REMOVED, CHANGED, ADDED):
        counter = Counter(n.category for n in ledger.notes if n.kind == kind)
        if not counter:
            continue
        items = [_category_count(category, count) for category, count in sorted(counter.items())]
        parts.append(_(_KIND_COUNTS[kind]).format(items=_(", ").join(items)))
    doubts = len(ledger.doubts)
    if doubts:
        parts.append(ngettext("{count} doubt", "{count} doubts", doubts).format(count=doubts))
    return _("; ").join(parts)


def _validate(result: ImportResult, cases_dir: Path) -> None:
    """Check that what the import would write reads back and validates; raise if not."""
    problems: list[Problem] = []
    display = _("{file} (imported report)").format(file=result.document.display)
    source, found = load_yaml_text(result.report_text.encode("utf-8"), Path("imported.yaml"), display)
    problems.extend(found)
    if source is not None:
        _model, found = validate_entry(Report, source)
        problems.extend(found)
    for case_id, text in result.case_texts.items():
        source, found = load_yaml_text(
            text.encode("utf-8"), cases_dir / f"{case_id}.yaml", _("{id} (imported case)").format(id=case_id)
        )
        problems.extend(found)
        if source is not None:
            _model, found = validate_entry(LibraryCase, source)
            problems.extend(found)
    if problems:
        raise ReportgenError(problems)


# -- what the user sees ------------------------------------------------------------------


def format_notes(result: ImportResult) -> list[str]:
    """Return the import report: one line per note, `path:line:col: kind: message`."""
    document = result.document
    lines = []
    for note in result.notes():
        location = document.location(note.offset)
        shown = ""
        if note.text and note.kind in (REMOVED, CHANGED, ADDED):
            text = note.text.replace("\n", "⏎")
            shown = text if len(text) <= 24 else text[:24] + "…"
        lines.append(f"{location}: {_note_text(note.kind, shown, note.message)}".replace("\n", "⏎"))
    summary = _summary_counts(result.ledger)
    lines.append(f"{document.display}: " + (summary or _("nothing removed, changed or doubted")))
    return lines


def _padded(label: str, width: int) -> str:
    """Return `label` followed by blanks up to `width` columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)
    return label + " " * max(1, width - shown)


def format_structure(result: ImportResult) -> list[str]:
    """Return the structure found, one line per part, as `--check` prints it."""
    report = result.report
    document = result.document

    def where(mapped) -> str:
        line, column = document.position(mapped.origin() if mapped is not None else None)
        return f"{line}:{column}" if line else "-"

    def short(text: str, limit: int = 30) -> str:
        return text if len(text) <= limit else text[:limit] + f"…（{len(text)}字）"

    def row(mapped, label: str, text: str) -> str:
        return f"{where(mapped):>8}  {_padded(label, 10)}{text}"

    intro_label, closing_label = _("intro"), _("closing")
    lines = []
    if report.title is not None:
        lines.append(row(report.title, _("title"), report.title.text))
    if report.headline is not None:
        lines.append(row(report.headline, _("headline"), report.headline.text))
    lines.append(row(report.lead, _("lead"), short(report.lead.text)))
    from .. import numbering

    numbers = [numbering.section_number, numbering.subsection_number, numbering.level3_number, numbering.level4_number]

    def section_lines(section, depth: int, n: int) -> None:
        indent = "  " * depth
        heading = section.theme.text + (f"，{section.front_line.text}" if section.front_line is not None else "")
        lines.append(f"{where(section.theme):>8}  {indent}{numbers[min(depth, 3)](n)}{heading}")
        if len(section.intro):
            lines.append(f"{where(section.intro):>8}  {indent}  {intro_label}  {short(section.intro.text)}")
        for i, point in enumerate(section.points, start=1):
            extra = (
                "  " + _("figures: {figures}").format(figures="、".join(f.text for f in point.figures))
                if point.figures
                else ""
            )
            size = _("text {count}字").format(count=len(point.text))
            lines.append(
                f"{where(point.key_phrase):>8}  {indent}  {numbering.point_ordinal(i)}{point.key_phrase.text}。 {size}{extra}"
            )
            for case in point.cases:
                details = [d for d in (case.region, case.place) if d]
                details += list(case.figures.values())
                state = ""
                if case.id:
                    state = " " + (_("[{id}, in the library]") if case.reused else "[{id}]").format(id=case.id)
                lines.append(
                    f"{where(case.unit):>8}  {indent}    如 {case.unit.text}{state}"
                    + (f" ({'; '.join(details)})" if details else "")
                )
            if len(point.closing):
                lines.append(f"{where(point.closing):>8}  {indent}    {closing_label}  {short(point.closing.text)}")
        for i, sub in enumerate(section.subsections, start=1):
            section_lines(sub, depth + 1, i)

    for i, section in enumerate(report.sections, start=1):
        section_lines(section, 0, i)
    if len(report.closing):
        lines.append(row(report.closing, closing_label, short(report.closing.text)))
    if report.issuer is not None:
        lines.append(row(report.issuer, _("issuer"), report.issuer.text))
    if report.date_text is not None:
        lines.append(row(report.date_text, _("date"), report.date_text.text))
    sections, points, cases = len(report.sections), len(report.all_points()), len(report.all_cases())
    counts = [
        ngettext("{count} section", "{count} sections", sections).format(count=sections),
        ngettext("{count} point", "{count} points", points).format(count=points),
        ngettext("{count} case", "{count} cases", cases).format(count=cases),
    ]
    lines.append(_(", ").join(counts))
    return lines


def _write(path: Path, text: str, *, new: bool = False) -> bool:
    """Write a file through the one atomic writer (`new`: only if no file is there); return whether it was written.

    A full disk or a refused folder is a located error; nothing is left half-written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"), exclusive=new)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if getattr(exc, "errno", None) == errno.ENOSPC:
            message = _("cannot write the file: the disk is full (free some space, then import again)")
        else:
            message = _("cannot write the file: {reason}").format(reason=exc.strerror or exc)
        raise ReportgenError([Problem(Location(display_path(path)), message)]) from None


def default_output(source: Path) -> Path:
    stem = writer.case_id_for(source.stem, set(), Path("/nonexistent"))
    return DEFAULT_REPORTS_DIR / f"{stem}.yaml"


def write_result(
    result: ImportResult,
    source: Path,
    output: Path | None,
    cases_dir: Path,
    *,
    force: bool,
    echo: Callable[[str], None],
) -> None:
    """Write the imported report and its new case files, never overwriting a case file; `echo` prints progress."""
    output = output or default_output(source)
    if output.exists() and not force:
        raise ReportgenError(
            [
                Problem(
                    Location(display_path(output)),
                    _("file already exists"),
                    hint=_("choose another -o FILE, or add --force to replace it"),
                )
            ]
        )
    for case in result.report.all_cases():
        if case.reused:
            echo(
                _("case {unit}: the same case is already in {file} (id {id}); referenced, not written").format(
                    unit=case.unit.text, file=case.file, id=case.id
                )
            )
    written: list[Path] = []
    try:
        for case_id, text in result.case_texts.items():
            path = cases_dir / f"{case_id}.yaml"
            if not _write(path, text, new=True):
                raise ReportgenError(
                    [
                        Problem(
                            Location(display_path(path)),
                            _("a case file appeared here during the import; nothing was overwritten"),
                            hint=_("run the import again"),
                        )
                    ]
                )
            written.append(path)
        _write(output, result.report_text)
    except ReportgenError:
        for path in written:  # an import is written whole or not at all
            path.unlink(missing_ok=True)
        raise
    for path in written:
        echo(_("wrote {file}").format(file=display_path(path)))
    echo(_("wrote {file}").format(file=display_path(output)))
    echo("")
    for line in format_notes(result):
        echo(line)
