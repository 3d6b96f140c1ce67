"""Rendered markup into blocks: roles of paragraphs and runs, escaping, refused markup."""

from __future__ import annotations

import pytest

from reportgen.blocks import BREAK, Block, MarkupError, Run, escape_markup, parse_blocks


def test_headline_headings_and_paragraphs_get_their_roles():
    blocks = parse_blocks("# 标题\n\n## 一、总体情况\n\n### （一）工作\n\n正文一段。\n")
    assert [(b.role, b.text) for b in blocks] == [
        ("h1", "标题"),
        ("h2", "一、总体情况"),
        ("h3", "（一）工作"),
        ("paragraph", "正文一段。"),
    ]


def test_a_class_on_the_line_before_gives_the_block_its_role():
    blocks = parse_blocks("{.kicker}\n眉题文字\n\n{.signature}\n市委组织部\n")
    assert [(b.role, b.text) for b in blocks] == [("kicker", "眉题文字"), ("signature", "市委组织部")]


def test_a_span_gives_a_run_its_role_and_the_rest_keeps_the_paragraph_style():
    (block,) = parse_blocks("[一是强化统筹。]{.point-lead}各级党组织迅速行动。\n")
    assert block.runs == [Run("一是强化统筹。", "point-lead"), Run("各级党组织迅速行动。", None)]


def test_strong_text_is_a_strong_run():
    (block,) = parse_blocks("前文**重点**后文\n")
    assert block.runs == [Run("前文"), Run("重点", "strong"), Run("后文")]


def test_chinese_lines_join_without_a_space_and_latin_lines_with_one():
    assert parse_blocks("第一行\n第二行\n")[0].text == "第一行第二行"
    assert parse_blocks("one\ntwo\n")[0].text == "one two"


def test_a_hard_break_is_a_break_run():
    (block,) = parse_blocks("上一行\\\n下一行\n")
    assert [r.role for r in block.runs] == [None, BREAK, None]
    assert block.text == "上一行\n下一行"


def test_escaped_user_text_reads_as_itself_on_one_line():
    text = "# 不是标题 [x]{.kicker} *星* 1. 不是列表\n第二行"
    blocks = parse_blocks(escape_markup(text) + "\n")
    assert blocks == [Block("paragraph", [Run("# 不是标题 [x]{.kicker} *星* 1. 不是列表 第二行")])]


def test_a_control_character_is_refused_with_its_line():
    with pytest.raises(MarkupError) as caught:
        parse_blocks("第一段\n\n第二段\x07\n")
    assert "U+0007" in str(caught.value) and "line 3" in str(caught.value)


def test_indented_text_is_an_ordinary_paragraph():
    # code blocks are switched off in the parser: indentation is dropped, not kept as code
    assert parse_blocks("    缩进的一段\n") == [Block("paragraph", [Run("缩进的一段")])]
