"""Tables as data: validation with located errors, the markup, and the Word table a reader sees."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml

from reportgen.blocks import TableBlock, parse_blocks
from reportgen.docx_tables import group_digits
from reportgen.tables import Table, table_markup

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _table(**extra) -> dict:
    table = {
        "title": "各区县志愿服务情况",
        "columns": [{"header": "区县"}, {"header": "志愿者（人）", "format": "integer"}],
        "rows": [["碧江区", 3126], ["万山区", 1874]],
    }
    table.update(extra)
    return table


def test_markup_round_trip_gives_header_rows_total_and_numeric_columns():
    markup = table_markup(Table.model_validate(_table(total=True)))
    blocks = parse_blocks(str(markup))
    assert blocks[0].role == "table-title" and blocks[0].text == "各区县志愿服务情况"
    table = blocks[1]
    assert isinstance(table, TableBlock)
    assert [["".join(r.text for r in cell) for cell in row] for row in table.rows] == [
        ["区县", "志愿者（人）"],
        ["碧江区", "3126"],
        ["万山区", "1874"],
        ["合计", "5000"],
    ]
    assert table.aligns == ["left", "right"]
    assert table.numeric == frozenset({1}) and table.total


def test_cell_text_is_escaped_not_read_as_markup():
    table = Table.model_validate(_table(rows=[["a | b **c**", 1]]))
    cells = parse_blocks(str(table_markup(table)))[1].rows[1]
    assert "".join(r.text for r in cells[0]) == "a | b **c**"


def test_thousands_separators():
    assert group_digits("25719") == "25,719"
    assert group_digits("102877.5") == "102,877.5"
    assert group_digits("999") == "999"
    assert group_digits("-1234567") == "-1,234,567"


def _build_with_table(tmp_path, monkeypatch, run_cli, table: dict):
    from conftest import copy_example_project

    root = copy_example_project(tmp_path / "project")
    brief = root / "data/briefs/2023-01.yaml"
    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    data["articles"][1]["tables"] = {"volunteers": table}
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(root)
    return root, run_cli("build", "-j", "1")


@pytest.mark.parametrize(
    ("change", "message", "pointed_at"),
    [
        ({"rows": [["碧江区", 3126], ["万山区"]]}, "row 2 has 1 cells, but the table has 2 columns", "万山区"),
        ({"rows": [["碧江区", 3126], ["万山区", "很多"]]}, "column '志愿者（人）' holds numbers, not '很多'", "很多"),
        (
            {"total": {"values": [None, 5001]}},
            "the total of '志愿者（人）' is declared 5001, but its rows add up to 5000",
            "5001",
        ),
    ],
)
def test_bad_tables_are_located_errors(tmp_path, monkeypatch, run_cli, change, message, pointed_at):
    root, result = _build_with_table(tmp_path, monkeypatch, run_cli, _table(**change))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if message in line)
    path, line_no, _col = re.match(r"(\S+?):(\d+):(\d+):", line).groups()
    assert path == "data/briefs/2023-01.yaml"
    source = (root / path).read_text(encoding="utf-8").splitlines()
    pointed = source[int(line_no) - 1]
    assert pointed_at in pointed
    assert not (root / "output/2023-01.docx").exists()


def test_the_example_brief_holds_the_district_table_with_its_computed_total(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    import docx

    document = docx.Document(str(project / "output/2023-01.docx"))
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "区县"]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["区县", "志愿者（人）", "服务村（个）", "服务时长（小时）"]
    assert rows[-1] == ["合计", "25,719", "834", "102,877.5"]
    assert len(rows) == 12
    # header row repeated on every page, no row split over two pages
    trs = table._tbl.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])
    header_style = table.rows[0].cells[0].paragraphs[0].style
    assert header_style.name == "表头" and header_style.font.bold
    cell_style = table.rows[1].cells[1].paragraphs[0].style
    assert cell_style.name == "表格" and cell_style.font.size.pt == 14
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    title = next(p for p in document.paragraphs if p.text == "各区县志愿服务情况")
    assert title.style.name == "表题"
    # the table is as wide as the type area, 156 mm
    width = int(table._tbl.tblPr.find(f"{W}tblW").get(f"{W}w"))
    assert abs(width - 156 / 25.4 * 1440) < 2


def wide_table_project(root: Path, columns: int = 20, rows: int = 6) -> Path:
    """Write a project with one report holding a table of `columns` columns between text pages."""
    from conftest import copy_example_project

    copy_example_project(root)
    for old in (root / "data/reports").glob("*.yaml"):
        old.unlink()
    for old in (root / "data/briefs").glob("*.yaml"):
        old.unlink()
    cols = [{"header": "单位"}] + [{"header": f"指标{i}", "format": "integer"} for i in range(1, columns)]
    body = [[f"单位{r}"] + [r * 10 + i for i in range(1, columns)] for r in range(1, rows + 1)]
    report = {
        "headline": "横排表格",
        "date": "2023-01-10",
        "lead": "导语。" * 200,
        "sections": [{"theme": "主题", "intro": "正文。" * 30}],
        "tables": {"wide": {"title": "二十列表格", "columns": cols, "rows": body, "total": True}},
        "closing": "结尾。" * 200,
    }
    (root / "data/reports/wide.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    return root


def test_a_wide_table_gets_a_landscape_section_with_its_own_footers(tmp_path, monkeypatch, run_cli):
    root = wide_table_project(tmp_path / "project")
    monkeypatch.chdir(root)
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "output/wide.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml)
        assert len(sections) == 3  # portrait, landscape (the table), portrait
        assert 'w:orient="landscape"' in sections[1] and "orient" not in sections[0] + sections[2]
        footers = re.findall(r'w:footerReference w:type="(\w+)" r:id="(rId\d+)"', sections[1])
        portrait_footers = re.findall(r'w:footerReference w:type="(\w+)" r:id="(rId\d+)"', sections[0])
        assert {kind for kind, _rid in footers} == {"default", "even"}
        assert set(footers).isdisjoint(portrait_footers)
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        target = re.search(
            rf'Id="{footers[0][1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{footers[0][1]}"', rels
        )
        footer = archive.read("word/" + (target.group(1) or target.group(2))).decode("utf-8")
        assert 'w:textDirection w:val="tbRl"' in footer and "PAGE" in footer
    # the landscape table fills the landscape type area: 297 - 37 - 35 = 225 mm
    table = re.search(r"<w:tbl><w:tblPr><w:tblW w:w=\"(\d+)\"", xml)
    assert abs(int(table.group(1)) - 225 / 25.4 * 1440) < 2


needs_soffice = pytest.mark.skipif(
    not (__import__("shutil").which("soffice")) and not __import__("os").environ.get("CI"),
    reason="LibreOffice not installed (CI installs it)",
)


def _to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    import subprocess

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(docx_path),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return tmp_path / "pdf" / (docx_path.stem + ".pdf")


@pytest.mark.libreoffice
@needs_soffice
def test_a_long_table_repeats_its_header_row_on_the_next_page(tmp_path, monkeypatch, run_cli):
    import pdfplumber

    rows = [[f"第{n}村", n * 3, n] for n in range(1, 61)]
    table = {
        "title": "各村志愿服务情况",
        "columns": [
            {"header": "村名"},
            {"header": "志愿者（人）", "format": "integer"},
            {"header": "场次", "format": "integer"},
        ],
        "rows": rows,
        "total": True,
    }
    root, result = _build_with_table(tmp_path, monkeypatch, run_cli, table)
    assert result.exit_code == 0, result.output
    pdf = _to_pdf(root / "output/2023-01.docx", tmp_path)
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    holding = [i for i, text in enumerate(pages) if "第30村" in text or "第60村" in text or "第1村" in text]
    table_pages = sorted({i for i, text in enumerate(pages) if re.search(r"第\d+村", text)})
    assert len(table_pages) >= 2, holding
    for i in table_pages:
        lines = pages[i].splitlines()
        header = next(n for n, line in enumerate(lines) if "村名" in line)
        first_row = next(n for n, line in enumerate(lines) if re.search(r"第\d+村", line))
        assert "志愿者（人）" in lines[header] and "场次" in lines[header]
        assert header < first_row, f"page {i + 1}: the header row is not above the rows"
    assert "合计 5,490 1,830" in pages[table_pages[-1]]


def _page_number_box(page) -> tuple[float, float, float, float]:
    """Return (x0, top, x1, bottom) of the characters of the page number "— N —"."""
    text = page.extract_text() or ""
    number = re.search(r"—\s*(\d+)\s*—", text)
    assert number, text[-200:]
    digits = set(number.group(1))
    chars = [c for c in page.chars if c["text"] in digits | {"—"} and c["size"] < 20]
    # the page number's characters are those outside the type area
    width, height = page.width, page.height
    outside = [c for c in chars if (c["top"] > 0.88 * height) or (c["x1"] < 0.12 * width)]
    assert outside, "no page number found outside the type area"
    return (
        min(c["x0"] for c in outside),
        min(c["top"] for c in outside),
        max(c["x1"] for c in outside),
        max(c["bottom"] for c in outside),
    )


@pytest.mark.libreoffice
@needs_soffice
def test_a_twenty_column_table_is_landscape_and_its_page_numbers_stay_in_the_portrait_place(
    tmp_path, monkeypatch, run_cli
):
    import pdfplumber

    root = wide_table_project(tmp_path / "project")
    monkeypatch.chdir(root)
    assert run_cli("build", "-j", "1").exit_code == 0
    pdf = _to_pdf(root / "output/wide.docx", tmp_path)
    mm = 72 / 25.4
    with pdfplumber.open(pdf) as document:
        pages = list(document.pages)
        landscape = [p for p in pages if p.width > p.height]
        portrait = [p for p in pages if p.width < p.height]
        assert landscape and portrait
        assert any("二十列表格" in (p.extract_text() or "") for p in landscape)
        for page in landscape:
            number = page.page_number
            same_side = [p for p in portrait if p.page_number % 2 == number % 2]
            assert same_side, "no portrait page of the same parity"
            px0, ptop, px1, pbottom = _page_number_box(same_side[0])
            lx0, ltop, lx1, lbottom = _page_number_box(page)
            # Turn the landscape page back a quarter (its top to the portrait page's left):
            # a landscape point (X, Y) sits at portrait (Y, page height - X).
            turned = (ltop, page.width - lx1, lbottom, page.width - lx0)
            for got, want in zip(turned, (px0, ptop, px1, pbottom)):
                assert abs(got - want) < 2 * mm, (number, turned, (px0, ptop, px1, pbottom))


def test_lint_reads_table_text_at_its_place(project, run_cli):
    """A table's title, headers and text cells are prose: lint finds a slip in a cell at its line:col."""
    brief = project / "data/briefs/2023-01.yaml"
    text = brief.read_text(encoding="utf-8")
    assert "- [万山区, 1874" in text
    brief.write_text(
        text.replace("- [万山区, 1874", '- ["万山\\u202e区", 1874', 1).replace(
            "title: 各区县志愿服务情况", "title: 各区县志愿服务情况\u200b", 1
        ),
        encoding="utf-8",
    )
    lines = text.splitlines()
    cell_line = next(i for i, line in enumerate(lines, 1) if "- [万山区, 1874" in line)
    title_line = next(i for i, line in enumerate(lines, 1) if "title: 各区县志愿服务情况" in line)
    result = run_cli("lint", "data/briefs/2023-01.yaml")
    assert result.exit_code == 1, result.output
    found = [line for line in result.output.splitlines() if line.startswith("data/briefs/2023-01.yaml:")]
    assert any(line.startswith(f"data/briefs/2023-01.yaml:{cell_line}:13: ") and "char-bidi" in line for line in found)
    assert any(
        line.startswith(f"data/briefs/2023-01.yaml:{title_line}:21: ") and "char-invisible" in line for line in found
    )
