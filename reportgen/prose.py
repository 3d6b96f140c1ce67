"""Which values of an entry are prose, and how the document uses each: marked once, in the model.

A model field that holds text a reader sees is annotated `Annotated[str, Prose(ROLE)]`.
Everything that needs the list of text fields derives it from those marks: the
proofreader (which values to read, and with which rules) and the library (which of a
document's own fields take its {figure} placeholders).
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

# How a document uses a text value.
PARAGRAPH = "paragraph"  # a paragraph of its own: lead, intro, a point's text, closing
CLAUSE = "clause"  # a clause the template completes with punctuation: a case's text, a key phrase, a theme
HEADING = "heading"  # a headline or title
FIGURE = "figure"  # a figure and its unit: 79户, 1万余元
PHRASE = "phrase"  # a short phrase: a name, a place, a tag
ROLES = (PARAGRAPH, CLAUSE, HEADING, FIGURE, PHRASE)


@dataclass(frozen=True)
class Prose:
    """The mark of a model field whose text a reader sees, and how the document uses it.

    On a list or a mapping of strings, the mark applies to its items.
    """

    role: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown prose role {self.role!r}")


def _prose_in(metadata) -> str | None:
    for item in metadata:
        if isinstance(item, Prose):
            return item.role
    return None


def _layers(annotation: Any):
    """Yield (annotation without Annotated, its Prose role or None) for each alternative of a union."""
    role = None
    while get_origin(annotation) is Annotated:
        role = _prose_in(annotation.__metadata__) or role
        annotation = annotation.__origin__
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            for inner, inner_role in _layers(arg):
                yield inner, inner_role or role
        return
    yield annotation, role


def _fields(cls: Any) -> dict:
    return getattr(cls, "model_fields", None) or {}


def _field(cls: Any, key: str):
    fields = _fields(cls)
    if key in fields:
        return fields[key]
    return next((info for info in fields.values() if info.alias == key), None)


def _step(annotation: Any, part, role: str | None):
    """Return (annotation, role) one step down `part` from `annotation`, or None where the path leaves the model."""
    for inner, inner_role in _layers(annotation):
        here = inner_role or role
        origin = get_origin(inner)
        args = get_args(inner)
        if isinstance(part, int):
            if origin in (list, tuple, set, frozenset) and args:
                return args[0], here
            continue
        info = _field(inner, part)
        if info is not None:
            return info.annotation, _prose_in(info.metadata)
        if origin is dict and len(args) == 2:
            return args[1], here
    return None


@functools.lru_cache(maxsize=4096)
def _role(model: Any, pattern: tuple) -> str | None:
    annotation: Any = model
    role: str | None = None
    for part in pattern:
        stepped = _step(annotation, part, role)
        if stepped is None:
            return None
        annotation, role = stepped
    for _inner, inner_role in _layers(annotation):
        role = inner_role or role
    return role


def prose_role(model: Any, path: tuple) -> str | None:
    """Return how the document uses the value at `path` of an entry of `model`, or None if it is not prose."""
    return _role(model, tuple(0 if isinstance(p, int) else p for p in path))


def prose_field_names(models, roles=ROLES) -> frozenset[str]:
    """Return the names of the fields, in `models` and every model they hold, marked as prose of `roles`."""
    return _field_names(tuple(models), tuple(roles))


@functools.lru_cache(maxsize=64)
def _field_names(models: tuple, roles: tuple) -> frozenset[str]:
    names: set[str] = set()
    seen: set[int] = set()

    def visit(annotation: Any) -> None:
        for inner, _role_here in _layers(annotation):
            for arg in get_args(inner):
                visit(arg)
            if not _fields(inner) or id(inner) in seen:
                continue
            seen.add(id(inner))
            for name, info in _fields(inner).items():
                role = _prose_in(info.metadata)
                if role is None:
                    role = next((r for _a, r in _layers(info.annotation) if r), None)
                if role in roles:
                    names.add(info.alias or name)
                visit(info.annotation)

    for model in models:
        visit(model)
    return frozenset(names)


__all__ = [
    "CLAUSE",
    "FIGURE",
    "HEADING",
    "PARAGRAPH",
    "PHRASE",
    "ROLES",
    "Prose",
    "prose_field_names",
    "prose_role",
]
