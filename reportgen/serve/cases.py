"""Cases in the editor: the list, the form, checking a draft, saving, a new case's id and file."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import yamledit
from ..errors import Location, Problem, ReportgenError
from ..i18n import _, current_language
from ..model import LibraryCase
from ..project import Project
from .checks import Checked, check_text
from .forms import apply_case_form

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
MAX_LISTED = 5000


@dataclass
class Row:
    id: str
    unit: str
    region: str
    date: str
    front_line: str
    tags: list[str]
    file: str  # the file's stem, the editor's name for it
    index: int | None  # the case's place in a file of several cases
    broken: bool = False


_ROWS: dict = {}  # the rows last listed, by the case folder's listing (names, sizes, modification times)


def _listing(folder: Path) -> tuple:
    """Return the YAML files under `folder` with their sizes and modification times: one walk, no reads."""
    found = []
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in files:
            if name.startswith(".") or not name.lower().endswith((".yaml", ".yml")):
                continue
            try:
                stat = os.stat(os.path.join(directory, name))
            except OSError:
                continue
            found.append((os.path.join(directory, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def forget_rows() -> None:
    """Drop the listed rows (after the editor wrote a case file)."""
    _ROWS.clear()


def case_rows(project: Project) -> tuple[list[Row], list[Problem]]:
    """Return every case of the library (the valid ones, then those that fail to validate).

    The rows are kept while the case folder's listing (names, sizes, modification times)
    stays the same, so that the list of a large library answers without reading every file.
    """
    from ..library import load_case_library

    folder = project.cases_dir
    listing = _listing(folder) if folder.is_dir() else ()
    key = (str(folder.resolve()), current_language(), listing)
    if _ROWS.get("key") == key:
        return _ROWS["rows"], _ROWS["problems"]
    library, problems = load_case_library(project)
    rows = []
    for entry in library.entries.values():
        case = entry.case
        index = entry.path[1] if len(entry.path) == 2 and entry.path[0] == "cases" else None
        rows.append(
            Row(
                case.id,
                case.unit,
                case.region or "",
                case.date.isoformat(),
                case.front_line or "",
                list(case.tags),
                entry.source.path.stem,
                index,
            )
        )
    listed = {row.file for row in rows}
    for name, _mtime, _size in listing:
        path = Path(name)
        if path.stem not in listed and path.parent == folder:
            rows.append(Row(path.stem, "", "", "", "", [], path.stem, None, broken=True))
    _ROWS.clear()
    _ROWS.update(key=key, rows=rows, problems=problems)
    return rows, problems


def filter_rows(
    rows: list[Row], *, q: str = "", front_line: str = "", region: str = "", start: str = "", end: str = ""
):
    """Return the rows that match the search words and the chosen front line, region and dates."""
    words = [w for w in re.split(r"\s+", q.strip()) if w]
    result = []
    for row in rows:
        if front_line and row.front_line != front_line:
            continue
        if region and row.region != region:
            continue
        if start and (not row.date or row.date < start):
            continue
        if end and (not row.date or row.date > end):
            continue
        if words:
            haystack = " ".join([row.id, row.unit, row.region, row.front_line, *row.tags])
            if not all(w in haystack for w in words):
                continue
        result.append(row)
    result.sort(key=lambda r: (r.front_line or "\uffff", r.date, r.id))
    return result[:MAX_LISTED]


def grouped(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.front_line, []).append(row)
    return list(groups.items())


# -- one case --------------------------------------------------------------------------------------


def load_case(path: Path, index: int | None) -> tuple[yamledit.EditableYaml, tuple]:
    """Return the case file for editing and where the case stands in it."""
    editable = yamledit.load(path)
    data = editable.data
    if isinstance(data, dict) and isinstance(data.get("cases"), list):
        position = index or 0
        if not 0 <= position < len(data["cases"]):
            raise ReportgenError(_("the file has no case number {number}").format(number=position + 1))
        return editable, ("cases", position)
    return editable, ()


def skeleton(case_id: str, today: dt.date) -> str:
    """Return the commented case skeleton with an id and a date filled in, without its 【待填：…】 keys.

    The form asks for each field itself; a field left empty is then missing, and
    named so, rather than saved with the skeleton's placeholder in it.
    """
    from ..authoring import without_placeholders
    from ..kinds import CASE, get_kind

    text = without_placeholders(get_kind(CASE).skeleton_text())
    return text.replace("{id}", case_id).replace("{date}", today.isoformat())


def slug(unit: str) -> str:
    """Return an id made from a unit's name: its pinyin, e.g. 碧江区妇联 → bijiangqufulian."""
    from pypinyin import lazy_pinyin

    words = [w for w in lazy_pinyin(unit, errors="ignore") if w]
    text = "".join(_SLUG_CHARS.sub("-", w.lower()) for w in words)
    text = re.sub(r"-+", "-", text).strip("-")
    return text[:60].rstrip("-") or "case"


def new_case_id(unit: str, folder: Path, taken: set[str]) -> str:
    """Return a case id from the unit's name that no file and no case uses yet."""
    base = slug(unit)
    candidate, counter = base, 1
    while candidate in taken or (folder / f"{candidate}.yaml").exists() or (folder / f"{candidate}.yml").exists():
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


def check_case(project: Project, editable: yamledit.EditableYaml, base: tuple) -> Checked:
    return check_text(editable.to_bytes(), editable.path, LibraryCase, project, base=base)


def draft_of(project: Project, name: str | None, index: int | None, values: dict) -> tuple[Any, tuple, bool]:
    """Return the editable file with the form's values applied, its case path, and whether it is new."""
    if name is None:
        case_id = str(values.get("id") or "").strip()
        folder = project.cases_dir
        if not case_id:
            taken = {row.id for row in case_rows(project)[0]}
            case_id = new_case_id(str(values.get("unit") or ""), folder, taken)
        from .safety import confined

        path = confined(folder, case_id)
        editable = yamledit.new_file(path, skeleton(case_id, dt.date.today()))
        apply_case_form(editable, (), {**values, "id": case_id}, keep_id=False)
        return editable, (), True
    from .safety import existing_entry

    path = existing_entry(project.cases_dir, name)
    editable, base = load_case(path, index)
    apply_case_form(editable, base, values, keep_id=False)
    return editable, base, False


def duplicate_id_problem(project: Project, editable: yamledit.EditableYaml, base: tuple) -> Problem | None:
    """Return a problem when the case's id is used by another case of the library."""
    case_id = editable.get((*base, "id"))
    if not isinstance(case_id, str):
        return None
    for row in case_rows(project)[0]:
        if row.id == case_id and (row.file != editable.path.stem or editable.digest is None):
            return Problem(
                Location(editable.path.as_posix()),
                _("the id {id} is already used by data/cases/{file}.yaml").format(id=case_id, file=row.file),
                hint=_("choose another id, or leave it empty to have one made from the unit"),
            )
    return None
