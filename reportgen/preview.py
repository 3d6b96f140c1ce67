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
import tempfile
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from .errors import Location, Problem, ReportgenError
from .faces import write_fontconfig
from .i18n import _

PREVIEW_DIR = "preview"
PNG_RESOLUTION = 100  # dots per inch: an A4 page is 827 × 1170 pixels
SOFFICE_PACKAGE = "libreoffice-writer-nogui"
POPPLER_PACKAGE = "poppler-utils"
_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_ELSEWHERE = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
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
            if pdftoppm is not None:
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


def _convert_to_pdf(
    soffice: str,
    docx_paths: list[Path],
    pdf_dir: Path,
    profile: Path,
    fontconfig: Path,
    export: str = "pdf:writer_pdf_Export",
) -> str:
    """Run LibreOffice once for all documents; return what it printed when it failed, else ''."""
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig))
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        export,
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
    numbered = [(match, p) for p in prefix.parent.iterdir() if (match := pattern.match(p.name))]
    pages = [p for _match, p in sorted(numbered, key=lambda item: int(item[0].group(1)))]
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
