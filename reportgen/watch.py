"""Rebuild what a saved file affects, while a person edits: `reportgen watch`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .project import Project


@dataclass
class WatchRound:
    """What one rebuild after a change did."""

    changed: list[Path]
    built: list[str]
    failed: list[str]
    problems: list


def _relevant(path: Path, project: Project, output_dir: Path) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        return False
    out = output_dir.resolve()
    if out == resolved or out in resolved.parents:
        return False
    if any(part.startswith(".") for part in path.parts[-1:]):
        return False
    if path.suffix.lower() in (".yaml", ".yml"):
        return True
    templates = project.templates_dir.resolve()
    return templates in resolved.parents


def watch(
    project: Project,
    output_dir: Path,
    *,
    on_round: Callable[[WatchRound], None],
    on_ready: Callable[[], None] | None = None,
    after_build: Callable[[list[str]], None] | None = None,
    stop_event: threading.Event | None = None,
    jobs: int = 1,
    debounce_ms: int = 300,
    lint_hook=None,
) -> None:
    """Build once, then rebuild after every change under data/ or templates/ until stopped."""
    from watchfiles import watch as watch_files

    from .build import run_build
    from .errors import ReportgenError

    def build_round(changed: list[Path]) -> None:
        try:
            outcome = run_build(project, None, output_dir, jobs=jobs, lint_hook=lint_hook)
        except ReportgenError as exc:  # a folder that cannot be read: say so, keep watching
            on_round(WatchRound(changed=changed, built=[], failed=[], problems=list(exc.problems)))
            return
        on_round(
            WatchRound(
                changed=changed, built=outcome.built, failed=sorted(set(outcome.failed)), problems=outcome.problems
            )
        )
        if after_build is not None and outcome.built:
            after_build(outcome.built)

    build_round([])
    folders = [str(p) for p in (project.data_dir, project.templates_dir) if p.is_dir()]
    ready = False
    # yield_on_timeout: an empty batch tells that the watcher is running, so
    # "watching" is announced only when a save can no longer be missed.
    for changes in watch_files(
        *folders, stop_event=stop_event, debounce=debounce_ms, step=50, rust_timeout=200, yield_on_timeout=True
    ):
        changed = sorted({Path(path) for _kind, path in changes if _relevant(Path(path), project, output_dir)})
        if changed:
            build_round(changed)
            ready = False
        if not ready:
            ready = True
            if on_ready is not None:
                on_ready()
