"""Help for the people who write entries: skeletons, JSON Schemas, and the library listing."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Union

from .errors import Location, Problem, ReportgenError, printable
from .i18n import _
from .kinds import EntryKind, entry_kinds, get_kind
from .project import Project, yaml_files_under


def schema_file(kind: EntryKind) -> str:
    """Return the name of a kind's JSON Schema file."""
    return f"{kind.name}.schema.json"


# -- skeletons --------------------------------------------------------------------------------


def next_number(project: Project, kind: EntryKind) -> int:
    """Return the number after the highest one in the kind's counting field (a brief's issue) among its entries."""
    from .source import load_yaml_file

    highest = 0
    folder = project.kind_dir(kind.name)
    field = kind.numbered_by
    if field and folder.is_dir():
        for path in yaml_files_under(folder):
            source, _problems = load_yaml_file(path)
            data = source.data if source else None
            if isinstance(data, dict) and isinstance(data.get(field), int) and not isinstance(data.get(field), bool):
                highest = max(highest, data[field])
    return highest + 1


_PLACEHOLDER_LINE = re.compile(r"^( *)(?:- )?[A-Za-z_][\w-]*: *(?:\[ *)?【待填[：:][^】]*】(?: *\])? *(?:#.*)?$")
_PLACEHOLDER_ONLY = re.compile(r"^ *【待填[：:][^】]*】 *$")
_HEADER = re.compile(r"^( *)[A-Za-z_][\w-]*: *(?:[>|][-+]?)? *(?:#.*)?$")


def without_placeholders(text: str) -> str:
    """Return a skeleton with its 【待填：…】 keys left out: for a form that asks for each field itself.

    A key whose value is a placeholder goes, and so does a key left holding nothing
    (a block text whose only line was one, a mapping whose keys all were).
    """
    lines = [line for line in text.split("\n") if not _PLACEHOLDER_LINE.match(line)]
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            header = _HEADER.match(line)
            if not header:
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if _PLACEHOLDER_ONLY.match(following):
                del lines[i : i + 2]
                changed = True
                break
            indent = len(header.group(1))
            deeper = following.strip() and len(following) - len(following.lstrip(" ")) > indent
            if not deeper and not following.lstrip().startswith("- ") and line.rstrip().endswith(":"):
                del lines[i]
                changed = True
                break
    return "\n".join(lines)


def new_entry(project: Project, kind_name: str, name: str | None, today: dt.date) -> Path:
    """Write a commented skeleton for a new entry and return its path; never overwrite.

    A kind numbered by a field (a brief by its issue) takes the next number and is
    named after the year and that number by default; other kinds after the kind and the date.
    """
    from .names import is_id

    kind = get_kind(kind_name)
    folder = project.kind_dir(kind.name)
    issue = next_number(project, kind) if kind.numbered_by else 0
    if name is None:
        if kind.numbered_by:
            name = f"{today.year}-{issue:02d}"
        else:
            name = f"{kind.name}-{today:%Y%m%d}"
            counter = 1
            while (folder / f"{name}.yaml").exists():
                counter += 1
                name = f"{kind.name}-{today:%Y%m%d}-{counter}"
    if name.endswith((".yaml", ".yml")):
        name = name.rsplit(".", 1)[0]
    if not is_id(name):
        raise ReportgenError(
            _("'{name}' cannot be a file name for an entry: use letters, digits, '-' and '_' only").format(
                name=printable(name)
            )
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
    text = kind.skeleton_text()
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

    result = {}
    for kind in entry_kinds():
        models = kind.schema_models()
        if len(models) == 1:
            schema = models[0].model_json_schema()
        else:
            union: Any = Union[tuple(models)]  # noqa: UP007  (a union of classes known at run time)
            schema = TypeAdapter(union).json_schema()
        result[kind.name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": schema_file(kind),
            "title": kind.schema_title,
            **{k: v for k, v in schema.items() if k != "title"},
        }
    return result


def schema_texts() -> dict[str, str]:
    """Return each schema file's name and exact text."""
    return {
        schema_file(get_kind(name)): json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, schema in entry_schemas().items()
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
    from .gather import gather

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
