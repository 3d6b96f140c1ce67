"""`reportgen preview`: documents converted to PDF and PNG pages, built first when out of date."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import ReportgenError
from ..i18n import _, ngettext
from ..preview import (
    PNG_RESOLUTION,
    PREVIEW_DIR,
    find_pdftoppm,
    find_soffice,
    make_previews,
    pdftoppm_missing_message,
    soffice_missing_message,
)
from .main import echo_problems, project_here


def _is_path_argument(value: str) -> bool:
    return value.lower().endswith((".docx", ".yaml", ".yml")) or "/" in value or os.sep in value or Path(value).is_dir()


@click.command(
    help=_(
        "Convert documents to PDF and PNG pages under OUTPUT/preview/ with LibreOffice.\n\n"
        "REPORT is an output name (three-front-lines), an entry file or folder under data/, or a "
        ".docx file; by default, every report and brief. Documents that are missing or out of date "
        "are built first. Without --pdf or --png, both are written."
    )
)
@click.argument("reports", nargs=-1, metavar="[REPORT]...")
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help=_("Folder of the .docx files; previews go to its preview/ folder."),
)
@click.option("--pdf", is_flag=True, help=_("Write a PDF of each document."))
@click.option("--png", is_flag=True, help=_("Write a PNG of each page ({dpi} dpi).").format(dpi=PNG_RESOLUTION))
@click.option("-q", "--quiet", is_flag=True, help=_("Print only errors."))
def preview(reports, output_dir, pdf, png, quiet):
    if not pdf and not png:
        pdf = png = True
    if find_soffice() is None:
        # Previews are an extra: without LibreOffice, say what to install and succeed.
        click.echo(soffice_missing_message(), err=True)
        return
    if png and find_pdftoppm() is None:
        click.echo(pdftoppm_missing_message(), err=True)
        png = False
        if not pdf:
            return

    docx_files = [Path(r) for r in reports if r.lower().endswith(".docx")]
    names = [r for r in reports if not _is_path_argument(r)]
    entry_paths = [Path(r) for r in reports if _is_path_argument(r) and not r.lower().endswith(".docx")]
    failed = False
    for path in docx_files:
        if not path.is_file():
            raise ReportgenError(f"{path}: " + _("no such file"))
    if names or entry_paths or not reports:
        selected, failed = _build_for_preview(names, entry_paths, output_dir, quiet=quiet)
        docx_files.extend(selected)
    if not docx_files:
        if failed:
            sys.exit(1)
        click.echo(_("nothing to preview"), err=True)
        return
    unique = {path.resolve(): path for path in reversed(docx_files)}  # a document named twice
    docx_files = [unique[key] for key in dict.fromkeys(path.resolve() for path in docx_files)]
    written = make_previews(docx_files, output_dir / PREVIEW_DIR, pdf=pdf, png=png)
    if not quiet:
        from ..project import display_path

        wrote = _("wrote")
        for path in written:
            click.echo(f"{wrote:>6} {display_path(path)}")
        pdfs = sum(1 for p in written if p.suffix == ".pdf")
        pngs = len(written) - pdfs
        made = []
        if pdf:
            made.append(_("{count} PDF").format(count=pdfs))
        if png:
            made.append(ngettext("{count} PNG page", "{count} PNG pages", pngs).format(count=pngs))
        _echo_stand_ins()
        count = len(docx_files)
        click.echo(
            ngettext("{count} document previewed: {made}", "{count} documents previewed: {made}", count).format(
                count=count, made=_(", ").join(made)
            )
        )
    if failed:
        sys.exit(1)


def _echo_stand_ins() -> None:
    """Say which face stood in for each official font, so that nobody takes the preview for the real thing."""
    from ..faces import current_stand_ins

    for face, shown, installed in current_stand_ins():
        if installed:
            click.echo(_("font {face}: installed, used as it is").format(face=face))
        else:
            click.echo(
                _("font {face}: not installed; shown in {stand_in}, a stand-in of the same kind").format(
                    face=face, stand_in=shown
                )
            )


def _build_for_preview(
    names: list[str], entry_paths: list[Path], output_dir: Path, *, quiet: bool
) -> tuple[list[Path], bool]:
    """Bring the wanted outputs up to date; return their .docx files and whether anything failed."""
    from ..build import run_build
    from ..manifest import Manifest
    from ..outputs import acquire_lock, remove_stray_temporaries
    from ..project import find_entry_files

    project = project_here()
    lock = acquire_lock(output_dir)
    try:
        remove_stray_temporaries(output_dir)
        # A name can be any document's: then every one is brought up to date.
        outcome = run_build(project, [] if names else entry_paths, output_dir, jobs=os.cpu_count() or 1)
    finally:
        lock.release()
    echo_problems(outcome.problems, quiet=quiet)
    failed = bool(outcome.failed or outcome.errors)
    if outcome.built and not quiet:
        click.echo(outcome.summary())
    if outcome.failed:
        click.echo(_("failed: {names}").format(names=", ".join(sorted(set(outcome.failed)))), err=True)
    current = set(outcome.built) | set(outcome.up_to_date)
    if not names and not entry_paths:
        return [output_dir / n for n in sorted(current)], failed
    wanted: list[str] = []
    manifest = Manifest.load(output_dir, project.root)
    for path in find_entry_files(entry_paths, project) if entry_paths else []:
        wanted.extend(sorted(name for name, _record in manifest.records_for(path) if name in current))
    missing = []
    for name in names:
        output = f"{name}.docx"
        if output in current:
            wanted.append(output)
        else:
            missing.append(name)
    if missing and failed:  # perhaps the documents that failed to build
        click.echo(_("not previewed: {names}").format(names=", ".join(missing)), err=True)
    elif missing:
        known = ", ".join(n.removesuffix(".docx") for n in sorted(current)) or _("none")
        raise ReportgenError(
            _("no document named {names} (documents: {known})").format(names=", ".join(missing), known=known)
        )
    return [output_dir / n for n in dict.fromkeys(wanted)], failed
