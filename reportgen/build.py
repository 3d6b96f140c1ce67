"""The incremental build: which outputs are out of date, rendering them in worker processes, writing them.

Gathering (loading and validating entries) is in `gather`, rendering one document
in `rendering`; this module decides what to rebuild from the manifest, runs the
jobs and writes each output atomically: an output is always either the old
complete file or the new complete file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import rendering
from .errors import WARNING, Location, Problem
from .gather import Gathered, Target, gather
from .i18n import N_, _
from .kinds import is_document_kind
from .outputs import write_atomically, write_error_message
from .project import Project, display_path, entry_kind, find_entry_files, yaml_files_under
from .rendering import PREPARED_CACHE, RenderFailure, RenderJob, make_job, render_report, render_target

# The stages' public names, for callers that import them from here.
__all__ = [
    "PREPARED_CACHE",
    "BuildOutcome",
    "BuildReporter",
    "Gathered",
    "RenderFailure",
    "RenderJob",
    "Target",
    "gather",
    "make_job",
    "render_report",
    "render_target",
    "run_build",
]


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
        return job.name, rendering.render_job(job), None
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
    rendering.clear_caches()
    manifest = Manifest.load(output_dir, project.root)
    library_state = _library_state(output_dir)
    for damaged in filter(None, (manifest.damaged, library_state.damaged)):
        outcome.problems.append(
            Problem(
                Location(display_path(Path(damaged))),
                _("this record of earlier builds is damaged; it is ignored and every document is rebuilt"),
                severity=WARNING,
            )
        )
        force = True
    case_files = yaml_files_under(project.cases_dir) if project.cases_dir.is_dir() else []
    listing = case_listing_digest(
        [p.relative_to(project.root) if p.is_absolute() and project.root in p.parents else p for p in case_files]
    )
    library_digest = _library_digest(case_files)
    entry_files = [
        p for p in find_entry_files(list(paths or []), project) if is_document_kind(entry_kind(p)) or not p.exists()
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

    library_changed = library_state.digest != library_digest
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
            record = manifest.records.get(target.output_file)
            why = N_("missing") if not (output_dir / target.output_file).exists() else N_("out of date")
            if record is None and (output_dir / target.output_file).exists():
                why = N_("not built by reportgen yet")
            outcome.stale.append((target.output_file, why))
        return outcome

    output_dir.mkdir(parents=True, exist_ok=True)
    for target in targets:  # templates and styles are read by the renderers, after this
        manifest.stamp(target.inputs, stamps)
    jobs_list = [make_job(t, output_dir / PREPARED_CACHE) for t in targets]
    cache_files: dict[Path, Path | None] = {}
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
                outcome.problems.append(_not_written(target, problems))
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
                target.inputs + _cache_inputs(target.template_dir, output_dir, cache_files),
                destination,
                target.cases_used,
                listing if target.uses_query else None,
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


def _cache_inputs(template_dir: Path, output_dir: Path, known: dict[Path, Path | None]) -> list[Path]:
    """Return the prepared-template cache file a document was made with, as one of its inputs.

    An edited cache file then makes the documents out of date (`build --check` says so),
    and the next build, which does not trust the file, makes it again.
    """
    if template_dir not in known:
        known[template_dir] = rendering.prepared_cache_file(template_dir, output_dir / PREPARED_CACHE)
    path = known[template_dir]
    return [path] if path is not None and path.is_file() else []


def _not_written(target: Target, problems: list[Problem]) -> Problem:
    """Return the error that names a document left as it was and the inputs that stopped it."""
    inputs = sorted({p.location.path for p in problems if p.location.path != target.source.display})
    return Problem(
        Location(target.source.display),
        _("{file} not written (the earlier one is kept): {inputs} failed").format(
            file=target.output_file, inputs=", ".join(inputs) or target.source.display
        ),
    )


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


@dataclass(frozen=True)
class _LibraryState:
    digest: str | None  # of the case library when it last validated cleanly
    damaged: str | None = None  # the state file, when it holds something else


def _library_state(output_dir: Path) -> _LibraryState:
    """Return what the library state file says (None when absent, unreadable or damaged)."""
    path = output_dir / LIBRARY_STAMP
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _LibraryState(None)
    except OSError:
        return _LibraryState(None, str(path))
    text = data.strip()
    if len(text) != 64 or not all(c in b"0123456789abcdef" for c in text):
        return _LibraryState(None, str(path))
    return _LibraryState(text.decode("ascii"))


def _remember_library(output_dir: Path, digest: str) -> None:
    if output_dir.is_dir():
        try:
            write_atomically(output_dir / LIBRARY_STAMP, digest.encode("ascii"))
        except OSError:
            pass
