"""Previews: PDF by LibreOffice with our font substitutions, PNG pages by pdftoppm."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.preview import preview
from reportgen.preview import write_fontconfig

FONTS_CONF = Path(__file__).resolve().parents[1] / "reportgen/fonts/fonts.conf"

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdffonts"))
    and not os.environ.get("CI"),
    reason="LibreOffice or poppler-utils not installed (CI installs them)",
)
needs_fontconfig = pytest.mark.skipif(
    not shutil.which("fc-match") and not os.environ.get("CI"),
    reason="fontconfig's fc-match not installed (CI installs it)",
)


def run_preview(*args, env=None):
    result = CliRunner().invoke(preview, list(args), env=env, catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the embedded font names of `pdf`, without subset prefixes."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:] if line.strip()]


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# -- with LibreOffice ----------------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_libreoffice
def test_preview_writes_a_pdf_and_png_pages_of_the_seed_in_fang_song_kai_and_hei_faces(project, tmp_path):
    previews = project / "output/preview"
    previews.mkdir(parents=True)
    left_over = previews / "three-front-lines-9.png"  # from an older, longer version
    left_over.write_bytes(b"old page")

    result = run_preview("--pdf", "--png")
    assert result.exit_code == 0, result.output
    assert (project / "output/three-front-lines.docx").exists()  # built first

    pdf = previews / "three-front-lines.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = pdf_pages(pdf)
    assert 2 <= pages <= 5
    pngs = sorted(previews.glob("three-front-lines-*.png"))
    assert [p.name for p in pngs] == [f"three-front-lines-{n}.png" for n in range(1, pages + 1)]
    assert not left_over.exists()
    width, height = png_size(pngs[0])
    assert (width, abs(height - 1170) <= 1) == (827, True)  # A4 at 100 dpi
    assert (previews / "2023-01.pdf").exists() and (previews / "2023-01-1.png").exists()
    assert f"2 documents previewed: 2 PDF, {pages + pdf_pages(previews / '2023-01.pdf')} PNG pages" in result.output

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "践行初心使命" in text
    fonts = pdf_fonts(pdf)
    assert any(f.startswith("FandolFang") for f in fonts), fonts  # 仿宋_GB2312, the body
    assert any(f.startswith("FandolKai") for f in fonts), fonts  # 楷体_GB2312, the key phrases
    assert any(f.startswith("NotoSerifCJK") and "Bold" in f for f in fonts), fonts  # 方正小标宋简体, the title
    assert any(f.startswith("NotoSerifCJK") and "Regular" in f for f in fonts), fonts  # 宋体, page numbers
    assert any(f.startswith("NotoSansCJK") for f in fonts), fonts  # 黑体, level-1 headings
    assert not [f for f in fonts if f.startswith("DejaVu")], fonts  # no fallback face

    # The substitutions are what gives those faces: LibreOffice alone picks others.
    plain = tmp_path / "plain"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(plain),
            str(project / "output/three-front-lines.docx"),
        ],
        capture_output=True,
        timeout=300,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"},
    )
    assert sorted(pdf_fonts(plain / "three-front-lines.pdf")) != sorted(fonts)


@pytest.mark.libreoffice
@needs_libreoffice
def test_preview_of_one_named_document_with_pdf_only(project):
    result = run_preview("three-front-lines", "--pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "output/preview").iterdir()) == ["three-front-lines.pdf"]


@pytest.mark.libreoffice
@needs_fontconfig
@pytest.mark.parametrize(
    "font, family",
    [
        ("方正小标宋简体", "Noto Serif CJK SC:Bold"),
        ("仿宋_GB2312", "FandolFang"),
        ("楷体_GB2312", "FandolKai"),
        ("黑体", "Noto Sans CJK SC"),
        ("宋体", "Noto Serif CJK SC:Regular"),
        ("仿宋", "FandolFang"),
        ("SimSun", "Noto Serif CJK SC:Regular"),
        ("KaiTi", "FandolKai"),
        ("SimHei", "Noto Sans CJK SC"),
    ],
)
def test_the_shipped_fontconfig_file_maps_each_official_font(tmp_path, font, family):
    config = write_fontconfig(tmp_path, FONTS_CONF)
    env = dict(os.environ, FONTCONFIG_FILE=str(config))
    found = subprocess.run(
        ["fc-match", "-f", "%{family[0]}:%{style[0]}", font], capture_output=True, text=True, env=env, check=True
    ).stdout
    name, _, style = family.partition(":")
    assert found.split(":")[0] == name
    if style:
        assert found.split(":")[1] == style


# -- without LibreOffice, or with a stand-in ----------------------------------------------------------------

FAKE_SOFFICE = """\
#!{python}
import json, os, sys
from pathlib import Path

args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": args, "fontconfig": Path(os.environ["FONTCONFIG_FILE"]).read_text(encoding="utf-8")}}) + "\\n")
outdir = Path(args[args.index("--outdir") + 1])
for arg in args:
    if arg.endswith(".docx") and Path(arg).stem != os.environ.get("FAKE_SOFFICE_FAILS", ""):
        (outdir / (Path(arg).stem + ".pdf")).write_bytes(b"%PDF-1.4 " + Path(arg).name.encode() + b"\\n")
"""


@pytest.fixture
def fake_tools(tmp_path):
    """A PATH holding a stand-in soffice (it logs how it was run) and no pdftoppm."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    soffice.chmod(0o755)
    log = tmp_path / "soffice-log.jsonl"
    env = {"PATH": str(bin_dir), "FAKE_SOFFICE_LOG": str(log), "FONTCONFIG_FILE": None}

    def runs():
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []

    return env, runs


def test_without_libreoffice_preview_says_what_to_install_and_succeeds(project, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_preview("--pdf", "--png", env={"PATH": str(empty)})
    assert result.exit_code == 0
    assert (
        "LibreOffice is not installed: install the Debian package libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui)"
        in result.output
    )
    assert not (project / "output/preview").exists()


def test_preview_runs_soffice_headless_with_its_own_profile_and_the_font_substitutions(project, fake_tools):
    env, runs = fake_tools
    assert run_preview("--pdf", env=env).exit_code == 0
    assert run_preview("--pdf", env=env).exit_code == 0
    first, second = runs()
    for run in (first, second):
        args = run["args"]
        assert "--headless" in args and args[args.index("--convert-to") + 1].startswith("pdf")
        docx = sorted(Path(a).name for a in args if a.endswith(".docx"))
        assert docx == ["2023-01.docx", "three-front-lines.docx"]
        assert all(Path(a).is_absolute() for a in args if a.endswith(".docx"))
        # the generated fontconfig file includes the system's and ours
        assert (
            f"<include>{FONTS_CONF}</include>" in run["fontconfig"]
            or f"<include>{FONTS_CONF.resolve()}</include>" in run["fontconfig"]
        )
        system = [c for c in ("/etc/fonts/fonts.conf",) if Path(c).exists()]
        if system:
            assert f'<include ignore_missing="yes">{system[0]}</include>' in run["fontconfig"]
    profiles = [
        next(a for a in run["args"] if a.startswith("-env:UserInstallation=file://")) for run in (first, second)
    ]
    assert profiles[0] != profiles[1]  # a profile of its own for each run
    assert not Path(profiles[0].removeprefix("-env:UserInstallation=file://")).exists()  # and removed after
    assert (project / "output/preview/three-front-lines.pdf").read_bytes() == b"%PDF-1.4 three-front-lines.docx\n"


def test_without_pdftoppm_the_pdfs_are_still_written_and_the_package_named(project, fake_tools):
    env, _runs = fake_tools
    result = run_preview("--pdf", "--png", env=env)
    assert result.exit_code == 0
    assert "pdftoppm is not installed, so no PNG pages: install the Debian package poppler-utils" in result.output
    assert sorted(p.name for p in (project / "output/preview").iterdir()) == ["2023-01.pdf", "three-front-lines.pdf"]


def test_a_document_libreoffice_cannot_convert_is_named_and_the_others_previewed(project, fake_tools):
    env, _runs = fake_tools
    result = run_preview("--pdf", env={**env, "FAKE_SOFFICE_FAILS": "2023-01"})
    assert result.exit_code == 1
    assert "output/2023-01.docx: LibreOffice did not convert it to PDF" in result.output
    assert sorted(p.name for p in (project / "output/preview").iterdir()) == ["three-front-lines.pdf"]


def test_preview_selects_documents_by_name_by_entry_path_or_by_docx(project, fake_tools):
    env, runs = fake_tools
    assert run_preview("three-front-lines", "--pdf", env=env).exit_code == 0
    assert run_preview("data/briefs/2023-01.yaml", "--pdf", env=env).exit_code == 0
    assert run_preview("output/three-front-lines.docx", "--pdf", env=env).exit_code == 0
    assert run_preview("three-front-lines", "output/three-front-lines.docx", "--pdf", env=env).exit_code == 0
    converted = [sorted(Path(a).name for a in run["args"] if a.endswith(".docx")) for run in runs()]
    assert converted == [
        ["three-front-lines.docx"],
        ["2023-01.docx"],
        ["three-front-lines.docx"],
        ["three-front-lines.docx"],
    ]


def test_an_unknown_name_lists_the_documents(project, fake_tools):
    env, runs = fake_tools
    result = run_preview("three-front-line", env=env)
    assert result.exit_code == 1
    assert "no document named three-front-line (documents: 2023-01, three-front-lines)" in result.output
    assert runs() == []


def test_preview_builds_out_of_date_documents_first(project, fake_tools, run_cli):
    env, _runs = fake_tools
    assert run_cli("build", "-j", "1").exit_code == 0
    case = project / "data/cases/sinan-red-cross.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("79户", "80户"), encoding="utf-8")
    result = run_preview("three-front-lines", "--pdf", env=env)
    assert result.exit_code == 0
    assert "2 built, 0 up to date, 0 failed" in result.output
    assert run_cli("build", "--check").exit_code == 0
