"""Reports and briefs in the editor: their text fields, their case lists, a draft's preview.

The preview of a draft goes through the pipeline's own stages (gather, the template,
the blocks) with the draft standing in for the file, so that it shows what a build
would write; the blocks are then laid out as HTML instead of Word.
"""

from __future__ import annotations

import datetime as dt
import html
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..i18n import _
from ..model import CaseQuery
from ..project import Project, yaml_files_under
from .forms import kind_of, label_and_help

PROSE_KEYS = ("headline", "title", "theme", "key_phrase", "lead", "intro", "text", "closing", "editor_note")
META_KINDS = ("text", "date", "number")


@dataclass(frozen=True)
class Kind:
    name: str  # brief, report
    folder: str
    model: type[BaseModel]
    label: str


def kinds() -> dict[str, Kind]:
    """Return the document kinds the editor lists: every document kind of the registry."""
    from ..i18n import current_language
    from ..kinds import document_kinds

    found = {}
    for kind in document_kinds():
        # schema titles read "reportgen 工作简报 / brief entry (data/briefs/*.yaml)"
        chinese, _slash, english = kind.schema_title.partition(" / ")
        label = chinese.removeprefix("reportgen ").strip()
        if current_language() != "zh" and english:
            label = english.split(" (")[0].removesuffix(" entry").strip()
        found[kind.name] = Kind(kind.name, kind.folder, kind.model_class(), label or kind.name)
    return found


def documents(project: Project) -> list[tuple[Kind, Path]]:
    """Return every report and brief file, by kind."""
    found: list[tuple[Kind, Path]] = []
    for kind in kinds().values():
        folder = project.data_dir / kind.folder
        if folder.is_dir():
            found.extend((kind, path) for path in yaml_files_under(folder) if path.parent == folder)
    return found


# -- the model at a path ------------------------------------------------------------------------


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if getattr(annotation, "__metadata__", None) is not None else None


def field_info(model: type[BaseModel], path: tuple):
    """Return the pydantic field at `path` (list indexes skipped), or None."""
    current: Any = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        fields = current.model_fields
        info = next((i for n, i in fields.items() if part in (n, i.alias)), None)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return info


# -- what the page edits ---------------------------------------------------------------------------


@dataclass
class TextField:
    path: tuple
    label: str
    help: str
    value: str
    long: bool

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass
class CaseList:
    path: tuple
    label: str
    items: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.path)


def meta_fields(model: type[BaseModel], data: Any) -> list[TextField]:
    """Return the document's top-level single-value fields (issue number, date, compiler …)."""
    result = []
    data = data if isinstance(data, dict) else {}
    for key, info in model.model_fields.items():
        key = info.alias or key
        kind = kind_of(key, info.annotation)
        if key in PROSE_KEYS or key in ("template", "id") or kind not in META_KINDS:
            continue
        if key not in data and not info.is_required():
            continue
        label, help_text = label_and_help(info)
        value = data.get(key)
        shown = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
        result.append(TextField((key,), label, help_text, shown, False))
    return result


def text_fields(model: type[BaseModel], data: Any, path: tuple = ()) -> list[TextField]:
    """Return every prose field in the document's data, in file order, with its label."""
    found: list[TextField] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if key == "cases":
                continue
            if key in PROSE_KEYS and isinstance(value, str):
                info = field_info(model, here)
                if info is None:
                    continue
                label, help_text = label_and_help(info)
                long = key in ("lead", "intro", "text", "closing", "editor_note")
                found.append(TextField(here, label, help_text, str(value), long))
            elif isinstance(value, (dict, list)):
                found.extend(text_fields(model, value, here))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found.extend(text_fields(model, item, (*path, index)))
    return found


def case_lists(model: type[BaseModel], data: Any, path: tuple = ()) -> list[CaseList]:
    """Return every `cases:` list with its items as the page shows them."""
    found: list[CaseList] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if key == "figures":
                continue
            if key == "cases" and isinstance(value, list):
                owner = data.get("title") or data.get("key_phrase") or ""
                label = _("cases of “{owner}”").format(owner=owner) if owner else _("cases")
                found.append(CaseList(here, label, [_item(v, i) for i, v in enumerate(value)]))
            elif isinstance(value, (dict, list)):
                found.extend(case_lists(model, value, here))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found.extend(case_lists(model, item, (*path, index)))
    return found


def _item(value: Any, index: int) -> dict:
    if isinstance(value, str):
        return {"kind": "id", "id": value}
    if isinstance(value, dict) and isinstance(value.get("query"), dict):
        query = value["query"]
        shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in query.items()}
        if isinstance(shown.get("tags"), list):
            shown["tags"] = "、".join(str(t) for t in shown["tags"])
        return {"kind": "query", "query": shown}
    unit = value.get("unit", "") if isinstance(value, dict) else ""
    return {"kind": "inline", "index": index, "unit": str(unit)}


# -- applying the page's edits ----------------------------------------------------------------------


class BadEdit(ValueError):
    """The page asked for an edit the editor does not make."""


def apply_edits(editable, kind: Kind, texts: list, meta: list, cases: list) -> None:
    """Write the page's texts, single-value fields and case lists into the YAML being edited."""
    from .forms import yaml_value

    for path, value in texts:
        path = _checked_path(path)
        if path[-1] not in PROSE_KEYS or not isinstance(editable.get(path), str) or not isinstance(value, str):
            raise BadEdit(f"not a text field: {path}")
        editable.set(path, value.strip())
    for path, value in meta:
        path = _checked_path(path)
        info = field_info(kind.model, path)
        if len(path) != 1 or info is None:
            raise BadEdit(f"not a field: {path}")
        form_kind = kind_of(path[0], info.annotation)
        written = yaml_value("date" if form_kind == "date" else "text", value)
        if form_kind == "number" and isinstance(written, str) and written.isdigit():
            written = int(written)
        if written is None:
            editable.remove(path) if not info.is_required() else editable.set(path, "")
        else:
            editable.set(path, written)
    for path, items in cases:
        path = _checked_path(path)
        old = editable.get(path)
        if path[-1] != "cases" or not isinstance(old, list) or not isinstance(items, list):
            raise BadEdit(f"not a case list: {path}")
        editable.set(path, [_case_item(item, old) for item in items])


def _checked_path(path: Any) -> tuple:
    if not isinstance(path, list) or not path or len(path) > 12:
        raise BadEdit("bad path")
    if not all((isinstance(p, int) and not isinstance(p, bool)) or isinstance(p, str) for p in path):
        raise BadEdit("bad path")
    return tuple(path)


def _case_item(item: Any, old: list) -> Any:
    from .forms import yaml_value

    if not isinstance(item, dict):
        raise BadEdit("bad case item")
    if item.get("kind") == "id" and isinstance(item.get("id"), str):
        return item["id"].strip()
    if item.get("kind") == "inline" and isinstance(item.get("index"), int) and 0 <= item["index"] < len(old):
        return old[item["index"]]
    if item.get("kind") == "query" and isinstance(item.get("query"), dict):
        query: dict = {}
        for key, value in item["query"].items():
            if key not in ("front_line", "tags", "region", "from", "to", "limit"):
                raise BadEdit(f"bad query key {key}")
            kind = "tags" if key == "tags" else "date" if key in ("from", "to") else "text"
            written = yaml_value(kind, value)
            if key == "limit" and isinstance(written, str) and written.isdigit():
                written = int(written)
            if written is not None:
                query[key] = written
        return {"query": query}
    raise BadEdit("bad case item")


def query_cases(library, values: dict) -> tuple[list, str]:
    """Return the library cases a query's form values select, or a message saying what is wrong."""
    from pydantic import ValidationError

    from .forms import yaml_value

    data = {}
    for key in ("front_line", "tags", "region", "from", "to", "limit"):
        kind = "tags" if key == "tags" else "date" if key in ("from", "to") else "text"
        value = yaml_value(kind, values.get(key))
        if value is not None:
            data[key] = value
    try:
        query = CaseQuery.model_validate(data)
    except ValidationError as exc:
        return [], "; ".join(str(e["msg"]) for e in exc.errors())
    return library.query(query), ""


# -- preview -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DraftProject(Project):
    """The real project, with one entry's draft standing in for its file."""

    real: Project = field(default_factory=lambda: Project(Path(".")))

    @property
    def cases_dir(self) -> Path:
        return self.real.cases_dir

    @property
    def templates_dir(self) -> Path:
        return self.real.templates_dir

    @property
    def wordlist_path(self) -> Path:
        return self.real.wordlist_path


def draft_target(project: Project, kind: Kind, name: str, text: bytes):
    """Return the pipeline's target for a draft (or None) and the problems gathering it found."""
    from ..gather import gather

    with tempfile.TemporaryDirectory(prefix="reportgen-draft-") as work:
        draft = _DraftProject(Path(work), project)
        path = draft.data_dir / kind.folder / f"{name}.yaml"
        path.parent.mkdir(parents=True)
        path.write_bytes(text)
        gathered = gather(draft, [path])
    return (gathered.targets[0] if gathered.targets else None), gathered.problems


def draft_blocks(target) -> list:
    """Return the document blocks of a target, through its template."""
    from ..blocks import parse_blocks
    from ..rendering import renderer

    return parse_blocks(renderer(target.template_dir).render(target.context))


def _runs_html(runs) -> str:
    out = []
    for run in runs:
        if run.role == "tab":
            out.append('<span class="tab"></span>')
        elif run.role == "break":
            out.append("<br>")
        elif run.role:
            out.append(f'<span class="r-{html.escape(run.role, quote=True)}">{html.escape(run.text)}</span>')
        else:
            out.append(html.escape(run.text))
    return "".join(out)


def blocks_html(blocks: list) -> str:
    """Return the blocks laid out as HTML: one element per block, its role as its class; tables as tables."""
    out = []
    for block in blocks:
        role = html.escape(block.role, quote=True)
        rows = getattr(block, "rows", None)
        if rows is not None:
            cells = []
            for number, row in enumerate(rows):
                tag = "th" if number == 0 else "td"
                cells.append("<tr>" + "".join(f"<{tag}>{_runs_html(cell)}</{tag}>" for cell in row) + "</tr>")
            out.append(f'<table class="b-{role}">{"".join(cells)}</table>')
        elif not block.runs:
            out.append(f'<hr class="b-{role}">')
        else:
            out.append(f'<p class="b-{role}">{_runs_html(block.runs)}</p>')
    return "\n".join(out)


def diff_html(document, against: str) -> str:
    """Return one document's changes since `against` (from `reportgen diff`) as an HTML table."""
    e = html.escape
    compared = _("Compared with: {against}").format(against=against)
    out = [f'<p class="hint">{e(compared)}</p>']
    if document is None or document.status == "added":
        message = _("New document: there is no earlier version.")
        out.append(f"<p>{e(message)}</p>")
        return "\n".join(out)
    if not document.text:
        message = _("This document did not change since then.")
        out.append(f"<p>{e(message)}</p>")
        return "\n".join(out)
    heads = "".join(f"<th>{e(_(word))}</th>" for word in ("Paragraph", "Before", "Now"))
    out.append(f'<table class="diff"><tr>{heads}</tr>')
    for change in document.text.changes:
        number = change.new_number if change.new_number is not None else change.old_number
        if change.kind == "added":
            old, new = "", f"<ins>{e(change.new)}</ins>"
        elif change.kind == "removed":
            old, new = f"<del>{e(change.old)}</del>", ""
        else:
            old = "".join(e(p.old) if p.tag == "equal" else f"<del>{e(p.old)}</del>" for p in change.pieces if p.old)
            new = "".join(e(p.new) if p.tag == "equal" else f"<ins>{e(p.new)}</ins>" for p in change.pieces if p.new)
        out.append(f"<tr><td>{number}</td><td>{old}</td><td>{new}</td></tr>")
    out.append("</table>")
    return "\n".join(out)
