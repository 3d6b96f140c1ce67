"""Rendering: a target becomes a render job, a job becomes .docx bytes; with the caches this needs.

A job is what a worker process needs to render one document (picklable, no YAML
nodes). The renderers (compiled templates) and the prepared templates (styles from
a style profile, made by python-docx once) are cached per template folder in the
process, and the prepared templates also on disk, under the output folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import Location, Problem, ReportgenError
from .i18n import _
from .project import Project, display_path

if TYPE_CHECKING:
    from .gather import Target
    from .templating import Renderer

PREPARED_CACHE = ".reportgen-cache"


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
    date = getattr(model, "date", None) or dt.date(1980, 1, 1)
    return dt.datetime(date.year, date.month, date.day)


class RenderFailure(Exception):
    """Rendering one target failed; carries located problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


_RENDERERS: dict[Path, Renderer] = {}
_PREPARED: dict[Path, tuple] = {}


def clear_caches() -> None:
    """Forget the renderers and prepared templates of this process (templates may have changed: watch)."""
    _RENDERERS.clear()
    _PREPARED.clear()


def renderer(template_dir: Path) -> Renderer:
    """Return the renderer of a template folder, made once per process."""
    from .templating import Renderer

    found = _RENDERERS.get(template_dir)
    if found is None:
        found = _RENDERERS[template_dir] = Renderer(template_dir)
    return found


def check_template(template_dir: Path) -> list[Problem]:
    """Return the problems of a template folder's style profile and templates (syntax), rendering nothing."""
    from .style_loader import load_style_profile
    from .templating import Renderer, TemplateProblem

    _profile, problems = load_style_profile(template_dir)
    try:
        Renderer(template_dir).compile()  # a new one: the files a cached one included may have changed
    except TemplateProblem as exc:
        problems.append(exc.problem)
    return problems


def prepared_template(template_dir: Path, cache_dir: Path | None = None):
    """Return (prepared template, problems) for a template folder, once per process.

    The prepared template is also kept in `cache_dir`, keyed by the style profile's
    content and reportgen's version, so that a later process can skip python-docx.
    """
    cached = _PREPARED.get(template_dir)
    if cached is not None:
        return cached
    from .style_loader import load_style_profile

    profile, problems = load_style_profile(template_dir)
    if profile is None:
        cached = (None, problems)
    else:
        cached = (_load_or_prepare(profile, cache_dir), problems)
    _PREPARED[template_dir] = cached
    return cached


def _inputs_digest(profile) -> str:
    return hashlib.sha256(f"{__version__}\n{profile.model_dump_json()}".encode()).hexdigest()


def prepared_cache_file(template_dir: Path, cache_dir: Path) -> Path | None:
    """Return the cache file of a template folder's prepared template (None if its style profile has errors)."""
    from .style_loader import load_style_profile

    profile, _problems = load_style_profile(template_dir)
    return None if profile is None else cache_dir / f"prepared-{_inputs_digest(profile)[:32]}.json"


def _load_or_prepare(profile, cache_dir: Path | None):
    from . import prepared_cache
    from .docx_writer import PreparedTemplate

    inputs = _inputs_digest(profile)
    path = cache_dir / f"prepared-{inputs[:32]}.json" if cache_dir is not None else None
    if path is not None:
        payload = prepared_cache.read(path, inputs)
        if payload is not None:
            try:
                return PreparedTemplate.from_json(payload)
            except (ValueError, KeyError, TypeError):
                pass  # signed by us, yet not readable (another version's layout): made again
    from .docx_styles import prepare_template

    prepared = prepare_template(profile)
    if path is not None:
        prepared_cache.write(path, inputs, prepared.to_json())
    return prepared


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render one document: picklable, no YAML nodes."""

    name: str
    template_dir: Path
    context: dict
    created: dt.datetime
    properties: Path | None = None
    cache_dir: Path | None = None


def make_job(target: Target, cache_dir: Path | None = None) -> RenderJob:
    """Return the render job of a target."""
    created = document_date(target.model)
    return RenderJob(target.name, target.template_dir, target.context, created, target.properties, cache_dir)


def render_job(job: RenderJob) -> bytes:
    """Return the .docx bytes of one job; raise RenderFailure with located problems."""
    from .blocks import MarkupError, PhotoBlock, group_photos, parse_blocks
    from .docx_writer import DocumentError, DocumentMeta, write_document
    from .properties import render_properties
    from .templating import TemplateProblem

    prepared, problems = prepared_template(job.template_dir, job.cache_dir)
    if prepared is None:
        raise RenderFailure(problems)
    try:
        markup = renderer(job.template_dir).render(job.context)
    except TemplateProblem as exc:
        raise RenderFailure([exc.problem]) from None
    values, problems = render_properties(job.properties, renderer(job.template_dir).env, job.context)
    if problems:
        raise RenderFailure(problems)
    meta = DocumentMeta(created=job.created, **values)
    template_file = display_path(job.template_dir / "document.md.j2")
    try:
        blocks = group_photos(parse_blocks(markup))
    except MarkupError as exc:
        raise RenderFailure([Problem(Location(template_file), str(exc))]) from None
    images = {}
    if prepared.photos and any(isinstance(b, PhotoBlock) for b in blocks):
        from .photos import PhotoError, document_images

        try:
            images = document_images(blocks, job.context, prepared.photos["max_pixels"], prepared.photos["quality"])
        except PhotoError as exc:
            raise RenderFailure([Problem(Location(exc.file), str(exc))]) from None
    try:
        return write_document(blocks, prepared, meta, images)
    except DocumentError as exc:
        raise RenderFailure([Problem(Location(template_file), str(exc))]) from None


def render_target(target: Target) -> bytes:
    """Return the .docx bytes of one target."""
    return render_job(make_job(target))


def render_report(report_path: Path, project: Project) -> bytes:
    """Return the .docx bytes of the report or brief at `report_path` (in-process API)."""
    from .gather import gather

    gathered = gather(project, [report_path])
    if gathered.errors:
        raise ReportgenError(gathered.errors)
    if not gathered.targets:
        raise ReportgenError(_("{file} is not a report or brief").format(file=display_path(report_path)))
    try:
        return render_target(gathered.targets[0])
    except RenderFailure as exc:
        raise ReportgenError(exc.problems) from None
