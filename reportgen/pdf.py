"""PDF outputs: <id>.pdf beside each <id>.docx, converted by one LibreOffice run for the whole batch.

A PDF is rebuilt only when its .docx changed since it was made (or the PDF/A
setting did): a record beside the outputs keeps the digest of the .docx each PDF
was made from. LibreOffice embeds every font it uses; the faces standing in for
the official fonts are those of the previews (`faces`, `fonts/fonts.conf`). Each
PDF is moved into place whole, so a failed or interrupted conversion leaves the
earlier PDF as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import Location, Problem, ReportgenError
from .i18n import _
from .outputs import write_atomically

RECORD_FILE = ".reportgen-pdf.json"
# PDF/A-2b: LibreOffice's SelectPdfVersion 2.
_PDF_A_OPTIONS = '{"SelectPdfVersion":{"type":"long","value":"2"}}'


@dataclass
class PdfOutcome:
    """What a PDF run did."""

    converted: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_record(output_dir: Path) -> dict:
    try:
        data = json.loads((output_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def pdfs_to_convert(docx_paths: list[Path], output_dir: Path, *, pdf_a: bool) -> list[Path]:
    """Return the .docx files whose PDF is missing, or older than the .docx, or of the other PDF kind."""
    record = _load_record(output_dir)
    stale = []
    for docx in docx_paths:
        pdf = docx.with_suffix(".pdf")
        made = record.get(pdf.name)
        if (
            not pdf.exists()
            or not isinstance(made, dict)
            or made.get("docx") != _digest(docx)
            or made.get("pdf_a") != pdf_a
        ):
            stale.append(docx)
    return stale


def write_pdfs(docx_paths: list[Path], output_dir: Path, *, pdf_a: bool = False) -> PdfOutcome:
    """Write <name>.pdf beside each .docx that needs it, with one LibreOffice run; return what was done.

    Raise ReportgenError (naming the Debian package) when LibreOffice is not installed
    and a PDF needs making.
    """
    from .preview import find_soffice, soffice_missing_message

    outcome = PdfOutcome()
    stale = pdfs_to_convert(docx_paths, output_dir, pdf_a=pdf_a)
    outcome.up_to_date = [p.with_suffix(".pdf").name for p in docx_paths if p not in stale]
    if not stale:
        return outcome
    soffice = find_soffice()
    if soffice is None:
        raise ReportgenError(soffice_missing_message())
    digests = {docx: _digest(docx) for docx in stale}
    work = Path(tempfile.mkdtemp(prefix=".reportgen-pdf-", dir=output_dir)).resolve()
    try:
        failure = _convert(soffice, stale, work, pdf_a=pdf_a)
        record = _load_record(output_dir)
        for docx in stale:
            made = work / "pdf" / docx.with_suffix(".pdf").name
            target = docx.with_suffix(".pdf")
            if not made.is_file() or made.stat().st_size == 0:
                outcome.problems.append(
                    Problem(
                        Location(_shown(docx)),
                        _("LibreOffice did not convert {file} to PDF").format(file=docx.name)
                        + (f": {failure}" if failure else ""),
                    )
                )
                continue
            write_atomically(target, made.read_bytes())
            record[target.name] = {"docx": digests[docx], "pdf_a": pdf_a}
            outcome.converted.append(target.name)
        if outcome.converted:
            write_atomically(output_dir / RECORD_FILE, json.dumps(record, sort_keys=True, indent=1).encode("utf-8"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return outcome


def _convert(soffice: str, docx_paths: list[Path], work: Path, *, pdf_a: bool) -> str:
    """Convert every document in one LibreOffice run into `work`/pdf; return its complaint, or ''."""
    from .preview import _convert_to_pdf, write_fontconfig

    substitutions = resources.files("reportgen") / "fonts" / "fonts.conf"
    with resources.as_file(substitutions) as substitutions_path:
        fontconfig = write_fontconfig(work, Path(substitutions_path))
        export = "pdf:writer_pdf_Export" + (":" + _PDF_A_OPTIONS if pdf_a else "")
        return _convert_to_pdf(soffice, docx_paths, work / "pdf", work / "profile", fontconfig, export=export)


def _shown(path: Path) -> str:
    from .project import display_path

    return display_path(path)
