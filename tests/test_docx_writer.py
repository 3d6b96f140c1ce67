"""Blocks written into a Word document: paragraphs and runs in the profile's named styles."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from reportgen.blocks import BREAK, TAB, Block, Run
from reportgen.docx_styles import prepare_template
from reportgen.docx_writer import DocumentError, DocumentMeta, write_document
from reportgen.style_loader import load_style_profile

REPO = Path(__file__).resolve().parents[1]
META = DocumentMeta(title="经验交流材料", author="市委组织部", created=dt.datetime(2023, 1, 10, 8, 0, 0))


@pytest.fixture(scope="module")
def prepared():
    profile, problems = load_style_profile(REPO / "templates" / "exchange")
    assert problems == []
    return prepare_template(profile)


def read_back(blocks, prepared, meta=META):
    return docx.Document(io.BytesIO(write_document(blocks, prepared, meta)))


def test_each_block_is_a_paragraph_in_its_roles_named_style(prepared):
    blocks = [
        Block("kicker", [Run("眉题")]),
        Block("h1", [Run("标题")]),
        Block("h2", [Run("一、总体情况")]),
        Block("paragraph", [Run("正文。")]),
    ]
    document = read_back(blocks, prepared)
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("眉题", "眉题"),
        ("标题", "标题"),
        ("一级标题", "一、总体情况"),
        ("正文", "正文。"),
    ]


def test_runs_with_roles_get_their_character_styles(prepared):
    block = Block("paragraph", [Run("一是强化统筹。", "point-lead"), Run("各级"), Run("重点", "strong")])
    (paragraph,) = read_back([block], prepared).paragraphs
    assert [(r.text, r.style.name) for r in paragraph.runs] == [
        ("一是强化统筹。", "要点引语"),
        ("各级", "Default Paragraph Font"),
        ("重点", "加粗"),
    ]
    assert paragraph.runs[2].style.font.bold is True


def test_tabs_breaks_and_markup_characters_survive(prepared):
    block = Block("paragraph", [Run("甲"), Run("", TAB), Run("乙 <&> "), Run("", BREAK), Run("丙")])
    (paragraph,) = read_back([block], prepared).paragraphs
    assert paragraph.text == "甲\t乙 <&> \n丙"


def test_core_properties_come_from_the_meta(prepared):
    properties = read_back([Block("paragraph", [Run("正文")])], prepared).core_properties
    assert (properties.title, properties.author, properties.language) == ("经验交流材料", "市委组织部", "zh-CN")
    assert properties.created == dt.datetime(2023, 1, 10, 8, 0, 0, tzinfo=dt.timezone.utc)


def test_the_same_blocks_give_the_same_bytes(prepared):
    blocks = [Block("h1", [Run("标题")]), Block("paragraph", [Run("正文")])]
    assert write_document(blocks, prepared, META) == write_document(blocks, prepared, META)


def test_a_paragraph_role_without_a_style_names_the_role_and_the_fix(prepared):
    with pytest.raises(DocumentError) as caught:
        write_document([Block("no-such-role", [Run("文字")])], prepared, META)
    assert str(caught.value) == (
        "the template uses the paragraph role 'no-such-role', which style.yaml does not map"
        " to a paragraph style (add it under roles:)"
    )


def test_a_text_role_without_a_style_is_refused(prepared):
    with pytest.raises(DocumentError, match="text role 'no-such-run'"):
        write_document([Block("paragraph", [Run("文字", "no-such-run")])], prepared, META)


@pytest.mark.parametrize("text", ["正文\x01", "正文\u202e倒序"])
def test_characters_a_document_cannot_show_faithfully_are_refused(prepared, text):
    with pytest.raises(DocumentError, match="U\\+"):
        write_document([Block("paragraph", [Run(text)])], prepared, META)


def test_a_control_character_in_the_title_names_the_field(prepared):
    meta = DocumentMeta(title="标题\x02", author="作者", created=META.created)
    with pytest.raises(DocumentError, match="document's title contains the character U\\+0002"):
        write_document([], prepared, meta)
