"""`reportgen validate`: located errors, all of them, exit 1, no traceback."""

from pathlib import Path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_example_data_validates(project, run_cli):
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert "ok: 2 documents, 7 cases" in result.output or "ok: 1 document, 7 cases" in result.output


def test_three_mistakes_give_three_located_errors(project, run_cli):
    report = project / "data/reports/three-front-lines.yaml"
    _edit(report, "headline: “三个一线”", "headlin: “三个一线”")  # misspelt key, line 7
    _edit(
        report, "      - key_phrase: 配强“作战队伍”", "      - key_phrase: [配强, 作战队伍]"
    )  # wrong type, line 19 once date is gone
    _edit(report, "date: 2023-01-10\n", "")  # missing field
    result = run_cli("validate")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("data/")]
    assert lines == [
        "data/reports/three-front-lines.yaml:4:1: missing required key 'date' (add `date: …`)",
        "data/reports/three-front-lines.yaml:7:1: unknown key 'headlin' (did you mean 'headline'?)",
        "data/reports/three-front-lines.yaml:19:21: 'key_phrase' should be text, not a list",
    ]
    assert "3 errors found." in result.output
    assert "Traceback" not in result.output


def test_errors_in_several_files_are_reported_together(project, run_cli):
    _edit(project / "data/cases/sinan-red-cross.yaml", "unit: 思南县红十字会\n", "")
    _edit(project / "data/cases/jiangkou-youth-league.yaml", "date: 2023-01-04", "date: 2023-02-30")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "data/cases/sinan-red-cross.yaml:2:1: missing required key 'unit'" in result.output
    assert (
        "data/cases/jiangkou-youth-league.yaml:5:7: '2023-02-30' is not a valid date (day is out of range for month)"
        in result.output
    )


def test_unknown_case_id_names_the_close_one(project, run_cli):
    _edit(project / "data/reports/three-front-lines.yaml", "cases: [sinan-red-cross]", "cases: [sinan-red-crss]")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert (
        "data/reports/three-front-lines.yaml:41:17: unknown case id 'sinan-red-crss' (did you mean 'sinan-red-cross'?)"
        in result.output
    )


def test_duplicate_case_id(project, run_cli):
    text = (project / "data/cases/sinan-red-cross.yaml").read_text(encoding="utf-8")
    (project / "data/cases/sinan-copy.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    located = [line for line in result.output.splitlines() if "duplicate case id" in line]
    assert located == [
        "data/cases/sinan-red-cross.yaml:2:5: duplicate case id 'sinan-red-cross' (also used at data/cases/sinan-copy.yaml:2:5) (give each case its own id)"
    ]


def test_unused_case_is_a_warning(project, run_cli):
    _edit(project / "data/reports/three-front-lines.yaml", "        cases: [jiangkou-youth-league]\n", "")
    for brief in (project / "data/briefs").glob("*.yaml"):
        brief.unlink()
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert (
        "data/cases/jiangkou-youth-league.yaml:2:5: warning: case 'jiangkou-youth-league' is not used by any report or brief"
        in result.output
    )
