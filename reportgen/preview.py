"""Previews: .docx outputs converted to PDF by LibreOffice, and to PNG pages by pdftoppm.

LibreOffice runs headless with its own user profile in a temporary folder (so
that previews running at the same time, or a LibreOffice the user has open, do
not clash) and with a fontconfig file that sends the fonts of GB/T 9704
(方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) to installed CJK faces of
the same kind (`reportgen/fonts/fonts.conf`), instead of one default face.
Every preview file is written to a temporary file beside it and moved into place.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import click

from .errors import Location, Problem, ReportgenError
from .i18n import _, ngettext

PREVIEW_DIR = "preview"
PNG_RESOLUTION = 100  # dots per inch: an A4 page is 827 × 1170 pixels
SOFFICE_PACKAGE = "libreoffice-writer-nogui"
POPPLER_PACKAGE = "poppler-utils"
_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_ELSEWHERE = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_SYSTEM_FONTCONFIG = (
    "/etc/fonts/fonts.conf",
    "/usr/local/etc/fonts/fonts.conf",
    "/opt/homebrew/etc/fonts/fonts.conf",
    "/usr/pkg/etc/fonts/fonts.conf",
)
# LibreOffice's first start with a new profile takes a while; each document then less.
_TIMEOUT_START = 180
_TIMEOUT_PER_DOCUMENT = 60


class PreviewToolMissing(ReportgenError):
    """A program the previews need is not installed."""


def soffice_missing_message() -> str:
    return _("LibreOffice is not installed: install the Debian package {package} (apt-get install {package})").format(
        package=SOFFICE_PACKAGE
    )


def pdftoppm_missing_message() -> str:
    return _(
        "pdftoppm is not installed, so no PNG pages: install the Debian package {package} (apt-get install {package})"
    ).format(package=POPPLER_PACKAGE)


def find_soffice() -> str | None:
    """Return the LibreOffice program to run, or None when it is not installed."""
    for name in _SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in _SOFFICE_ELSEWHERE:
        if os.path.isfile(candidate):
            return candidate
    return None


def find_pdftoppm() -> str | None:
    """Return the pdftoppm program (poppler-utils), or None when it is not installed."""
    return shutil.which("pdftoppm")


def write_fontconfig(folder: Path, substitutions: Path) -> Path:
    """Write into `folder` a fontconfig file that includes the system's and `substitutions`; return it."""
    system = os.environ.get("FONTCONFIG_FILE")
    if not system:
        system = next((c for c in _SYSTEM_FONTCONFIG if os.path.isfile(c)), None)
    if system:
        base = f'  <include ignore_missing="yes">{_xml_text(system)}</include>\n'
    else:  # no system configuration: at least find the usual font folders
        base = '  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n  <dir prefix="xdg">fonts</dir>\n'
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"{base}"
        f"  <include>{_xml_text(str(substitutions))}</include>\n"
        "</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_previews(docx_paths: list[Path], out_dir: Path, pdf: bool = True, png: bool = True) -> list[Path]:
    """Convert `docx_paths` to `out_dir`/<name>.pdf and <name>-<page>.png; return the files written.

    Raise PreviewToolMissing when LibreOffice (or, for PNG pages, pdftoppm) is not
    installed, and ReportgenError naming every document that did not convert
    (after writing the previews of the others).
    """
    docx_paths = [Path(p) for p in docx_paths]
    if not docx_paths or not (pdf or png):
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PreviewToolMissing(soffice_missing_message())
    pdftoppm = find_pdftoppm() if png else None
    if png and pdftoppm is None:
        raise PreviewToolMissing(pdftoppm_missing_message())
    stems: dict[str, Path] = {}
    for path in docx_paths:
        if path.stem in stems:
            raise ReportgenError(
                _("{file} and {other} would both be previewed as {name}").format(
                    file=path, other=stems[path.stem], name=f"{path.stem}.pdf"
                )
            )
        stems[path.stem] = path
    out_dir.mkdir(parents=True, exist_ok=True)

    from .outputs import write_atomically

    written: list[Path] = []
    problems: list[Problem] = []
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="reportgen-preview-")))
        substitutions = stack.enter_context(resources.as_file(resources.files("reportgen") / "fonts" / "fonts.conf"))
        pdf_dir = work / "pdf"
        pdf_dir.mkdir()
        log = _convert_to_pdf(soffice, docx_paths, pdf_dir, work / "profile", write_fontconfig(work, substitutions))
        for stem, source in stems.items():
            made = pdf_dir / f"{stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                if log:
                    message = _("LibreOffice did not convert it to PDF: {log}").format(log=log)
                else:
                    message = _("LibreOffice did not convert it to PDF")
                problems.append(Problem(Location(str(source)), message))
                continue
            if pdf:
                target = out_dir / made.name
                write_atomically(target, made.read_bytes())
                written.append(target)
            if png:
                pages, error = _pdf_to_png(pdftoppm, made, work / "png" / stem)
                if error:
                    problems.append(
                        Problem(
                            Location(str(source)),
                            _("pdftoppm did not convert its PDF to PNG: {error}").format(error=error),
                        )
                    )
                    continue
                written.extend(_replace_pages(pages, out_dir, stem))
    if problems:
        raise ReportgenError(problems)
    return written


def _convert_to_pdf(soffice: str, docx_paths: list[Path], pdf_dir: Path, profile: Path, fontconfig: Path) -> str:
    """Run LibreOffice once for all documents; return what it printed when it failed, else ''."""
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig))
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(pdf_dir),
        *(str(p.resolve()) for p in docx_paths),
    ]
    timeout = _TIMEOUT_START + _TIMEOUT_PER_DOCUMENT * len(docx_paths)
    # A session of its own, so that on a timeout LibreOffice's helper processes go too.
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=(os.name == "posix"),
    )
    try:
        output, _errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_session(process)
        process.communicate()
        return _("LibreOffice did not finish in {seconds} s").format(seconds=timeout)
    except BaseException:
        _kill_session(process)
        raise
    if process.returncode != 0:
        text = output.decode("utf-8", "replace").strip()
        if text:
            return _("soffice exited with status {status}: {output}").format(status=process.returncode, output=text)
        return _("soffice exited with status {status}").format(status=process.returncode)
    return ""


def _kill_session(process: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass


def _pdf_to_png(pdftoppm: str, pdf: Path, prefix: Path) -> tuple[list[Path], str]:
    """Return the PNG pages of `pdf` written as `prefix`-N.png (and an error text, if any)."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [pdftoppm, "-png", "-r", str(PNG_RESOLUTION), str(pdf), str(prefix)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return [], result.stderr.strip() or _("exit status {status}").format(status=result.returncode)
    pattern = re.compile(re.escape(prefix.name) + r"-(\d+)\.png$")
    pages = sorted(
        (p for p in prefix.parent.iterdir() if pattern.match(p.name)), key=lambda p: int(pattern.match(p.name).group(1))
    )
    return pages, "" if pages else _("no pages")


def _replace_pages(pages: list[Path], out_dir: Path, stem: str) -> list[Path]:
    """Move the new pages into `out_dir` and delete older pages of `stem` that are not among them."""
    from .outputs import write_atomically

    written = []
    for page in pages:
        target = out_dir / page.name
        write_atomically(target, page.read_bytes())
        written.append(target)
    keep = {p.name for p in written}
    pattern = re.compile(re.escape(stem) + r"-\d+\.png$")
    for old in out_dir.iterdir():
        if pattern.match(old.name) and old.name not in keep:
            try:
                old.unlink()
            except OSError:
                pass
    return written


# -- the command --------------------------------------------------------------------------------


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
        from .project import display_path

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
        count = len(docx_files)
        click.echo(
            ngettext("{count} document previewed: {made}", "{count} documents previewed: {made}", count).format(
                count=count, made=_(", ").join(made)
            )
        )
    if failed:
        sys.exit(1)


def _build_for_preview(
    names: list[str], entry_paths: list[Path], output_dir: Path, *, quiet: bool
) -> tuple[list[Path], bool]:
    """Bring the wanted outputs up to date; return their .docx files and whether anything failed."""
    from .build import run_build
    from .cli import _echo_problems, _project
    from .manifest import Manifest
    from .outputs import acquire_lock, remove_stray_temporaries
    from .project import find_entry_files

    project = _project()
    lock = acquire_lock(output_dir)
    try:
        remove_stray_temporaries(output_dir)
        # A name can be any document's: then every one is brought up to date.
        outcome = run_build(project, [] if names else entry_paths, output_dir, jobs=os.cpu_count() or 1)
    finally:
        lock.release()
    _echo_problems(outcome.problems, quiet=quiet)
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
