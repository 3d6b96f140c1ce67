"""Help for the people who write entries: skeletons, JSON Schemas, and the library listing."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Union

from .errors import Location, Problem, ReportgenError
from .i18n import _
from .project import BRIEFS_DIR, CASES_DIR, REPORTS_DIR, Project, yaml_files_under

SCHEMA_FILES = {"case": "case.schema.json", "report": "report.schema.json", "brief": "brief.schema.json"}
KIND_FOLDERS = {"case": CASES_DIR, "report": REPORTS_DIR, "brief": BRIEFS_DIR}
_NAME = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.-]*$")


# -- skeletons --------------------------------------------------------------------------------


def next_brief_issue(project: Project) -> int:
    """Return the issue number after the highest one among the existing briefs."""
    from .source import load_yaml_file

    highest = 0
    folder = project.data_dir / BRIEFS_DIR
    if folder.is_dir():
        for path in yaml_files_under(folder):
            source, _problems = load_yaml_file(path)
            data = source.data if source else None
            if (
                isinstance(data, dict)
                and isinstance(data.get("issue"), int)
                and not isinstance(data.get("issue"), bool)
            ):
                highest = max(highest, data["issue"])
    return highest + 1


def new_entry(project: Project, kind: str, name: str | None, today: dt.date) -> Path:
    """Write a commented skeleton for a new entry and return its path; never overwrite."""
    folder = project.data_dir / KIND_FOLDERS[kind]
    issue = next_brief_issue(project) if kind == "brief" else 0
    if name is None:
        if kind == "brief":
            name = f"{today.year}-{issue:02d}"
        else:
            name = f"{kind}-{today:%Y%m%d}"
            counter = 1
            while (folder / f"{name}.yaml").exists():
                counter += 1
                name = f"{kind}-{today:%Y%m%d}-{counter}"
    if name.endswith((".yaml", ".yml")):
        name = name.rsplit(".", 1)[0]
    if not _NAME.match(name):
        raise ReportgenError(
            _("'{name}' cannot be a file name for an entry: use letters, digits, '-' and '_' only").format(name=name)
        )
    path = folder / f"{name}.yaml"
    if path.exists():
        raise ReportgenError(
            [
                Problem(
                    Location(str(path.as_posix())),
                    _("{file} already exists; nothing was written").format(file=path.as_posix()),
                    hint=_("choose another name"),
                )
            ]
        )
    text = (resources.files("reportgen") / "skeletons" / f"{kind}.yaml").read_text(encoding="utf-8")
    values = {
        "{id}": name,
        "{date}": today.isoformat(),
        "{issue}": str(issue),
        "{month_start}": today.replace(day=1).isoformat(),
    }
    for key, value in values.items():
        text = text.replace(key, value)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return path


# -- JSON Schema --------------------------------------------------------------------------------


def entry_schemas() -> dict[str, dict]:
    """Return the JSON Schema of each kind of entry, generated from the model."""
    from pydantic import TypeAdapter

    from .model import Brief, CaseFile, LibraryCase, Report

    schemas = {
        "case": TypeAdapter(Union[LibraryCase, CaseFile]).json_schema(),
        "report": Report.model_json_schema(),
        "brief": Brief.model_json_schema(),
    }
    titles = {
        "case": "reportgen 案例 / case entry (data/cases/*.yaml)",
        "report": "reportgen 经验交流材料 / report entry (data/reports/*.yaml)",
        "brief": "reportgen 工作简报 / brief entry (data/briefs/*.yaml)",
    }
    result = {}
    for kind, schema in schemas.items():
        result[kind] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_FILES[kind],
            "title": titles[kind],
            **{k: v for k, v in schema.items() if k != "title"},
        }
    return result


def schema_texts() -> dict[str, str]:
    """Return each schema file's name and exact text."""
    return {
        SCHEMA_FILES[kind]: json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for kind, schema in entry_schemas().items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write the schema files into `folder` and return their paths."""
    from .outputs import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        write_atomically(path, text.encode("utf-8"))
        written.append(path)
    return written


# -- the library, listed --------------------------------------------------------------------------


def library_listing(project: Project) -> tuple[list[str], list[Problem]]:
    """Return lines listing the cases by front line, with region, date and the documents using each."""
    from .build import gather

    gathered = gather(project)
    users: dict[str, list[str]] = {}
    for target in gathered.targets:
        for case_id in target.cases_used:
            users.setdefault(case_id, []).append(target.output_file)
    groups: dict[str, list] = {}
    for entry in gathered.library.entries.values():
        groups.setdefault(entry.case.front_line or _("(no front line)"), []).append(entry)
    lines = []
    for front_line in sorted(groups):
        entries = sorted(groups[front_line], key=lambda e: (e.case.date, e.case.id))
        lines.append(f"{front_line} ({len(entries)})")
        for entry in entries:
            case = entry.case
            used = ", ".join(sorted(users.get(case.id, []))) or _("not used")
            lines.append(f"  {case.date.isoformat()}  {case.id}  {case.unit}  {case.region or '-'}  → {used}")
    return lines, gathered.problems
