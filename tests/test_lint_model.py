"""Lint on the validated model: prose marked once, one declared-total check, invisible characters, safe fixes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from reportgen.cli.lint import lint
from reportgen.errors import Location
from reportgen.lint.findings import Edit, Finding
from reportgen.lint.fix import _without_overlaps
from reportgen.model import Brief, CaseFile, LibraryCase, Report
from reportgen.prose import CLAUSE, FIGURE, HEADING, PARAGRAPH, PHRASE, prose_field_names, prose_role

SINAN = "data/cases/sinan-red-cross.yaml"
BRIEF = "data/briefs/2023-01.yaml"


def run_lint(*args: str):
    return CliRunner().invoke(lint, list(args), catch_exceptions=False)


# -- prose marked in the model ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, path, role",
    [
        (Report, ("lead",), PARAGRAPH),
        (Report, ("headline",), HEADING),
        (Report, ("sections", 2, "theme"), CLAUSE),
        (Report, ("sections", 0, "front_line"), CLAUSE),
        (Report, ("sections", 0, "points", 3, "text"), PARAGRAPH),
        (Report, ("sections", 0, "subsections", 1, "points", 0, "key_phrase"), CLAUSE),
        (Report, ("sections", 0, "points", 0, "cases", 1, "text"), CLAUSE),  # an inline case
        (Report, ("sections", 0, "points", 0, "cases", 1, "front_line"), PHRASE),
        (Report, ("figures", "total"), FIGURE),
        (Report, ("figures", "total", "unit"), FIGURE),
        (Brief, ("recipients", "bao", 0), PHRASE),
        (Brief, ("articles", 0, "title"), HEADING),
        (LibraryCase, ("tags", 1), PHRASE),
        (CaseFile, ("cases", 0, "text"), CLAUSE),
    ],
)
def test_prose_roles_come_from_the_model(model, path, role):
    assert prose_role(model, path) == role


@pytest.mark.parametrize(
    "model, path",
    [
        (Report, ("id",)),
        (Report, ("date",)),
        (Report, ("template",)),
        (Report, ("sections", 0, "points", 0, "cases", 0)),  # a case id
        (Report, ("sections", 0, "points", 0, "cases", 0, "query", "front_line")),  # what selects, not text
        (Report, ("figures", "total", "sum_of", "cases", 0)),
        (Brief, ("issue",)),
        (Report, ("no_such_key",)),
    ],
)
def test_values_that_are_not_prose(model, path):
    assert prose_role(model, path) is None


def test_the_fields_that_take_figure_placeholders_are_the_paragraphs_the_model_marks():
    from reportgen.figures import placeholder_fields

    assert (
        placeholder_fields() == prose_field_names([Report, Brief], (PARAGRAPH,)) == {"lead", "intro", "text", "closing"}
    )


# -- one declared-total check -----------------------------------------------------------------------


def test_a_wrong_declared_total_is_reported_once_in_the_same_words_at_the_same_place(project, run_cli):
    brief = Path(BRIEF)
    brief.write_text(brief.read_text(encoding="utf-8").replace("value: 79700", "value: 80000"), encoding="utf-8")
    message = (
        "'goods_total' is 80000元, but the 'goods' figures of its 2 cases add up to 4700 + 75000 = 79700元 "
        "(write 79700, or check the cases listed in sum_of)"
    )
    built = run_cli("build", "-j", "1")
    assert built.exit_code == 0, built.output
    build_lines = [line for line in built.output.splitlines() if "goods_total" in line]
    assert build_lines == [f"{BRIEF}:35:12: warning: {message}"]
    linted = run_lint(BRIEF)
    lint_lines = [line for line in linted.output.splitlines() if "goods_total" in line]
    assert lint_lines == [f"{BRIEF}:35:12: warning consistency-total {message}"]


def test_lint_reports_why_an_entry_is_not_valid(project):
    brief = Path(BRIEF)
    brief.write_text(brief.read_text(encoding="utf-8").replace("copies: 50", "copies: many"), encoding="utf-8")
    result = run_lint(BRIEF)
    assert result.exit_code == 1
    assert any(
        line.startswith(f"{BRIEF}:") and " error schema 'copies' should be a whole number" in line
        for line in result.output.splitlines()
    ), result.output


# -- invisible characters ---------------------------------------------------------------------------


def test_fix_removes_zero_width_characters_but_not_direction_controls(project):
    path = Path(SINAN)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("水晶村开展", "水晶\u200b村\ufeff开展").replace("农商行在", "农商行\u202e在"), "utf-8")
    result = run_lint("--fix", SINAN)
    fixed = path.read_text(encoding="utf-8")
    assert "\u200b" not in fixed and "\ufeff" not in fixed
    assert "\u202e" in fixed  # what it should have said is for the writer to decide
    assert result.exit_code == 1
    assert "error char-bidi direction control U+202E RIGHT-TO-LEFT OVERRIDE" in result.output
    assert "fixed char-invisible deleted '\u200b'" in result.output


def test_a_joiner_inside_an_emoji_is_reported_but_left_alone():
    from reportgen.lint.rules.base import LintContext
    from reportgen.lint.rules.characters import InvisibleCharacter

    class Text:
        value = "家庭\U0001f468\u200d\U0001f469\u200d\U0001f467"

        def finding(self, rule, start, message, suggestion="", *, end=None, replacement=None, after=False):
            return (start, end, replacement)

    found = list(InvisibleCharacter().check(Text(), LintContext()))  # type: ignore[arg-type]
    assert found == [(3, None, None), (5, None, None)]


def test_the_document_writer_refuses_a_direction_control(project):
    from reportgen.build import render_report
    from reportgen.errors import ReportgenError
    from reportgen.project import Project

    path = Path(SINAN)
    path.write_text(path.read_text(encoding="utf-8").replace("农商行在", "农商行\u202e在"), "utf-8")
    with pytest.raises(ReportgenError) as raised:
        render_report(Path("data/reports/three-front-lines.yaml"), Project(Path(".")))
    assert "holds the direction control U+202E" in str(raised.value)
    assert "联合思南农商行在凉水井镇" in str(raised.value)  # the text around it, without the control


# -- --fix: linear, symlinks, killed runs -----------------------------------------------------------


def _edit_finding(start: int, end: int) -> Finding:
    edit = Edit(Path("x.yaml"), start, end, "", "", ("text",), start, end, "", "")
    return Finding(Location("x.yaml", 1, start + 1), "error", "punct-halfwidth", "m", edit=edit)


def test_overlapping_edits_wait_for_the_next_run():
    findings = [
        _edit_finding(a, b) for a, b in [(10, 12), (0, 5), (3, 6), (5, 5), (5, 7), (12, 12), (11, 13), (20, 21)]
    ]
    chosen = [(f.edit.start, f.edit.end) for f in _without_overlaps(findings)]
    assert chosen == [(0, 5), (5, 5), (5, 7), (10, 12), (12, 12), (20, 21)]


def test_fix_through_a_symbolic_link_fixes_the_file_it_points_to(project):
    real = Path("elsewhere") / "sinan-red-cross.yaml"
    real.parent.mkdir()
    link = Path(SINAN)
    real.write_text(link.read_text(encoding="utf-8").replace("集中宣讲暨", "集中宣讲,暨"), encoding="utf-8")
    link.unlink()
    link.symlink_to(Path("../../elsewhere/sinan-red-cross.yaml"))
    result = run_lint("--fix", SINAN)
    assert "fixed punct-halfwidth ',' → '，'" in result.output
    assert link.is_symlink()
    assert "集中宣讲，暨" in real.read_text(encoding="utf-8")
    assert not list(real.parent.glob(".*reportgen-tmp"))


def test_a_temporary_file_left_by_a_killed_fix_is_removed_by_the_next_run(project):
    path = Path(SINAN)
    original = path.read_text(encoding="utf-8").replace("集中宣讲暨", "集中宣讲,暨")
    path.write_text(original, encoding="utf-8")
    # a fixer that stops for good just before it moves its temporary file into place
    hang = (
        "import os, sys, time\n"
        "os.replace = lambda *args: (print('writing', flush=True), time.sleep(600))\n"
        "from reportgen.cli import main\n"
        "sys.argv = ['reportgen', 'lint', '--fix']\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    fixer = subprocess.Popen([sys.executable, "-c", hang], stdout=subprocess.PIPE, env=env)
    try:
        assert fixer.stdout is not None
        deadline = time.monotonic() + 60
        while "writing" not in fixer.stdout.readline().decode() and time.monotonic() < deadline:
            pass
        fixer.send_signal(signal.SIGKILL)
        fixer.wait(30)
    finally:
        if fixer.poll() is None:
            fixer.kill()
    strays = list(Path("data/cases").glob(".*.reportgen-tmp"))
    assert len(strays) == 1
    assert path.read_text(encoding="utf-8") == original  # nothing half-written
    result = run_lint("--fix")
    assert not list(Path("data").rglob("*.reportgen-tmp"))
    assert "集中宣讲，暨" in path.read_text(encoding="utf-8")
    assert result.exit_code == 0, result.output
