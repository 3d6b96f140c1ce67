"""`reportgen build --pdf`: one LibreOffice run for the batch, fonts embedded, nothing converted twice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdffonts")) and not os.environ.get("CI"),
    reason="LibreOffice or poppler-utils not installed (CI installs them)",
)

COUNTING_SOFFICE = """\
#!/bin/sh
echo start >> "{log}"
exec "{real}" "$@"
"""


def _counting_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """Return (a bin folder whose soffice logs each start and runs the real one, the log)."""
    real = shutil.which("soffice")
    assert real, "LibreOffice is needed"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "soffice-starts.log"
    wrapper = bin_dir / "soffice"
    wrapper.write_text(COUNTING_SOFFICE.format(log=log, real=real), encoding="utf-8")
    wrapper.chmod(0o755)
    return bin_dir, log


def _starts(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _fonts(pdf: Path) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:] if line.strip()]


@pytest.mark.libreoffice
@needs_libreoffice
def test_build_pdf_starts_libreoffice_once_embeds_every_font_and_converts_nothing_twice(
    project, run_cli, tmp_path, monkeypatch
):
    bin_dir, log = _counting_soffice(tmp_path)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = run_cli("build", "-j", "1", "--pdf")
    assert result.exit_code == 0, result.output
    assert _starts(log) == 1
    documents = sorted(p.stem for p in (project / "output").glob("*.docx"))
    assert documents == ["2023-01", "three-front-lines"]
    assert sorted(p.stem for p in (project / "output").glob("*.pdf")) == documents
    assert "PDF: 2 converted, 0 up to date" in result.output
    for name in documents:
        fonts = _fonts(project / "output" / f"{name}.pdf")
        assert fonts
        # pdffonts columns: name type encoding emb sub uni object ID
        not_embedded = [f for f in fonts if f[-5] != "yes"]
        assert not not_embedded, not_embedded
    body = project / "output/three-front-lines.pdf"
    names = {f[0].split("+", 1)[-1] for f in _fonts(body)}
    # the faces of the previews stand in for the official fonts
    assert any(n.startswith("FandolFang") for n in names) and any(n.startswith("FandolKai") for n in names), names
    before = body.read_bytes()

    again = run_cli("build", "-j", "1", "--pdf")
    assert again.exit_code == 0, again.output
    assert _starts(log) == 1  # nothing to convert: LibreOffice not started
    assert "PDF: 0 converted, 2 up to date" in again.output
    assert body.read_bytes() == before

    # one document changed: only its PDF is made again, in one more run
    report = project / "data/reports/three-front-lines.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("连日来", "近日来", 1), encoding="utf-8")
    third = run_cli("build", "-j", "1", "--pdf")
    assert third.exit_code == 0, third.output
    assert _starts(log) == 2
    assert "PDF: 1 converted, 1 up to date" in third.output


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdf_a_is_written_when_asked(project, run_cli):
    result = run_cli("build", "-j", "1", "--pdf-a", "data/briefs/2023-01.yaml")
    assert result.exit_code == 0, result.output
    pdf = (project / "output/2023-01.pdf").read_bytes()
    assert b"pdfaid:part" in pdf and b"pdfaid:conformance" in pdf


@pytest.mark.libreoffice
@needs_libreoffice
def test_the_project_setting_asks_for_pdfs(project, run_cli):
    (project / "reportgen.yaml").write_text("pdf: true\n", encoding="utf-8")
    result = run_cli("build", "-j", "1", "data/briefs/2023-01.yaml")
    assert result.exit_code == 0, result.output
    assert (project / "output/2023-01.pdf").exists()


def test_a_bad_project_setting_is_a_located_error(project, run_cli):
    (project / "reportgen.yaml").write_text("pdf: true\npfd_a: true\n", encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert "reportgen.yaml:2:1: unknown key 'pfd_a'" in result.output


def test_without_libreoffice_the_docx_files_are_written_and_one_error_names_the_package(
    project, run_cli, tmp_path, monkeypatch
):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr("reportgen.preview._SOFFICE_ELSEWHERE", ())
    result = run_cli("build", "-j", "1", "--pdf")
    assert result.exit_code == 1
    assert (project / "output/three-front-lines.docx").exists() and (project / "output/2023-01.docx").exists()
    assert not list((project / "output").glob("*.pdf"))
    lines = [line for line in result.output.splitlines() if "LibreOffice" in line]
    assert len(lines) == 1 and "libreoffice-writer-nogui" in lines[0], result.output
