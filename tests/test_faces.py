"""Previews in faces like the real fonts: 仿宋 in a FangSong face, 楷体 in a Kai face, and the preview says so."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from reportgen.cli.preview import preview
from reportgen.faces import OFFICIAL_FACES, current_stand_ins, font_dirs

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdffonts")) and not os.environ.get("CI"),
    reason="LibreOffice or poppler-utils not installed (CI installs them)",
)


def test_each_official_face_has_a_stand_in_of_its_kind():
    found = {face: shown for face, shown, installed in current_stand_ins() if not installed}
    assert set(found) == set(OFFICIAL_FACES)
    assert found["仿宋_GB2312"] == "FandolFang"
    assert found["楷体_GB2312"] == "FandolKai"
    assert found["黑体"] == "Noto Sans CJK SC"
    assert found["方正小标宋简体"] == "Noto Serif CJK SC"


def test_a_folder_the_user_names_is_searched_first(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_FONTS_DIR", str(tmp_path))
    assert font_dirs()[0] == tmp_path


@pytest.mark.libreoffice
@needs_libreoffice
def test_the_preview_shows_the_body_in_fang_song_and_the_key_phrases_in_kai(project):
    import pdfplumber

    result = CliRunner().invoke(preview, ["--pdf", "three-front-lines"])
    assert result.exit_code == 0, result.output
    assert "font 仿宋_GB2312: not installed; shown in FandolFang, a stand-in of the same kind" in result.output
    assert "font 楷体_GB2312: not installed; shown in FandolKai, a stand-in of the same kind" in result.output
    with pdfplumber.open(project / "output/preview/three-front-lines.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index("一是健全")
    key_phrase = chars[start : start + len("一是健全“作战体系”。")]
    assert all("FandolKai" in c["fontname"] for c in key_phrase if c["text"].strip()), {
        c["fontname"] for c in key_phrase
    }
    body = text.index("下发关于印发")
    assert all("FandolFang" in c["fontname"] for c in chars[body : body + 10]), {
        c["fontname"] for c in chars[body : body + 10]
    }
