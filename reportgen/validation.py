"""Validation with located messages: any pydantic model over a SourceFile, errors in the user's words.

Generic over the models: a key is named by its field's title (its Chinese label),
a union's branches are found by their discriminator tags, and an entry is named by
the model's `entry_name` class attribute. Nothing here knows reportgen's entries,
so the style profile and any new document kind are validated the same way.
Skeleton placeholders (`【待填：…】`, see reportgen/skeletons/) are refused here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Tag, ValidationError

from .errors import Problem
from .i18n import N_, _, current_language
from .source import SourceFile

LONG_TEXT_WARNING = 5000
# What a skeleton writes where the user must write: 【待填：单位，如 碧江区总工会】.
PLACEHOLDER = re.compile(r"【待填[：:][^】]*】")


class PredicateError(ValueError):
    """A validation message that reads after the key's name: 'value' must not be negative."""


_MESSAGES = {
    "string_type": N_("should be text"),
    "int_type": N_("should be a whole number"),
    "int_parsing": N_("should be a whole number"),
    "float_type": N_("should be a number"),
    "float_parsing": N_("should be a number"),
    "bool_type": N_("should be true or false"),
    "bool_parsing": N_("should be true or false"),
    "list_type": N_("should be a list (lines starting with '- ')"),
    "dict_type": N_("should be a mapping (key: value lines)"),
    "model_type": N_("should be a mapping (key: value lines)"),
    "model_attributes_type": N_("should be a mapping (key: value lines)"),
    "date_type": N_("should be a date such as 2023-01-10"),
    "date_parsing": N_("should be a date such as 2023-01-10"),
    "date_from_datetime_inexact": N_("should be a date without a time"),
    "date_from_datetime_parsing": N_("should be a date such as 2023-01-10"),
    "int_from_float": N_("should be a whole number"),
}

_KIND_NAMES = {
    str: N_("text"),
    int: N_("a number"),
    float: N_("a number"),
    bool: N_("true/false"),
    list: N_("a list"),
    dict: N_("a mapping"),
    type(None): N_("empty"),
}


def describe(value: Any) -> str:
    """Return what kind of value `value` is, in words for the user."""
    if isinstance(value, dt.datetime):
        return _("a date and time")
    if isinstance(value, dt.date):
        return _("a date")
    for kind, name in _KIND_NAMES.items():
        if type(value) is kind:
            return _(name)
    return type(value).__name__


# -- the models' shape: fields, their annotations, union tags ----------------------------------


def _inner_model(annotation: Any):
    """Return the first model class in `annotation` (through Annotated, lists, unions), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", None) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    if getattr(annotation, "__metadata__", None) is not None:
        return _inner_model(annotation.__origin__)
    return None


def _tagged(annotation: Any) -> dict[str, Any]:
    """Return the branches of the discriminated unions in `annotation`, by tag."""
    found: dict[str, Any] = {}
    for meta in getattr(annotation, "__metadata__", None) or ():
        if isinstance(meta, Tag):
            found[meta.tag] = annotation.__origin__
    for arg in getattr(annotation, "__args__", None) or ():
        found.update(_tagged(arg))
    return found


@lru_cache(maxsize=64)
def _union_tags(model: type[BaseModel]) -> frozenset[str]:
    """Return every discriminator tag used anywhere in `model`'s tree (pydantic puts them in error locations)."""
    tags: set[str] = set()
    seen: set[type] = set()
    stack: list[type[BaseModel]] = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for info in current.model_fields.values():
            branches = _tagged(info.annotation)
            tags.update(branches)
            for annotation in (info.annotation, *branches.values()):
                stack.extend(_all_models(annotation))
    return frozenset(tags)


def _all_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", None) or ():
        found.extend(_all_models(arg))
    if getattr(annotation, "__metadata__", None) is not None:
        found.extend(_all_models(annotation.__origin__))
    return found


def _model_at(model: type[BaseModel], loc: tuple):
    """Return the model class of the mapping at `loc` (following union tags), or None."""
    current: Any = model
    annotation: Any = None
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return None
        info = next((i for n, i in fields.items() if part in (n, i.alias)), None)
        if info is None:
            branch = _tagged(annotation).get(part) if annotation is not None else None
            current = _inner_model(branch) if branch is not None else None
            continue
        annotation = info.annotation
        current = _inner_model(annotation)
    return current


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the field names (by alias) that the mapping at `loc` accepts."""
    fields = getattr(_model_at(model, loc), "model_fields", None) or {}
    return [info.alias or name for name, info in fields.items()]


def labels_at(model: type[BaseModel], loc: tuple) -> dict[str, str]:
    """Return the Chinese labels (field titles) of the fields at `loc`, label -> key."""
    fields = getattr(_model_at(model, loc), "model_fields", None) or {}
    return {info.title: info.alias or name for name, info in fields.items() if info.title}


def suggest_key(model: type[BaseModel], loc: tuple, key: str) -> str | None:
    """Return the key an unknown `key` probably meant: a close spelling, or the key whose Chinese label it is."""
    labels = labels_at(model, loc)
    if key in labels:
        return labels[key]
    close = difflib.get_close_matches(key, _fields_at(model, loc), n=1, cutoff=0.6)
    return close[0] if close else None


def field_name(model, parent_loc: tuple, field: str) -> str:
    """Return how a message names a key: 'unit' in English, 单位 `unit` in Chinese."""
    if current_language() == "zh":
        labels = {key: label for label, key in labels_at(model, parent_loc).items()}
        if field in labels:
            return f"{labels[field]} `{field}`"
        return f"`{field}`"
    return f"'{field}'"


def _data_path(model: type[BaseModel], loc: tuple, data: Any) -> tuple:
    """Return `loc` as a path into the data, without pydantic's union tags."""
    tags = _union_tags(model)
    path: list = []
    current = data
    previous_was_index = False
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif previous_was_index and part in tags:
            pass
        else:
            path.append(part)
            current = None
        previous_was_index = isinstance(part, int)
    return tuple(path)


def _entry_name(model: type[BaseModel]) -> str:
    name = getattr(model, "entry_name", None)
    return _(name) if isinstance(name, str) else model.__name__.lower()


# -- validating ------------------------------------------------------------------------------------


def validate_entry(
    model: type[BaseModel], source: SourceFile, data: Any = None, base: tuple = ()
) -> tuple[Any, list[Problem]]:
    """Validate `data` (the file's data by default) as `model`; return it, or located problems."""
    if data is None:
        data = source.data
    if not isinstance(data, dict):
        location = source.location(base)
        return None, [
            Problem(
                location,
                _("expected a mapping of keys (key: value lines), found {kind}").format(kind=describe(data)),
                hint=_("see the example files in data/ for the shape of a {entry}").format(entry=_entry_name(model)),
            )
        ]
    unfilled = unfilled_placeholders(model, source, base)
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        errors = _drop_missing_explained_by_typos(model, _dedupe(exc.errors()))
        problems = [_problem_from_error(model, source, data, base, err) for err in errors]
        if unfilled:  # an unfilled placeholder's own errors (not a figure, not a date) say nothing more
            problems = [
                p for p, err in zip(problems, errors) if not _under(_data_path(model, err["loc"], data), unfilled)
            ]
        return None, [*unfilled.values(), *problems]
    return (None, list(unfilled.values())) if unfilled else (validated, [])


def _under(path: tuple, prefixes) -> bool:
    return any(path[: len(prefix)] == prefix for prefix in prefixes)


def unfilled_placeholders(model: type[BaseModel], source: SourceFile, base: tuple = ()) -> dict[tuple, Problem]:
    """Return the skeleton placeholders (`【待填：…】`) left in the data under `base`, by path, as located problems."""
    found: dict[tuple, Problem] = {}
    for path, node in source.scalar_nodes.items():
        if path[: len(base)] != base or "【待填" not in node.value:
            continue
        match = PLACEHOLDER.search(node.value)
        if match is None:
            continue
        relative = path[len(base) :]
        key = next((p for p in reversed(relative) if isinstance(p, str)), None)
        parent = relative[: max(i for i, p in enumerate(relative) if p == key)] if key is not None else ()
        name = field_name(model, parent, key) if key is not None else _("value")
        found[relative] = Problem(
            source.location(path),
            _("{field} still holds the skeleton's placeholder {placeholder}").format(
                field=name, placeholder=match.group()
            ),
            hint=_("write what it asks for in its place; an optional key can be deleted instead"),
        )
    return found


def _dedupe(errors) -> list[dict]:
    seen = set()
    result = []
    for err in errors:
        key = (tuple(err["loc"]), err["type"])
        if key not in seen:
            seen.add(key)
            result.append(err)
    return result


def _drop_missing_explained_by_typos(model, errors: list[dict]) -> list[dict]:
    """Drop "missing 'unit'" where the same mapping has an unknown key that is a typo of it."""
    typos = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            meant = suggest_key(model, loc[:-1], str(loc[-1]))
            if meant:
                typos.add(loc[:-1] + (meant,))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in typos)]


def _problem_from_error(model, source: SourceFile, data, base: tuple, err: dict) -> Problem:
    loc = tuple(err["loc"])
    path = _data_path(model, loc, data)
    kind = err["type"]
    field = next((p for p in reversed(path) if isinstance(p, str)), None)
    field_loc = tuple(loc[: max(i for i, p in enumerate(loc) if p == field)]) if field in loc else loc[:-1]
    field_text = field_name(model, field_loc, field) if field else _("value")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        meant = suggest_key(model, loc[:-1], str(loc[-1]))
        if meant and str(loc[-1]) in labels_at(model, loc[:-1]):
            hint = _("did you mean '{key}' ({label})?").format(key=meant, label=loc[-1])
        elif meant:
            hint = _("did you mean '{key}'?").format(key=meant)
        else:
            hint = _("allowed keys: {keys}").format(keys=", ".join(allowed)) if allowed else ""
        return Problem(source.location(base + path, key=True), _("unknown key '{key}'").format(key=loc[-1]), hint=hint)
    if kind == "missing":
        parent = path[:-1]
        where = source.location(base + parent, key=False)
        missing = field_name(model, loc[:-1], str(loc[-1]))
        return Problem(
            where, _("missing required key {key}").format(key=missing), hint=_("add `{key}: …`").format(key=loc[-1])
        )
    where = source.location(base + path)
    value = err.get("input")
    if kind in _MESSAGES:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
            shown = str(value)
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            message = _("{field} {expected}, not {kind} '{value}'").format(
                field=field_text, expected=_(_MESSAGES[kind]), kind=describe(value), value=shown
            )
        else:
            message = _("{field} {expected}, not {kind}").format(
                field=field_text, expected=_(_MESSAGES[kind]), kind=describe(value)
            )
        return Problem(where, message)
    if kind == "string_pattern_mismatch":
        return Problem(
            where,
            _("{field} '{value}' may only use letters, digits, '-', '_' and '.'").format(field=field_text, value=value),
            hint=_("this name becomes a file name, so it cannot hold '/', '..' or spaces"),
        )
    if kind in ("too_short", "string_too_short"):
        hint = _("write at least one item") if isinstance(value, list) else _("fill it in or remove the key")
        return Problem(where, _("{field} is empty").format(field=field_text), hint=hint)
    if kind in ("greater_than_equal", "greater_than"):
        bound = (err.get("ctx") or {}).get("ge", (err.get("ctx") or {}).get("gt", 0))
        if bound == 0:
            return Problem(where, _("{field} must not be negative, not {value}").format(field=field_text, value=value))
        return Problem(
            where, _("{field} must be at least {bound}, not {value}").format(field=field_text, bound=bound, value=value)
        )
    if kind == "string_too_long":
        return Problem(where, _("{field} is too long").format(field=field_text))
    message = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if field and isinstance((err.get("ctx") or {}).get("error"), PredicateError):
        return Problem(where, _("{field} {predicate}").format(field=field_text, predicate=message))
    return Problem(where, message)


def long_text_warnings(source: SourceFile) -> list[Problem]:
    """Return warnings for text values so long they are probably a paste accident."""
    problems = []
    for path, node in source.scalar_nodes.items():
        if len(node.value) > LONG_TEXT_WARNING:
            problems.append(
                Problem(
                    source.location(path),
                    _("text is {count} characters long; was more pasted than meant?").format(count=len(node.value)),
                    severity="warning",
                    hint=_("texts over {limit} characters are unusual").format(limit=LONG_TEXT_WARNING),
                )
            )
    return problems
