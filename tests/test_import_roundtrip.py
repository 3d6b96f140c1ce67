"""A .docx built by `reportgen build` imports back to the YAML it was built from; other .docx files import too."""

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from test_import_support import in_order, load, run_import, sentences_of, without_comments


@pytest.fixture
def built(project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    return project / "output"


def test_a_built_report_imports_back_to_the_yaml_it_was_built_from(project, built):
    result = run_import(built / "three-front-lines.docx", "-o", "data/reports/back.yaml")
    assert result.exit_code == 0, result.output
    original = (project / "data/reports/three-front-lines.yaml").read_text(encoding="utf-8")
    back = (project / "data/reports/back.yaml").read_text(encoding="utf-8")
    assert without_comments(back) == without_comments(original)
    assert result.output.splitlines()[-1] == "output/three-front-lines.docx: nothing removed, changed or doubted"


def test_a_built_report_imports_into_an_empty_library_with_the_same_cases(project, built):
    from reportgen.library import load_case_library
    from reportgen.project import Project

    result = run_import(
        built / "three-front-lines.docx",
        "-o",
        "elsewhere/data/reports/back.yaml",
        "--cases-dir",
        "elsewhere/data/cases",
    )
    assert result.exit_code == 0, result.output
    original, _ = load_case_library(Project(project))
    imported, problems = load_case_library(Project(project / "elsewhere"))
    assert not [p for p in problems if p.is_error]
    assert sorted(e.view.sentence for e in imported.entries.values()) == sorted(
        e.view.sentence for e in original.entries.values()
    )
    report = load(project / "elsewhere/data/reports/back.yaml")
    assert report["issuer"] == report["author"] == "*市委宣传部"
    assert report["date"] == dt.date(2023, 1, 10)
    assert report["sections"][0]["points"][2]["cases"] == ["碧江区总工会"]


def test_the_imported_report_builds_to_the_same_text(project, built, run_cli):
    from docxinspect import golden_lines

    run_import(built / "three-front-lines.docx", "-o", "data/reports/back.yaml")
    result = run_cli("build", "-j", "1", "data/reports/back.yaml")
    assert result.exit_code == 0, result.output
    assert golden_lines(built / "back.docx") == golden_lines(built / "three-front-lines.docx")


def _styled_document() -> docx.Document:
    """Return a document using the builder's style names, made without the builder."""
    document = docx.Document()
    for name in ("眉题", "标题", "正文", "落款", "成文日期"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for level, name in enumerate(("一级标题", "二级标题"), start=1):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
    document.styles.add_style("要点引语", WD_STYLE_TYPE.CHARACTER)
    document.core_properties.author = "*县农业农村局"
    return document


def _point(document, lead: str, rest: str) -> None:
    paragraph = document.add_paragraph(style="正文")
    paragraph.add_run(lead, style="要点引语")
    paragraph.add_run(rest)


def test_a_docx_with_the_builders_style_names_imports_by_its_styles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = _styled_document()
    document.add_paragraph("产业振兴工作经验交流材料", style="眉题")
    document.add_paragraph("“一村一品”带动群众增收", style="标题")
    document.add_paragraph("今年以来，*县立足资源禀赋，发展特色产业。", style="正文")
    document.add_paragraph("一、培育主导产业，夯实增收基础。", style="一级标题")
    document.add_paragraph("（一）抓好种植基地", style="二级标题")
    _point(document, "一是扩大“种植规模”。", "全县新建茶叶基地5000亩。如*县茶叶协会组织茶农126户开展技术培训。")
    _point(document, "二是提升“品牌价值”。", "注册地理标志商标2个。")
    document.add_paragraph("下一步，*县将继续做强特色产业。", style="正文")
    document.add_paragraph("*县农业农村局", style="落款")
    document.add_paragraph("2023年4月2日", style="成文日期")
    document.save("styled.docx")

    result = run_import("styled.docx", "-o", "report.yaml", "--cases-dir", "cases")
    assert result.exit_code == 0, result.output
    report = load(tmp_path / "report.yaml")
    assert (report["title"], report["headline"]) == ("产业振兴工作经验交流材料", "“一村一品”带动群众增收")
    assert report["lead"] == "今年以来，*县立足资源禀赋，发展特色产业。"
    section = report["sections"][0]
    assert (section["theme"], section["front_line"]) == ("培育主导产业", "夯实增收基础")
    sub = section["subsections"][0]
    assert sub["theme"] == "抓好种植基地"
    assert [p["key_phrase"] for p in sub["points"]] == ["扩大“种植规模”", "提升“品牌价值”"]
    assert sub["points"][0]["cases"] == ["县茶叶协会"]
    assert report["closing"] == "下一步，*县将继续做强特色产业。"
    assert (report["issuer"], report["author"], report["date"]) == (
        "*县农业农村局",
        "*县农业农村局",
        dt.date(2023, 4, 2),
    )
    case = load(tmp_path / "cases/县茶叶协会.yaml")
    assert (case["unit"], case["text"], case["figures"]) == (
        "*县茶叶协会",
        "组织茶农{households}开展技术培训",
        {"households": "126户"},
    )
    assert '\nunit: "*县茶叶协会"\n' in (tmp_path / "cases/县茶叶协会.yaml").read_text(encoding="utf-8")


def test_a_docx_from_word_with_heading_styles_indents_and_a_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = docx.Document()
    document.add_paragraph("“四个一”机制护航春耕生产", style="Title")
    document.add_paragraph("　　近期，*镇抢抓农时，全力保障春耕生产。")
    document.add_paragraph("一、强化技术服务", style="Heading 1")
    document.add_paragraph(
        "　　一是组建“专家团队”。邀请农技专家开展田间指导。二是编印“技术手册”。发放春耕技术手册3000份。"
    )
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "春耕物资储备情况见附表。"
    document.save("word.docx")

    result = run_import("word.docx", "-o", "report.yaml", "--cases-dir", "cases")
    assert result.exit_code == 0, result.output
    report = load(tmp_path / "report.yaml")
    assert report["headline"] == "“四个一”机制护航春耕生产"
    assert report["lead"] == "近期，*镇抢抓农时，全力保障春耕生产。"
    points = report["sections"][0]["points"]
    assert [p["key_phrase"] for p in points] == ["组建“专家团队”", "编印“技术手册”"]
    # the table's text is kept, never dropped, and the import says where it put it
    assert report["closing"] == "春耕物资储备情况见附表。"
    lines = result.output.splitlines()
    assert "word.docx:2:1: removed '　　': blank at the start of the line" in lines
    assert (
        "word.docx:5:1: doubt: text from a table cell; the report has no tables, so it is kept as a paragraph" in lines
    )


@pytest.mark.parametrize("fixture", ["subsections.txt", "noisy.txt", "ru_without_unit.txt"])
def test_building_an_imported_fixture_keeps_every_sentence(project, run_cli, fixture):
    from docxinspect import document_text
    from test_import_support import FIXTURES

    result = run_import(FIXTURES / fixture, "-o", "data/reports/imported.yaml", "--cases-dir", "data/cases")
    assert result.exit_code == 0, result.output
    built = run_cli("build", "-j", "1", "data/reports/imported.yaml")
    assert built.exit_code == 0, built.output
    text = document_text(project / "output/imported.docx")
    source = Path(FIXTURES / fixture).read_text(encoding="utf-8")
    if fixture == "noisy.txt":
        # what the import reported as removed or repaired, applied by hand
        source = source.split("\n", 1)[1].replace("1、", "").replace("\n2、", "").replace(",", "，").replace(" ", "")
        source = source.replace("送上“暖心物资为", "送上“暖心物资”。为").replace("“结对帮扶。", "“结对帮扶”。")
    pieces = [s for line in source.splitlines() for s in sentences_of(line)]
    assert in_order(text, pieces) == []
