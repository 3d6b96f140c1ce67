"""`reportgen build`, `validate` and `watch`: the documents, built, checked and kept up to date."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import ReportgenError
from ..i18n import _, ngettext
from ..outputs import acquire_lock
from .main import cli, echo_problems, fail, output_option, project_here


class _LineReporter:
    """One plain line per document: for logs, CI and pipes."""

    def __init__(self, output_dir: Path, verbose: bool):
        self.output_dir = output_dir
        self.verbose = verbose

    def start(self, total: int) -> None:
        if self.verbose and total:
            click.echo(ngettext("building {count} document", "building {count} documents", total).format(count=total))

    def document_done(self, name: str, status: str) -> None:
        from ..source import display_path

        shown = display_path(self.output_dir / name)
        label = {"built": _("wrote"), "failed": _("failed")}.get(status, status)
        click.echo(f"{label:>6} {shown}")

    def finish(self) -> None:
        pass


class _BarReporter:
    """click's progress bar, for a person at a terminal."""

    def __init__(self):
        self.bar = None

    def start(self, total: int) -> None:
        if total:
            self.bar = click.progressbar(
                length=total, label=_("building"), show_pos=True, item_show_func=lambda name: name or ""
            )
            self.bar.__enter__()

    def document_done(self, name: str, status: str) -> None:
        if self.bar is not None:
            self.bar.update(1, name)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _QuietReporter:
    def start(self, total: int) -> None:
        pass

    def document_done(self, name: str, status: str) -> None:
        pass

    def finish(self) -> None:
        pass


def write_build_pdfs(outcome, output_dir: Path, *, pdf_a: bool, quiet: bool) -> bool:
    """Write the PDFs of the build's current outputs (one LibreOffice run); return whether any failed."""
    from ..pdf import write_pdfs

    docx = [output_dir / name for name in sorted(set(outcome.built) | set(outcome.up_to_date))]
    lock = acquire_lock(output_dir)
    try:
        done = write_pdfs(docx, output_dir, pdf_a=pdf_a)
    except ReportgenError as exc:
        exc.show()
        return True
    finally:
        lock.release()
    echo_problems(done.problems, quiet=quiet)
    if not quiet:
        wrote = _("wrote")
        for name in done.converted:
            click.echo(f"{wrote:>6} {output_dir / name}")
    click.echo(
        _("PDF: {converted} converted, {current} up to date").format(
            converted=len(done.converted), current=len(done.up_to_date)
        )
    )
    return bool(done.problems)


def _reporter(output_dir: Path, quiet: bool, verbose: bool):
    if quiet:
        return _QuietReporter()
    interactive = sys.stdout.isatty() and not os.environ.get("CI")
    if interactive and not verbose:
        return _BarReporter()
    return _LineReporter(output_dir, verbose)


@cli.command(
    help=_(
        "Render reports and briefs to .docx (all under data/, or the PATHS given).\n\n"
        "Only documents whose entries, cases or templates changed are rebuilt."
    )
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@output_option()
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help=_("Documents rendered at once (default: number of CPUs)."),
)
@click.option("--force", is_flag=True, help=_("Rebuild every document, even those up to date."))
@click.option("--check", is_flag=True, help=_("Write nothing; exit 1 if any output is missing or out of date."))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors and the summary."))
@click.option("-v", "--verbose", is_flag=True, help=_("Print a line for every document, and more detail."))
@click.option(
    "--strict/--allow-lint-errors",
    "strict",
    default=None,
    help=_(
        "Refuse a document whose text has a lint error (the default), or build it with a warning "
        "(also set by `allow_lint_errors: true` in reportgen.yaml)."
    ),
)
@click.option(
    "--pdf",
    is_flag=True,
    help=_("Also write <name>.pdf beside each .docx with LibreOffice (only where the .docx changed)."),
)
@click.option("--pdf-a", is_flag=True, help=_("Write the PDFs as PDF/A-2b, for archiving (implies --pdf)."))
def build(paths, output_dir, jobs, force, check, quiet, verbose, strict, pdf, pdf_a):
    from ..build import run_build
    from ..lint.gate import build_lint_hook
    from ..outputs import remove_stray_temporaries
    from ..settings import load_settings

    project = project_here()
    jobs = jobs or os.cpu_count() or 1
    settings, settings_problems = load_settings(project)
    if any(p.severity != "warning" for p in settings_problems):
        raise ReportgenError(settings_problems)  # before anything is built
    if strict is None:
        strict = not settings.allow_lint_errors
    lint_hook = build_lint_hook(project, strict=strict, quiet=quiet)
    if check:
        outcome = run_build(project, list(paths), output_dir, force=force, check=True, jobs=1, lint_hook=lint_hook)
        echo_problems(outcome.problems, quiet=quiet)
        if outcome.errors:
            fail(len(outcome.errors))
        if outcome.stale:
            for name, why in outcome.stale:
                click.echo(f"{_(why)}: {output_dir / name}")
            count = len(outcome.stale)
            click.echo(
                ngettext("{count} output needs building", "{count} outputs need building", count).format(count=count)
            )
            sys.exit(1)
        click.echo(_("all {count} outputs are up to date").format(count=len(outcome.up_to_date)))
        return
    lock = acquire_lock(output_dir)
    try:
        remove_stray_temporaries(output_dir)
        outcome = run_build(
            project,
            list(paths),
            output_dir,
            force=force,
            jobs=jobs,
            reporter=_reporter(output_dir, quiet, verbose),
            lint_hook=lint_hook,
        )
    finally:
        lock.release()
    echo_problems(outcome.problems, quiet=quiet)
    if not outcome.built and not outcome.failed and not outcome.errors and not quiet:
        click.echo(_("nothing to do: every output is up to date"))
    click.echo(outcome.summary())
    from ..settings import load_settings

    pdf_failed = False
    settings, problems = load_settings(project)
    echo_problems(problems, quiet=quiet)
    if pdf or pdf_a or settings.pdf or settings.pdf_a:
        pdf_failed = write_build_pdfs(outcome, output_dir, pdf_a=pdf_a or settings.pdf_a, quiet=quiet)
    if outcome.errors or outcome.failed or pdf_failed or any(p.severity != "warning" for p in problems):
        failed = sorted(set(outcome.failed))
        if failed:
            click.echo(_("failed: {names}").format(names=", ".join(failed)), err=True)
        sys.exit(1)


@cli.command(help=_("Load and check every entry (or the PATHS given); write nothing."))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors."))
def validate(paths, quiet):
    from ..gather import gather
    from ..rendering import check_template

    project = project_here()
    gathered = gather(project, list(paths))
    problems = list(gathered.problems)
    for template_dir in dict.fromkeys(target.template_dir for target in gathered.targets):
        problems.extend(check_template(template_dir))
    echo_problems(problems, quiet=quiet)
    errors = [p for p in problems if p.severity != "warning"]
    if errors:
        fail(len(errors))
    if not quiet:
        cases = len(gathered.library.entries)
        documents = ngettext("{count} document", "{count} documents", len(gathered.targets)).format(
            count=len(gathered.targets)
        )
        case_count = ngettext("{count} case", "{count} cases", cases).format(count=cases)
        click.echo(_("ok: {documents}, {cases}").format(documents=documents, cases=case_count))


@cli.command(
    help=_(
        "Rebuild the documents a saved file affects, until Ctrl-C.\n\n"
        "Watches data/ and templates/. A save with mistakes prints the located errors and keeps "
        "watching; the documents it would have changed stay as they were."
    )
)
@output_option()
@click.option("--preview", is_flag=True, help=_("Also refresh the PDF preview of each rebuilt document."))
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help=_("Documents rendered at once.")
)
def watch(output_dir, preview, jobs):
    from ..lint.gate import build_lint_hook
    from ..settings import load_settings
    from ..source import display_path
    from ..watch import watch as run_watch

    project = project_here()
    lint_hook = build_lint_hook(project, strict=not load_settings(project)[0].allow_lint_errors)

    def show(round_) -> None:
        if round_.changed:
            click.echo(_("changed: {files}").format(files=", ".join(display_path(p) for p in round_.changed)))
        echo_problems(round_.problems)
        for name in round_.built:
            click.echo(f"{_('wrote'):>6} {display_path(output_dir / name)}")
        if round_.failed:
            click.echo(_("failed: {names}").format(names=", ".join(round_.failed)), err=True)
        if not round_.built and not round_.failed:
            click.echo(_("every output is up to date"))

    def ready() -> None:
        click.echo(_("watching data/ and templates/ (Ctrl-C to stop)"))

    after = None
    if preview:

        def after(built):
            from ..preview import make_previews

            try:
                make_previews([output_dir / name for name in built], output_dir / "preview", pdf=True, png=False)
            except ReportgenError as exc:  # LibreOffice missing: say so once a round, keep watching
                exc.show()

    lock = acquire_lock(output_dir)
    try:
        run_watch(project, output_dir, on_round=show, on_ready=ready, after_build=after, jobs=jobs, lint_hook=lint_hook)
    except KeyboardInterrupt:
        click.echo(_("stopped watching"))
    finally:
        lock.release()
