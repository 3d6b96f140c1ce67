"""`reportgen diff [REVISION]`: what changed in each document's text, in the terminal and as an HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ReportgenError
from ..i18n import N_, _
from ..project import display_path
from .main import echo_problems, fail, output_option, project_here


@click.command(
    "diff",
    help=_(
        "Show what changed in each document's text, paragraph by paragraph, with the changed words marked.\n\n"
        "Without REVISION, the documents as the entries and templates make them now are compared with the "
        "last build in output/; with REVISION (e.g. HEAD~1), with the documents as that git revision made "
        "them. The comparison is also written as an HTML page (output/diff.html). Exit status 0 whether or "
        "not something changed (1 with --exit-code when something did), 1 when an entry has errors."
    ),
)
@click.argument("revision", required=False)
@output_option(N_("Folder of the last build."))
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=_("Where to write the HTML page (default: diff.html in the output folder)."),
)
@click.option("--exit-code", is_flag=True, help=_("Exit 1 when a document changed, as git diff --exit-code does."))
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help=_("Colour the changed words (auto: only on a terminal)."),
)
def diff_command(revision, output_dir, html_file, exit_code, color):
    from ..diff_report import diff_against_build, diff_against_revision, html_page, terminal_lines
    from ..outputs import write_atomically, write_error_message

    project = project_here()
    try:
        run = diff_against_revision(project, revision) if revision else diff_against_build(project, output_dir)
    except ReportgenError as exc:
        exc.show()
        sys.exit(1)
    echo_problems(run.problems)
    colored = color == "always" or (color == "auto" and sys.stdout.isatty())
    for line in terminal_lines(run, output_dir, color=colored):
        click.echo(line, color=colored)
    page = html_file or output_dir / "diff.html"
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(page, html_page(run, output_dir).encode("utf-8"))
    except OSError as exc:
        click.echo(f"{display_path(page)}: {write_error_message(page, exc)}", err=True)
        sys.exit(1)
    click.echo(_("wrote {file}").format(file=display_path(page)))
    if run.errors:
        fail(len(run.errors))
    if exit_code and run.changed:
        sys.exit(1)
