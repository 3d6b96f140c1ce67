"""Editing help: skeletons (`new`), JSON Schemas (`schema`), the listing (`list`),
and the library's selection by query and declared totals."""

import datetime as dt
import json
from pathlib import Path

import docx
import jsonschema
import yaml

from reportgen.authoring import schema_texts

REPO = Path(__file__).resolve().parents[1]


class _DatesAsText(yaml.SafeLoader):
    """Read YAML as an editor's schema check sees it: dates stay text."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_for(path: Path) -> dict:
    line = path.read_text(encoding="utf-8").splitlines()[0]
    assert line.startswith("# yaml-language-server: $schema="), f"{path} has no schema line"
    target = (path.parent / line.split("=", 1)[1]).resolve()
    return json.loads(target.read_text(encoding="utf-8"))


def _brief_text(project) -> str:
    return "\n".join(p.text for p in docx.Document(str(project / "output/2023-01.docx")).paragraphs)


def test_new_brief_twice_takes_consecutive_issue_numbers(project, run_cli):
    year = dt.date.today().year
    first = run_cli("new", "brief")
    second = run_cli("new", "brief")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.output.strip() == f"wrote data/briefs/{year}-02.yaml"
    assert second.output.strip() == f"wrote data/briefs/{year}-03.yaml"
    issues = [
        yaml.safe_load((project / f"data/briefs/{year}-{n:02d}.yaml").read_text(encoding="utf-8"))["issue"]
        for n in (2, 3)
    ]
    assert issues == [2, 3]
    assert f"date: {dt.date.today().isoformat()}" in (project / f"data/briefs/{year}-03.yaml").read_text(
        encoding="utf-8"
    )
    result = run_cli("validate")
    assert result.exit_code == 1, result.output
    assert (
        f"data/briefs/{year}-03.yaml:9:12: 'title' still holds the skeleton's placeholder 【待填：头条文章的标题】"
        in result.stderr
    )


def test_new_never_overwrites(project, run_cli):
    target = project / "data/cases/sinan-red-cross.yaml"
    before = target.read_bytes()
    result = run_cli("new", "case", "sinan-red-cross")
    assert result.exit_code == 1
    assert "data/cases/sinan-red-cross.yaml already exists; nothing was written" in result.output
    assert target.read_bytes() == before


FILLED = {
    "单位，如 碧江区总工会": "碧江区总工会",
    "区县，如 碧江区（可选）": "碧江区",
    "乡镇、村等地点（可选）": "川硐街道",
    "所属一线（举措），如 干部下沉到一线": "干部下沉到一线",
    "标签，如 志愿服务（可选）": "志愿服务",
    "做了什么": "组织{people}志愿者开展走访服务",
    "数字和单位，如 10人、100余人、1万余元": "10人",
    "题目，标题之上一行，如 某某工作经验交流材料（可选）": "某某工作经验交流材料",
    "标题": "某某工作的做法",
    "导语，说明背景、做法和目的": "导语。",
    "第一部分的主题": "践行初心使命",
    "要点短语，如 健全“作战体系”": "健全体系",
    "要点的正文": "正文。",
}


def _fill(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for asked, answer in FILLED.items():
        text = text.replace(f"【待填：{asked}】", answer)
    assert "【待填" not in text
    path.write_text(text, encoding="utf-8")


def test_new_case_and_report_skeletons_fail_until_filled(project, run_cli):
    """Issue 12: no placeholder text leaves the building; the skeleton's example is never a valid case."""
    assert run_cli("new", "case", "my-case").exit_code == 0
    assert run_cli("new", "report", "my-report").exit_code == 0
    case = project / "data/cases/my-case.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/case.schema.json")
    assert "id: my-case" in text
    for command in (("validate",), ("build", "-j", "1")):
        result = run_cli(*command)
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert (
            "data/cases/my-case.yaml:6:7: 'unit' still holds the skeleton's placeholder 【待填：单位，如 碧江区总工会】"
            in (line.split(" (")[0] for line in lines)
        )
        assert any(line.startswith("data/cases/my-case.yaml:13:7: 'text' still holds") for line in lines)
        assert any(line.startswith("data/reports/my-report.yaml:8:11: 'headline' still holds") for line in lines)
    assert not (project / "output/my-report.docx").exists()
    _fill(case)
    _fill(project / "data/reports/my-report.yaml")
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert "case 'my-case' is not used by any report or brief" in result.output


def test_unfilled_skeleton_in_chinese_names_the_field(project, run_cli):
    from reportgen.i18n import set_language

    assert run_cli("new", "case", "my-case").exit_code == 0
    set_language("zh")
    for command in (("validate",), ("build", "-j", "1")):
        result = run_cli(*command)
        assert result.exit_code == 1
        assert (
            "data/cases/my-case.yaml:6:7: 单位 `unit` 还是模板中的占位文字【待填：单位，如 碧江区总工会】"
            "（请填写它要求的内容；可选的项不需要时删去整行）"
        ) in result.stderr.splitlines()


def test_schema_files_in_the_repo_match_the_model():
    for name, text in schema_texts().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run `reportgen schema`"
        )


def test_schema_command_writes_the_files(project, run_cli):
    result = run_cli("schema", "-o", "out-schemas")
    assert result.exit_code == 0
    assert sorted(p.name for p in (project / "out-schemas").iterdir()) == [
        "brief.schema.json",
        "case.schema.json",
        "report.schema.json",
    ]


def test_every_data_file_validates_against_its_schema():
    files = [p for p in sorted((REPO / "data").rglob("*.yaml")) if p.name != "wordlist.yaml"]
    assert len(files) >= 9
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)
        jsonschema.Draft202012Validator(_schema_for(path)).validate(data)


def test_schema_rejects_an_unknown_key_and_a_bad_figure():
    case_path = REPO / "data/cases/sinan-red-cross.yaml"
    schema = _schema_for(case_path)
    data = yaml.load(case_path.read_text(encoding="utf-8"), Loader=_DatesAsText)
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(data)
    assert not validator.is_valid({**data, "unti": "思南县红十字会"})
    assert not validator.is_valid({**data, "figures": {"goods": {"value": -1, "unit": "元"}}})
    report_path = REPO / "data/reports/three-front-lines.yaml"
    report = yaml.load(report_path.read_text(encoding="utf-8"), Loader=_DatesAsText)
    report["sections"][0]["points"][0]["key_phrse"] = "x"
    assert not jsonschema.Draft202012Validator(_schema_for(report_path)).is_valid(report)


def test_list_shows_cases_by_front_line_and_their_documents(project, run_cli):
    result = run_cli("list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "凝聚资源到一线 (3)"
    assert "  2023-01-08  sinan-red-cross  思南县红十字会  思南县  → 2023-01.docx, three-front-lines.docx" in lines


def test_a_case_date_or_front_line_changes_the_documents_including_it(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = _brief_text(project)
    assert before.count("共青团印江自治县委组织梵净山医院") == 1  # named by id in the first article
    assert before.count("市文联向全市文艺工作者") == 1  # selected by the second article's query
    case = project / "data/cases/yinjiang-youth-league.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("date: 2023-01-09", "date: 2023-02-01"), encoding="utf-8")
    other = project / "data/cases/city-literary-federation.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("front_line: 凝聚资源到一线", "front_line: 履职尽责到一线"),
        encoding="utf-8",
    )
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    after = _brief_text(project)
    assert after.count("共青团印江自治县委组织梵净山医院") == 1  # named by id: its date does not drop it
    assert after.count("市文联向全市文艺工作者") == 0  # no longer in the second article's front line


def test_declared_total_is_written_and_checked(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    assert "共为群众送去价值79700元的物资。" in _brief_text(project)
    brief = project / "data/briefs/2023-01.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("value: 79700", "value: 80000"), encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0
    assert (
        "data/briefs/2023-01.yaml:35:12: warning: 'goods_total' is 80000元, but the 'goods' figures of its 2 cases add up to 4700 + 75000 = 79700元 (write 79700, or check the cases listed in sum_of)"
        in result.output
    )
