"""`reportgen new`, `schema` and `list`: help for the people who write entries."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from ..kinds import entry_kinds
from .main import cli, echo_problems, fail, project_here


class _KindChoice(click.Choice):
    """The kinds `new` can write: every registered kind with a skeleton, read when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self):
        return [kind.name for kind in entry_kinds() if kind.skeleton is not None]

    @choices.setter
    def choices(self, value) -> None:
        pass


@cli.command(
    "new",
    help=_(
        "Write a commented YAML skeleton for a new case, report or brief.\n\n"
        "The file goes into data/cases/, data/reports/ or data/briefs/, named NAME.yaml (a brief is "
        "named after its year and issue by default, and takes the issue number after the highest "
        "existing one and today's date). An existing file is never overwritten."
    ),
)
@click.argument("kind", type=_KindChoice())
@click.argument("name", required=False)
def new(kind, name):
    import datetime as dt

    from ..authoring import new_entry
    from ..source import display_path

    path = new_entry(project_here(), kind, name, dt.date.today())
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
    from ..authoring import write_schemas
    from ..source import display_path

    for path in write_schemas(folder):
        click.echo(_("wrote {file}").format(file=display_path(path)))


@cli.command(
    "list", help=_("List the case library: cases by front line, with region, date and the documents using them.")
)
def list_cases():
    from ..authoring import library_listing

    lines, problems = library_listing(project_here())
    echo_problems([p for p in problems if p.severity != "warning"])
    for line in lines:
        click.echo(line)
    if any(p.severity != "warning" for p in problems):
        fail(len([p for p in problems if p.severity != "warning"]))
