"""The case library: load every case once, resolve the cases a report names or selects."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from . import numbering
from .errors import WARNING, Location, Problem
from .figures import check_declared_totals, fill_declared_figures
from .i18n import _
from .model import CaseFile, CaseQuery, InlineCase, LibraryCase, QueryItem, placeholders, validate_entry
from .project import Project, display_path, yaml_files_under
from .source import SourceFile, load_yaml_file, read_limited


@dataclass(frozen=True)
class FigureView:
    """A figure as templates see it: value, unit and the text it is written as."""

    value: float | int
    unit: str
    approx: bool
    wan: bool
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class CaseView:
    """A case as templates see it: its fields, and its text with the figures written in."""

    id: str | None
    unit: str
    region: str | None
    place: str | None
    date: dt.date | None
    front_line: str | None
    tags: tuple[str, ...]
    text: str
    figures: dict
    source: str | None
    location: Location
    tables: dict = field(default_factory=dict)
    photos: tuple = ()  # photos.PhotoView, checked when the library loaded

    @property
    def sentence(self) -> str:
        """Return the case as one clause: unit then what it did."""
        return self.unit + self.text


def case_view(case: LibraryCase | InlineCase, location: Location, photos: tuple = ()) -> CaseView:
    """Return the template view of a case, with its {figure} placeholders filled in."""
    figures = {
        name: FigureView(
            f.value, f.unit, f.approx, f.wan, numbering.figure_text(f.value, f.unit, approx=f.approx, in_wan=f.wan)
        )
        for name, f in case.figures.items()
    }
    text = case.text
    if placeholders(text):
        text = text.format_map({name: fig.text for name, fig in figures.items()})
    return CaseView(
        id=case.id,
        unit=case.unit,
        region=case.region,
        place=case.place,
        date=case.date,
        front_line=case.front_line,
        tags=tuple(case.tags),
        text=text,
        figures=figures,
        source=case.source,
        location=location,
        tables=dict(case.tables),
        photos=photos,
    )


@dataclass
class LibraryEntry:
    case: LibraryCase
    view: CaseView
    source: SourceFile
    path: tuple  # where the case sits in its file


@dataclass
class CaseLibrary:
    """Every case under data/cases/, by id."""

    entries: dict[str, LibraryEntry] = field(default_factory=dict)
    files: list[SourceFile] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)  # id -> file, for cases that failed validation
    failed_files: list[str] = field(default_factory=list)  # case files with errors: a query cannot trust the library

    def get(self, case_id: str) -> LibraryEntry | None:
        return self.entries.get(case_id)

    def query(self, query: CaseQuery, used_before: Collection[str] = ()) -> list[LibraryEntry]:
        """Return the library cases that match `query`, oldest first (the newest `limit` if set).

        With the query's `exclude_used`, the cases in `used_before` (those the document
        printed earlier) are left out before `limit` applies.
        """
        found = []
        for entry in self.entries.values():
            case = entry.case
            if query.exclude_used and case.id in used_before:
                continue
            if query.front_line and case.front_line != query.front_line:
                continue
            if query.region and case.region != query.region:
                continue
            if query.tags and not set(query.tags) <= set(case.tags):
                continue
            if query.date_from and case.date < query.date_from:
                continue
            if query.date_to and case.date > query.date_to:
                continue
            found.append(entry)
        found.sort(key=lambda e: (e.case.date, e.case.id))
        if query.limit is not None:
            found = found[-query.limit :]
        return found


_LAST_LOADED: dict = {}  # the library last loaded in this process, by what it was loaded from


def load_case_library(project: Project) -> tuple[CaseLibrary, list[Problem]]:
    """Load and validate every case file; return the library and the problems found.

    A process that loads the same unchanged library again (a watch loop, the
    in-process API rendering report after report) gets the one it loaded before.
    """
    import os

    from .i18n import current_language

    folder = project.cases_dir
    if not folder.is_dir():
        return CaseLibrary(), []
    paths = yaml_files_under(folder)
    import hashlib

    stamps: list[tuple[str, bytes]] = []
    readable = True
    for path in paths:
        try:
            # by content: two edits within a clock tick can share a modification time;
            # a file over the size limit is refused unread, so it is never cached
            stamps.append((str(path), hashlib.blake2b(read_limited(path), digest_size=16).digest()))
        except OSError:
            readable = False
            break
    key = (str(folder.resolve()), os.getcwd(), current_language(), tuple(stamps)) if readable else None
    if key is not None and _LAST_LOADED.get("key") == key:
        return _LAST_LOADED["library"], list(_LAST_LOADED["problems"])
    library, problems = _load_case_files(paths, project.root)
    _LAST_LOADED.clear()
    if key is not None:
        _LAST_LOADED.update(key=key, library=library, problems=list(problems))
    return library, problems


def _load_case_files(paths: list[Path], root: Path | None = None) -> tuple[CaseLibrary, list[Problem]]:
    library = CaseLibrary()
    problems: list[Problem] = []
    for path in paths:
        source, found = load_yaml_file(path)
        problems.extend(found)
        if source is None:
            # The file cannot be read as YAML; its ids are still worth knowing, so that
            # reports naming them hear of the file's errors rather than of an unknown id.
            for broken_id in _ids_in_text(path):
                library.broken[broken_id] = display_path(path)
            continue
        library.files.append(source)
        for case, case_path, found in _cases_in(source):
            problems.extend(found)
            if case is None:
                for broken_id in _ids_in(source.data):
                    library.broken[broken_id] = source.display
                continue
            existing = library.entries.get(case.id)
            location = source.location(case_path + ("id",))
            if existing is not None:
                first = existing.view.location
                problems.append(
                    Problem(
                        location,
                        _("duplicate case id '{id}' (also used at {place})").format(id=case.id, place=first),
                        hint=_("give each case its own id"),
                    )
                )
                continue
            photos: tuple = ()
            if case.photos and root is not None:
                from .photos import check_photos

                views, found = check_photos(
                    case.photos,
                    source.path,
                    root,
                    lambda i, p=case_path, s=source: s.location(p + ("photos", i, "path")),
                )
                if found:  # queries still match the case, and then refuse it: no document goes out without its photos
                    problems.extend(found)
                    library.broken[case.id] = source.display
                photos = tuple(views)
            library.entries[case.id] = LibraryEntry(case, case_view(case, location, photos), source, case_path)
    library.failed_files = sorted({p.location.path for p in problems if p.severity != WARNING})
    return library, problems


_ID_LINE = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([^\s'\"#]+)", re.M)


def _ids_in_text(path: Path) -> list[str]:
    """Return what look like case ids in a file that could not be read as YAML."""
    try:
        text = read_limited(path).decode("utf-8", errors="replace")
    except OSError:
        return []
    return _ID_LINE.findall(text)


def _ids_in(data) -> list[str]:
    """Return the ids written in a case file's data, valid or not."""
    items: list = data["cases"] if isinstance(data, dict) and isinstance(data.get("cases"), list) else [data]
    return [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _cases_in(source: SourceFile):
    data = source.data
    if isinstance(data, dict) and "cases" in data:
        model, found = validate_entry(CaseFile, source)
        if model is None:
            yield None, (), found
            return
        for i, case in enumerate(model.cases):
            yield case, ("cases", i), []
        return
    case, found = validate_entry(LibraryCase, source)
    yield case, (), found


def resolve_cases(
    items: list, library: CaseLibrary, source: SourceFile, path: tuple, used: dict[str, Location]
) -> tuple[list[CaseView], list[Problem]]:
    """Return the case views for a list of ids, queries and inline cases.

    `used` maps the library cases the document printed before to where; the ones
    printed here are added. A case printed twice in a document is a warning.
    """
    views: list[CaseView] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        where = source.location(path + (i,))
        if isinstance(item, str):
            entry = library.get(item)
            if item in library.broken:
                problems.append(
                    Problem(
                        where,
                        _("case '{id}' cannot be used until the errors in {file} are fixed").format(
                            id=item, file=library.broken[item]
                        ),
                    )
                )
                continue
            if entry is None:
                import difflib

                close = difflib.get_close_matches(item, list(library.entries), n=1)
                hint = (
                    _("did you mean '{key}'?").format(key=close[0])
                    if close
                    else _("case ids are listed by `reportgen list`")
                )
                problems.append(Problem(where, _("unknown case id '{id}'").format(id=item), hint=hint))
                continue
            if item in used:
                problems.append(_printed_twice(item, where, used[item], query=False))
            used.setdefault(item, where)
            views.append(entry.view)
        elif isinstance(item, QueryItem):
            if library.failed_files:
                # A query reads the whole library: with a case file that did not load, it would
                # silently select fewer cases. The document waits until the file is fixed.
                problems.append(
                    Problem(
                        where,
                        _("this case query reads every case file, and {files} has errors").format(
                            files=", ".join(library.failed_files)
                        ),
                        hint=_("fix the case file first; until then this document is not built and stays as it was"),
                    )
                )
                continue
            matches = library.query(item.query, used)
            if not matches:
                problems.append(
                    Problem(
                        where,
                        _("case query selects no case"),
                        severity=WARNING,
                        hint=_("check its front_line, tags, region and dates"),
                    )
                )
            for entry in matches:
                if entry.case.id in library.broken:
                    problems.append(
                        Problem(
                            where,
                            _("case '{id}' cannot be used until the errors in {file} are fixed").format(
                                id=entry.case.id, file=library.broken[entry.case.id]
                            ),
                        )
                    )
                    continue
                if entry.case.id in used:
                    problems.append(_printed_twice(entry.case.id, where, used[entry.case.id], query=True))
                used.setdefault(entry.case.id, where)
                views.append(entry.view)
        elif isinstance(item, InlineCase):
            views.append(case_view(item, where))
    return views, problems


def _printed_twice(case_id: str, where: Location, first: Location, *, query: bool) -> Problem:
    return Problem(
        where,
        _("case '{id}' is printed twice in this document (first at {place})").format(id=case_id, place=first),
        severity=WARNING,
        hint=_("add `exclude_used: true` to this query to skip the cases used before")
        if query
        else _("remove one of the two"),
    )


@dataclass
class Resolution:
    """A document's cases resolved: the template context, the cases in document order, the ids it uses."""

    context: dict
    cases: list[CaseView]
    used: set[str]
    problems: list[Problem]
    uses_query: bool

    @property
    def failed(self) -> bool:
        return any(p.severity != WARNING for p in self.problems)


def resolve_document(model, source: SourceFile, library: CaseLibrary) -> Resolution:
    """Resolve every `cases` list of a validated document (ids, queries, inline cases) and its declared figures.

    Return the context templates see (plain dicts, case views in place of case items, the
    declared figures written into the document's own text), with the problems found.
    """
    context = _to_context(model)
    cases: list[CaseView] = []
    used: dict[str, Location] = {}
    problems: list[Problem] = []
    _walk_cases(context, model, library, source, used, problems, (), cases)
    figures = getattr(model, "figures", None)
    if figures:
        problems.extend(fill_declared_figures(context, figures, source))
        problems.extend(check_declared_totals(figures, library, source))
    context["all_cases"] = cases
    return Resolution(context, cases, set(used), problems, uses_query(model))


def _to_context(value):
    """Return pydantic models as plain dicts (keeping case views) for templates."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {name: _to_context(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_to_context(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_context(v) for k, v in value.items()}
    return value


def _walk_cases(context, model_data, library: CaseLibrary, source, used: dict, problems: list, path: tuple, collected):
    """Resolve `cases` lists wherever they stand in the context, depth first, in document order."""
    if isinstance(context, dict):
        for key, value in list(context.items()):
            if key == "cases" and isinstance(value, list):
                raw = getattr(model_data, "cases", [])
                views, found = resolve_cases(raw, library, source, path + ("cases",), used)
                problems.extend(found)
                context[key] = views
                collected.extend(views)
            elif isinstance(value, (dict, list)):
                sub = getattr(model_data, key, None)
                _walk_cases(value, sub, library, source, used, problems, path + (key,), collected)
    elif isinstance(context, list):
        for i, item in enumerate(context):
            sub = model_data[i] if isinstance(model_data, list) and i < len(model_data) else None
            _walk_cases(item, sub, library, source, used, problems, path + (i,), collected)


def uses_query(model) -> bool:
    """Return whether a document selects cases by query anywhere (then every case file is its input)."""
    return any(isinstance(item, QueryItem) for _path, items in case_lists(model) for item in items)


def unused_case_warnings(library: CaseLibrary, used: set[str]) -> list[Problem]:
    """Return a warning for each library case that no document includes."""
    return [
        Problem(
            entry.view.location,
            _("case '{id}' is not used by any report or brief").format(id=case_id),
            severity=WARNING,
        )
        for case_id, entry in sorted(library.entries.items())
        if case_id not in used
    ]


def case_lists(model, path: tuple = ()):
    """Yield (path of the mapping, its `cases` items) for every `cases` list of a validated document, in order."""
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if name == "cases" and isinstance(value, list):
                yield path, value
            else:
                yield from case_lists(value, path + (info.alias or name,))
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from case_lists(item, path + (i,))
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from case_lists(item, path + (key,))
