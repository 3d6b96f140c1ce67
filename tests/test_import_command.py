"""What `reportgen import` writes, refuses to overwrite, and says when it cannot import."""

from test_import_support import FIXTURES, load, run_import

SUBSECTIONS = FIXTURES / "subsections.txt"


def test_writes_the_report_and_new_cases_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_import(SUBSECTIONS, "-o", "data/reports/huanjing.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "wrote data/cases/县住建局.yaml",
        "wrote data/cases/石阡县妇联.yaml",
        "wrote data/reports/huanjing.yaml",
    ]
    assert load(tmp_path / "data/reports/huanjing.yaml")["headline"] == "“三清三改”推动城乡环境面貌持续改善"


def test_without_o_the_report_goes_to_data_reports_under_the_sources_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_import(SUBSECTIONS)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data/reports/subsections.yaml").is_file()


def test_an_existing_case_file_is_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = tmp_path / "data/cases"
    cases.mkdir(parents=True)
    mine = "id: 石阡县妇联\nunit: 石阡县妇联\ndate: 2023-01-01\ntext: 开展其他活动\n"
    (cases / "石阡县妇联.yaml").write_text(mine, encoding="utf-8")
    result = run_import(SUBSECTIONS, "-o", "report.yaml")
    assert result.exit_code == 0, result.output
    assert (cases / "石阡县妇联.yaml").read_text(encoding="utf-8") == mine
    assert "wrote data/cases/石阡县妇联-2.yaml" in result.output.splitlines()
    assert load(tmp_path / "report.yaml")["sections"][1]["points"][0]["cases"] == ["石阡县妇联-2"]


def test_an_existing_report_file_is_kept_unless_forced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_import(SUBSECTIONS, "-o", "report.yaml")
    assert result.exit_code == 1
    assert (
        result.output
        == "report.yaml: file already exists (choose another -o FILE, or add --force to replace it)\n1 error found.\n"
    )
    assert (tmp_path / "report.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "data/cases").exists()
    forced = run_import(SUBSECTIONS, "-o", "report.yaml", "--force")
    assert forced.exit_code == 0, forced.output
    assert load(tmp_path / "report.yaml")["title"] == "城乡环境整治工作经验交流材料"


def test_a_second_import_reuses_the_cases_the_first_one_wrote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_import(SUBSECTIONS, "-o", "first.yaml")
    result = run_import(SUBSECTIONS, "-o", "second.yaml")
    assert result.exit_code == 0, result.output
    assert (
        "case 石阡县妇联: the same case is already in data/cases/石阡县妇联.yaml (id 石阡县妇联); referenced, not written"
        in result.output
    )
    assert sorted(p.name for p in (tmp_path / "data/cases").iterdir()) == ["县住建局.yaml", "石阡县妇联.yaml"]


def test_errors_name_the_file_and_place_without_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "bad.txt").write_bytes("一、标题\n正文".encode() + b"\xff\n")
    (tmp_path / "flat.txt").write_text("只有一段文字，没有任何标题。\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a zip file")
    cases = [
        ("missing.txt", "missing.txt: file not found"),
        ("scan.pdf", "scan.pdf: cannot import '.pdf' files (import a .txt (UTF-8 or GB18030) or a .docx file)"),
        ("bad.txt", "bad.txt:2:3: text is neither UTF-8 nor GB18030"),
        ("flat.txt", "flat.txt:1:1: no level-1 section (一、二、…) was found"),
        ("broken.docx", "broken.docx: not a readable .docx file"),
    ]
    for name, message in cases:
        result = run_import(name, "--check")
        assert result.exit_code == 1, (name, result.output)
        assert message in result.output, (name, result.output)
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)
