"""The `reportgen` command: thin click commands that call the stages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ReportgenError, sorted_problems
from .i18n import N_, _, ngettext, set_language
from .outputs import acquire_lock


def _language_in(argv: list[str]) -> str | None:
    """Return the value of --lang in `argv`, so help texts are translated before click parses."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


set_language(_language_in(sys.argv[1:]))

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _project(root: Path | None = None):
    from .project import Project

    return Project(Path(root) if root else Path("."))


def _echo_problems(problems, *, quiet: bool = False) -> None:
    for problem in sorted_problems(problems):
        if quiet and problem.severity == "warning":
            continue
        click.echo(problem.format(), err=True)


class LazyGroup(click.Group):
    """A command group whose larger commands are imported only when they are run.

    `reportgen --help` then costs little more than importing click.
    """

    def __init__(self, *args, lazy_commands: dict[str, tuple[str, str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}  # name -> (module, attribute, short help)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name in self.lazy_commands and name not in self.commands:
            import importlib

            module, attribute, _help = self.lazy_commands[name]
            command = getattr(importlib.import_module(module, __package__), attribute)
            self.add_command(command, name=name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy_commands and name not in self.commands:
                rows.append((name, _(self.lazy_commands[name][2])))
            else:
                command = self.commands.get(name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


LAZY_COMMANDS = {
    "import": (
        ".importer.command",
        "import_command",
        N_("Import a .txt or .docx material as report and case entries."),
    ),
    "lint": (".lint.command", "lint", N_("Proofread the entries' text; --fix applies the safe fixes.")),
    "preview": (".preview", "preview", N_("Convert documents to PDF and PNG pages with LibreOffice.")),
}


def _set_language(ctx, param, value):
    if value is not None:
        set_language(value)
    return value


@click.group(
    cls=LazyGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings=CONTEXT_SETTINGS,
    help=_(
        "Build Chinese official documents (经验交流材料, 工作简报) from YAML entries.\n\n"
        "Entries live in data/ (reports/, briefs/, cases/), templates and style profiles in "
        "templates/, and the .docx files are written to output/."
    ),
)
@click.version_option(__version__, prog_name="reportgen")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_set_language,
    help=_("Language of messages: zh (中文) or en. Default: from the locale (LANG)."),
)
def cli():
    pass


class _LineReporter:
    """One plain line per document: for logs, CI and pipes."""

    def __init__(self, output_dir: Path, verbose: bool):
        self.output_dir = output_dir
        self.verbose = verbose

    def start(self, total: int) -> None:
        if self.verbose and total:
            click.echo(ngettext("building {count} document", "building {count} documents", total).format(count=total))

    def document_done(self, name: str, status: str) -> None:
        from .source import display_path

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
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help=_("Folder for the .docx files."),
)
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
@click.option("--strict", is_flag=True, help=_("Do not build a document whose text has a lint error."))
def build(paths, output_dir, jobs, force, check, quiet, verbose, strict):
    from .build import run_build
    from .lint.gate import build_lint_hook
    from .outputs import remove_stray_temporaries

    project = _project()
    jobs = jobs or os.cpu_count() or 1
    lint_hook = build_lint_hook(project, strict=strict, quiet=quiet)
    if check:
        outcome = run_build(project, list(paths), output_dir, force=force, check=True, jobs=1, lint_hook=lint_hook)
        _echo_problems(outcome.problems, quiet=quiet)
        if outcome.errors:
            _fail(len(outcome.errors))
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
    _echo_problems(outcome.problems, quiet=quiet)
    if not outcome.built and not outcome.failed and not outcome.errors and not quiet:
        click.echo(_("nothing to do: every output is up to date"))
    click.echo(outcome.summary())
    if outcome.errors or outcome.failed:
        failed = sorted(set(outcome.failed))
        if failed:
            click.echo(_("failed: {names}").format(names=", ".join(failed)), err=True)
        sys.exit(1)


def _fail(error_count: int) -> None:
    """End a run that found user errors (already printed): a count, then exit status 1."""
    click.echo(
        ngettext("{count} error found.", "{count} errors found.", error_count).format(count=error_count), err=True
    )
    sys.exit(1)


@cli.command(help=_("Load and check every entry (or the PATHS given); write nothing."))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors."))
def validate(paths, quiet):
    from .build import gather
    from .style import load_style_profile
    from .templating import Renderer, TemplateProblem

    project = _project()
    gathered = gather(project, list(paths))
    problems = list(gathered.problems)
    seen = set()
    for target in gathered.targets:
        if target.template_dir in seen:
            continue
        seen.add(target.template_dir)
        profile, found = load_style_profile(target.template_dir)
        problems.extend(found)
        try:
            Renderer(target.template_dir)._load()
        except TemplateProblem as exc:
            problems.append(exc.problem)
    _echo_problems(problems, quiet=quiet)
    errors = [p for p in problems if p.severity != "warning"]
    if errors:
        _fail(len(errors))
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
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help=_("Folder for the .docx files."),
)
@click.option("--preview", is_flag=True, help=_("Also refresh the PDF preview of each rebuilt document."))
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help=_("Documents rendered at once.")
)
def watch(output_dir, preview, jobs):
    from .source import display_path
    from .watch import watch as run_watch

    project = _project()

    def show(round_) -> None:
        if round_.changed:
            click.echo(_("changed: {files}").format(files=", ".join(display_path(p) for p in round_.changed)))
        _echo_problems(round_.problems)
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
            from .preview import make_previews

            try:
                make_previews([output_dir / name for name in built], output_dir / "preview", pdf=True, png=False)
            except ReportgenError as exc:  # LibreOffice missing: say so once a round, keep watching
                exc.show()

    lock = acquire_lock(output_dir)
    try:
        run_watch(project, output_dir, on_round=show, on_ready=ready, after_build=after, jobs=jobs)
    except KeyboardInterrupt:
        click.echo(_("stopped watching"))
    finally:
        lock.release()


@cli.command(
    "new",
    help=_(
        "Write a commented YAML skeleton for a new case, report or brief.\n\n"
        "The file goes into data/cases/, data/reports/ or data/briefs/, named NAME.yaml (a brief is "
        "named after its year and issue by default, and takes the issue number after the highest "
        "existing one and today's date). An existing file is never overwritten."
    ),
)
@click.argument("kind", type=click.Choice(["case", "report", "brief"]))
@click.argument("name", required=False)
def new(kind, name):
    import datetime as dt

    from .authoring import new_entry
    from .source import display_path

    path = new_entry(_project(), kind, name, dt.date.today())
    click.echo(_("wrote {file}").format(file=display_path(path)))


@cli.command(
    help=_(
        "Write JSON Schema files for case, report and brief entries.\n\n"
        "Editors that read `# yaml-language-server: $schema=…` lines (VS Code with the YAML "
        "extension) then check and complete entries while you type."
    )
)
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help=_("Folder for the schema files."),
)
def schema(folder):
    from .authoring import write_schemas
    from .source import display_path

    for path in write_schemas(folder):
        click.echo(_("wrote {file}").format(file=display_path(path)))


@cli.command(
    "list", help=_("List the case library: cases by front line, with region, date and the documents using them.")
)
def list_cases():
    from .authoring import library_listing

    lines, problems = library_listing(_project())
    _echo_problems([p for p in problems if p.severity != "warning"])
    for line in lines:
        click.echo(line)
    if any(p.severity != "warning" for p in problems):
        _fail(len([p for p in problems if p.severity != "warning"]))


def _safe_console() -> None:
    """Keep a narrow console (GBK on Windows) from failing on a character it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main() -> None:
    """Run the CLI (console script entry point); an unexpected failure is a short message, not a traceback."""
    _safe_console()
    try:
        cli(prog_name="reportgen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(_("aborted"), err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(_("interrupted; outputs are either as they were or complete"), err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in reportgen, not in the user's files
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        click.echo(_("reportgen: internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), err=True)
        click.echo(
            _(
                "This is a bug in reportgen, not in your files. Run again with REPORTGEN_DEBUG=1 for details and report it."
            ),
            err=True,
        )
        sys.exit(3)
