"""Case intake: a county's submission (.docx, .txt) or an Excel 台账 (.xlsx) in, case files out.

`intake_file` reads a file into cases and reports what it doubts and which cases the
library already holds, writing nothing; `write_intake` writes the new case files
(never replacing one). `reportgen import --cases` and the editor's upload page both
call these two.

- A submission holds one or several 信息: a heading (a Word heading style, or a short
  line without a full stop) and the paragraphs under it, or, without headings, one
  paragraph each. The unit is read from the start of the text (or of the heading),
  the region and place from the unit's name, the date from the text, the figures
  as {name} placeholders; whatever was guessed is a doubt at its line and column.
- A 台账 has a header row (单位, 区县, 日期, 一线, 事迹, …, in Chinese or English; the
  names come from the case model's field titles) and one case per row. Every message
  names the cell: `台账.xlsx:Sheet1!C3`.
- A case whose unit is in the library with a near-identical text (or that came
  earlier in the same file) is a duplicate: reported, not written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WARNING, Location, Problem, ReportgenError
from ..i18n import _
from ..library import case_view
from ..model import LibraryCase, validate_entry
from ..outputs import write_atomically
from ..project import Project
from ..source import display_path, load_yaml_text
from . import ooxml, writer
from .ledger import read_ledger
from .mapped import MappedText
from .readers import SourceDocument, read_source
from .result import CaseDraft, ImportedCase
from .tokens import SENTENCE_ENDS
from .units import case_text_with_figures, place_in_text, recognise_unit, region_and_place

SIMILAR = 0.9  # texts this alike (difflib ratio) of one unit are the same case
PLACEHOLDER_UNIT = "（单位待补充）"
HEADING_LONGEST = 40
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_OPENING_DATE = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,、]?")


@dataclass
class IntakeCase:
    """One case read from the file: its YAML text and where it came from."""

    id: str
    unit: str
    text: str  # the case's text as written (figures in), for comparing
    yaml: str
    location: Location


@dataclass
class Duplicate:
    """A case of the file that the library (or the file, earlier) already holds."""

    location: Location
    unit: str
    same_as: str  # the case's id
    file: str  # where it is


@dataclass
class IntakeResult:
    """What one file would add to the library: new cases, duplicates and doubts (nothing written yet)."""

    source: str
    cases: list[IntakeCase] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    doubts: list[Problem] = field(default_factory=list)  # warnings, each at its place
    written: list[Path] = field(default_factory=list)  # filled by write_intake

    @property
    def problems(self) -> list[Problem]:
        """Return the doubts and the duplicates as located warnings."""
        return self.doubts + [
            Problem(
                d.location,
                _("case {unit} is already in the library as {id} ({file}); not written").format(
                    unit=d.unit, id=d.same_as, file=d.file
                ),
                WARNING,
            )
            for d in self.duplicates
        ]

    def messages(self) -> list[str]:
        """Return the report of the intake, one line each: doubts, then duplicates."""
        lines = [p.format() for p in self.doubts]
        for problem in self.problems[len(self.doubts) :]:
            lines.append(f"{problem.location}: {problem.message}")
        return lines


def intake_file(
    path: Path,
    project_or_cases: Project | Path,
    *,
    today: dt.date | None = None,
    limits: ooxml.Limits = ooxml.DEFAULT_LIMITS,
) -> IntakeResult:
    """Read the cases of a submission or a 台账 for the library of a project (or a cases folder); write nothing.

    Raise ReportgenError, with every bad place, for what makes the file unusable.
    """
    cases_dir = project_or_cases.cases_dir if isinstance(project_or_cases, Project) else Path(project_or_cases)
    today = today or dt.date.today()
    display = display_path(path)
    result = IntakeResult(display)
    if path.suffix.lower() == ".xlsx":
        drafts = read_ledger(path, display, today, result.doubts, limits)
    else:
        document = read_source(path, limits)
        drafts = _submission_drafts(document, today, result.doubts)
    if not drafts:
        raise ReportgenError([Problem(Location(display), _("the file holds no case"))])
    _resolve(drafts, cases_dir, result)
    return result


def write_intake(result: IntakeResult, cases_dir: Path) -> list[Path]:
    """Write the new cases of `result` (all or none; an existing file is never replaced); return the files written."""
    written: list[Path] = []
    try:
        cases_dir.mkdir(parents=True, exist_ok=True)
        for case in result.cases:
            path = cases_dir / f"{case.id}.yaml"
            write_atomically(path, case.yaml.encode("utf-8"), exclusive=True)
            written.append(path)
        result.written = written
    except FileExistsError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = Location(display_path(Path(exc.filename))) if exc.filename else Location(display_path(cases_dir))
        raise ReportgenError(
            [Problem(where, _("a case file appeared here during the import; nothing was overwritten"))]
        ) from None
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        message = _("cannot write the file: {reason}").format(reason=exc.strerror or exc)
        raise ReportgenError([Problem(Location(display_path(cases_dir)), message)]) from None
    return written


# -- a submission: 信息 under headings, or one per paragraph ---------------------------------


def _is_heading(document: SourceDocument, index: int) -> bool:
    paragraph = document.paragraphs[index]
    text = paragraph.text.strip()
    if not text:
        return False
    if paragraph.outline_level is not None or (paragraph.style or "").startswith(("Heading", "Title", "标题")):
        return True
    following = next((p for p in document.paragraphs[index + 1 :] if p.text.strip()), None)
    return (
        len(text) <= HEADING_LONGEST
        and not any(ch in text for ch in SENTENCE_ENDS + "，；")
        and following is not None
        and len(following.text.strip()) > len(text)
    )


def _submission_drafts(document: SourceDocument, today: dt.date, doubts: list[Problem]) -> list[CaseDraft]:
    """Return the 信息 of a submission, each with its heading (if any) and its paragraphs."""
    groups: list[tuple[int | None, list[int]]] = []
    indexes = [i for i, p in enumerate(document.paragraphs) if p.text.strip()]
    headings = [i for i in indexes if _is_heading(document, i)]
    if headings:
        current: tuple[int | None, list[int]] | None = None
        for i in indexes:
            if i in headings:
                current = (i, [])
                groups.append(current)
            elif current is None:
                doubts.append(_doubt(document, i, _("text before the first heading is taken as a case of its own")))
                groups.append((None, [i]))
            else:
                current[1].append(i)
    else:
        groups = [(None, [i]) for i in indexes]
    drafts = []
    for number, (heading, body) in enumerate(groups):
        first = body[0] if body else heading
        assert first is not None
        if not body and (number == 0 or document.paragraphs[first].style == "Title"):
            doubts.append(_doubt(document, first, _("taken as the title of the submission, not a case")))
            continue
        if not body:
            doubts.append(_doubt(document, first, _("a heading with no text under it is taken as the case's text")))
            body = [first]
            heading = None
        drafts.append(_draft_from_text(document, heading, body, today, doubts))
    return drafts


def _doubt(document: SourceDocument, paragraph: int, message: str) -> Problem:
    return Problem(document.location(document.paragraphs[paragraph].offset), message, WARNING)


def _draft_from_text(
    document: SourceDocument, heading: int | None, body: list[int], today: dt.date, doubts: list[Problem]
) -> CaseDraft:
    paragraphs = document.paragraphs
    text = "".join(paragraphs[i].text.strip() for i in body)
    title = paragraphs[heading].text.strip() if heading is not None else None
    start = body[0]
    location = document.location(paragraphs[heading if heading is not None else start].offset)
    date = _date_in_text(text, today)
    opening = _OPENING_DATE.match(text)
    if opening is not None and date is not None:
        text = text[opening.end() :]  # 1月5日，碧江区总工会… : the date goes to its field, the unit opens the text
    unit = recognise_unit(text)
    if unit is not None:
        rest = text[len(unit) :]
    else:
        unit = recognise_unit(title, figure_after=False) if title else None
        rest = text
        if unit is None:
            unit = PLACEHOLDER_UNIT
            doubts.append(
                Problem(
                    document.location(paragraphs[start].offset),
                    _(
                        "no unit found at the start of the text (such as 碧江区总工会…); '{unit}' is written, fill it in"
                    ).format(unit=PLACEHOLDER_UNIT),
                    WARNING,
                )
            )
        else:
            doubts.append(
                Problem(location, _("the unit '{unit}' is taken from the heading; check it").format(unit=unit), WARNING)
            )
    if date is None:
        date = today
        doubts.append(
            Problem(
                location,
                _("no date in the text; the day of the import ({date}) is written, correct it").format(
                    date=today.isoformat()
                ),
                WARNING,
            )
        )
    elif not _FULL_DATE.search("".join(paragraphs[i].text for i in body)):
        doubts.append(
            Problem(
                location,
                _("the date gives no year; {year} is assumed").format(year=date.year),
                WARNING,
            )
        )
    region, place = region_and_place(unit) if unit != PLACEHOLDER_UNIT else (None, None)
    return CaseDraft(
        location,
        unit,
        rest.rstrip("。"),
        date,
        region=region,
        place=place or place_in_text(rest),
        source=document.path.name,
        heading=title,
    )


def _date_in_text(text: str, today: dt.date) -> dt.date | None:
    for match in _FULL_DATE.finditer(text):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    for match in _DAY.finditer(text):
        try:
            return dt.date(today.year, int(match.group(1)), int(match.group(2)))
        except ValueError:
            continue
    return None


# -- against the library ---------------------------------------------------------------------


def _resolve(drafts: list[CaseDraft], cases_dir: Path, result: IntakeResult) -> None:
    """Give each new case an id and its YAML; report the ones the library (or the file) already has."""
    index = writer.index_library(cases_dir)
    by_unit: dict[str, list[tuple[str, str, str]]] = {}
    for (unit, text), (case_id, file) in index.by_text.items():
        by_unit.setdefault(unit, []).append((text, case_id, file))
    taken = set(index.ids)
    problems: list[Problem] = []
    for draft in drafts:
        case = ImportedCase(MappedText.added(draft.unit), MappedText.added(draft.body))
        case.text, case.figures = case_text_with_figures(draft.body)
        written = draft.body
        same = next(
            (
                (case_id, file)
                for text, case_id, file in by_unit.get(draft.unit, ())
                if difflib.SequenceMatcher(None, text, written, autojunk=False).ratio() >= SIMILAR
            ),
            None,
        )
        if same is not None:
            result.duplicates.append(Duplicate(draft.location, draft.unit, same[0], same[1]))
            continue
        case.id = writer.case_id_for(draft.unit, taken, cases_dir)
        taken.add(case.id)
        case.region, case.place, case.front_line = draft.region, draft.place, draft.front_line
        file = display_path(cases_dir / f"{case.id}.yaml")
        by_unit.setdefault(draft.unit, []).append((written, case.id, file))
        data = writer.case_entry(
            case,
            date=draft.date,
            date_comment=None,
            source=draft.source,
            extra={"tags": draft.tags} if draft.tags else None,
        )
        header = ["# " + _("imported by reportgen import from {place}").format(place=str(draft.location))]
        if draft.heading:
            header.append("# " + _("heading: {heading}").format(heading=draft.heading))
        text = "".join(line + "\n" for line in header) + writer.dump(data)
        source, found = load_yaml_text(text.encode("utf-8"), cases_dir / f"{case.id}.yaml", str(draft.location))
        problems.extend(found)
        if source is not None:
            model, found = validate_entry(LibraryCase, source)
            problems.extend(Problem(draft.location, p.message, p.severity, p.hint) for p in found)
            if model is not None:
                view = case_view(model, draft.location)
                written = view.text
        result.cases.append(IntakeCase(case.id, draft.unit, written, text, draft.location))
    if [p for p in problems if p.is_error]:
        raise ReportgenError(problems)
