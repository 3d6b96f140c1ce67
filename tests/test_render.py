"""The seed report rendered: its sentences, its styles, its page, its footers."""

import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxinspect import document_text, footer_xml, outline_level, resolved_east_asian_font, resolved_size_pt
from seedtext import seed_sentences

OUTPUT = "output/three-front-lines.docx"


@pytest.fixture
def built(project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    return project / OUTPUT


def test_build_writes_one_line_per_document(project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "wrote output/three-front-lines.docx" in result.output
    assert result.output.strip().endswith("built, 0 up to date, 0 failed")


def test_every_seed_sentence_in_order(built):
    text = document_text(built)
    position = 0
    for sentence in seed_sentences():
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(sentence)
    assert "连日来，*市为更好应对" in text


def test_three_level1_headings_with_outline_level(built):
    document = docx.Document(str(built))
    headings = [p for p in document.paragraphs if p.style.name == "一级标题"]
    assert [h.text for h in headings] == [
        "一、践行初心使命，干部下沉到一线。",
        "二、强化责任担当，履职尽责到一线。",
        "三、发挥组织优势，凝聚资源到一线。",
    ]
    assert outline_level(headings[0].style) == 1
    assert resolved_east_asian_font(headings[0].style) == "黑体"


def test_nine_points_each_opening_in_a_character_style(built):
    document = docx.Document(str(built))
    points = [p for p in document.paragraphs if p.runs and p.runs[0].style.name == "要点引语"]
    assert len(points) == 9
    openings = [p.runs[0].text for p in points]
    assert openings[:3] == ["一是健全“作战体系”。", "二是配强“作战队伍”。", "三是突出“作战成效”。"]
    assert openings[6] == "一是广泛动员“聚力量”。"
    assert all(p.style.name == "正文" for p in points)
    lead_style = points[0].runs[0].style
    assert resolved_east_asian_font(lead_style) == "楷体_GB2312"


def test_styles_carry_the_fonts(built):
    document = docx.Document(str(built))
    body = document.styles["正文"]
    assert body.name != "Normal" and body.base_style.name == "Normal"
    assert resolved_east_asian_font(body) == "仿宋_GB2312"
    assert resolved_size_pt(body) == 16
    assert body.font.name == "Times New Roman"
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    ind = body.element.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ind")
    assert ind.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}firstLineChars") == "200"
    headline = document.styles["标题"]
    assert resolved_east_asian_font(headline) == "方正小标宋简体"
    assert resolved_size_pt(headline) == 22
    assert headline.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    level2 = document.styles["二级标题"]
    assert resolved_east_asian_font(level2) == "楷体_GB2312"
    # Body paragraphs take their fonts from the style, not from direct formatting.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.element.rPr is None or run.element.rPr.rFonts is None


def test_page_is_a4_with_gbt9704_margins(built):
    section = docx.Document(str(built)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [37, 35, 28, 26]
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "579"


def test_footers_hold_page_fields_odd_right_even_left(built):
    footers = footer_xml(built)
    assert set(footers) == {"default", "even"}
    for kind, align in (("default", "right"), ("even", "left")):
        xml = footers[kind]
        assert f'<w:jc w:val="{align}"/>' in xml
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
        assert text == "— 1 —"
        assert "<w:instrText" in xml and " PAGE " in xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    with __import__("zipfile").ZipFile(built) as archive:
        assert "<w:evenAndOddHeaders/>" in archive.read("word/settings.xml").decode()


def test_core_properties_from_the_data(built):
    core = docx.Document(str(built)).core_properties
    assert core.title == "“三个一线”组织群团力量筑牢农村疫情防控屏障"
    assert core.author == "*市委宣传部"
    assert core.created.date().isoformat() == "2023-01-10"


def test_markup_characters_in_data_read_as_themselves(project, run_cli):
    report = project / "data/reports/three-front-lines.yaml"
    text = report.read_text(encoding="utf-8").replace(
        "title: 农村疫情防控工作经验交流材料", 'title: "# 不是标题 [x]{.point-lead} **粗** <b>&amp; \\\\ `c` 1. 2023"'
    )
    report.write_text(text, encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    first = docx.Document(str(project / OUTPUT)).paragraphs[0]
    assert first.text == "# 不是标题 [x]{.point-lead} **粗** <b>&amp; \\ `c` 1. 2023"
    assert first.style.name == "眉题"
    assert all(r.style.name == "Default Paragraph Font" for r in first.runs)
