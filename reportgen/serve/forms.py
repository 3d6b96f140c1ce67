"""Forms generated from the model: a case's fields with their Chinese labels and help, and back.

Each field of the pydantic model becomes a form field whose kind follows its type (a date,
a list of tags, named figures, a long text); its label is the field's title and its help
the Chinese half of its description ("中文 / English"; the English half with --lang en).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..i18n import current_language
from ..model import LibraryCase, normalise_text

LONG_TEXT_KEYS = {"text", "lead", "closing", "intro", "editor_note", "note", "body"}
CASE_FIELD_ORDER = ("id", "unit", "region", "place", "date", "front_line", "tags", "text", "figures", "source")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")
_FIGURE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万)?\s*(余)?\s*(\S.*?)\s*$")


@dataclass
class FormField:
    key: str
    kind: str  # text, textarea, date, tags, figures
    label: str
    help: str
    required: bool
    value: Any = None


def label_and_help(info) -> tuple[str, str]:
    """Return a field's label and help in the current language."""
    chinese, _slash, english = (info.description or "").partition(" / ")
    if current_language() == "zh":
        return info.title or "", chinese.strip()
    return (english.strip() or info.title or ""), english.strip()


def kind_of(key: str, annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return kind_of(key, args[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return kind_of(key, inner[0]) if inner else "text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    if annotation is dt.date:
        return "date"
    if annotation is int:
        return "number"
    if origin is list:
        return "tags"
    if origin is dict:
        return "figures"
    return "textarea" if key in LONG_TEXT_KEYS else "text"


def case_fields(data: Any = None, model: type[BaseModel] = LibraryCase) -> list[FormField]:
    """Return the form fields of a case, filled from its YAML data."""
    fields = model.model_fields
    order = [k for k in CASE_FIELD_ORDER if k in fields] + [k for k in fields if k not in CASE_FIELD_ORDER]
    data = data if isinstance(data, dict) else {}
    result = []
    for key in order:
        info = fields[key]
        label, help_text = label_and_help(info)
        kind = kind_of(key, info.annotation)
        result.append(FormField(key, kind, label, help_text, info.is_required(), _shown(kind, data.get(key))))
    return result


def _shown(kind: str, value: Any) -> Any:
    """Return a YAML value as the form shows it."""
    if value is None:
        return [] if kind == "figures" else ""
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == "tags":
        return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind == "figures":
        return [figure_row(name, item) for name, item in value.items()] if isinstance(value, dict) else []
    return str(value)


def figure_row(name: str, value: Any) -> dict:
    """Return a figure as the form's number, unit, 余 and 万 inputs."""
    row = {"name": str(name), "number": "", "unit": "", "approx": False, "wan": False}
    if isinstance(value, dict):
        number = value.get("value")
        row.update(unit=str(value.get("unit", "")), approx=bool(value.get("approx")), wan=bool(value.get("wan")))
        if isinstance(number, (int, float)) and row["wan"]:
            number = number / 10000
        row["number"] = _number_text(number)
        return row
    match = _FIGURE.match(str(value))
    if not match:
        row["unit"] = str(value)
        return row
    number, wan, approx, unit = match.groups()
    row.update(number=number, unit=unit, approx=bool(approx), wan=bool(wan))
    return row


def _number_text(number: Any) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return "" if number is None else str(number)


# -- form values into YAML values ----------------------------------------------------------------


def yaml_value(kind: str, raw: Any) -> Any:
    """Return what a form field's value writes into the YAML (None: leave the key out)."""
    if kind == "figures":
        return _figures(raw)
    if kind == "tags":
        items = raw if isinstance(raw, list) else _TAG_SPLIT.split(str(raw or ""))
        tags = [str(t).strip() for t in items if str(t).strip()]
        return tags or None
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if kind == "date" and _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # 2023-13-45: written as typed, for the validator to explain
    if kind == "textarea":
        return normalise_text(text) if "\n" in text else text
    return text


def _figures(rows: Any) -> dict | None:
    result: dict = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        name = str(row.get("name", "")).strip()
        number = str(row.get("number", "")).strip()
        unit = str(row.get("unit", "")).strip()
        if not (name or number or unit):
            continue
        if not unit and re.fullmatch(r"\d+(\.\d+)?", number):
            # a number without its unit: written as the bare number, which the model explains
            result[name or "figure"] = float(number) if "." in number else int(number)
            continue
        short = f"{number}{'万' if row.get('wan') else ''}{'余' if row.get('approx') else ''}{unit}"
        result[name or "figure"] = short
    return result or None


def apply_case_form(editable, base: tuple, values: dict, *, keep_id: bool) -> None:
    """Write a case form's values into the YAML being edited (keys the form does not know are kept)."""
    for field in case_fields():
        if field.key not in values or (keep_id and field.key == "id"):
            continue
        value = yaml_value(field.kind, values[field.key])
        path = (*base, field.key)
        if field.kind == "figures" and value is not None:
            value = _keep_mapping_figures(editable.get(path), value)
        if value is None:
            if field.required:
                editable.set(path, "")
            else:
                editable.remove(path)
        else:
            editable.set(path, value)


def _keep_mapping_figures(old: Any, new: dict) -> dict:
    """Keep a figure written as a mapping (value:, unit:) a mapping, and an unchanged one as it was."""
    if not isinstance(old, dict):
        return new
    result = {}
    for name, short in new.items():
        before = old.get(name)
        if before is not None and _short(figure_row(name, before)) == short:
            result[name] = before
        elif isinstance(before, dict):
            row = figure_row(name, short)
            try:
                amount: Any = float(row["number"]) * (10000 if row["wan"] else 1)
            except ValueError:
                result[name] = short
                continue
            mapping = {**before, "value": int(amount) if amount == int(amount) else amount, "unit": row["unit"]}
            result[name] = mapping
        else:
            result[name] = short
    return result


def _short(row: dict) -> str:
    return f"{row['number']}{'万' if row['wan'] else ''}{'余' if row['approx'] else ''}{row['unit']}"


# -- problems beside their fields ---------------------------------------------------------------


def field_of(source, location, base: tuple = ()) -> str | None:
    """Return the form field (a path below `base`, joined with '.') that a problem's location points at.

    The key or value standing exactly at the location wins, then one on the same line, then
    the nearest key above it (a problem inside a folded block of text).
    """
    if source is None or not location.line:
        return None
    size = len(base)
    marks = [
        (path, line, column)
        for table in (source.value_marks, source.key_marks)
        for path, (line, column) in table.items()
        if len(path) > size and tuple(path[:size]) == tuple(base) and line <= location.line
    ]
    exact = [m for m in marks if m[1] == location.line and m[2] == location.column]
    same_line = [m for m in marks if m[1] == location.line]
    chosen = exact or same_line or marks
    if not chosen:
        return None
    path = max(chosen, key=lambda m: (m[1], len(m[0])))[0]
    return ".".join(str(p) for p in path[size:])
