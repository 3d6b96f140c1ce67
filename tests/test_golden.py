"""Golden files: the rendered text and styles of every example document.

Regenerate them after an intended change with:

    REPORTGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

import os
from pathlib import Path

import pytest
from docxinspect import golden_lines

GOLDEN = Path(__file__).parent / "golden"
DOCUMENTS = ["three-front-lines", "2023-01"]


@pytest.fixture(scope="module")
def built_outputs(tmp_path_factory):
    from click.testing import CliRunner
    from conftest import copy_example_project

    from reportgen.cli import cli

    root = copy_example_project(tmp_path_factory.mktemp("golden") / "project")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", "-j", "1"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return root / "output"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_matches_golden(built_outputs, name):
    output = built_outputs / f"{name}.docx"
    if not output.exists():
        pytest.fail(f"{name}.docx was not built")
    actual = "\n".join(golden_lines(output)) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with REPORTGEN_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")
