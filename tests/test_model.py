"""Unit tests of reportgen/model.py, validation.py and names.py: the schema, and its errors in the user's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.model import Brief, LibraryCase, Report
from reportgen.names import ID_PATTERN, is_file_name, is_id
from reportgen.source import load_yaml_text
from reportgen.validation import _union_tags, labels_at, suggest_key, validate_entry

CASE = "id: a\nunit: 单位\ndate: 2023-01-05\ntext: 做了{people}的事\nfigures:\n  people: 10人\n"


def check(model, text: str):
    source, problems = load_yaml_text(text.encode("utf-8"), Path("x.yaml"), "x.yaml")
    assert problems == []
    return validate_entry(model, source)


def test_a_good_case_validates():
    case, problems = check(LibraryCase, CASE)
    assert problems == []
    assert case.figures["people"].value == 10 and case.figures["people"].unit == "人"


def test_labels_come_from_field_titles_and_tags_from_discriminators():
    assert labels_at(LibraryCase, ())["单位"] == "unit"
    assert labels_at(Report, ("sections", 0, "points", 0, "cases", 0, "inline"))["事迹"] == "text"
    assert {"id", "query", "inline"} <= _union_tags(Report)
    assert suggest_key(LibraryCase, (), "unti") == "unit"
    assert suggest_key(LibraryCase, (), "单位") == "unit"


def test_an_inline_case_error_is_located_inside_the_union():
    report = (
        "headline: 标题\ndate: 2023-01-10\nlead: 导语\nsections:\n  - theme: 主题\n    points:\n"
        "      - key_phrase: 要点\n        cases:\n          - unit: 单位\n            text: 做了{x}\n"
    )
    _report, problems = check(Report, report)
    assert [p.format() for p in problems] == [
        "x.yaml:10:19: text uses {x} but figures has no 'x' (figures: none)",
    ]


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (
            "{value: " + "9" * 4001 + ", unit: 人, wan: true}",
            "x.yaml:6:19: 'value' has 4,001 digits; a figure has at most 15",
        ),
        ("9" * 4001 + "万人", "x.yaml:6:11: 'people' has 4,001 digits; a figure has at most 15"),
        ("1234567890123456人", "x.yaml:6:11: 'people' has 16 digits; a figure has at most 15"),
        ("{value: -1, unit: 人}", "x.yaml:6:19: 'value' must not be negative, not -1"),
    ],
)
def test_figures_are_bounded(figure, message):
    _case, problems = check(LibraryCase, CASE.replace("people: 10人", f"people: {figure}"))
    assert [p.format() for p in problems] == [message]


def test_a_figure_of_fifteen_digits_is_accepted():
    case, problems = check(LibraryCase, CASE.replace("people: 10人", "people: 999999999999999人"))
    assert problems == [] and case.figures["people"].value == 999_999_999_999_999


def test_unfilled_placeholders_are_refused_with_their_label(monkeypatch):
    text = CASE.replace("unit: 单位", "unit: 【待填：单位，如 碧江区总工会】").replace("10人", "【待填：数字和单位】")
    case, problems = check(LibraryCase, text)
    assert case is None
    assert [p.format().split(" (")[0] for p in problems] == [
        "x.yaml:2:7: 'unit' still holds the skeleton's placeholder 【待填：单位，如 碧江区总工会】",
        "x.yaml:6:11: 'people' still holds the skeleton's placeholder 【待填：数字和单位】",
    ]


def test_a_placeholder_in_a_brief_article_is_refused():
    brief = (
        "issue: 1\ncompiler: 编印单位\ndate: 2023-01-10\ncopies: 5\n"
        "articles:\n  - title: 【待填：头条文章的标题】\n    lead: 导语\n"
    )
    _brief, problems = check(Brief, brief)
    assert [p.format().split(" (")[0] for p in problems] == [
        "x.yaml:6:12: 'title' still holds the skeleton's placeholder 【待填：头条文章的标题】"
    ]


def test_ids_are_matched_to_their_end():
    assert is_id("sinan-red-cross") and is_id("思南县.2023")
    for bad in ("abc\n", "a/b", "../x", "-a", "a b", ""):
        assert not is_id(bad), repr(bad)
    assert not is_file_name("CON") and not is_file_name("nul.txt") and not is_file_name("a.")
    assert ID_PATTERN.startswith("^") and ID_PATTERN.endswith("$")  # for the schemas: $ is the end there
    _case, problems = check(LibraryCase, CASE.replace("id: a", 'id: "a\\n"'))
    assert problems[0].format().startswith("x.yaml:1:5: 'id' 'a\\n' may only use letters")
