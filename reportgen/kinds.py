"""The kinds of entry a project holds, in one registry: where each lives, its model, template and skeleton.

A document kind (经验交流材料, 工作简报, and any an office adds) is one `EntryKind`:
its data folder under data/, its model class, its default template folder, its
skeleton for `reportgen new`, and what templates call the entry. Its wording (the
document properties, such as the 工作简报 subject line) lives in the template
folder's `properties.yaml`, not here. Project, build, lint, authoring, schema and
the CLI loop over `entry_kinds()`; none of them names a kind.

A project can add a kind with `register_kind(EntryKind(...))`, from a plugin
module (named in REPORTGEN_PLUGINS, imported on first use of the registry) or from
a test: a model class, a template folder and this one call, with no other change.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

CASE = "case"
REPORT = "report"
BRIEF = "brief"


@dataclass(frozen=True)
class EntryKind:
    """One kind of entry: cases (the library) or a kind of document."""

    name: str  # as `reportgen new NAME` and the schema file (NAME.schema.json) spell it
    folder: str  # under data/: a file in a folder of this name is of this kind
    model: str | type  # the model class, or "module:Class" (imported when first needed)
    schema_title: str  # the title of its JSON Schema
    skeleton: str | Path | None = None  # a file under reportgen/skeletons/, or a path
    template: str | None = None  # the default template folder under templates/ (documents only)
    context_name: str | None = None  # what templates call the entry (documents only)
    numbered_by: str | None = None  # a field that counts up (a brief's issue): `new` takes the next number
    fallback: bool = False  # the kind of a YAML file under data/ in no kind's folder
    extra_schema_models: tuple[str | type, ...] = field(default_factory=tuple)  # other shapes a file may take

    @property
    def is_document(self) -> bool:
        """Whether entries of this kind are rendered into documents (cases are not)."""
        return self.template is not None

    def model_class(self) -> Any:
        return _resolve(self.model)

    def schema_models(self) -> list[Any]:
        return [self.model_class(), *(_resolve(m) for m in self.extra_schema_models)]

    def skeleton_text(self) -> str:
        if self.skeleton is None:
            raise LookupError(self.name)
        if isinstance(self.skeleton, Path):
            return self.skeleton.read_text(encoding="utf-8")
        return (resources.files("reportgen") / "skeletons" / self.skeleton).read_text(encoding="utf-8")


def _resolve(spec: str | type) -> Any:
    if not isinstance(spec, str):
        return spec
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


_KINDS: dict[str, EntryKind] = {}
_PLUGINS_LOADED = False
PLUGINS_VARIABLE = "REPORTGEN_PLUGINS"


def _load_plugins() -> None:
    """Import the modules named in REPORTGEN_PLUGINS (comma-separated), once: they call `register_kind`."""
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    for name in os.environ.get(PLUGINS_VARIABLE, "").split(","):
        if name.strip():
            importlib.import_module(name.strip())


def register_kind(kind: EntryKind) -> EntryKind:
    """Add `kind` to the registry (or replace the kind of that name) and return it."""
    _KINDS[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    """Remove a kind added by `register_kind` (for tests and plugins that clean up)."""
    _KINDS.pop(name, None)


def entry_kinds() -> list[EntryKind]:
    """Return every registered kind, in registration order."""
    _load_plugins()
    return list(_KINDS.values())


def document_kinds() -> list[EntryKind]:
    """Return the kinds that are rendered into documents."""
    return [k for k in entry_kinds() if k.is_document]


def get_kind(name: str) -> EntryKind:
    _load_plugins()
    return _KINDS[name]


def is_document_kind(name: str) -> bool:
    _load_plugins()
    kind = _KINDS.get(name)
    return kind is not None and kind.is_document


def kind_of_folders(parts: set[str]) -> EntryKind:
    """Return the kind of a file in folders named `parts` (lower case): the first kind whose folder is among them."""
    _load_plugins()
    for kind in _KINDS.values():
        if not kind.fallback and kind.folder in parts:
            return kind
    return next(k for k in _KINDS.values() if k.fallback)


register_kind(
    EntryKind(
        CASE,
        folder="cases",
        model="reportgen.model:LibraryCase",
        extra_schema_models=("reportgen.model:CaseFile",),
        schema_title="reportgen 案例 / case entry (data/cases/*.yaml)",
        skeleton="case.yaml",
    )
)
register_kind(
    EntryKind(
        REPORT,
        folder="reports",
        model="reportgen.model:Report",
        schema_title="reportgen 经验交流材料 / report entry (data/reports/*.yaml)",
        skeleton="report.yaml",
        template="exchange",
        context_name="report",
        fallback=True,
    )
)
register_kind(
    EntryKind(
        BRIEF,
        folder="briefs",
        model="reportgen.model:Brief",
        schema_title="reportgen 工作简报 / brief entry (data/briefs/*.yaml)",
        skeleton="brief.yaml",
        template="brief",
        context_name="brief",
        numbered_by="issue",
    )
)
