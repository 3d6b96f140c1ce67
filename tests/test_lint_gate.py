"""Proofreading errors block `build` by default; the office can allow them (a flag or reportgen.yaml); warnings never block.

And a case printed twice in one document is a warning; a query with `exclude_used: true`
takes only the cases the document has not printed before.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

REPORT = "data/reports/three-front-lines.yaml"
BRIEF = "data/briefs/2023-01.yaml"


def unclose_a_quote(root: Path) -> tuple[int, int]:
    """Put an unclosed “ into the report's lead; return its line and column."""
    path = root / REPORT
    text = path.read_text(encoding="utf-8")
    assert "  连日来，" in text
    text = text.replace("  连日来，", "  “连日来，", 1)
    path.write_text(text, encoding="utf-8")
    offset = text.index("“连日来")
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def test_an_unclosed_quote_stops_build_and_writes_nothing(project, run_cli):
    line, column = unclose_a_quote(project)
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert not (project / "output/three-front-lines.docx").exists()
    assert (project / "output/2023-01.docx").exists()  # the brief does not use the report's text
    assert f"{REPORT}:{line}:{column}: error pair-unbalanced" in result.output
    assert f"{REPORT}: three-front-lines.docx not built: its text has 1 lint error (pair-unbalanced)" in result.output
    assert "failed: three-front-lines" in result.output


def test_an_unclosed_quote_leaves_the_earlier_output_byte_identical(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = (project / "output/three-front-lines.docx").read_bytes()
    unclose_a_quote(project)
    assert run_cli("build", "-j", "1").exit_code == 1
    assert (project / "output/three-front-lines.docx").read_bytes() == before
    check = run_cli("build", "--check")
    assert check.exit_code == 1


@pytest.mark.parametrize("how", ["flag", "setting"])
def test_with_the_opt_out_it_builds_and_warns(project, run_cli, how):
    line, column = unclose_a_quote(project)
    if how == "setting":
        (project / "reportgen.yaml").write_text("allow_lint_errors: true\n", encoding="utf-8")
        result = run_cli("build", "-j", "1")
    else:
        result = run_cli("build", "-j", "1", "--allow-lint-errors")
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(project / "output/three-front-lines.docx")).paragraphs]
    assert any(p.startswith("“连日来，") for p in paragraphs)
    assert f"{REPORT}:{line}:{column}: error pair-unbalanced" in result.output
    assert (
        f"{REPORT}: warning: three-front-lines.docx built although its text has 1 lint error (pair-unbalanced): "
        "lint errors are allowed" in result.output
    )


def test_strict_overrides_the_setting(project, run_cli):
    unclose_a_quote(project)
    (project / "reportgen.yaml").write_text("allow_lint_errors: true\n", encoding="utf-8")
    result = run_cli("build", "-j", "1", "--strict")
    assert result.exit_code == 1
    assert not (project / "output/three-front-lines.docx").exists()


def test_a_mistake_in_the_settings_file_is_located(project, run_cli):
    (project / "reportgen.yaml").write_text("allow_lint_error: true\n", encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert "reportgen.yaml:1:1: unknown key 'allow_lint_error' (did you mean 'allow_lint_errors'?)" in result.output
    assert not (project / "output").exists()


def test_warnings_never_block(project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0
    assert "warning consistency-front-line" in result.output  # the shipped report has one


# -- the same case twice --------------------------------------------------------------------------------

TWO_QUERIES = """\
name: 工作简报
issue: 2
compiler: "*市委宣传部"
date: 2023-01-20
articles:
  - title: 头条
    cases:
      - query:
          from: 2023-01-01
          to: 2023-01-10
  - title: 志愿服务
    cases:
      - query:
          tags: [志愿服务]
          front_line: 凝聚资源到一线{exclude}
  - title: 再说一遍
    cases: [sinan-red-cross, sinan-red-cross]
copies: 10
"""


def test_a_case_printed_twice_is_a_warning_at_the_second_place(project, run_cli):
    (project / "data/briefs/2023-02.yaml").write_text(TWO_QUERIES.format(exclude=""), encoding="utf-8")
    result = run_cli("build", "-j", "1", "data/briefs/2023-02.yaml")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "printed twice" in line]
    assert lines == [
        f"data/briefs/2023-02.yaml:13:9: warning: case '{case}' is printed twice in this document "
        "(first at data/briefs/2023-02.yaml:8:9) (add `exclude_used: true` to this query to skip the cases used before)"
        for case in ("city-youth-league-volunteers", "city-literary-federation", "yinjiang-youth-league")
    ] + [
        "data/briefs/2023-02.yaml:17:13: warning: case 'sinan-red-cross' is printed twice in this document "
        "(first at data/briefs/2023-02.yaml:8:9) (remove one of the two)",
        "data/briefs/2023-02.yaml:17:30: warning: case 'sinan-red-cross' is printed twice in this document "
        "(first at data/briefs/2023-02.yaml:8:9) (remove one of the two)",
    ]


def test_exclude_used_takes_only_cases_no_earlier_article_took(project, run_cli):
    (project / "data/briefs/2023-02.yaml").write_text(
        TWO_QUERIES.format(exclude="\n          exclude_used: true").replace(
            "from: 2023-01-01\n          to: 2023-01-10", "from: 2023-01-01\n          to: 2023-01-05"
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "-j", "1", "data/briefs/2023-02.yaml")
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if "printed twice" in line and ":13:9" in line]
    text = [p.text for p in docx.Document(str(project / "output/2023-02.docx")).paragraphs]
    second = text[text.index("志愿服务") + 1 : text.index("再说一遍")]
    # 团市委 (2023-01-03) was taken by the first article; 市文联 and 印江 were not
    assert [p[:3] for p in second] == ["市文联", "共青团"]
    assert sum("团市委" in p for p in text) == 1


def test_the_shipped_brief_prints_no_case_twice(project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0
    assert "printed twice" not in result.output
