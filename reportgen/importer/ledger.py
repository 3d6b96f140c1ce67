"""Read an Excel 台账 (.xlsx): a header row naming the columns, then one case per row.

The package is first checked within the import's budgets (`ooxml`: inflated sizes,
XML without entities, bounded depth and elements); then openpyxl reads it in
read-only mode, row by row. Columns are matched to the case's fields by the field
titles of the model (单位, 区县, 日期, 所属一线, 事迹, …), their English names, and a
few other names offices use; a column matching none is reported and left out.
Every message names its cell, such as `台账.xlsx:Sheet1!C3`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from ..errors import WARNING, Location, Problem, ReportgenError
from ..i18n import _
from ..model import LibraryCase
from . import ooxml
from .result import CaseDraft
from .units import region_and_place

_CELL_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")

# Other names for the columns, beside the model's field titles and names.
ALIASES = {
    "unit": ("单位名称", "报送单位", "填报单位", "unit name"),
    "region": ("县区", "区（县）", "县（区）", "区县（市）", "county", "district"),
    "place": ("乡镇", "地址", "town"),
    "date": ("时间", "日期（年月日）", "报送日期"),
    "front_line": ("一线", "举措", "所属举措", "initiative"),
    "text": ("主要事迹", "事迹内容", "内容", "正文", "信息内容", "description"),
    "tags": ("关键词",),
    "source": ("信息来源", "报送人"),
}
FIELDS = ("unit", "region", "place", "date", "front_line", "tags", "text", "source")
MAX_ROWS = 10_000
MAX_COLUMNS = 100


def _normal(name: str) -> str:
    return "".join(str(name).split()).strip("：:*").lower()


def column_names() -> dict[str, str]:
    """Return the header names understood, normalised, each with the field it fills."""
    names: dict[str, str] = {}
    for key in FIELDS:
        info = LibraryCase.model_fields[key]
        for name in (key, key.replace("_", " "), info.title or "", *ALIASES.get(key, ())):
            if name:
                names.setdefault(_normal(name), key)
    return names


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 1-based column (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_ledger(path: Path, display: str, today: dt.date, doubts: list[Problem], limits: ooxml.Limits) -> list:
    """Return the drafts of a 台账's rows; raise ReportgenError naming every bad cell."""
    from openpyxl import load_workbook

    with ooxml.Package(path, display, limits) as package:
        package.check_all()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ooxml.unreadable(display, exc.__class__.__name__) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ReportgenError([Problem(Location(display), _("the workbook has no sheet"))])
        title = sheet.title
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        names = column_names()

        def cell(row: int, column: int) -> Location:
            return Location(f"{display}:{title}!{column_letter(column)}{row}")

        header_row = 0
        header: list[object] = []
        for number, values in enumerate(rows, start=1):
            if any(v is not None and str(v).strip() for v in values):
                header_row, header = number, list(values)
                break
        if not header_row:
            raise ReportgenError([Problem(Location(display), _("the sheet is empty"))])
        columns: dict[int, str] = {}
        for index, name in enumerate(header, start=1):
            if name is None or not str(name).strip():
                continue
            key = names.get(_normal(str(name)))
            if key is None:
                doubts.append(
                    Problem(
                        cell(header_row, index),
                        _("unknown column '{name}'; left out (known: {known})").format(
                            name=str(name).strip(), known="、".join(_titles())
                        ),
                        WARNING,
                    )
                )
            elif key in columns.values():
                doubts.append(
                    Problem(
                        cell(header_row, index),
                        _("a second column for '{name}'; left out").format(name=str(name).strip()),
                        WARNING,
                    )
                )
            else:
                columns[index] = key
        problems = [
            Problem(
                cell(header_row, 1),
                _("the header row has no column '{title}'").format(title=LibraryCase.model_fields[key].title),
                hint=_("the first row names the columns: 单位, 区县, 日期, 一线, 事迹, …"),
            )
            for key in ("unit", "text")
            if key not in columns.values()
        ]
        if problems:
            raise ReportgenError(problems)
        drafts = []
        for number, values in enumerate(rows, start=header_row + 1):
            if number - header_row > MAX_ROWS:
                message = _("the sheet has more than {limit} rows").format(limit=MAX_ROWS)
                raise ReportgenError([Problem(cell(number, 1), message)])
            row = {key: values[index - 1] for index, key in columns.items() if index - 1 < len(values)}
            if not any(v is not None and str(v).strip() for v in row.values()):
                continue
            draft = _row_draft(row, number, columns, cell, today, doubts, problems, path.name)
            if draft is not None:
                drafts.append(draft)
        if problems:
            raise ReportgenError(problems)
        return drafts
    finally:
        book.close()


def _titles() -> list[str]:
    return [LibraryCase.model_fields[key].title or key for key in FIELDS]


def _row_draft(row, number, columns, cell, today, doubts, problems, file_name):
    where = {key: cell(number, index) for index, key in columns.items()}

    def text(key: str) -> str | None:
        value = row.get(key)
        if value is None:
            return None
        shown = str(value).strip()
        return shown or None

    def bad(key: str, message: str) -> None:
        column = where[key].path.rsplit("!", 1)[1].rstrip("0123456789")
        title = LibraryCase.model_fields[key].title or key
        problems.append(
            Problem(
                where[key],
                _("row {row}, column {column} ({title}): {message}").format(
                    row=number, column=column, title=title, message=message
                ),
            )
        )

    unit = text("unit")
    body = text("text")
    if unit is None:
        bad("unit", _("no unit given"))
    if body is None:
        bad("text", _("no text given"))
    date = today
    if "date" in where:
        value = row.get("date")
        if value is None or not str(value).strip():
            doubts.append(
                Problem(
                    where["date"],
                    _("no date; the day of the import ({date}) is written, correct it").format(date=today.isoformat()),
                    WARNING,
                )
            )
        else:
            parsed = parse_cell_date(value)
            if parsed is None:
                bad(
                    "date",
                    _("'{value}' is not a date (write it as 2023-01-05 or 2023年1月5日)").format(
                        value=str(value).strip()
                    ),
                )
            else:
                date = parsed
    if unit is None or body is None:
        return None
    if body.startswith(unit):
        body = body[len(unit) :]
    region, place = region_and_place(unit)
    tags = [t for t in (text("tags") or "").replace("，", ",").replace("、", ",").split(",") if t.strip()]
    return CaseDraft(
        where["unit"],
        unit,
        body.strip().rstrip("。"),
        date,
        region=text("region") or region,
        place=text("place") or place,
        front_line=text("front_line"),
        tags=[t.strip() for t in tags],
        source=text("source") or file_name,
    )


def parse_cell_date(value: object) -> dt.date | None:
    """Return the date a cell holds (a date, 2023-01-05, 2023/1/5, 2023年1月5日), or None if it holds none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _CELL_DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
