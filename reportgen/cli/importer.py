"""`reportgen import`: a .txt or .docx document in, report and case entries out; or cases from a submission or a 台账."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ..i18n import _
from ..importer.command import DEFAULT_CASES_DIR, format_notes, format_structure, import_document, write_result
from ..importer.ooxml import DEFAULT_LIMITS, MB


@click.command(
    "import",
    help=_(
        "Import a .txt (UTF-8 or GB18030) or .docx document as a report YAML and case entries.\n\n"
        "Extraction noise (a sharing site's notice line, page-chunk markers, stray spaces, half-width "
        "punctuation, lost closing quotes and full stops) is removed or repaired; every change and every "
        "doubt is listed with its line and column in SOURCE.\n\n"
        "With --cases (and always for an .xlsx 台账), SOURCE holds cases rather than a report: a county's "
        "submission with one case per heading or paragraph, or a sheet with a header row (单位, 区县, 日期, 一线, "
        "事迹, …) and one case per row. Each becomes a case file; a case the library already holds is reported, "
        "not written again."
    ),
)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=_("The report YAML to write [default: data/reports/<source name>.yaml]."),
)
@click.option(
    "--cases-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CASES_DIR,
    show_default=True,
    help=_("Where the case entries go; existing files are never overwritten."),
)
@click.option("--check", is_flag=True, help=_("Print the structure found and the import report; write nothing."))
@click.option(
    "--force", is_flag=True, help=_("Overwrite the report file if it exists (case files are never overwritten).")
)
@click.option(
    "--max-inflated-mb",
    type=click.IntRange(1, 2048),
    default=DEFAULT_LIMITS.inflated_bytes // MB,
    show_default=True,
    help=_("The most a .docx or .xlsx may inflate to, in MB (each part and all parts together)."),
)
@click.option(
    "--cases",
    "as_cases",
    is_flag=True,
    help=_("SOURCE holds cases (a county's submission), not a report; an .xlsx always does."),
)
def import_command(
    source: Path, output: Path | None, cases_dir: Path, check: bool, force: bool, max_inflated_mb: int, as_cases: bool
) -> None:
    limits = dataclasses.replace(DEFAULT_LIMITS, inflated_bytes=max_inflated_mb * MB)
    if as_cases or source.suffix.lower() == ".xlsx":
        _intake(source, cases_dir, check=check, limits=limits)
        return
    result = import_document(source, cases_dir=cases_dir, limits=limits)
    if check:
        for line in format_structure(result):
            click.echo(line)
        click.echo("")
        for line in format_notes(result):
            click.echo(line)
        return
    write_result(result, source, output, cases_dir, force=force, echo=click.echo)


def _intake(source: Path, cases_dir: Path, *, check: bool, limits) -> None:
    """Import the cases of a submission or a 台账: report doubts and duplicates, write the new cases."""
    from ..importer.intake import intake_file, write_intake
    from ..source import display_path

    result = intake_file(source, cases_dir, limits=limits)
    for line in result.messages():
        click.echo(line)
    if check:
        for case in result.cases:
            click.echo(
                _("{place}: would write {file}").format(
                    place=case.location, file=display_path(cases_dir / f"{case.id}.yaml")
                )
            )
    else:
        for path in write_intake(result, cases_dir):
            click.echo(_("wrote {file}").format(file=display_path(path)))
    click.echo(
        _("{file}: {new} new cases, {duplicates} already in the library, {doubts} doubts").format(
            file=result.source, new=len(result.cases), duplicates=len(result.duplicates), doubts=len(result.doubts)
        )
    )
