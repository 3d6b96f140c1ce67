"""Tests for `reportgen lint` (run through click's runner), --fix and the build's proofreading gate."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.cli.lint import lint
from reportgen.errors import Location
from reportgen.lint.findings import Edit, Finding
from reportgen.lint.fix import apply_fixes
from reportgen.lint.gate import build_lint_hook
from reportgen.project import Project
from reportgen.source import load_yaml_file

REPORT = "data/reports/three-front-lines.yaml"
SINAN = "data/cases/sinan-red-cross.yaml"


def run_lint(*args: str):
    return CliRunner().invoke(lint, list(args), catch_exceptions=False)


def position(text: str, needle: str) -> tuple[int, int]:
    """Return the 1-based line and column of the first `needle` in `text`."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def front_line_warning() -> str:
    text = Path(REPORT).read_text(encoding="utf-8")
    line, column = position(text, "汇聚资源到一线")
    heading, _ = position(text, "front_line: 凝聚资源到一线")
    return (
        f"{REPORT}:{line}:{column}: warning consistency-front-line the lead lists '汇聚资源到一线' "
        f"but the heading of section 3 (line {heading}) says '凝聚资源到一线' (use the same words in both places)"
    )


def plant_errors() -> str:
    """Put a half-width comma and an unpaired “ into the Sinan case; return the file's new text."""
    path = Path(SINAN)
    text = path.read_text(encoding="utf-8")
    assert "集中宣讲暨" in text and "为{households}" in text
    text = text.replace("集中宣讲暨", "集中宣讲,暨").replace("为{households}", "为“{households}")
    path.write_text(text, encoding="utf-8")
    return text


# -- the example data ------------------------------------------------------------------------------


def test_example_data_has_only_the_front_line_warning(project):
    result = run_lint()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [front_line_warning()]
    assert result.stderr.strip().startswith("0 errors, 1 warning in ")


def test_strict_turns_the_warning_into_an_error(project):
    result = run_lint("--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        front_line_warning().replace(": warning consistency-front-line", ": error consistency-front-line")
    ]


def test_json_output(project):
    result = run_lint("--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    (finding,) = data["findings"]
    line, column = position(Path(REPORT).read_text(encoding="utf-8"), "汇聚资源到一线")
    assert finding == {
        "path": REPORT,
        "line": line,
        "column": column,
        "severity": "warning",
        "rule": "consistency-front-line",
        "message": finding["message"],
        "suggestion": "use the same words in both places",
        "fixable": False,
    }
    assert "'汇聚资源到一线'" in finding["message"]
    assert data["summary"]["errors"] == 0 and data["summary"]["warnings"] == 1


def test_paths_limit_the_files_checked(project):
    result = run_lint("data/cases")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "no findings in 7 files"


# -- planted errors and --fix ----------------------------------------------------------------------


def test_planted_comma_and_quote_are_reported_at_their_characters(project):
    text = plant_errors()
    comma = position(text, ",暨")
    quote = position(text, "“{households}")
    result = run_lint(SINAN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{SINAN}:{comma[0]}:{comma[1]}: error punct-halfwidth half-width ',' in Chinese text (write '，')",
        f"{SINAN}:{quote[0]}:{quote[1]}: error pair-unbalanced '“' is not closed (add the closing '”' where the quoted or bracketed part ends)",
    ]
    assert "1 can be fixed with --fix" in result.stderr


def test_fix_repairs_the_comma_and_keeps_the_file_as_it_was(project):
    text = plant_errors()
    comma = position(text, ",暨")
    result = run_lint("--fix", SINAN)
    assert f"{SINAN}:{comma[0]}:{comma[1]}: fixed punct-halfwidth ',' → '，'" in result.stdout.splitlines()
    fixed = Path(SINAN).read_text(encoding="utf-8")
    assert fixed == text.replace(",暨", "，暨")  # comments, order, quoting and layout untouched
    assert fixed.count("#") == text.count("#") and "# yaml-language-server" in fixed
    assert result.exit_code == 1  # the unpaired quote is still there, and is not fixed
    again = run_lint(SINAN)
    assert "punct-halfwidth" not in again.stdout
    assert "pair-unbalanced" in again.stdout


def test_fix_keeps_double_quoted_escapes(project, tmp_path):
    path = Path("data/cases/escaped.yaml")
    path.write_text(
        'id: escaped\nunit: 测试单位\ndate: 2023-01-05\n# 注释\ntext: "\\u4e00二,三，以\\"党建\\"为主题"\n',
        encoding="utf-8",
    )
    result = run_lint("--fix", str(path))
    assert result.exit_code == 0, result.output
    assert (
        path.read_text(encoding="utf-8")
        == 'id: escaped\nunit: 测试单位\ndate: 2023-01-05\n# 注释\ntext: "\\u4e00二，三，以“党建”为主题"\n'
    )
    source, _ = load_yaml_file(path)
    assert source.data["text"] == "一二，三，以“党建”为主题"


def test_fix_keeps_a_byte_order_mark_and_windows_line_ends(project):
    path = Path("data/cases/windows.yaml")
    original = "\ufeffid: windows\r\nunit: 测试单位\r\n# 注释\r\ndate: 2023-01-05\r\ntext: 于2023年01月10日开展 活动,组织志愿者\r\n"
    path.write_bytes(original.encode("utf-8"))
    result = run_lint("--fix", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes().decode("utf-8") == original.replace("01月", "1月").replace(" 活动,", "活动，")
    assert result.stdout.splitlines() == [
        "data/cases/windows.yaml:5:13: fixed date-format deleted '0'",
        "data/cases/windows.yaml:5:21: fixed punct-space deleted ' '",
        "data/cases/windows.yaml:5:24: fixed punct-halfwidth ',' → '，'",
    ]


def test_fix_leaves_a_folded_line_break_for_the_writer(project):
    path = Path("data/cases/folded.yaml")
    original = "id: folded\nunit: 测试单位\ndate: 2023-01-05\ntext: >-\n  积极组织 志愿者\n  到村开展服务\n"
    path.write_text(original, encoding="utf-8")
    result = run_lint("--fix", str(path))
    assert path.read_text(encoding="utf-8") == original.replace("积极组织 志愿者", "积极组织志愿者")
    assert result.stdout.splitlines()[-1] == (
        "data/cases/folded.yaml:5:10: error punct-space a line break between '者' and '到' is read as a space "
        "(YAML folds a line break into a space: keep the text on one line, or use a literal block (|))"
    )


def test_a_fix_that_would_change_more_than_intended_is_refused(project):
    path = Path("data/cases/plain.yaml")
    original = "id: plain\nunit: 测试单位\ndate: 2023-01-05\ntext: 甲乙丙\n"
    path.write_text(original, encoding="utf-8")
    source, _ = load_yaml_file(path)
    start = original.index("甲")
    # a deliberately wrong edit: it claims to change 甲 but makes the value a quoted string
    bad = Edit(source.path, start, start + 1, "甲", '"甲', ("text",), 0, 1, "甲", "丁")
    finding = Finding(Location(source.display, 4, 7), "error", "punct-halfwidth", "test", edit=bad)
    applied, problems = apply_fixes([finding], {path.resolve(): source})
    assert applied == []
    assert [p.format() for p in problems] == [
        'data/cases/plain.yaml: error fix the fixed file would not read as YAML; not fixed (YAML syntax error: the quote " opened here is never closed)'
    ]
    assert path.read_text(encoding="utf-8") == original


def test_a_file_that_is_not_yaml_is_an_error(project):
    Path("data/cases/broken.yaml").write_text("id: broken\ntext: [甲\n", encoding="utf-8")
    result = run_lint("data/cases/broken.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("data/cases/broken.yaml:3:1: error yaml YAML syntax error")


def test_no_project_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(lint, [])
    assert result.exit_code == 1
    assert "no data/ folder here" in result.output


# -- reportgen build's gate --------------------------------------------------------------------------


def test_build_prints_the_findings_and_still_builds(project, tmp_path):
    from reportgen.build import run_build

    printed: list[str] = []
    hook = build_lint_hook(Project(Path(".")), echo=printed.append)
    outcome = run_build(Project(Path(".")), [Path(REPORT)], tmp_path / "out", lint_hook=hook)
    assert printed == [front_line_warning()]
    assert outcome.built == ["three-front-lines.docx"]
    assert outcome.errors == []


def test_strict_build_refuses_a_document_with_a_lint_error_and_says_which(project, tmp_path):
    from reportgen.build import run_build

    plant_errors()
    Path(SINAN).write_text(
        Path(SINAN).read_text(encoding="utf-8").replace("为“{households}", "为{households}"), encoding="utf-8"
    )
    printed: list[str] = []
    hook = build_lint_hook(Project(Path(".")), strict=True, echo=printed.append)
    outcome = run_build(Project(Path(".")), [Path(REPORT)], tmp_path / "out", lint_hook=hook)
    assert outcome.built == []
    assert "three-front-lines" in outcome.failed
    assert [p.format() for p in outcome.errors] == [
        f"{REPORT}: three-front-lines.docx not built: its text has 1 lint error (punct-halfwidth) "
        "(see the findings above; `reportgen lint --fix` repairs the safe ones; `build --allow-lint-errors` (or `allow_lint_errors: true` in reportgen.yaml) builds it anyway)"
    ]
    assert any(line.startswith(f"{SINAN}:") and "error punct-halfwidth" in line for line in printed)


# -- a fixture project with a planted error in every style of YAML string ---------------------------

PLANTED = Path(__file__).resolve().parent / "fixtures" / "lint" / "planted"
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"


def test_planted_project_lint_fix_and_lint_again(tmp_path, monkeypatch):
    """Compare with tests/fixtures/lint/planted/expected/ (REPORTGEN_UPDATE_GOLDEN=1 rewrites it)."""
    root = tmp_path / "project"
    shutil.copytree(PLANTED / "project", root)
    monkeypatch.chdir(root)
    first = run_lint()
    fixed = run_lint("--fix")
    again = run_lint()
    assert (first.exit_code, fixed.exit_code, again.exit_code) == (1, 1, 1)
    produced = {
        "lint.txt": first.stdout,
        "fix.txt": fixed.stdout,
        "lint-after-fix.txt": again.stdout,
        "planted-case.yaml": (root / "data/cases/planted.yaml").read_text(encoding="utf-8"),
        "planted-report.yaml": (root / "data/reports/planted.yaml").read_text(encoding="utf-8"),
    }
    expected_dir = PLANTED / "expected"
    if UPDATE:
        expected_dir.mkdir(exist_ok=True)
        for name, text in produced.items():
            (expected_dir / name).write_text(text, encoding="utf-8")
    for name, text in produced.items():
        assert text == (expected_dir / name).read_text(encoding="utf-8"), name
    # a second --fix finds nothing more to fix
    assert "fixed" not in run_lint("--fix").stdout


# -- fixes on random text in every YAML style ---------------------------------------------------------

_FUZZ_ALPHABET = st.sampled_from(
    list("甲乙丙丁，。“”（）《》、 ,.;:?!()\"'0123456789年月日-\\#\n")
    + ["\u3000", "...", "2023-01-10", "2023年01月05日", "{x}"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(_FUZZ_ALPHABET, min_size=1, max_size=30),
    style=st.sampled_from([None, '"', "'", "|", ">"]),
    width=st.integers(10, 60),
)
def test_fixes_never_break_a_file_and_settle(parts, style, width):
    import tempfile

    import yaml

    value = "甲" + "".join(parts)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "data" / "cases" / "fuzz.yaml"
        path.parent.mkdir(parents=True)
        body = yaml.safe_dump({"text": value}, default_style=style, allow_unicode=True, width=width)
        path.write_text("# 注释\nid: fuzz\n" + body + "# 结尾注释\n", encoding="utf-8")
        project = Project(root)
        for _ in range(4):
            from reportgen.lint import lint_run

            run = lint_run([path], project)
            if not any(f.fixable for f in run.findings):
                break
            applied, problems = apply_fixes(run.findings, run.sources)
            assert problems == [], [p.format() for p in problems]
            assert applied
            source, load_problems = load_yaml_file(path)
            assert load_problems == [] and source.data["id"] == "fuzz"
            text = path.read_text(encoding="utf-8")
            assert text.startswith("# 注释\nid: fuzz\n") and text.endswith("# 结尾注释\n")
        else:
            raise AssertionError("fixes did not settle")
