"""Tests for the document rules of reportgen.lint: consistency across a report or brief and its cases."""

from __future__ import annotations

import pytest

REPORT = "data/reports/r.yaml"
BRIEF = "data/briefs/b.yaml"
LEAD = "通过采取干部下沉到一线、履职尽责到一线、汇聚资源到一线“三个一线”方式开展工作。"


def three_sections(
    lead: str = LEAD,
    third: str = "凝聚资源到一线",
    first_text: str = "下发通知。",
    second_text: str = "下发提示。",
    first_cases: str = "[]",
) -> str:
    """Return a report with three sections; the lead is on line 3, the third front line on line 17."""
    return (
        "headline: “三个一线”筑牢屏障\n"
        "date: 2023-01-10\n"
        f"lead: {lead}\n"
        "sections:\n"
        "  - theme: 践行初心使命\n"
        "    front_line: 干部下沉到一线\n"
        "    points:\n"
        "      - key_phrase: 健全“作战体系”\n"
        f"        text: {first_text}\n"
        f"        cases: {first_cases}\n"
        "  - theme: 强化责任担当\n"
        "    front_line: 履职尽责到一线\n"
        "    points:\n"
        "      - key_phrase: 筑牢“战斗堡垒”\n"
        f"        text: {second_text}\n"
        "  - theme: 发挥组织优势\n"
        f"    front_line: {third}\n"
        "    points:\n"
        "      - key_phrase: 广泛动员“聚力量”\n"
        "        text: 汇聚各方力量。\n"
    )


def case_yaml(
    case_id: str, unit: str, front_line: str = "干部下沉到一线", text: str = "组织志愿者到村开展服务", figures: str = ""
) -> str:
    return f"id: {case_id}\nunit: {unit}\ndate: 2023-01-05\nfront_line: {front_line}\ntext: {text}\n{figures}"


@pytest.fixture
def lint(lint_files):
    return lint_files


# -- consistency-front-line ----------------------------------------------------------------------


def test_lead_naming_a_front_line_differently_from_its_heading(lint):
    assert lint({REPORT: three_sections()}) == [
        f"{REPORT}:3:27: warning consistency-front-line the lead lists '汇聚资源到一线' but the heading of section 3 (line 17) says '凝聚资源到一线' "
        "(use the same words in both places)",
    ]


def test_lead_and_headings_that_match_word_for_word(lint):
    assert lint({REPORT: three_sections(third="汇聚资源到一线")}) == []


def test_lead_that_lists_no_front_lines(lint):
    assert (
        lint(
            {REPORT: three_sections(lead="连日来，全市群团组织下沉到村开展疫情防控工作。")},
            rule="consistency-front-line",
        )
        == []
    )


def test_lead_that_leaves_a_front_line_out(lint):
    lead = "通过采取干部下沉到一线、履职尽责到一线等方式开展工作。"
    assert lint({REPORT: three_sections(lead=lead)}, rule="consistency-front-line") == [
        f"{REPORT}:3:7: warning consistency-front-line the lead lists the other front lines but not '凝聚资源到一线' (section 3, line 17) (name every front line in the lead, or none)",
    ]


def test_lead_that_lists_the_front_lines_out_of_order(lint):
    lead = "通过采取履职尽责到一线、干部下沉到一线、凝聚资源到一线方式开展工作。"
    assert lint({REPORT: three_sections(lead=lead)}, rule="consistency-front-line") == [
        f"{REPORT}:3:11: warning consistency-front-line the lead lists the front lines in a different order from the sections (list them in the order of the sections)",
    ]


def test_case_used_under_another_front_line(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1]"),
        "data/cases/c1.yaml": case_yaml("c1", "碧江区总工会", front_line="履职尽责到一线"),
    }
    assert lint(files, rule="consistency-front-line") == [
        f"{REPORT}:10:17: warning consistency-front-line case 'c1' belongs to '履职尽责到一线' but is used under section 1, '干部下沉到一线' (move the case to its section, or correct its front_line)",
    ]


def test_case_used_under_its_own_front_line(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1]"),
        "data/cases/c1.yaml": case_yaml("c1", "碧江区总工会"),
    }
    assert lint(files, rule="consistency-front-line") == []


# -- number-mixed ------------------------------------------------------------------------------------


def test_chinese_and_arabic_numerals_for_the_same_count(lint):
    files = {REPORT: three_sections(first_text="要求9个群团组织下沉。", second_text="深入三个村开展工作。")}
    assert lint(files, rule="number-mixed") == [
        f"{REPORT}:15:17: warning number-mixed '三个' is in Chinese numerals, but '9个' at {REPORT}:9:17 counts 个 in Arabic numerals (write '3个')",
    ]


def test_chinese_numerals_in_a_case_against_a_figure(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1]"),
        "data/cases/c1.yaml": case_yaml(
            "c1",
            "团市委",
            text="招募志愿者{volunteers}、组建两支车队",
            figures="figures:\n  volunteers: 1636人\n  convoys: 3支\n",
        ),
    }
    assert lint(files, rule="number-mixed") == [
        "data/cases/c1.yaml:5:27: warning number-mixed '两支' is in Chinese numerals, but '3支' at data/cases/c1.yaml:8:12 counts 支 in Arabic numerals (write '2支')",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "开展“五个到家”活动。",  # a name in quotes
        "建立一个工作台账。",  # 一个: the article
        "走访三四个村。",  # an estimate
        "组建三支队伍。",  # another measure word than 个
    ],
)
def test_chinese_numerals_that_are_not_mixed_counts(lint, text):
    files = {REPORT: three_sections(first_text="要求9个群团组织下沉。", second_text=text)}
    assert lint(files, rule="number-mixed") == []


def test_set_phrases_from_the_word_list_keep_their_numerals(lint):
    files = {
        REPORT: three_sections(first_text="要求9个群团组织下沉。", second_text="增强两个维护的自觉。"),
        "data/wordlist.yaml": "words: []\nset_phrases: [两个维护]\n",
    }
    assert lint(files, rule="number-mixed") == []


# -- consistency-unit --------------------------------------------------------------------------------


def test_unit_named_another_way_in_the_text(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1]", second_text="江口县团委组织志愿者到村。"),
        "data/cases/c1.yaml": case_yaml("c1", "共青团江口县委"),
    }
    assert lint(files, rule="consistency-unit") == [
        f"{REPORT}:15:15: warning consistency-unit '江口县团委' here, but the unit is named '共青团江口县委' at data/cases/c1.yaml:2:7 (write the unit the same way everywhere)",
    ]


def test_two_cases_naming_one_unit_two_ways(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1, c2]"),
        "data/cases/c1.yaml": case_yaml("c1", "共青团江口县委"),
        "data/cases/c2.yaml": case_yaml("c2", "江口县团委"),
    }
    assert lint(files, rule="consistency-unit") == [
        "data/cases/c2.yaml:2:7: warning consistency-unit '江口县团委' is written '共青团江口县委' at data/cases/c1.yaml:2:7 (write the unit the same way everywhere)",
    ]


def test_different_units_and_short_references_are_not_variants(lint):
    files = {
        REPORT: three_sections(third="汇聚资源到一线", first_cases="[c1, c2, c3]", second_text="区总工会迅速行动。"),
        "data/cases/c1.yaml": case_yaml("c1", "共青团江口县委"),
        "data/cases/c2.yaml": case_yaml("c2", "团市委"),
        "data/cases/c3.yaml": case_yaml("c3", "碧江区总工会"),
    }
    assert lint(files, rule="consistency-unit") == []


def test_measure_spelled_two_ways_in_one_document(lint):
    files = {
        REPORT: three_sections(first_text="往返20公里。", second_text="步行30千米。"),
        "data/wordlist.yaml": "words: []\nvariants:\n  - [公里, 千米]\n",
    }
    assert lint(files, rule="consistency-unit") == [
        f"{REPORT}:15:19: warning consistency-unit '千米' here, but '公里' at {REPORT}:9:19 (write '公里' throughout (or the other, but one of them))",
    ]


def test_measure_spelled_one_way(lint):
    files = {
        REPORT: three_sections(first_text="往返20公里。", second_text="步行30公里。"),
        "data/wordlist.yaml": "words: []\nvariants:\n  - [公里, 千米]\n",
    }
    assert lint(files, rule="consistency-unit") == []


# -- consistency-total -------------------------------------------------------------------------------


def brief_yaml(total: str) -> str:
    """Return a brief whose declared total is on line 13 (value at column 12)."""
    return (
        "name: 工作简报\n"
        "issue: 1\n"
        "compiler: 市委宣传部\n"
        "date: 2023-01-12\n"
        "articles:\n"
        "  - title: 群团组织筑牢屏障\n"
        "    lead: 现将做法摘编如下。\n"
        "    cases: [c1, c2]\n"
        "    closing: 共送去价值{goods_total}的物资。\n"
        "copies: 50\n"
        "figures:\n"
        "  goods_total:\n"
        f"    value: {total}\n"
        "    unit: 元\n"
        "    sum_of:\n"
        "      figure: goods\n"
        "      cases: [c1, c2]\n"
    )


def _total_cases(first: str = "4700元") -> dict[str, str]:
    return {
        "data/cases/c1.yaml": case_yaml(
            "c1", "思南县红十字会", text="为群众送去价值{goods}的物资", figures=f"figures:\n  goods: {first}\n"
        ),
        "data/cases/c2.yaml": case_yaml(
            "c2", "共青团印江自治县委", text="送去价值{goods}的爱心物资", figures="figures:\n  goods: 75000元\n"
        ),
    }


def test_declared_total_that_disagrees_with_its_cases(lint):
    assert lint({BRIEF: brief_yaml("79000"), **_total_cases()}, rule="consistency-total") == [
        f"{BRIEF}:13:12: warning consistency-total 'goods_total' is 79000元, but the 'goods' figures of its 2 cases add up to 4700 + 75000 = 79700元 "
        "(write 79700, or check the cases listed in sum_of)",
    ]


def test_declared_total_that_agrees_with_its_cases(lint):
    assert lint({BRIEF: brief_yaml("79700"), **_total_cases()}) == []


def test_approximate_figures_allow_a_larger_total_but_not_a_smaller_one(lint):
    assert lint({BRIEF: brief_yaml("86000"), **_total_cases("1万余元")}, rule="consistency-total") == []
    assert lint({BRIEF: brief_yaml("80000"), **_total_cases("1万余元")}, rule="consistency-total") == [
        f"{BRIEF}:13:12: warning consistency-total 'goods_total' is 80000元, but the 'goods' figures of its 2 cases add up to 10000 + 75000 = 85000元 "
        "(write 85000, or check the cases listed in sum_of)",
    ]


def test_a_subsection_front_line_is_the_one_a_case_is_held_to(lint):
    report = three_sections(third="汇聚资源到一线").replace(
        "        cases: []\n",
        "        cases: []\n    subsections:\n      - theme: 细化分工\n        front_line: 履职尽责到一线\n        points:\n          - key_phrase: 压实责任\n            cases: [c1]\n",
    )
    files = {REPORT: report, "data/cases/c1.yaml": case_yaml("c1", "碧江区总工会", front_line="履职尽责到一线")}
    assert lint(files, rule="consistency-front-line") == []
    files["data/cases/c1.yaml"] = case_yaml("c1", "碧江区总工会", front_line="凝聚资源到一线")
    assert lint(files, rule="consistency-front-line") == [
        f"{REPORT}:16:21: warning consistency-front-line case 'c1' belongs to '凝聚资源到一线' but is used under section 1, '履职尽责到一线' (move the case to its section, or correct its front_line)",
    ]
