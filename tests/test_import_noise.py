"""Reading and cleaning source text: encodings, extraction noise, and the notes with positions."""

from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.importer.mapped import CHANGED, DOUBT, REMOVED, Ledger
from reportgen.importer.noise import clean
from reportgen.importer.readers import read_source


def clean_text(tmp_path: Path, text: str, name: str = "source.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document = read_source(path)
    ledger = Ledger()
    buffer = clean(document, ledger)
    notes = [(document.position(n.offset), n.kind, n.text, n.message) for n in ledger.sorted()]
    return buffer.text, notes


def test_notice_line_is_removed_and_listed_at_its_place(tmp_path):
    text, notes = clean_text(
        tmp_path,
        "《某材料.docx》由会员分享,可在线阅读,更多相关《某材料.docx(3页珍藏版)》请在某文库上搜索。\n一、加强领导。\n",
    )
    assert "由会员分享" not in text
    assert text.startswith("一、加强领导。")
    assert (
        (1, 1),
        REMOVED,
        "《某材料.docx》由会员分享,可在线阅读,更多相关《某材料.docx(3页珍藏版)》请在某文库上搜索。",
        "the document-sharing site's notice line",
    ) in notes


def test_a_line_that_only_mentions_online_reading_is_kept_as_a_doubt(tmp_path):
    text, notes = clean_text(tmp_path, "本材料可在线阅读。\n一、加强领导。\n")
    assert text.startswith("本材料可在线阅读。")
    assert [(pos, kind) for pos, kind, _t, _m in notes] == [((1, 1), DOUBT)]


def test_page_chunk_markers_are_removed_and_a_word_split_across_chunks_is_joined(tmp_path):
    text, notes = clean_text(tmp_path, "1、并服从乡镇党\n2、委统一管理，补位疫情防控。\n")
    assert text.strip() == "并服从乡镇党委统一管理，补位疫情防控。"
    assert ((1, 1), REMOVED, "1、", "page-chunk marker of the sharing site") in notes
    assert ((2, 1), REMOVED, "2、", "page-chunk marker of the sharing site; the chunks are joined (党|委)") in notes


def test_numbered_items_that_end_their_sentences_are_not_taken_for_chunk_markers(tmp_path):
    text, notes = clean_text(tmp_path, "1、加强组织领导。\n2、压实工作责任。\n")
    assert text == "1、加强组织领导。\n2、压实工作责任。\n"
    assert notes == []


def test_stray_spaces_in_chinese_text_are_removed_with_their_places(tmp_path):
    text, notes = clean_text(tmp_path, "通过 采取“三个一线” 方式，价值4700 元。\n")
    assert text == "通过采取“三个一线”方式，价值4700元。\n"
    assert [(pos, kind, t) for pos, kind, t, _m in notes] == [
        ((1, 3), REMOVED, " "),
        ((1, 12), REMOVED, " "),
        ((1, 22), REMOVED, " "),
    ]
    assert notes[0][3] == "stray space in Chinese text (过␣采)"


def test_spaces_between_latin_words_are_kept_and_spaces_next_to_latin_are_doubted(tmp_path):
    text, notes = clean_text(tmp_path, "使用 Microsoft Word 编辑。\n")
    assert text == "使用 Microsoft Word 编辑。\n"
    assert [(pos, kind) for pos, kind, _t, _m in notes] == [((1, 3), DOUBT), ((1, 18), DOUBT)]


def test_half_width_punctuation_in_chinese_text_becomes_full_width(tmp_path):
    text, notes = clean_text(tmp_path, "平稳有序,确保(一)安全;会议于10:30召开,共1,000人参加:\n")
    assert text == "平稳有序，确保（一）安全；会议于10:30召开，共1,000人参加：\n"
    changed = [(pos, t) for pos, kind, t, _m in notes if kind == CHANGED]
    assert changed == [((1, 5), ","), ((1, 8), "("), ((1, 10), ")"), ((1, 13), ";"), ((1, 24), ","), ((1, 34), ":")]


def test_straight_quotes_in_pairs_become_chinese_quotes(tmp_path):
    text, _notes = clean_text(tmp_path, '落实"二包一"机制。\n')
    assert text == "落实“二包一”机制。\n"


def test_gb18030_text_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("一、加强领导。\n".encode("gb18030"))
    document = read_source(path)
    assert document.encoding == "GB18030"
    assert document.paragraphs[0].text == "一、加强领导。"


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff一、加强领导。\r\n二、压实责任。\r\n".encode("utf-8"))
    document = read_source(path)
    assert [p.text for p in document.paragraphs[:2]] == ["一、加强领导。", "二、压实责任。"]


def test_text_in_no_known_encoding_is_an_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("第一行\n坏".encode() + b"\xff\xff\n")
    with pytest.raises(ReportgenError) as info:
        read_source(path)
    assert str(info.value.format_message()).endswith(
        "bad.txt:2:2: text is neither UTF-8 nor GB18030 (save the file as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8))"
    )


def test_invisible_control_characters_are_removed_and_listed(tmp_path):
    text, notes = clean_text(tmp_path, "一、加强\x0c领导。\n")
    assert text == "一、加强领导。\n"
    assert notes == [((1, 5), REMOVED, "\x0c", "invisible control character U+000C")]
