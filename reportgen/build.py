"""Build targets: gather and validate every entry first, then render and write outputs.

A target is one report or brief and the output it makes. Outputs are written to a
temporary file beside them and moved into place, so an output is always either the
old complete file or the new complete file. A manifest records what each output
was built from, so unchanged outputs are not rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import WARNING, Location, Problem, ReportgenError
from .i18n import N_, _
from .outputs import write_atomically, write_error_message
from .project import (
    BRIEF,
    CASE,
    REPORT,
    WORDLIST,
    Project,
    display_path,
    entry_kind,
    find_entry_files,
    yaml_files_under,
)

if TYPE_CHECKING:
    from .library import CaseLibrary
    from .model import Brief, Report
    from .source import SourceFile

# The YAML reader, the model (pydantic), Jinja and python-docx are imported where
# they are used: a build with nothing to do needs none of them.

ID_RE = r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.-]*$"


@dataclass
class Target:
    """One document to build: its entry, its resolved context and its inputs."""

    name: str
    kind: str  # report or brief
    source: SourceFile
    model: Report | Brief
    context: dict
    template_dir: Path
    inputs: list[Path]
    cases_used: list[str]

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


# -- gathering ------------------------------------------------------------------------------


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


def _walk_cases(
    context: dict,
    model_data,
    library: CaseLibrary,
    source: SourceFile,
    used: set,
    problems: list,
    path: tuple,
    collected: list,
):
    """Resolve `cases` lists wherever they stand in the context, depth first, in document order."""
    from .library import resolve_cases

    if isinstance(context, dict):
        for key, value in list(context.items()):
            if key == "cases" and isinstance(value, list):
                raw = getattr(model_data, "cases", [])
                views, found = resolve_cases(raw, library, source, path + ("cases",), used)
                problems.extend(found)
                context[key] = views
                collected.extend(views)
            elif isinstance(value, (dict, list)):
                _walk_cases(
                    value, getattr(model_data, key, None), library, source, used, problems, path + (key,), collected
                )
    elif isinstance(context, list):
        for i, item in enumerate(context):
            sub = model_data[i] if isinstance(model_data, list) and i < len(model_data) else None
            _walk_cases(item, sub, library, source, used, problems, path + (i,), collected)


def _template_inputs(template_dir: Path) -> list[Path]:
    if not template_dir.is_dir():
        return []
    return sorted(p for p in template_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


def gather(project: Project, paths: list[Path] | None = None) -> Gathered:
    """Load and validate the library and every report and brief named by `paths` (all by default)."""
    from .library import check_declared_totals, fill_declared_figures, load_case_library, unused_case_warnings
    from .model import Brief, Report, long_text_warnings, validate_entry
    from .source import load_yaml_file

    library, problems = load_case_library(project)
    gathered = Gathered(project=project, library=library, problems=list(problems))
    for case_source in library.files:
        gathered.problems.extend(long_text_warnings(case_source))
    used: set[str] = set()
    names: dict[str, Location] = {}
    whole_project = not paths
    all_case_files = None  # listed once, for the documents that select cases by query
    for path in find_entry_files(list(paths or []), project):
        kind = entry_kind(path)
        if kind in (CASE, WORDLIST):
            if paths and kind == CASE and not path.exists():
                gathered.problems.append(Problem(Location(display_path(path)), _("no such file")))
            continue
        if not path.exists():
            gathered.problems.append(Problem(Location(display_path(path)), _("no such file or folder")))
            continue
        source, found = load_yaml_file(path)
        gathered.problems.extend(found)
        if source is None:
            gathered.failed_files.append(display_path(path))
            continue
        gathered.problems.extend(long_text_warnings(source))
        model_class = Brief if kind == BRIEF else Report
        model, found = validate_entry(model_class, source)
        gathered.problems.extend(found)
        if model is None:
            gathered.failed_files.append(source.display)
            continue
        name = model.id or path.stem
        name_problem = _check_output_name(name, source, explicit=model.id is not None)
        if name_problem:
            gathered.problems.append(name_problem)
            gathered.failed_files.append(source.display)
            continue
        key = name.lower()
        if key in names:
            gathered.problems.append(
                Problem(
                    source.location(("id",)) if model.id else Location(source.display, 1, 1),
                    _("output name '{name}' is already used by {place}").format(name=name, place=names[key]),
                    hint=_("set a different `id:`"),
                )
            )
            continue
        names[key] = source.location(("id",)) if model.id else Location(source.display, 1, 1)
        context = _to_context(model)
        collected: list = []
        case_problems: list[Problem] = []
        report_used: set[str] = set()
        _walk_cases(context, model, library, source, report_used, case_problems, (), collected)
        if model.figures:
            case_problems.extend(fill_declared_figures(context, model.figures, source))
            case_problems.extend(check_declared_totals(model.figures, library, source))
        gathered.problems.extend(case_problems)
        used |= report_used
        if any(p.severity != WARNING for p in case_problems):
            gathered.failed_files.append(source.display)
            continue
        context["all_cases"] = collected
        template_dir = project.templates_dir / model.template
        if not template_dir.is_dir():
            gathered.problems.append(
                Problem(
                    source.location(("template",))
                    if "template" in (source.data or {})
                    else Location(source.display, 1, 1),
                    _("no template folder templates/{name}/").format(name=model.template),
                    hint=_("use one of: {names}").format(
                        names=", ".join(sorted(p.name for p in project.templates_dir.glob("*") if p.is_dir()))
                    ),
                )
            )
            gathered.failed_files.append(source.display)
            continue
        uses_query = _uses_query(model)
        # A query depends on every case file, including those that failed to load:
        # once fixed, their cases may match.
        if uses_query and all_case_files is None:
            all_case_files = yaml_files_under(project.cases_dir) if project.cases_dir.is_dir() else []
        case_inputs = all_case_files if uses_query else sorted({library.entries[c].source.path for c in report_used})
        gathered.targets.append(
            Target(
                name=name,
                kind=kind,
                source=source,
                model=model,
                context={BRIEF if kind == BRIEF else "report": context},
                template_dir=template_dir,
                inputs=[path, *case_inputs, *_template_inputs(template_dir)],
                cases_used=sorted(report_used),
            )
        )
    if whole_project and not gathered.failed_files:
        gathered.problems.extend(unused_case_warnings(library, used))
    return gathered


def _uses_query(model) -> bool:
    from .model import QueryItem

    def walk(value) -> bool:
        if isinstance(value, QueryItem):
            return True
        if isinstance(value, list):
            return any(walk(v) for v in value)
        fields = getattr(type(value), "model_fields", None)
        if fields:
            return any(walk(getattr(value, name)) for name in fields)
        return False

    return walk(model)


def _check_output_name(name: str, source: SourceFile, *, explicit: bool) -> Problem | None:
    import re

    from .model import _WINDOWS_RESERVED

    where = source.location(("id",)) if explicit else Location(source.display, 1, 1)
    bad = not re.match(ID_RE, name) or name.split(".")[0].upper() in _WINDOWS_RESERVED or name.endswith(".")
    if bad:
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
    return None


# -- rendering --------------------------------------------------------------------------------


def document_date(model) -> dt.datetime:
    """Return the creation time for core properties: SOURCE_DATE_EPOCH if set, else the entry's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise ReportgenError(
                _("SOURCE_DATE_EPOCH must be a whole number of seconds, not '{value}'").format(value=epoch)
            ) from None
    return dt.datetime(model.date.year, model.date.month, model.date.day)


class RenderFailure(Exception):
    """Rendering one target failed; carries located problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


_RENDERERS: dict[Path, object] = {}
_PREPARED: dict[Path, tuple] = {}


def _renderer(template_dir: Path):
    from .templating import Renderer

    renderer = _RENDERERS.get(template_dir)
    if renderer is None:
        renderer = _RENDERERS[template_dir] = Renderer(template_dir)
    return renderer


PREPARED_CACHE = ".reportgen-cache"


def _prepared(template_dir: Path, cache_dir: Path | None = None):
    """Return (prepared template, problems) for a template folder, once per process.

    The prepared template is also kept in `cache_dir`, keyed by the style profile's
    content and reportgen's version, so that a later process can skip python-docx.
    """
    cached = _PREPARED.get(template_dir)
    if cached is not None:
        return cached
    from .style import load_style_profile

    profile, problems = load_style_profile(template_dir)
    if profile is None:
        cached = (None, problems)
    else:
        cached = (_load_or_prepare(profile, cache_dir), problems)
    _PREPARED[template_dir] = cached
    return cached


def _load_or_prepare(profile, cache_dir: Path | None):
    from .docx_writer import PreparedTemplate

    key = hashlib.sha256(f"{__version__}\n{profile.model_dump_json()}".encode()).hexdigest()[:32]
    path = cache_dir / f"prepared-{key}.json" if cache_dir is not None else None
    if path is not None:
        try:
            return PreparedTemplate.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    from .docx_styles import prepare_template

    prepared = prepare_template(profile)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, prepared.to_json().encode("utf-8"))
        except OSError:
            pass  # the cache only saves time
    return prepared


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render one document: picklable, no YAML nodes."""

    name: str
    template_dir: Path
    context: dict
    meta: object
    cache_dir: Path | None = None


def make_job(target: Target, cache_dir: Path | None = None) -> RenderJob:
    """Return the render job of a target, with its document properties decided here."""
    from .docx_writer import DocumentMeta
    from .model import Brief

    model = target.model
    if isinstance(model, Brief):
        title = f"{model.name}（第{model.issue}期）"
        author = model.author or model.compiler
        kind = "工作简报"
    else:
        title = model.headline
        author = model.author or model.issuer or ""
        kind = model.kind
    meta = DocumentMeta(title=title, author=author, created=document_date(model), subject=kind, category=kind)
    return RenderJob(target.name, target.template_dir, target.context, meta, cache_dir)


def render_job(job: RenderJob) -> bytes:
    """Return the .docx bytes of one job; raise RenderFailure with located problems."""
    from .blocks import MarkupError, parse_blocks
    from .docx_writer import DocumentError, write_document
    from .templating import TemplateProblem

    prepared, problems = _prepared(job.template_dir, job.cache_dir)
    if prepared is None:
        raise RenderFailure(problems)
    try:
        markup = _renderer(job.template_dir).render(job.context)
    except TemplateProblem as exc:
        raise RenderFailure([exc.problem]) from None
    try:
        blocks = parse_blocks(markup)
    except MarkupError as exc:
        raise RenderFailure([Problem(Location(display_path(job.template_dir / "document.md.j2")), str(exc))]) from None
    try:
        return write_document(blocks, prepared, job.meta)
    except DocumentError as exc:
        raise RenderFailure([Problem(Location(display_path(job.template_dir / "document.md.j2")), str(exc))]) from None


def render_target(target: Target) -> bytes:
    """Return the .docx bytes of one target."""
    return render_job(make_job(target))


def render_report(report_path: Path, project: Project) -> bytes:
    """Return the .docx bytes of the report or brief at `report_path` (in-process API)."""
    gathered = gather(project, [report_path])
    if gathered.errors:
        raise ReportgenError(gathered.errors)
    if not gathered.targets:
        raise ReportgenError(_("{file} is not a report or brief").format(file=display_path(report_path)))
    try:
        return render_target(gathered.targets[0])
    except RenderFailure as exc:
        raise ReportgenError(exc.problems) from None


# -- writing --------------------------------------------------------------------------------


# -- the build run ----------------------------------------------------------------------------


@dataclass
class BuildOutcome:
    """What a build did, for the summary line and the exit status."""

    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)  # (output, why) in check mode
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != WARNING]

    def summary(self) -> str:
        return _("{built} built, {current} up to date, {failed} failed").format(
            built=len(self.built), current=len(self.up_to_date), failed=len(self.failed)
        )


class BuildReporter:
    """Receives build events; the CLI shows them as a progress bar or as lines."""

    def start(self, total: int) -> None:  # pragma: no cover - interface
        pass

    def document_done(self, name: str, status: str) -> None:  # pragma: no cover - interface
        pass

    def finish(self) -> None:  # pragma: no cover - interface
        pass


def _render_in_worker(job: RenderJob):
    try:
        return job.name, render_job(job), None
    except RenderFailure as exc:
        return job.name, None, exc.problems
    except Exception as exc:  # a bug in reportgen: fail this document, not the run
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        return job.name, None, f"{type(exc).__name__}: {exc}"


def _exit_with_parent(parent_pid: int) -> None:
    """Make a pool worker exit when the build that started it is gone (killed with SIGKILL).

    A worker waits on a queue whose writing end it holds itself, so it would never
    see the parent's death and would stay behind for ever.
    """
    import threading
    import time

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _render_all(jobs: list[RenderJob], workers: int):
    """Yield (name, bytes or None, problems, or an internal error's text, or None) for each job, as they finish."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _render_in_worker(job)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        futures = {pool.submit(_render_in_worker, job): job.name for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker died (out of memory, killed): the others go on
                yield futures[future], None, f"{type(exc).__name__}: {exc}"


def run_build(
    project: Project,
    paths: list[Path] | None,
    output_dir: Path,
    *,
    force: bool = False,
    check: bool = False,
    jobs: int = 1,
    reporter: BuildReporter | None = None,
    lint_hook=None,
) -> BuildOutcome:
    """Build every out-of-date output (or, with `check`, list them without writing)."""
    from .manifest import Manifest, case_listing_digest

    reporter = reporter or BuildReporter()
    outcome = BuildOutcome()
    # Templates and style profiles may have changed since an earlier build in this process (watch).
    _RENDERERS.clear()
    _PREPARED.clear()
    manifest = Manifest.load(output_dir, project.root)
    case_files = yaml_files_under(project.cases_dir) if project.cases_dir.is_dir() else []
    listing = case_listing_digest(
        [p.relative_to(project.root) if p.is_absolute() and project.root in p.parents else p for p in case_files]
    )
    library_digest = _library_digest(case_files)
    entry_files = [
        p for p in find_entry_files(list(paths or []), project) if entry_kind(p) in (REPORT, BRIEF) or not p.exists()
    ]

    # Entries whose outputs are all current are not even parsed.
    stale_files: list[Path] = []
    current_cases: set[str] = set()
    for path in entry_files:
        records = manifest.records_for(path) if path.exists() else []
        if not force and records and all(manifest.is_current(name, r, output_dir, listing) for name, r in records):
            outcome.up_to_date.extend(name for name, _record in records)
            for _name, r in records:
                current_cases.update(r.cases)
        else:
            stale_files.append(path)

    library_changed = _library_changed(output_dir, library_digest)
    if not stale_files and not library_changed:
        reporter.start(0)
        reporter.finish()
        return outcome

    from .library import unused_case_warnings

    # Stamp entries and cases before gather reads them: one edited during the build
    # then makes its outputs out of date next time instead of being recorded as used.
    stamps: dict = {}
    manifest.stamp([p for p in stale_files if p.exists()] + case_files, stamps)
    gathered = gather(project, stale_files) if stale_files else gather(project, [project.cases_dir])
    outcome.problems.extend(gathered.problems)
    if not paths and not gathered.failed_files:
        used = current_cases | {c for t in gathered.targets for c in t.cases_used}
        outcome.problems.extend(unused_case_warnings(gathered.library, used))
    outcome.failed.extend(gathered.failed_files)
    library_errors = [
        p
        for p in gathered.errors
        if any(p.location.path == f.display for f in gathered.library.files)
        or p.location.path.startswith(display_path(project.cases_dir))
    ]

    targets = gathered.targets
    if lint_hook is not None and targets:
        blocked = lint_hook(gathered, outcome)
        if blocked:
            targets = [t for t in targets if t.name not in blocked]
            outcome.failed.extend(sorted(blocked))

    if check:
        for target in targets:
            records = manifest.records.get(target.output_file)
            why = N_("missing") if not (output_dir / target.output_file).exists() else N_("out of date")
            if records is None and (output_dir / target.output_file).exists():
                why = N_("not built by reportgen yet")
            outcome.stale.append((target.output_file, why))
        return outcome

    output_dir.mkdir(parents=True, exist_ok=True)
    for target in targets:  # templates and styles are read by the renderers, after this
        manifest.stamp(target.inputs, stamps)
    jobs_list = [make_job(t, output_dir / PREPARED_CACHE) for t in targets]
    by_name = {t.name: t for t in targets}
    reporter.start(len(jobs_list))
    try:
        for name, data, problems in _render_all(jobs_list, jobs):
            target = by_name[name]
            if isinstance(problems, str):
                problems = [
                    Problem(
                        Location(target.source.display),
                        _("internal error while rendering {file}: {error}").format(
                            file=target.output_file, error=problems
                        ),
                        hint=_(
                            "this is a bug in reportgen, not in your files; run again with REPORTGEN_DEBUG=1 and -j 1 for details and report it"
                        ),
                    )
                ]
            if problems:
                outcome.problems.extend(problems)
                outcome.failed.append(target.source.display)
                reporter.document_done(target.output_file, "failed")
                continue
            destination = output_dir / target.output_file
            try:
                write_atomically(destination, data)
            except OSError as exc:
                outcome.problems.append(
                    Problem(Location(display_path(destination)), write_error_message(destination, exc))
                )
                outcome.failed.append(target.source.display)
                reporter.document_done(target.output_file, "failed")
                continue
            manifest.record(
                target.output_file,
                target.source.path,
                target.inputs,
                destination,
                target.cases_used,
                listing if _uses_query(target.model) else None,
                stamps,
            )
            outcome.built.append(target.output_file)
            reporter.document_done(target.output_file, "built")
    finally:
        reporter.finish()
        if outcome.built:
            try:
                manifest.save(output_dir)
            except OSError:
                pass
    if not library_errors:
        _remember_library(output_dir, library_digest)
    return outcome


LIBRARY_STAMP = ".reportgen-library"


def _library_digest(case_files: list[Path]) -> str:
    """Return a digest of the case files' names, sizes and times (cheap: no reading)."""
    digest = hashlib.sha256()
    for path in case_files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _library_changed(output_dir: Path, digest: str) -> bool:
    """Return whether the case library (of digest `digest`) changed since it last validated cleanly."""
    try:
        return (output_dir / LIBRARY_STAMP).read_text(encoding="ascii").strip() != digest
    except OSError:
        return True


def _remember_library(output_dir: Path, digest: str) -> None:
    if output_dir.is_dir():
        try:
            write_atomically(output_dir / LIBRARY_STAMP, digest.encode("ascii"))
        except OSError:
            pass
