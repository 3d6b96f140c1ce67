"""The `reportgen import` command: a .txt or .docx document in, report and case entries out."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import Location, Problem, ReportgenError
from ..model import LibraryCase, Report, validate_entry
from ..source import display_path, load_yaml_text
from . import noise, structure, writer
from .mapped import ADDED, CHANGED, DOUBT, REMOVED, Ledger, MappedText, Note
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


def import_document(path: Path, *, cases_dir: Path = DEFAULT_CASES_DIR, today: dt.date | None = None) -> ImportResult:
    """Read, clean and recognise a document; return the YAML texts it becomes (nothing is written)."""
    document = read_source(path)
    ledger = Ledger()
    buffer = noise.clean(document, ledger)
    if not buffer.text.strip():
        raise ReportgenError([Problem(Location(document.display), "the document holds no text")])
    report, repaired = structure.recognise(document, buffer, ledger)
    if not report.sections:
        raise ReportgenError(
            [
                Problem(
                    Location(document.display, 1, 1),
                    "no level-1 section (一、二、…) was found",
                    hint="a report needs at least one section heading such as 一、…；run with --check to see what was recognised",
                )
            ]
        )
    faithful = structure.check_faithful(report, repaired, ledger)
    _fill_required(report, document, ledger)

    date = report.date
    date_note = None
    if date is None:
        date = today or dt.date.today()
        date_note = ledger.add(DOUBT, None, "the source gives no date; the day of the import is written here, correct it", category="date")

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
            ledger.add(DOUBT, report.headline.origin(), "no headline found; the title line is used as the headline", category="head")
        else:
            report.headline = MappedText.added(document.path.stem)
            ledger.add(ADDED, None, f"no headline found; the file name '{document.path.stem}' is written as the headline", text=document.path.stem, category="head")
            ledger.add(DOUBT, None, "the headline is the file name; write the real one", category="head")
    if not len(report.lead):
        placeholder = "（导语待补充）"
        report.lead = MappedText.added(placeholder)
        ledger.add(ADDED, None, f"no lead paragraph found before the first section; '{placeholder}' is written in its place", text=placeholder, category="head")
        ledger.add(DOUBT, None, "the lead is a placeholder; write the real one", category="head")


def _header(document: SourceDocument, ledger: Ledger) -> list[str]:
    described = document.kind if document.encoding is None else f"{document.kind}, {document.encoding}"
    lines = [f"# imported by reportgen import from {document.display} ({described})"]
    counts = _summary_counts(ledger)
    if counts:
        lines.append(f"# changes to the source text: {counts}; the import printed each with its place")
    text_changes = [n for n in ledger.sorted() if n.kind in (REMOVED, CHANGED, ADDED) and n.category not in ("space", "punctuation", "blank")]
    for note in text_changes:
        line, column = document.position(note.offset)
        where = f"{line}:{column}: " if line else ""
        shown = note.text if len(note.text) <= 20 else note.text[:20] + "…"
        message = f"{note.kind} '{shown}': {note.message}".replace("\n", "⏎")
        lines.append(f"#   {where}{message}")
    if ledger.doubts:
        lines.append("# lines starting '# doubt' mark what the import could not decide; check them")
    return lines


_CATEGORY_NAMES = {
    "notice": ("notice line", "notice lines"),
    "chunk": ("page-chunk marker", "page-chunk markers"),
    "space": ("stray space", "stray spaces"),
    "blank": ("blank at a line end", "blanks at line ends"),
    "punctuation": ("half-width mark", "half-width marks"),
    "quote": ("closing quote", "closing quotes"),
    "stop": ("full stop", "full stops"),
    "head": ("headline or lead text", "headline or lead texts"),
    "control": ("control character", "control characters"),
}


def _summary_counts(ledger: Ledger) -> str:
    """Return e.g. "removed 1 notice line, 6 page-chunk markers; changed 69 half-width marks; 3 doubts"."""
    parts = []
    for kind in (REMOVED, CHANGED, ADDED):
        counter = Counter(n.category for n in ledger.notes if n.kind == kind)
        if not counter:
            continue
        items = []
        for category, count in sorted(counter.items()):
            one, many = _CATEGORY_NAMES.get(category, (category or "text", category or "texts"))
            items.append(f"{count} {one if count == 1 else many}")
        parts.append(f"{kind} " + ", ".join(items))
    doubts = len(ledger.doubts)
    if doubts:
        parts.append(f"{doubts} doubt{'s' if doubts != 1 else ''}")
    return "; ".join(parts)


def _validate(result: ImportResult, cases_dir: Path) -> None:
    """Check that what the import would write reads back and validates; raise if not."""
    problems: list[Problem] = []
    display = f"{result.document.display} (imported report)"
    source, found = load_yaml_text(result.report_text.encode("utf-8"), Path("imported.yaml"), display)
    problems.extend(found)
    if source is not None:
        _model, found = validate_entry(Report, source)
        problems.extend(found)
    for case_id, text in result.case_texts.items():
        source, found = load_yaml_text(text.encode("utf-8"), cases_dir / f"{case_id}.yaml", f"{case_id} (imported case)")
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
            shown = f" '{text if len(text) <= 24 else text[:24] + '…'}'"
        lines.append(f"{location}: {note.kind}{shown}: {note.message}".replace("\n", "⏎"))
    summary = _summary_counts(result.ledger)
    lines.append(f"{document.display}: {summary or 'nothing removed, changed or doubted'}")
    return lines


def format_structure(result: ImportResult) -> list[str]:
    """Return the structure found, one line per part, as `--check` prints it."""
    report = result.report
    document = result.document

    def where(mapped) -> str:
        line, column = document.position(mapped.origin() if mapped is not None else None)
        return f"{line}:{column}" if line else "-"

    def short(text: str, limit: int = 30) -> str:
        return text if len(text) <= limit else text[:limit] + f"…（{len(text)}字）"

    lines = []
    if report.title is not None:
        lines.append(f"{where(report.title):>8}  title     {report.title.text}")
    lines.append(f"{where(report.headline):>8}  headline  {report.headline.text}")
    lines.append(f"{where(report.lead):>8}  lead      {short(report.lead.text)}")
    from .. import numbering

    numbers = [numbering.section_number, numbering.subsection_number, numbering.level3_number, numbering.level4_number]

    def section_lines(section, depth: int, n: int) -> None:
        indent = "  " * depth
        heading = section.theme.text + (f"，{section.front_line.text}" if section.front_line is not None else "")
        lines.append(f"{where(section.theme):>8}  {indent}{numbers[min(depth, 3)](n)}{heading}")
        if len(section.intro):
            lines.append(f"{where(section.intro):>8}  {indent}  intro  {short(section.intro.text)}")
        for i, point in enumerate(section.points, start=1):
            extra = f"  figures: {'、'.join(f.text for f in point.figures)}" if point.figures else ""
            lines.append(f"{where(point.key_phrase):>8}  {indent}  {numbering.point_ordinal(i)}{point.key_phrase.text}。 text {len(point.text)}字{extra}")
            for case in point.cases:
                details = [d for d in (case.region, case.place) if d]
                details += list(case.figures.values())
                state = f" [{case.id}{', in the library' if case.reused else ''}]" if case.id else ""
                lines.append(f"{where(case.unit):>8}  {indent}    如 {case.unit.text}{state}" + (f" ({'; '.join(details)})" if details else ""))
            if len(point.closing):
                lines.append(f"{where(point.closing):>8}  {indent}    closing  {short(point.closing.text)}")
        for i, sub in enumerate(section.subsections, start=1):
            section_lines(sub, depth + 1, i)

    for i, section in enumerate(report.sections, start=1):
        section_lines(section, 0, i)
    if len(report.closing):
        lines.append(f"{where(report.closing):>8}  closing   {short(report.closing.text)}")
    if report.issuer is not None:
        lines.append(f"{where(report.issuer):>8}  issuer    {report.issuer.text}")
    if report.date_text is not None:
        lines.append(f"{where(report.date_text):>8}  date      {report.date_text.text}")
    points = report.all_points()
    cases = report.all_cases()
    count_sections = len(report.sections)
    lines.append(f"{count_sections} section{'s' if count_sections != 1 else ''}, {len(points)} point{'s' if len(points) != 1 else ''}, {len(cases)} case{'s' if len(cases) != 1 else ''}")
    return lines


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _write_new(path: Path, text: str) -> bool:
    """Write `text` to `path` only if no file is there; return whether it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def default_output(source: Path) -> Path:
    stem = writer.case_id_for(source.stem, set(), Path("/nonexistent"))
    return DEFAULT_REPORTS_DIR / f"{stem}.yaml"


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help="The report YAML to write [default: data/reports/<source name>.yaml].")
@click.option("--cases-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CASES_DIR, show_default=True, help="Where the case entries go; existing files are never overwritten.")
@click.option("--check", is_flag=True, help="Print the structure found and the import report; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite the report file if it exists (case files are never overwritten).")
def import_command(source: Path, output: Path | None, cases_dir: Path, check: bool, force: bool) -> None:
    """Import a .txt (UTF-8 or GB18030) or .docx document as a report YAML and case entries.

    Extraction noise (a sharing site's notice line, page-chunk markers, stray spaces,
    half-width punctuation, lost closing quotes and full stops) is removed or repaired;
    every change and every doubt is listed with its line and column in SOURCE.
    """
    result = import_document(source, cases_dir=cases_dir)
    if check:
        for line in format_structure(result):
            click.echo(line)
        click.echo("")
        for line in format_notes(result):
            click.echo(line)
        return
    output = output or default_output(source)
    if output.exists() and not force:
        raise ReportgenError([Problem(Location(display_path(output)), "file already exists", hint="choose another -o FILE, or add --force to replace it")])
    for case in result.report.all_cases():
        if case.reused:
            click.echo(f"case {case.unit.text}: the same case is already in {case.file} (id {case.id}); referenced, not written")
    for case_id, text in result.case_texts.items():
        path = cases_dir / f"{case_id}.yaml"
        if not _write_new(path, text):
            raise ReportgenError([Problem(Location(display_path(path)), "a case file appeared here during the import; nothing was overwritten", hint="run the import again")])
        click.echo(f"wrote {display_path(path)}")
    _write_atomically(output, result.report_text)
    click.echo(f"wrote {display_path(output)}")
    click.echo("")
    for line in format_notes(result):
        click.echo(line)
