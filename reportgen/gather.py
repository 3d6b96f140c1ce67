"""Gathering: load and validate the case library and every document named, and resolve their cases.

The result is a list of targets, each one document ready to render: its entry, its
model, the context its template sees and the files it was made from. Nothing is
rendered or written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import WARNING, Location, Problem
from .i18n import _
from .kinds import get_kind, is_document_kind
from .project import Project, display_path, entry_kind, find_entry_files, yaml_files_under

if TYPE_CHECKING:
    from .issued import IssuedDocuments
    from .library import CaseLibrary
    from .source import SourceFile

# The YAML reader and the model (pydantic) are imported where they are used: a
# build with nothing to do needs neither.


@dataclass
class Target:
    """One document to build: its entry, its resolved context and its inputs."""

    name: str
    kind: str  # a registered document kind's name
    source: SourceFile
    model: object
    context: dict
    template_dir: Path
    inputs: list[Path]
    cases_used: list[str]
    uses_query: bool = False
    properties: Path | None = None  # the properties.yaml it takes (its template folder's or its kind's)
    issued_from: Path | None = None  # the lock it is made from, when it is issued

    @property
    def output_file(self) -> str:
        return f"{self.name}.docx"


@dataclass
class Gathered:
    """Everything loaded and validated for a run."""

    project: Project
    library: CaseLibrary
    targets: list[Target] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != WARNING]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def template_inputs(template_dir: Path) -> list[Path]:
    """Return the files of a template folder (templates, style profile, properties): a document's inputs."""
    if not template_dir.is_dir():
        return []
    return sorted(p for p in template_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


def gather(project: Project, paths: list[Path] | None = None, *, issued: IssuedDocuments | None = None) -> Gathered:
    """Load and validate the library and every document named by `paths` (all by default).

    An issued document is made from its lock (`issued`: the project's locks by default).
    """
    from .issued import IssuedDocuments
    from .library import load_case_library, unused_case_warnings
    from .model import long_text_warnings

    library, problems = load_case_library(project)
    gathered = Gathered(project=project, library=library, problems=list(problems))
    issued = IssuedDocuments.load(project) if issued is None else issued
    gathered.problems.extend(issued.problems)
    gathered.problems.extend(issued.change_warnings(library))
    for case_source in library.files:
        gathered.problems.extend(long_text_warnings(case_source))
    used: set[str] = set()
    names: dict[str, Location] = {}
    all_case_files: list[Path] | None = None  # listed once, for the documents that select cases by query
    for path in find_entry_files(list(paths or []), project):
        kind = entry_kind(path)
        if not is_document_kind(kind):
            if paths and not path.exists():
                gathered.problems.append(Problem(Location(display_path(path)), _("no such file")))
            continue
        if not path.exists() and not path.is_symlink():  # a broken or looping link: reading it says which
            gathered.problems.append(Problem(Location(display_path(path)), _("no such file or folder")))
            continue
        pinned = issued.for_entry(path)
        target = _gather_document(project, path, kind, library, gathered, names, issued)
        if target is None:
            continue
        if target.uses_query:
            # A query depends on every case file, including those that failed to load:
            # once fixed, their cases may match.
            if all_case_files is None:
                all_case_files = yaml_files_under(project.cases_dir) if project.cases_dir.is_dir() else []
            case_inputs = all_case_files
        else:
            case_inputs = sorted({library.entries[c].source.path for c in target.cases_used if c in library.entries})
        if pinned is not None:
            # Made from its lock; its live files are inputs all the same, so that an edit to
            # them is rebuilt (to the same bytes) and warned about.
            live_template = project.templates_dir / pinned.lock.template.name
            target.inputs = [path, pinned.path, *case_inputs, *template_inputs(live_template)]
            target.issued_from = pinned.path
        else:
            target.inputs = [path, *case_inputs, *template_inputs(target.template_dir)]
            if target.properties is not None and target.properties not in target.inputs:
                target.inputs.append(target.properties)
        used.update(target.cases_used)
        gathered.targets.append(target)
    if not paths and not gathered.failed_files:
        gathered.problems.extend(unused_case_warnings(library, used))
    return gathered


def _gather_document(
    project: Project,
    path: Path,
    kind: str,
    library: CaseLibrary,
    gathered: Gathered,
    names: dict[str, Location],
    issued: IssuedDocuments,
) -> Target | None:
    """Load, validate and resolve one document; return its target, or None (its problems added)."""
    from .library import resolve_document
    from .model import long_text_warnings, validate_entry
    from .properties import properties_file
    from .source import load_yaml_file

    pinned = issued.for_entry(path)
    source, found = pinned.entry_source(path) if pinned else load_yaml_file(path)
    gathered.problems.extend(found)
    if source is None:
        gathered.failed_files.append(display_path(path))
        return None
    gathered.problems.extend(long_text_warnings(source))
    document_kind = get_kind(kind)
    model, found = validate_entry(document_kind.model_class(), source)
    gathered.problems.extend(found)
    if model is None:
        gathered.failed_files.append(source.display)
        return None
    explicit_id = getattr(model, "id", None)
    name = explicit_id or path.stem
    where = source.location(("id",)) if explicit_id else Location(source.display, 1, 1)
    name_problem = check_output_name(name, where, explicit=explicit_id is not None)
    if name_problem:
        gathered.problems.append(name_problem)
        gathered.failed_files.append(source.display)
        return None
    key = name.lower()
    if key in names:
        gathered.problems.append(
            Problem(
                where,
                _("output name '{name}' is already used by {place}").format(name=name, place=names[key]),
                hint=_("set a different `id:`"),
            )
        )
        return None
    names[key] = where
    broken_lock = None if pinned else issued.broken_lock(name, where)
    if broken_lock is not None:
        gathered.problems.append(broken_lock)
        gathered.failed_files.append(source.display)
        return None
    resolution = resolve_document(model, source, pinned.library() if pinned else library)
    gathered.problems.extend(resolution.problems)
    if resolution.failed:
        gathered.failed_files.append(source.display)
        return None
    template = str(getattr(model, "template", None) or document_kind.template)
    template_dir = pinned.template_dir() if pinned else project.templates_dir / template
    if not template_dir.is_dir():
        gathered.problems.append(
            Problem(
                source.location(("template",))
                if isinstance(source.data, dict) and "template" in source.data
                else Location(source.display, 1, 1),
                _("no template folder templates/{name}/").format(name=template),
                hint=_("use one of: {names}").format(
                    names=", ".join(sorted(p.name for p in project.templates_dir.glob("*") if p.is_dir()))
                ),
            )
        )
        gathered.failed_files.append(source.display)
        return None
    default_dir = project.templates_dir / document_kind.template if document_kind.template else None
    return Target(
        name=name,
        kind=kind,
        source=source,
        model=model,
        context={document_kind.context_name or kind: resolution.context},
        template_dir=template_dir,
        inputs=[],
        cases_used=sorted(resolution.used),
        uses_query=resolution.uses_query,
        properties=properties_file(template_dir, default_dir),
    )


def check_output_name(name: str, where: Location, *, explicit: bool) -> Problem | None:
    """Return a problem if `name` cannot be an output file's name on every system, else None."""
    from .names import is_file_name

    if is_file_name(name):
        return None
    message = (
        _("id '{name}' cannot be used as an output file name")
        if explicit
        else _("file name '{name}' cannot be used as an output file name")
    )
    return Problem(
        where,
        message.format(name=name),
        hint=_("use letters, digits, '-' and '_' only (set `id:` to choose the name)"),
    )
