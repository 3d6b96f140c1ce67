"""The `reportgen` command group, its language option, and what every command shares.

The commands themselves are in the modules beside this one: `documents` (build,
validate, watch), `entries` (new, schema, list), and, imported when run, `lint`,
`importer` and `preview`. Each calls the stages' public functions only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import sorted_problems
from ..i18n import N_, _, language_in_arguments, ngettext, set_language
from ..project import Project

set_language(language_in_arguments(sys.argv[1:]))

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def project_here(root: Path | None = None) -> Project:
    """Return the project in the working folder (or at `root`)."""
    return Project(Path(root) if root else Path("."))


def echo_problems(problems, *, quiet: bool = False) -> None:
    """Print located problems to stderr, sorted by place (without warnings if `quiet`)."""
    for problem in sorted_problems(problems):
        if quiet and problem.severity == "warning":
            continue
        click.echo(problem.format(), err=True)


def output_option(help_text: str = N_("Folder for the .docx files.")):
    """The -o/--output option of the commands that write or read the built documents."""
    return click.option(
        "-o",
        "--output",
        "output_dir",
        type=click.Path(path_type=Path),
        default=Path("output"),
        show_default=True,
        help=_(help_text),
    )


class LazyGroup(click.Group):
    """A command group whose larger commands are imported only when they are run.

    `reportgen --help` then costs little more than importing click.
    """

    def __init__(self, *args, lazy_commands: dict[str, tuple[str, str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}  # name -> (module, attribute, short help)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def add_command(self, cmd, name=None):
        """Add `cmd`, giving it a `--lang` option, so that `reportgen build --lang en` works too."""
        if not any(param.name == "lang" for param in cmd.params):
            cmd.params.append(_lang_option())
        super().add_command(cmd, name)

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
        ".importer",
        "import_command",
        N_("Import a .txt or .docx material as report and case entries."),
    ),
    "lint": (".lint", "lint", N_("Proofread the entries' text; --fix applies the safe fixes.")),
    "issue": (".issue", "issue_command", N_("Mark a report or brief as issued: freeze it in issued/NAME.lock.yaml.")),
    "diff": (".diff", "diff_command", N_("Show what changed in each document's text, as lines and as an HTML page.")),
    "preview": (".preview", "preview", N_("Convert documents to PDF and PNG pages with LibreOffice.")),
    "serve": (".serve", "serve", N_("Open the web editor for cases, reports and briefs (on this computer only).")),
}


def _set_language(ctx, param, value):
    if value is not None:
        set_language(value)
    return value


def _lang_option() -> click.Option:
    return click.Option(
        ["--lang"],
        type=click.Choice(["zh", "en"]),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_set_language,
        help=_("Language of messages: zh (中文, the default) or en. Also REPORTGEN_LANG=en, or an English locale."),
    )


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
    help=_("Language of messages: zh (中文, the default) or en. Also REPORTGEN_LANG=en, or an English locale."),
)
def cli():
    pass


def fail(error_count: int) -> None:
    """End a run that found user errors (already printed): a count, then exit status 1."""
    click.echo(
        ngettext("{count} error found.", "{count} errors found.", error_count).format(count=error_count), err=True
    )
    sys.exit(1)


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
