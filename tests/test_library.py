"""The case library: cases loaded from data/cases/, looked up by id and by query, resolved into documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen.library import load_case_library, resolve_cases, resolve_document
from reportgen.model import CaseQuery, QueryItem, Report, validate_entry
from reportgen.project import Project
from reportgen.source import load_yaml_file

CASES = {
    "b-multi.yaml": """\
cases:
  - id: town-b
    unit: 乙镇
    region: 江口县
    date: 2023-01-05
    front_line: 干部下沉到一线
    tags: [志愿服务, 宣传]
    text: 组织{people}下沉到村
    figures:
      people: 120人
  - id: town-a
    unit: 甲镇
    region: 玉屏县
    date: 2023-01-03
    front_line: 干部下沉到一线
    tags: [志愿服务]
    text: 开展入户走访
""",
    "a-single.yaml": """\
id: city-union
unit: 市总工会
region: 市直
date: 2023-01-08
front_line: 履职尽责到一线
tags: [宣传]
text: 发放防疫健康包
""",
}


def make_library(tmp_path: Path, files: dict[str, str], monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "project" / "data" / "cases"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_case_library(Project(tmp_path / "project"))


def ids(entries) -> list[str]:
    return [e.case.id for e in entries]


def query(**fields) -> CaseQuery:
    return CaseQuery.model_validate(fields)


def test_cases_load_from_single_and_multi_case_files_in_written_order(tmp_path, monkeypatch):
    library, problems = make_library(tmp_path, CASES, monkeypatch)
    assert problems == []
    assert list(library.entries) == ["city-union", "town-b", "town-a"]
    entry = library.get("town-b")
    assert entry is not None and entry.view.text == "组织120人下沉到村"
    assert entry.view.sentence == "乙镇组织120人下沉到村"
    assert library.get("no-such-case") is None


def test_a_query_selects_by_front_line_tags_and_region_oldest_first(tmp_path, monkeypatch):
    library, _problems = make_library(tmp_path, CASES, monkeypatch)
    assert ids(library.query(query(front_line="干部下沉到一线"))) == ["town-a", "town-b"]
    assert ids(library.query(query(tags=["宣传"]))) == ["town-b", "city-union"]
    assert ids(library.query(query(tags=["宣传", "志愿服务"]))) == ["town-b"]
    assert ids(library.query(query(region="玉屏县"))) == ["town-a"]
    assert ids(library.query(query(region="没有的县"))) == []


def test_a_query_selects_by_dates_and_its_limit_keeps_the_newest(tmp_path, monkeypatch):
    library, _problems = make_library(tmp_path, CASES, monkeypatch)
    assert ids(library.query(query(**{"from": "2023-01-04"}))) == ["town-b", "city-union"]
    assert ids(library.query(query(to="2023-01-05"))) == ["town-a", "town-b"]
    assert ids(library.query(query(limit=2))) == ["town-b", "city-union"]
    assert ids(library.query(query(exclude_used=True), used_before={"town-a"})) == ["town-b", "city-union"]


def test_a_duplicate_id_is_located_at_both_places(tmp_path, monkeypatch):
    files = dict(CASES)
    files["c-dup.yaml"] = CASES["a-single.yaml"].replace("市总工会", "另一个单位")
    library, problems = make_library(tmp_path, files, monkeypatch)
    (problem,) = problems
    assert str(problem.location) == "project/data/cases/c-dup.yaml:1:5"
    assert problem.message == "duplicate case id 'city-union' (also used at project/data/cases/a-single.yaml:1:5)"
    assert problem.hint == "give each case its own id"
    assert library.get("city-union").view.unit == "市总工会"


def test_a_case_with_errors_is_known_as_broken_and_a_report_naming_it_hears_why(tmp_path, monkeypatch):
    files = dict(CASES)
    files["d-bad.yaml"] = "id: bad-case\nunit: 某单位\ndate: not-a-date\ntext: 文字\n"
    library, problems = make_library(tmp_path, files, monkeypatch)
    assert problems and all(str(p.location).startswith("project/data/cases/d-bad.yaml:") for p in problems)
    assert library.broken == {"bad-case": "project/data/cases/d-bad.yaml"}
    assert library.failed_files == ["project/data/cases/d-bad.yaml"]
    report = tmp_path / "report.yaml"
    report.write_text("cases: [bad-case, town-a]\n", encoding="utf-8")
    source, _found = load_yaml_file(report)
    views, found = resolve_cases(["bad-case", "town-a"], library, source, ("cases",), {})
    assert [v.id for v in views] == ["town-a"]
    assert [p.message for p in found] == [
        "case 'bad-case' cannot be used until the errors in project/data/cases/d-bad.yaml are fixed"
    ]
    item = QueryItem.model_validate({"query": {"tags": ["宣传"]}})
    views, found = resolve_cases([item], library, source, ("cases",), {})
    assert views == [] and "project/data/cases/d-bad.yaml has errors" in found[0].message


def test_an_unknown_id_suggests_the_closest_and_a_repeat_is_a_warning(tmp_path, monkeypatch):
    library, _problems = make_library(tmp_path, CASES, monkeypatch)
    report = tmp_path / "report.yaml"
    report.write_text("cases: [town-a1, town-a, town-a]\n", encoding="utf-8")
    source, _found = load_yaml_file(report)
    views, found = resolve_cases(["town-a1", "town-a", "town-a"], library, source, ("cases",), {})
    assert [v.id for v in views] == ["town-a", "town-a"]
    assert [(str(p.location), p.message, p.hint, p.severity) for p in found] == [
        ("report.yaml:1:9", "unknown case id 'town-a1'", "did you mean 'town-a'?", "error"),
        (
            "report.yaml:1:26",
            "case 'town-a' is printed twice in this document (first at report.yaml:1:18)",
            "remove one of the two",
            "warning",
        ),
    ]


def test_resolve_document_puts_case_views_in_place_in_document_order(project):
    library, problems = load_case_library(Project(project))
    assert problems == []
    source, _found = load_yaml_file(project / "data/reports/three-front-lines.yaml")
    model, found = validate_entry(Report, source)
    assert found == [] and model is not None
    resolution = resolve_document(model, source, library)
    assert not resolution.failed
    first = resolution.context["sections"][0]["points"][2]["cases"]
    assert [v.id for v in first] == ["bijiang-federation-of-trade-unions"]
    assert [v.id for v in resolution.cases][:2] == ["bijiang-federation-of-trade-unions", "yuping-dalong-volunteers"]
    assert resolution.context["all_cases"] == resolution.cases
    assert resolution.used == {v.id for v in resolution.cases}
    assert isinstance(resolution.cases[0].date, dt.date)
