"""LibreOffice opens and converts what we write (needs soffice and poppler-utils)."""

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.libreoffice

needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdfinfo")) and not __import__("os").environ.get("CI"),
    reason="LibreOffice or poppler-utils not installed (CI installs them)",
)


@needs_soffice
def test_seed_converts_to_a_two_to_five_page_pdf(project, run_cli, tmp_path):
    assert run_cli("build", "-j", "1").exit_code == 0
    outdir = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(project / "output/three-front-lines.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = outdir / "three-front-lines.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 2 <= pages <= 5
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "践行初心使命" in text
    # the page number field was computed by LibreOffice on every page
    assert re.findall(r"—\s*(\d+)\s*—", text) == [str(n) for n in range(1, pages + 1)]
