"""Issued documents: `reportgen issue`, the lock in issued/, and builds that reproduce an issued document."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reportgen.docx_text import paragraph_texts

NEW_CASE = """\
id: shiqian-women-federation
unit: 石阡县妇联
region: 石阡县
date: 2023-01-09
front_line: 凝聚资源到一线
tags: [志愿服务]
text: 组织巾帼志愿者入户宣传防疫知识
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_of(path: Path) -> str:
    return "\n".join(paragraph_texts(path.read_bytes()))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture
def issued(project, run_cli):
    """The example project with everything built and the brief 2023-01 issued."""
    assert run_cli("build", "-j", "1").exit_code == 0
    result = run_cli("issue", "2023-01")
    assert result.exit_code == 0, result.output
    return project


def test_issue_writes_a_lock_and_keeps_the_document(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = sha(project / "output/2023-01.docx")
    result = run_cli("issue", "2023-01")
    assert result.exit_code == 0, result.output
    assert "issued 2023-01: 7 cases locked in issued/2023-01.lock.yaml (commit it to git)" in result.output
    lock = (project / "issued/2023-01.lock.yaml").read_text(encoding="utf-8")
    assert lock.startswith("# 2023-01 is issued: builds reproduce it from this file")
    assert "file: data/briefs/2023-01.yaml" in lock
    assert "id: sinan-red-cross" in lock and "value: 4700" in lock
    assert sha(project / "output/2023-01.docx") == before


def test_issued_brief_is_byte_identical_after_a_matching_case_is_added_and_a_used_case_edited(issued, run_cli):
    brief, report = issued / "output/2023-01.docx", issued / "output/three-front-lines.docx"
    brief_sha, report_sha = sha(brief), sha(report)
    assert "本期收录5个单位" in text_of(brief)

    (issued / "data/cases/shiqian-women-federation.yaml").write_text(NEW_CASE, encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sha(brief) == brief_sha
    assert "石阡县妇联" not in text_of(brief)
    # the new case matches the brief's query, which no longer runs: no document uses it
    assert "data/cases/shiqian-women-federation.yaml:1:5: warning: case 'shiqian-women-federation' is not used" in (
        result.output
    )

    edit(issued / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sha(brief) == brief_sha
    assert "价值4700元的物资" in text_of(brief) and "4800元" not in text_of(brief)
    assert (
        "data/cases/sinan-red-cross.yaml:2:5: warning: case 'sinan-red-cross' changed after 2023-01 was issued; "
        "2023-01 keeps the case as issued (to put the change into 2023-01, issue it again: "
        "reportgen issue 2023-01 --again)"
    ) in result.output
    # a document that is not issued takes the edit as before
    assert sha(report) != report_sha
    assert "价值4800元的物资" in text_of(report)


def test_the_edit_warning_in_chinese(issued, run_cli):
    edit(issued / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    result = run_cli("--lang", "zh", "build", "-j", "1")
    assert result.exit_code == 0
    assert (
        "data/cases/sinan-red-cross.yaml:2:5: 警告：案例“sinan-red-cross”在 2023-01 印发后被修改；"
        "2023-01 仍按印发时的案例生成（要让改动进入 2023-01，请重新印发：reportgen issue 2023-01 --again）"
    ) in result.output


def test_an_edited_entry_or_template_of_an_issued_document_is_warned_about_and_not_used(issued, run_cli):
    brief = issued / "output/2023-01.docx"
    brief_sha = sha(brief)
    edit(issued / "data/briefs/2023-01.yaml", "copies: 50", "copies: 60")
    edit(issued / "templates/brief/document.md.j2", "共印", "印")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sha(brief) == brief_sha
    line = line_of(issued / "data/briefs/2023-01.yaml", "copies: 60")
    assert (
        f"data/briefs/2023-01.yaml:{line}:1: warning: changed after 2023-01 was issued; 2023-01 is built as issued "
        "(issued/2023-01.lock.yaml)"
    ) in result.output
    assert "templates/brief: warning: template changed after 2023-01 was issued; 2023-01 keeps the template" in (
        result.output
    )
    assert "共印50份" in text_of(brief)


def test_issuing_again_is_explicit(issued, run_cli):
    edit(issued / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    (issued / "data/cases/shiqian-women-federation.yaml").write_text(NEW_CASE, encoding="utf-8")
    result = run_cli("issue", "2023-01")
    assert result.exit_code == 1
    assert "issued/2023-01.lock.yaml: 2023-01 was issued on " in result.output
    assert (
        "its lock is kept (to issue it again with the current entry, cases and template: "
        "reportgen issue 2023-01 --again)"
    ) in result.output
    result = run_cli("issue", "2023-01", "--again")
    assert result.exit_code == 0, result.output
    assert "issued 2023-01: 8 cases locked" in result.output
    text = text_of(issued / "output/2023-01.docx")
    assert "本期收录5个单位" in text and "价值4800元的物资" in text and "石阡县妇联组织巾帼志愿者" in text


def test_an_edited_lock_is_a_located_error_and_the_document_keeps_its_output(issued, run_cli):
    brief = issued / "output/2023-01.docx"
    brief_sha = sha(brief)
    lock = issued / "issued/2023-01.lock.yaml"
    edit(lock, "value: 4700", "value: 4800")
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1
    line = line_of(lock, "- file: data/cases/sinan-red-cross.yaml")
    assert (
        f"issued/2023-01.lock.yaml:{line}:3: this part of the lock was changed after it was written "
        "(its sha256 does not match) (undo the edit (e.g. git checkout -- issued/2023-01.lock.yaml), "
        "or issue the document again: reportgen issue 2023-01 --again)"
    ) in result.output
    assert "data/briefs/2023-01.yaml:1:1: 2023-01 is issued, but its lock issued/2023-01.lock.yaml has errors" in (
        result.output
    )
    assert sha(brief) == brief_sha
    assert "three-front-lines.docx" in result.output  # the other document is still built


def test_a_changed_field_outside_the_parts_fails_the_whole_digest(issued, run_cli):
    import re

    lock = issued / "issued/2023-01.lock.yaml"
    lock.write_text(
        re.sub(r"issued_on: '[0-9-]+'", "issued_on: '2020-01-01'", lock.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1
    line = len(lock.read_text(encoding="utf-8").splitlines())  # the lock's own sha256 is its last line
    assert (
        f"issued/2023-01.lock.yaml:{line}:9: the lock was changed after it was written "
        "(its sha256 does not match its content)"
    ) in result.output


def test_a_lock_that_is_not_yaml_is_a_located_error(issued, run_cli):
    lock = issued / "issued/2023-01.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8").replace("format: 1\n", "format: [1\n", 1), encoding="utf-8")
    brief_sha = sha(issued / "output/2023-01.docx")
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1
    assert "issued/2023-01.lock.yaml:" in result.output and "YAML syntax error" in result.output
    assert "2023-01 is issued, but its lock issued/2023-01.lock.yaml has errors" in result.output
    assert sha(issued / "output/2023-01.docx") == brief_sha


def test_a_lock_with_a_wrong_shape_names_the_key(issued, run_cli):
    lock = issued / "issued/2023-01.lock.yaml"
    edit(lock, "document: 2023-01", "documnet: 2023-01")
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1
    line = line_of(lock, "documnet:")
    assert f"issued/2023-01.lock.yaml:{line}:1: unknown key 'documnet' (did you mean 'document'?)" in result.output


def test_a_lock_cannot_write_outside_its_template_folder(issued, run_cli):
    lock = issued / "issued/2023-01.lock.yaml"
    edit(lock, "    style.yaml: |", "    ../../evil.yaml: |")
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1
    assert "'../../evil.yaml' is not a file name inside a template folder" in result.output
    assert not (issued.parent / "evil.yaml").exists()


def test_issue_refuses_an_unknown_name_and_a_document_with_errors(project, run_cli):
    result = run_cli("issue", "2023-02")
    assert result.exit_code == 1
    assert "2023-02: no report or brief is named '2023-02' (documents: 2023-01, three-front-lines)" in result.output
    edit(project / "data/briefs/2023-01.yaml", "copies: 50", "copies: -5")
    result = run_cli("issue", "2023-01")
    assert result.exit_code == 1
    assert "data/briefs/2023-01.yaml:" in result.output and "copies" in result.output
    assert not (project / "issued").exists()


def test_an_issued_document_builds_on_a_fresh_clone_from_its_lock(issued, run_cli, tmp_path):
    """The lock alone makes the document: the output folder is not needed."""
    brief_sha = sha(issued / "output/2023-01.docx")
    import shutil

    shutil.rmtree(issued / "output")
    (issued / "data/cases/shiqian-women-federation.yaml").write_text(NEW_CASE, encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sha(issued / "output/2023-01.docx") == brief_sha


def test_issue_by_entry_file_and_refused_with_a_lint_error(project, run_cli):
    edit(project / "data/briefs/2023-01.yaml", "现将近期各地做法摘编如下。", "现将近期各地“做法摘编如下。")
    result = run_cli("issue", "data/briefs/2023-01.yaml")
    assert result.exit_code == 1
    assert "2023-01.docx not built: its text has 1 lint error" in result.output
    assert not (project / "issued").exists()
    edit(project / "data/briefs/2023-01.yaml", "现将近期各地“做法摘编如下。", "现将近期各地做法摘编如下。")
    result = run_cli("issue", "data/briefs/2023-01.yaml")
    assert result.exit_code == 0, result.output
    assert (project / "issued/2023-01.lock.yaml").is_file()


def test_a_lint_error_in_a_live_case_holds_back_only_the_documents_made_from_it(issued, run_cli):
    brief_sha = sha(issued / "output/2023-01.docx")
    edit(issued / "data/cases/sinan-red-cross.yaml", "开展防控政策集中宣讲", "开展“防控政策集中宣讲")
    result = run_cli("build", "-j", "1", "--strict")
    assert result.exit_code == 1
    assert "three-front-lines.docx not built: its text has 1 lint error" in result.output
    assert "2023-01.docx not built" not in result.output
    assert sha(issued / "output/2023-01.docx") == brief_sha
