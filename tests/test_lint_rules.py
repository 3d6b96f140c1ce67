"""Tests for the field rules of reportgen.lint: a hit and a near miss for each, at the exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.lint.rules import ALL_RULES
from reportgen.numerals import parse_cn_numeral as chinese_number

CASE = "data/cases/c.yaml"
REPORT = "data/reports/r.yaml"


def case_yaml(text: str) -> str:
    """Return a case file whose `text` value (written as given) is on line 4, a plain value starting at column 7."""
    return f"id: c1\nunit: 测试单位\ndate: 2023-01-05\ntext: {text}\n"


def report_yaml(
    lead: str = "连日来开展工作。",
    key_phrase: str = "健全“作战体系”",
    text: str = "下发通知。",
    headline: str = "组织群团力量筑牢屏障",
) -> str:
    """Return a report; its lead is on line 3 and the point's key phrase on line 8, text on line 9."""
    return (
        f"headline: {headline}\n"
        "date: 2023-01-10\n"
        f"lead: {lead}\n"
        "sections:\n"
        "  - theme: 践行初心使命\n"
        "    front_line: 干部下沉到一线\n"
        "    points:\n"
        f"      - key_phrase: {key_phrase}\n"
        f"        text: {text}\n"
    )


@pytest.fixture
def lint(lint_files):
    """Write files into a fresh project, lint it, and return the findings as printed lines."""
    return lint_files


def test_every_rule_has_an_id_a_severity_and_a_reason():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    for rule in ALL_RULES:
        assert rule.id and rule.severity in ("error", "warning") and rule.reason.strip(), rule


def test_the_readme_section_lists_every_rule():
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [rule.id for rule in ALL_RULES if f"| `{rule.id}` |" not in text]
    assert missing == []


def test_a_clean_case_has_no_findings(lint):
    assert lint({CASE: case_yaml("积极组织各乡镇团委“红马甲”迅速出击，与乡村工作者共同筑起疫情防线")}) == []


# -- punct-halfwidth ---------------------------------------------------------------------------


def test_half_width_comma_between_chinese_characters(lint):
    assert lint({CASE: case_yaml("甲乙,丙丁")}) == [
        f"{CASE}:4:9: error punct-halfwidth half-width ',' in Chinese text (write '，')",
    ]


@pytest.mark.parametrize("mark, full", [(";", "；"), (":", "："), ("?", "？"), ("!", "！")])
def test_other_half_width_marks_after_chinese(lint, mark, full):
    assert lint({CASE: case_yaml(f"'甲乙{mark}丙丁'")}, rule="punct-halfwidth") == [
        f"{CASE}:4:10: error punct-halfwidth half-width '{mark}' in Chinese text (write '{full}')",
    ]


def test_half_width_full_stop_at_the_end_of_a_paragraph(lint):
    assert lint({REPORT: report_yaml(lead="连日来开展工作.")}, rule="punct-halfwidth") == [
        f"{REPORT}:3:14: error punct-halfwidth half-width '.' in Chinese text (write '。')",
    ]


def test_half_width_brackets_around_chinese_are_both_reported(lint):
    assert lint({CASE: case_yaml("下发通知(试行)文件")}, rule="punct-halfwidth") == [
        f"{CASE}:4:11: error punct-halfwidth half-width '(' in Chinese text (write '（')",
        f"{CASE}:4:14: error punct-halfwidth half-width ')' in Chinese text (write '）')",
    ]


def test_three_dots_after_chinese_are_an_ellipsis(lint):
    assert lint({CASE: case_yaml("送医到家、温暖到家...")}, rule="punct-halfwidth") == [
        f"{CASE}:4:16: error punct-halfwidth '...' used as an ellipsis in Chinese text (write '……')",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "会议于10:30开始",  # a time
        "比例为1:2的配置",  # a ratio
        "升级到2.5版本",  # a decimal point
        "使用Word,Excel等软件",  # between Latin words
        "'1.加强组织领导'",  # a list number
        "使用Word软件的e.g.功能",  # a Latin abbreviation
        "'see (the notes) here'",  # English in brackets
    ],
)
def test_half_width_marks_that_are_not_chinese_punctuation(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="punct-halfwidth") == []


def test_half_width_comma_fix_takes_the_spaces_beside_it(lint):
    (finding,) = lint({CASE: case_yaml("'甲乙 , 丙丁'")}, rule="punct-halfwidth", findings=True)
    assert finding.location.column == 11
    assert (finding.edit.old, finding.edit.new) == (" , ", "，")


# -- punct-halfwidth-quote ------------------------------------------------------------------------


def test_half_width_double_quotes_in_chinese_text_pair_up(lint):
    findings = lint({CASE: case_yaml('以"党建引领"为主题')}, rule="punct-halfwidth-quote", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:4:8: error punct-halfwidth-quote half-width quote \" in Chinese text (write '“')",
        f"{CASE}:4:13: error punct-halfwidth-quote half-width quote \" in Chinese text (write '”')",
    ]
    assert [f.edit.new for f in findings] == ["“", "”"]


def test_an_odd_number_of_half_width_quotes_is_reported_without_a_fix(lint):
    (finding,) = lint({CASE: case_yaml('以"党建引领为主题')}, rule="punct-halfwidth-quote", findings=True)
    assert (
        finding.format()
        == f"{CASE}:4:8: error punct-halfwidth-quote half-width quote \" in Chinese text, and the quotes of this text do not pair up (write '“' … '”')"
    )
    assert finding.edit is None


def test_half_width_quotes_in_a_double_quoted_value_are_escapes(lint):
    (first, second) = lint({CASE: case_yaml('"以\\"党建引领\\"为主题"')}, rule="punct-halfwidth-quote", findings=True)
    assert (first.location.column, second.location.column) == (9, 15)
    assert first.edit.old == '\\"'


@pytest.mark.parametrize("text", ["'He said \"hi\" to me'", "使用it's功能", "'《Xi''an》考察'"])
def test_quotes_that_are_not_chinese_quotation_marks(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="punct-halfwidth-quote") == []


# -- punct-repeated ------------------------------------------------------------------------------


def test_repeated_comma(lint):
    assert lint({CASE: case_yaml("甲乙，，丙丁")}, rule="punct-repeated") == [
        f"{CASE}:4:9: error punct-repeated repeated punctuation '，，' (keep one '，')",
    ]


def test_full_stop_then_comma(lint):
    assert lint({CASE: case_yaml("甲乙。，丙丁")}, rule="punct-repeated") == [
        f"{CASE}:4:9: error punct-repeated punctuation marks in a row '。，' (keep the one that fits)",
    ]


def test_three_full_stops_are_not_an_ellipsis(lint):
    assert lint({CASE: case_yaml("甲乙。。。丙")}, rule="punct-repeated") == [
        f"{CASE}:4:9: error punct-repeated '。。。' used as an ellipsis (write '……')",
    ]


@pytest.mark.parametrize("text", ["难道不是吗？！", "送医到家……", "关怀送到基层一线——温暖到家", "甲，“乙”，丙"])
def test_marks_that_may_stand_together(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="punct-repeated") == []


# -- punct-missing-stop --------------------------------------------------------------------------


def test_lead_without_a_full_stop(lint):
    assert lint({REPORT: report_yaml(lead="连日来开展工作")}, rule="punct-missing-stop") == [
        f"{REPORT}:3:14: error punct-missing-stop paragraph does not end with a full stop (end it with '。')",
    ]


def test_paragraph_ending_with_a_comma(lint):
    assert lint({REPORT: report_yaml(text="下发通知，")}, rule="punct-missing-stop") == [
        f"{REPORT}:9:19: error punct-missing-stop paragraph ends with '，' instead of a full stop (write '。')",
    ]


def test_missing_stop_in_a_folded_block_points_after_the_last_character(lint):
    report = report_yaml().replace("lead: 连日来开展工作。\n", "lead: >-\n  连日来开展工作\n  确保平稳过峰\n")
    assert lint({REPORT: report}, rule="punct-missing-stop") == [
        f"{REPORT}:5:9: error punct-missing-stop paragraph does not end with a full stop (end it with '。')",
    ]


@pytest.mark.parametrize("lead", ["连日来开展工作。", "号召“应接尽接。”", "是否到位？", "大家说：“好！”"])
def test_paragraphs_that_end_properly(lint, lead):
    assert lint({REPORT: report_yaml(lead=lead)}, rule="punct-missing-stop") == []


def test_clauses_and_phrases_need_no_full_stop(lint):
    files = {CASE: case_yaml("积极组织志愿者到村开展服务"), REPORT: report_yaml(key_phrase="健全“作战体系”")}
    assert lint(files, rule="punct-missing-stop") == []


# -- punct-field-end -----------------------------------------------------------------------------


def test_case_text_ending_with_a_full_stop(lint):
    assert lint({CASE: case_yaml("积极组织志愿者到村开展服务。")}, rule="punct-field-end") == [
        f"{CASE}:4:20: error punct-field-end a case's text ends with '。'; the template follows it with '，' or '。' (delete the final '。')",
    ]


def test_key_phrase_ending_with_a_full_stop(lint):
    assert lint({REPORT: report_yaml(key_phrase="健全“作战体系”。")}, rule="punct-field-end") == [
        f"{REPORT}:8:29: error punct-field-end a key phrase ends with '。'; the template follows it with '。' (delete the final '。')",
    ]


def test_headline_ending_with_a_full_stop(lint):
    assert lint({REPORT: report_yaml(headline="组织群团力量筑牢屏障。")}, rule="punct-field-end") == [
        f"{REPORT}:1:21: error punct-field-end a headline or title ends with '。' (headings take no final punctuation; delete it)",
    ]


def test_clauses_ending_with_a_closing_quote_and_a_question_headline(lint):
    files = {
        REPORT: report_yaml(key_phrase="健全“作战体系”", headline="如何筑牢屏障？"),
        CASE: case_yaml("筑牢“战斗堡垒”"),
    }
    assert lint(files, rule="punct-field-end") == []


# -- punct-space ---------------------------------------------------------------------------------


def test_space_between_chinese_characters(lint):
    findings = lint({CASE: case_yaml("通过 采取干部下沉")}, rule="punct-space", findings=True)
    assert [f.format() for f in findings] == [f"{CASE}:4:9: error punct-space space between '过' and '采' (delete it)"]
    assert (findings[0].edit.old, findings[0].edit.new) == (" ", "")


def test_space_after_a_closing_quote(lint):
    assert lint({CASE: case_yaml("“三个一线” 方式")}, rule="punct-space") == [
        f"{CASE}:4:13: error punct-space space between '”' and '方' (delete it)"
    ]


def test_full_width_space_between_chinese_characters(lint):
    assert lint({CASE: case_yaml("确保平稳过\u3000峰")}, rule="punct-space") == [
        f"{CASE}:4:12: error punct-space full-width space between '过' and '峰' (delete it)"
    ]


def test_a_folded_line_break_between_chinese_characters_reads_as_a_space(lint):
    case = "id: c1\nunit: 测试单位\ndate: 2023-01-05\ntext: >-\n  积极组织志愿者\n  到村开展服务\n"
    findings = lint({CASE: case}, rule="punct-space", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:5:10: error punct-space a line break between '者' and '到' is read as a space "
        "(YAML folds a line break into a space: keep the text on one line, or use a literal block (|))"
    ]
    assert findings[0].edit is None


@pytest.mark.parametrize("text", ["使用 Word 软件", "共 3 人", "'Hello 世界'", "|\n  积极组织志愿者\n  到村开展服务"])
def test_spaces_that_are_not_between_chinese_characters(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="punct-space") == []


# -- pair-unbalanced and pair-nesting ------------------------------------------------------------


def test_unclosed_opening_quote(lint):
    assert lint({CASE: case_yaml("补位疫情防控“三支队伍")}, rule="pair-unbalanced") == [
        f"{CASE}:4:13: error pair-unbalanced '“' is not closed (add the closing '”' where the quoted or bracketed part ends)",
    ]


def test_closing_bracket_without_an_opening_one(lint):
    assert lint({CASE: case_yaml("下发通知试行）文件")}, rule="pair-unbalanced") == [
        f"{CASE}:4:13: error pair-unbalanced '）' has no opening '（' (add the opening '（', or delete this mark)",
    ]


def test_title_marks_and_quotes_must_pair_within_one_text(lint):
    assert lint({CASE: case_yaml("印发《方案的通知")}, rule="pair-unbalanced") == [
        f"{CASE}:4:9: error pair-unbalanced '《' is not closed (add the closing '》' where the quoted or bracketed part ends)",
    ]


def test_crossed_pairs(lint):
    assert lint({CASE: case_yaml("开展“博爱（送”万家）活动")}, rule="pair-nesting") == [
        f"{CASE}:4:14: error pair-nesting '”' closes the '“' while the '（' opened at 4:12 is still open (close '（' first, or move this mark)",
    ]


@pytest.mark.parametrize(
    "text", ["以“党建引领‘践初心’”为主题", "印发《关于（试行）的通知》", "'赴Xi’an考察'", "“甲”“乙”"]
)
def test_pairs_that_balance_and_nest(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="pair-unbalanced") == []
    assert lint({CASE: case_yaml(text)}, rule="pair-nesting") == []


# -- date-format and date-invalid -----------------------------------------------------------------


def test_leading_zero_in_month_is_reported_at_the_zero_and_fixed_by_deleting_it(lint):
    findings = lint({CASE: case_yaml("于2023年01月10日开展")}, rule="date-format", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:4:13: error date-format leading zero in the month of '2023年01月10日' (write '1月')"
    ]
    assert (findings[0].edit.old, findings[0].edit.new) == ("0", "")


def test_leading_zero_in_day_without_a_year(lint):
    assert lint({CASE: case_yaml("于1月05日开展")}, rule="date-format") == [
        f"{CASE}:4:10: error date-format leading zero in the day of '1月05日' (write '5日')"
    ]


def test_two_digit_year(lint):
    findings = lint({CASE: case_yaml("于23年1月10日开展")}, rule="date-format", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:4:8: error date-format two-digit year in '23年1月10日' (write the full year, e.g. 2023年)"
    ]
    assert findings[0].edit is None


def test_iso_date_in_chinese_text(lint):
    findings = lint({CASE: case_yaml("于2023-01-10开展")}, rule="date-format", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:4:8: error date-format date written '2023-01-10' in Chinese text (write '2023年1月10日')"
    ]
    assert findings[0].edit.new == "2023年1月10日"


def test_date_in_chinese_numerals(lint):
    findings = lint({CASE: case_yaml("二〇二三年一月十日开展")}, rule="date-format", findings=True)
    assert [f.format() for f in findings] == [
        f"{CASE}:4:7: error date-format date written in Chinese numerals '二〇二三年一月十日' (write '2023年1月10日' in Arabic numerals)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "于2023年1月10日开展",
        "连续3个月开展",
        "10月份以来",
        "'see https://x.org/2023-01-10/a'",
        "工作3年1月有余",
        "编号2023-0001",
    ],
)
def test_dates_written_well_and_numbers_that_are_not_dates(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="date-format") == []


def test_a_day_that_does_not_exist(lint):
    assert lint({CASE: case_yaml("于2023年2月30日开展")}, rule="date-invalid") == [
        f"{CASE}:4:8: error date-invalid '2023年2月30日' is not a date (check the month and day)"
    ]


def test_leap_day_is_a_date(lint):
    assert lint({CASE: case_yaml("于2024年2月29日开展")}, rule="date-invalid") == []


def test_chinese_number_values():
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十五", "一百零五", "两千", "二〇二三", "三万五千")] == [
        3,
        10,
        12,
        25,
        105,
        2000,
        2023,
        35000,
    ]


# -- number-thousands ----------------------------------------------------------------------------


def test_thousands_separator_in_chinese_text(lint):
    assert lint({CASE: case_yaml("共动员25,719名志愿者")}, rule="number-thousands") == [
        f"{CASE}:4:10: error number-thousands thousands separator in '25,719' (write '25719')",
    ]


@pytest.mark.parametrize("text", ["共动员25719名志愿者", "'values 1,234 and 5,678'", "第3,4条"])
def test_numbers_without_thousands_separators(lint, text):
    assert lint({CASE: case_yaml(text)}, rule="number-thousands") == []


# -- placeholders ----------------------------------------------------------------------------------


def test_figure_placeholders_are_not_text(lint):
    case = case_yaml("为{households}群众送去价值{goods}的物资") + "figures:\n  households: 79户\n  goods: 4700元\n"
    assert lint({CASE: case}) == []
