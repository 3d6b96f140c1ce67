"""Case intake: a county's .docx or .txt submission and an Excel 台账 become case files; duplicates are reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from test_import_support import run_import

SUBMISSION = [
    ("碧江区总工会开展送温暖活动", "1月5日，碧江区总工会积极开展送温暖活动，走访慰问困难职工86户，送去慰问金4.3万元。"),
    ("思南县红十字会捐赠防疫物资", "2023年1月8日，思南县红十字会联合思南农商行向塘头镇捐赠口罩2000个，价值4700元。"),
    ("石阡县妇联开展庭院评比", "石阡县妇联在龙塘镇大屯村开展“美丽庭院”评比活动，评选示范户35户。"),
]
HEADER = ["单位", "区县", "日期", "一线", "事迹", "备注"]
ROWS = [
    ["玉屏县大龙街道工青妇组织", "玉屏县", "2023-01-06", "党员干部下沉到一线", "组织志愿者100余人开展入户排查。", "无"],
    ["共青团江口县委", "江口县", dt.date(2023, 1, 7), "志愿服务延伸到一线", "招募青年志愿者52人参与卡点值守。", ""],
    [
        "印江自治县妇联",
        None,
        "2023年1月9日",
        "志愿服务延伸到一线",
        "印江自治县妇联组织巾帼志愿者30人上门宣传防疫知识。",
        "",
    ],
    ["市文联", "", "2023/1/10", "群团力量凝聚到一线", "组织文艺志愿者167名开展义务送春联活动。", ""],
    ["团市委", "", "2023.1.11", "群团力量凝聚到一线", "招募志愿者1636人到村协助开展服务工作。", ""],
]


def submission_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("*市群团组织信息报送（第3期）", style="Title")
    for heading, body in SUBMISSION:
        document.add_paragraph(heading, style="Heading 1")
        document.add_paragraph(body)
    document.save(str(path))
    return path


def ledger_xlsx(path: Path, rows=ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return path


def case_files(folder: Path) -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))}


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_submission_and_a_ledger_become_eight_case_files(office):
    submission_docx(office / "县里报送.docx")
    ledger_xlsx(office / "台账.xlsx")
    first = run_import("县里报送.docx", "--cases")
    assert first.exit_code == 0, first.output
    second = run_import("台账.xlsx")
    assert second.exit_code == 0, second.output
    cases = case_files(office / "data/cases")
    assert len(cases) == 8, sorted(cases)
    units = sorted(c["unit"] for c in cases.values())
    assert units == sorted([unit for unit, *_ in ROWS] + ["碧江区总工会", "思南县红十字会", "石阡县妇联"])
    bijiang = next(c for c in cases.values() if c["unit"] == "碧江区总工会")
    assert bijiang["region"] == "碧江区"
    assert bijiang["text"] == "积极开展送温暖活动，走访慰问困难职工{households}，送去慰问金{amount}"
    assert bijiang["date"] == dt.date(dt.date.today().year, 1, 5)
    assert bijiang["figures"] == {"households": "86户", "amount": "4.3万元"}
    sinan = next(c for c in cases.values() if c["unit"] == "思南县红十字会")
    assert sinan["date"] == dt.date(2023, 1, 8)
    assert sinan["text"].startswith("联合思南农商行向塘头镇捐赠口罩")
    jiangkou = next(c for c in cases.values() if c["unit"] == "共青团江口县委")
    assert (jiangkou["region"], jiangkou["date"], jiangkou["front_line"]) == (
        "江口县",
        dt.date(2023, 1, 7),
        "志愿服务延伸到一线",
    )
    yinjiang = next(c for c in cases.values() if c["unit"] == "印江自治县妇联")
    # the unit column's name opening the text is not written twice
    assert yinjiang["text"] == "组织巾帼志愿者{people}上门宣传防疫知识"
    assert yinjiang["date"] == dt.date(2023, 1, 9)
    # the doubts name their places
    lines = first.output.splitlines()
    assert any(line.startswith("县里报送.docx:") and "the date gives no year" in line for line in lines), lines
    assert any(line.startswith("县里报送.docx:6:1: ") and "no date in the text" in line for line in lines), lines
    assert "台账.xlsx:台账!F1: warning: unknown column '备注'" in second.output
    assert "台账.xlsx: 5 new cases, 0 already in the library, 1 doubts" in second.output.splitlines()
    # every case file reads back as a valid library case
    from reportgen.library import load_case_library
    from reportgen.project import Project

    library, problems = load_case_library(Project(office))
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    assert len(library.entries) == 8


def test_a_reimport_reports_the_duplicates_and_writes_nothing(office):
    submission_docx(office / "县里报送.docx")
    ledger_xlsx(office / "台账.xlsx")
    run_import("县里报送.docx", "--cases")
    run_import("台账.xlsx")
    before = {p.name: p.read_bytes() for p in (office / "data/cases").iterdir()}
    again = run_import("县里报送.docx", "--cases")
    assert again.exit_code == 0, again.output
    assert "县里报送.docx:2:1: case 碧江区总工会 is already in the library as 碧江区总工会" in again.output
    assert "县里报送.docx: 0 new cases, 3 already in the library" in again.output
    # near-identical: a changed full stop and a figure written differently are still the same case
    rows = [list(r) for r in ROWS]
    rows[3][4] = "组织文艺志愿者167名开展义务送春联活动"
    ledger_xlsx(office / "台账2.xlsx", rows)
    again = run_import("台账2.xlsx")
    assert again.exit_code == 0, again.output
    assert "台账2.xlsx:台账!A5: case 市文联 is already in the library as 市文联" in again.output
    assert "wrote" not in again.output
    assert {p.name: p.read_bytes() for p in (office / "data/cases").iterdir()} == before


def test_a_bad_date_is_named_by_row_and_column_and_nothing_is_written(office):
    rows = [list(r) for r in ROWS]
    rows[1][2] = "2023-13-45"
    ledger_xlsx(office / "台账.xlsx", rows)
    result = run_import("台账.xlsx")
    assert result.exit_code == 1, result.output
    assert (
        "台账.xlsx:台账!C3: row 3, column C (日期): '2023-13-45' is not a date (write it as 2023-01-05 or 2023年1月5日)"
        in result.output
    )
    assert "Traceback" not in result.output
    assert not (office / "data/cases").exists()


def test_the_bad_date_in_chinese(office, run_cli):
    rows = [list(r) for r in ROWS]
    rows[1][2] = "2023-13-45"
    ledger_xlsx(office / "台账.xlsx", rows)
    result = run_cli("--lang", "zh", "import", "台账.xlsx")
    assert result.exit_code == 1
    assert "台账.xlsx:台账!C3: 第3行C列（日期）：“2023-13-45”不是日期" in result.stderr


def test_a_ledger_without_a_text_column_is_refused_at_its_header(office):
    book = openpyxl.Workbook()
    book.active.append(["unit", "region", "date"])
    book.active.append(["团市委", "", "2023-01-11"])
    book.save("plain.xlsx")
    result = run_import("plain.xlsx")
    assert result.exit_code == 1
    assert "plain.xlsx:Sheet!A1: the header row has no column '事迹'" in result.output


def test_english_headers_and_a_txt_submission_with_one_case_per_paragraph(office):
    book = openpyxl.Workbook()
    book.active.append(["Unit", "Region", "Date", "Front line", "Text"])
    book.active.append(["团市委", "", "2023-01-11", "群团力量凝聚到一线", "招募志愿者1636人到村协助开展服务工作。"])
    book.save("english.xlsx")
    assert run_import("english.xlsx").exit_code == 0
    (office / "county.txt").write_text(
        "碧江区总工会1月5日积极开展送温暖活动，走访慰问困难职工86户。\n\n"
        "思南县红十字会2023年1月8日联合思南农商行捐赠口罩2000个。\n",
        encoding="utf-8",
    )
    result = run_import("county.txt", "--cases", "--check")
    assert result.exit_code == 0, result.output
    assert "county.txt:1:1: would write data/cases/碧江区总工会.yaml" in result.output
    assert "county.txt:3:1: would write data/cases/思南县红十字会.yaml" in result.output
    assert sorted(p.name for p in (office / "data/cases").iterdir()) == ["团市委.yaml"]


def test_intake_file_returns_cases_doubts_and_duplicates_without_writing(office):
    from reportgen.importer.intake import intake_file, write_intake

    ledger_xlsx(office / "台账.xlsx")
    result = intake_file(office / "台账.xlsx", office / "data/cases", today=dt.date(2023, 2, 1))
    assert [c.unit for c in result.cases] == [unit for unit, *_ in ROWS]
    assert [str(p.location).endswith("台账.xlsx:台账!F1") for p in result.doubts] == [True]
    assert not (office / "data/cases").exists()
    written = write_intake(result, office / "data/cases")
    assert len(written) == 5
    again = intake_file(office / "台账.xlsx", office / "data/cases")
    assert (len(again.cases), len(again.duplicates)) == (0, 5)
