"""The comment-keeping YAML writer: edits change only the lines they concern."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest

from reportgen import yamledit
from reportgen.model import Brief, LibraryCase, validate_entry
from reportgen.source import load_yaml_file

REPO = Path(__file__).resolve().parents[1]
CASE = "data/cases/bijiang-federation-of-trade-unions.yaml"
BRIEF = "data/briefs/2023-01.yaml"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the lines removed from `before` and added in `after`."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.fixture
def case_file(project) -> Path:
    return project / CASE


def every_yaml_file() -> list[Path]:
    return sorted(p for folder in ("data", "tests/fixtures") for p in (REPO / folder).rglob("*.yaml"))


@pytest.mark.parametrize("path", every_yaml_file(), ids=lambda p: str(p.relative_to(REPO)))
def test_unedited_files_come_back_byte_for_byte(path):
    try:
        editable = yamledit.load(path)
    except Exception:
        pytest.skip("not YAML that loads (a bad-input fixture)")
    assert editable.to_bytes() == path.read_bytes()


def test_setting_one_value_changes_only_its_line(case_file):
    before = case_file.read_text(encoding="utf-8")
    editable = yamledit.load(case_file)
    editable.set(("place",), "坝黄镇泥哨村卫生院")
    editable.save()
    after = case_file.read_text(encoding="utf-8")
    assert changed_lines(before, after) == (["place: 坝黄镇泥哨村\n"], ["place: 坝黄镇泥哨村卫生院\n"])
    assert "# 事迹接在单位名称之后；{medicine} 处写入下面的数字。\n" in after
    assert after.startswith("# yaml-language-server: $schema=../../schemas/case.schema.json\n")


def test_text_keeps_its_folded_block_and_the_comment_above_it(case_file):
    before = case_file.read_text(encoding="utf-8")
    editable = yamledit.load(case_file)
    editable.set(("text",), "为村卫生院送去价值{medicine}的药品和口罩")
    editable.save()
    after = case_file.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert added == ["  为村卫生院送去价值{medicine}的药品和口罩\n"]
    assert len(removed) == 1 and removed[0].startswith("  积极主动")
    assert "# 事迹接在单位名称之后；{medicine} 处写入下面的数字。\ntext: >-\n  为村" in after


def test_a_flow_list_stays_a_flow_list(case_file):
    editable = yamledit.load(case_file)
    editable.set(("tags",), ["送医送药", "总工会", "春节"])
    editable.save()
    assert "tags: [送医送药, 总工会, 春节]\n" in case_file.read_text(encoding="utf-8")


def test_a_new_key_goes_last_and_a_long_text_is_folded(case_file):
    before = case_file.read_text(encoding="utf-8")
    editable = yamledit.load(case_file)
    editable.set(
        ("source",), "碧江区总工会报送的信息稿，二〇二三年一月五日，关于春节前为泥哨村卫生院送医送药的情况说明"
    )
    editable.save()
    after = case_file.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert (
        after[len(before) :]
        == "source: >-\n  碧江区总工会报送的信息稿，二〇二三年一月五日，关于春节前为泥哨村卫生院送医送药的情况说明\n"
    )


def test_removing_a_key_keeps_the_comment_above_it(case_file):
    editable = yamledit.load(case_file)
    editable.remove(("tags",))
    editable.save()
    after = case_file.read_text(encoding="utf-8")
    assert "tags:" not in after
    assert "front_line: 干部下沉到一线\n# 事迹接在单位名称之后；{medicine} 处写入下面的数字。\ntext: >-\n" in after
    assert editable.remove(("tags",)) is False


def test_nested_values_and_dates(case_file):
    editable = yamledit.load(case_file)
    editable.set(("figures", "medicine"), "2万余元")
    editable.set(("figures", "people"), "12人")
    editable.set(("date",), dt.date(2023, 1, 6))
    editable.save()
    after = case_file.read_text(encoding="utf-8")
    assert "date: 2023-01-06\n" in after
    assert after.endswith("figures:\n  medicine: 2万余元\n  people: 12人\n")
    source, problems = load_yaml_file(case_file)
    assert problems == []
    case, problems = validate_entry(LibraryCase, source)
    assert problems == [] and case.figures["people"].value == 12


def test_an_unchanged_value_is_not_rewritten(project):
    path = project / "data/briefs/2023-01.yaml"
    before = path.read_bytes()
    editable = yamledit.load(path)
    editable.set(("articles",), [dict(a) for a in editable.get(("articles",))])
    editable.set(("copies",), editable.get(("copies",)))
    assert editable.to_bytes() == before


def test_a_brief_article_lead_is_edited_in_place(project):
    path = project / BRIEF
    before = path.read_text(encoding="utf-8")
    editable = yamledit.load(path)
    old = editable.get(("articles", 0, "lead"))
    editable.set(("articles", 0, "lead"), "新的导语。")
    editable.save()
    after = path.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert [line.strip() for line in added] == ["新的导语。"]
    assert [line.strip() for line in removed] == [str(old)]
    brief, problems = validate_entry(Brief, load_yaml_file(path)[0])
    assert problems == [] and brief.articles[0].lead == "新的导语。"


def test_end_of_line_comments_on_untouched_lines_are_kept(tmp_path):
    skeleton = (REPO / "reportgen/skeletons/case.yaml").read_text(encoding="utf-8")
    text = skeleton.replace("{id}", "x-1").replace("{date}", "2023-01-05")
    path = tmp_path / "x-1.yaml"
    path.write_text(text, encoding="utf-8")
    editable = yamledit.load(path)
    editable.set(("id",), "x-2")
    editable.save()
    removed, added = changed_lines(text, path.read_text(encoding="utf-8"))
    assert [line.split("#")[0].rstrip() for line in removed] == ["id: x-1"]
    assert [line.split("#")[0].rstrip() for line in added] == ["id: x-2"]
    assert added[0].rstrip().endswith("# 编号：报告和简报用它引用本案例（字母、数字、-）")


def test_a_layout_ruamel_would_change_is_kept_on_untouched_lines(tmp_path):
    text = (
        "# 案例\n"
        "id:    odd-layout      #   编号\n"
        "unit:   碧江区总工会\n"
        "tags:\n"
        "- 甲\n"
        "-   乙\n"
        "date: 2023-01-05\n"
        "text: 原来的事迹\n"
    )
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    editable = yamledit.load(path)
    assert editable.baseline != text  # ruamel.yaml alone would re-lay these lines out
    editable.set(("text",), "新的事迹")
    editable.save()
    assert changed_lines(text, path.read_text(encoding="utf-8")) == (["text: 原来的事迹\n"], ["text: 新的事迹\n"])


def test_crlf_and_byte_order_mark_are_kept(tmp_path):
    path = tmp_path / "win.yaml"
    path.write_bytes("\ufeff# 注释\r\nunit: 甲\r\ntext: 乙\r\n".encode())
    editable = yamledit.load(path)
    editable.set(("text",), "丙")
    editable.save()
    assert path.read_bytes() == "\ufeff# 注释\r\nunit: 甲\r\ntext: 丙\r\n".encode()


def test_a_save_after_the_file_changed_is_refused(case_file):
    first = yamledit.load(case_file)
    second = yamledit.load(case_file)
    first.set(("place",), "甲村")
    first.save()
    saved = case_file.read_bytes()
    second.set(("place",), "乙村")
    with pytest.raises(yamledit.EditConflict) as caught:
        second.save()
    assert "changed by someone else" in caught.value.problems[0].message
    assert case_file.read_bytes() == saved
    # the first editor can go on saving: its digest follows its own writes
    first.set(("region",), "碧江区城区")
    first.save()
    assert "region: 碧江区城区\n" in case_file.read_text(encoding="utf-8")


def test_a_save_after_the_file_was_deleted_is_refused(case_file):
    editable = yamledit.load(case_file)
    case_file.unlink()
    with pytest.raises(yamledit.EditConflict):
        editable.save()
    assert not case_file.exists()


def test_a_new_file_never_overwrites(tmp_path):
    path = tmp_path / "new.yaml"
    editable = yamledit.new_file(path, "# 新案例\nid: new\n")
    editable.set(("unit",), "碧江区总工会")
    path.write_text("id: someone-elses\n", encoding="utf-8")
    with pytest.raises(yamledit.EditConflict):
        editable.save()
    assert path.read_text(encoding="utf-8") == "id: someone-elses\n"
    path.unlink()
    editable.save()
    assert path.read_text(encoding="utf-8") == "# 新案例\nid: new\nunit: 碧江区总工会\n"


def test_a_failed_write_leaves_the_file_whole(case_file, monkeypatch):
    before = case_file.read_bytes()
    editable = yamledit.load(case_file)
    editable.set(("place",), "甲村")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        editable.save()
    assert case_file.read_bytes() == before
    assert [p.name for p in case_file.parent.iterdir() if p.name.startswith(".")] == []


def test_malformed_yaml_is_a_located_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("unit: 甲\ntext: [未闭合\n", encoding="utf-8")
    with pytest.raises(yamledit.ReportgenError) as caught:
        yamledit.load(path)
    location = caught.value.problems[0].location
    assert location.line == 3 and location.path.endswith("bad.yaml")
