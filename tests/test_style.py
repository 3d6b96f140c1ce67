"""Unit tests of reportgen/style.py, style_loader.py and docx_styles.py: profiles, and the Word styles made from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from docx.oxml.text.parfmt import CT_PPr

from reportgen.docx_styles import _PPR_ORDER, _RPR_ORDER, child_order, grid_letter_spacing, prepare_template
from reportgen.style import StyleProfile
from reportgen.style_loader import load_style_profile

REPO = Path(__file__).resolve().parents[1]


def test_python_docx_child_order_is_the_schema_order():
    assert _PPR_ORDER[0] == "w:pStyle" and _PPR_ORDER[-1] == "w:pPrChange"
    for earlier, later in (
        ("w:framePr", "w:pBdr"),
        ("w:pBdr", "w:spacing"),
        ("w:ind", "w:jc"),
        ("w:jc", "w:outlineLvl"),
    ):
        assert _PPR_ORDER.index(earlier) < _PPR_ORDER.index(later)
    assert _RPR_ORDER.index("w:spacing") < _RPR_ORDER.index("w:sz") < _RPR_ORDER.index("w:szCs")
    assert child_order(CT_PPr, "w:pStyle") == _PPR_ORDER


def test_docx_styles_needs_neither_yaml_nor_the_entry_model():
    code = "import sys, reportgen.docx_styles; print(sorted(m for m in ('yaml', 'reportgen.model', 'reportgen.source') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert shown.strip() == "[]"


def test_the_exchange_profile_loads_and_fits_28_characters_a_line():
    profile, problems = load_style_profile(REPO / "templates" / "exchange")
    assert problems == [] and isinstance(profile, StyleProfile)
    # 156 mm of text width over 28 characters of 16 pt: a little under 16 pt each
    assert -0.5 < grid_letter_spacing(profile) < 0
    prepared = prepare_template(profile)
    styles = dict(prepared.parts)["word/styles.xml"].decode("utf-8")
    assert 'w:firstLineChars="200"' in styles and 'w:firstLine="640"' in styles
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in prepared.document_tail


def test_a_profile_naming_an_unknown_style_is_located(tmp_path):
    folder = tmp_path / "kind"
    folder.mkdir()
    text = (REPO / "templates" / "exchange" / "style.yaml").read_text(encoding="utf-8")
    (folder / "style.yaml").write_text(
        text.replace("roles:\n", "roles:\n  nowhere: no_such_style\n", 1), encoding="utf-8"
    )
    profile, problems = load_style_profile(folder)
    assert profile is None
    assert problems[0].message == "role 'nowhere' names style 'no_such_style', which the profile does not define"
