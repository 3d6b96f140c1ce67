"""`reportgen diff`: what changed in each document's text, against the last build or a git revision."""

from __future__ import annotations

import io
import subprocess

import pytest

from reportgen.docx_text import paragraph_texts
from reportgen.textdiff import DELETE, EQUAL, INSERT, REPLACE, diff_paragraphs, tokens, word_pieces

OTHER_REPORT = """\
headline: 市文联文艺志愿服务情况
date: 2023-01-15
lead: 现将市文联开展文艺志愿服务的情况报告如下。
sections:
  - theme: 凝聚文艺力量
    front_line: 凝聚资源到一线
    points:
      - key_phrase: 送文艺到村
        cases: [city-literary-federation]
"""

OLD = "思南县红十字会联合思南农商行在凉水井镇水晶村开展防控政策集中宣讲暨“博爱送万家”活动，为79户群众送去口罩、大米、食用油、春联等价值4700元的物资。"
NEW = OLD.replace("4700元", "4800元")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def three_documents(project, run_cli):
    """The example project with a third report that does not use sinan-red-cross, all built."""
    (project / "data/reports/literary.yaml").write_text(OTHER_REPORT, encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    return project


def test_one_changed_figure_names_exactly_the_documents_using_it(three_documents, run_cli):
    edit(three_documents / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    result = run_cli("diff", "--color", "never")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "output/2023-01.docx (data/briefs/2023-01.yaml): 1 paragraph changed" in lines
    assert "output/three-front-lines.docx (data/reports/three-front-lines.yaml): 1 paragraph changed" in lines
    assert "literary" not in result.output
    assert "  paragraph 10:" in lines
    assert f"  - {OLD.replace('4700', '[-4700-]')}" in lines
    assert f"  + {NEW.replace('4800', '{+4800+}')}" in lines
    assert "2 of 3 documents differ from the last build in output" in lines
    assert "wrote output/diff.html" in lines
    page = (three_documents / "output/diff.html").read_text(encoding="utf-8")
    assert "<del>4700</del>" in page and "<ins>4800</ins>" in page
    assert "literary.docx" not in page
    # the diff writes no document
    assert "4700元" in "".join(paragraph_texts((three_documents / "output/2023-01.docx").read_bytes()))


def test_diff_in_chinese(three_documents, run_cli):
    edit(three_documents / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    result = run_cli("--lang", "zh", "diff", "--color", "never")
    lines = result.output.splitlines()
    assert "output/2023-01.docx（data/briefs/2023-01.yaml）：1 段有改动" in lines
    assert "  第10段：" in lines
    assert "3 份文件中有 2 份与output 中上次生成的文件不同" in lines
    page = (three_documents / "output/diff.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<title>文件改动对照</title>" in page


def test_no_change_and_the_exit_code_option(three_documents, run_cli):
    result = run_cli("diff", "--exit-code")
    assert result.exit_code == 0
    assert "no change: all 3 documents read as in the last build in output" in result.output
    edit(three_documents / "data/cases/city-literary-federation.yaml", "volunteers: 167名", "volunteers: 170名")
    assert run_cli("diff").exit_code == 0
    result = run_cli("diff", "--exit-code", "--color", "never")
    assert result.exit_code == 1
    assert "output/literary.docx (data/reports/literary.yaml): 1 paragraph changed" in result.output


def test_colours_only_when_asked_or_on_a_terminal(three_documents, run_cli):
    edit(three_documents / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    plain = run_cli("diff").output  # the test runner is not a terminal
    assert "\x1b[" not in plain and "[-4700-]" in plain
    coloured = run_cli("diff", "--color", "always").output
    assert "\x1b[" in coloured and "[-4700-]" not in coloured and "4700" in coloured


def test_a_document_not_built_yet_is_new_and_errors_fail_the_diff(three_documents, run_cli):
    (three_documents / "output/literary.docx").unlink()
    result = run_cli("diff", "--color", "never")
    assert "output/literary.docx (data/reports/literary.yaml): new, 5 paragraphs (no earlier version)" in (
        result.output
    )
    edit(three_documents / "data/reports/literary.yaml", "date: 2023-01-15", "date: 2023-02-30")
    result = run_cli("diff")
    assert result.exit_code == 1
    assert "data/reports/literary.yaml:2:7: '2023-02-30' is not a valid date" in result.output


def git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True
    )


@pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="needs git")
def test_diff_against_a_git_revision(project, run_cli):
    (project / "data/reports/literary.yaml").write_text(OTHER_REPORT, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first")
    edit(project / "data/cases/sinan-red-cross.yaml", "goods: 4700元", "goods: 4800元")
    git(project, "commit", "-qam", "a figure")
    result = run_cli("diff", "HEAD~1", "--color", "never")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "output/2023-01.docx (data/briefs/2023-01.yaml): 1 paragraph changed" in lines
    assert "output/three-front-lines.docx (data/reports/three-front-lines.yaml): 1 paragraph changed" in lines
    assert f"  - {OLD.replace('4700', '[-4700-]')}" in lines
    assert f"  + {NEW.replace('4800', '{+4800+}')}" in lines
    assert "2 of 3 documents differ from HEAD~1" in lines
    assert not (project / "output/2023-01.docx").exists()  # nothing built
    assert "no change" in run_cli("diff", "HEAD").output
    result = run_cli("diff", "no-such-branch")
    assert result.exit_code == 1
    assert "no-such-branch: unknown revision 'no-such-branch'" in result.output


def test_diff_outside_git_says_so(project, run_cli, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    result = run_cli("diff", "HEAD~1")
    assert result.exit_code == 1
    assert "is not in a git repository; compare with the last build instead (reportgen diff)" in result.output


# -- the comparison itself -------------------------------------------------------------------


def test_numbers_and_latin_words_are_one_piece_other_characters_one_each():
    assert tokens("价值4700元，共1.5万") == ["价", "值", "4700", "元", "，", "共", "1.5", "万"]
    assert tokens("COVID-19防控") == ["COVID", "-", "19", "防", "控"]


def test_changed_words_are_marked_whole():
    pieces = word_pieces("送去口罩、大米等物资", "送去药品、面粉等物资")
    assert [(p.tag, p.old, p.new) for p in pieces] == [
        (EQUAL, "送去", "送去"),
        (REPLACE, "口罩、大米", "药品、面粉"),
        (EQUAL, "等物资", "等物资"),
    ]
    pieces = word_pieces("为79户群众", "为80户群众")
    assert [(p.tag, p.old, p.new) for p in pieces] == [
        (EQUAL, "为", "为"),
        (REPLACE, "79", "80"),
        (EQUAL, "户群众", "户群众"),
    ]
    assert [p.tag for p in word_pieces("开展活动", "开展志愿活动")] == [EQUAL, INSERT, EQUAL]
    assert [p.tag for p in word_pieces("开展志愿活动", "开展活动")] == [EQUAL, DELETE, EQUAL]


def test_paragraphs_are_paired_added_and_removed():
    old = ["标题", "第一段不变。", "第二段写的是4700元。", "将被删去的一段话。"]
    new = ["标题", "新加的一段，与别的都不像。", "第一段不变。", "第二段写的是4800元。"]
    changes = diff_paragraphs(old, new).changes
    assert [(c.kind, c.old_number, c.new_number) for c in changes] == [
        ("added", None, 2),
        ("changed", 3, 4),
        ("removed", 4, None),
    ]
    assert not diff_paragraphs(old, list(old))


def test_table_text_is_read_once_per_cell():
    import docx

    document = docx.Document()
    document.add_paragraph("表前的段落")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并的单元格"
    table.cell(1, 0).text = "左下"
    table.cell(1, 1).text = "右下"
    document.add_paragraph("表后的段落")
    buffer = io.BytesIO()
    document.save(buffer)
    assert paragraph_texts(buffer.getvalue()) == ["表前的段落", "合并的单元格", "左下", "右下", "表后的段落"]
