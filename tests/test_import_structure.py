"""Structure recognition on texts of other shapes than the seed."""

import datetime as dt
from pathlib import Path

import yaml
from test_import_support import FIXTURES

from reportgen import numbering
from reportgen.importer.command import format_notes, import_document

TODAY = dt.date(2024, 5, 6)


def imported(path: Path, tmp_path: Path):
    result = import_document(path, cases_dir=tmp_path / "cases", today=TODAY)
    return result, yaml.safe_load(result.report_text)


def case_data(result, case_id: str) -> dict:
    return yaml.safe_load(result.case_texts[case_id])


def test_sections_with_subsections_and_points_inside_them(tmp_path):
    _result, report = imported(FIXTURES / "subsections.txt", tmp_path)
    assert report["title"] == "城乡环境整治工作经验交流材料"
    assert report["headline"] == "“三清三改”推动城乡环境面貌持续改善"
    assert report["lead"] == "今年以来，*县坚持把城乡环境整治作为民生实事，以“三清三改”为抓手，推动城乡环境持续改善。"
    first, second = report["sections"]
    assert (first["theme"], first["front_line"]) == ("突出规划引领", "建立长效机制")
    assert "points" not in first
    assert [sub["theme"] for sub in first["subsections"]] == ["健全工作体系", "强化要素保障"]
    assert [p["key_phrase"] for p in first["subsections"][0]["points"]] == ["压实“主体责任”", "完善“考核办法”"]
    assert [p["key_phrase"] for p in first["subsections"][1]["points"]] == ["加大“资金投入”", "配强“保洁队伍”"]
    assert [p["key_phrase"] for p in second["points"]] == ["开展“积分评比”", "推进“移风易俗”"]
    assert report["issuer"] == "*县城乡环境整治工作领导小组办公室"
    assert report["date"] == dt.date(2023, 3, 15)


def test_points_without_cases_keep_all_their_text(tmp_path):
    _result, report = imported(FIXTURES / "subsections.txt", tmp_path)
    point = report["sections"][0]["subsections"][0]["points"][1]
    assert point == {"key_phrase": "完善“考核办法”", "text": "将环境整治纳入年度综合考核，实行月排名、季通报。"}


def test_a_case_in_a_subsection_with_unit_and_figures(tmp_path):
    result, report = imported(FIXTURES / "subsections.txt", tmp_path)
    point = report["sections"][0]["subsections"][1]["points"][0]
    assert point["text"] == "县财政安排专项资金，统筹用于垃圾收运设施建设。"
    assert point["cases"] == ["县住建局"]
    case = case_data(result, "县住建局")
    assert case["unit"] == "县住建局"
    assert case["text"] == "争取上级资金{amount}，新建垃圾中转站6座"
    assert case["figures"] == {"amount": "1200万元"}
    assert case["front_line"] == "建立长效机制"


def test_a_case_spanning_two_sentences_and_the_closing_after_it(tmp_path):
    result, report = imported(FIXTURES / "subsections.txt", tmp_path)
    point = report["sections"][1]["points"][0]
    assert point["cases"] == ["石阡县妇联"]
    assert point["closing"] == "截至目前，全县参与积分评比的农户达1.2万户。"
    case = case_data(result, "石阡县妇联")
    assert case["text"] == "在龙塘镇大屯村开展“美丽庭院”评比活动，评选示范户{households}。活动共发放价值{value}的奖品"
    assert case["figures"] == {"households": "35户", "value": "2万余元"}
    assert (case["region"], case["place"]) == ("石阡县", "龙塘镇大屯村")
    assert case["date"] == dt.date(2023, 3, 15)


def test_figures_in_a_points_text_are_shown_beside_it(tmp_path):
    result, _report = imported(FIXTURES / "subsections.txt", tmp_path)
    assert (
        "            # figures: 300人、1名、850名\n            text: 按照每300人配备1名保洁员的标准，聘用保洁员850名。"
        in result.report_text
    )
    assert (
        "        # figures: 1.2万户\n        closing: 截至目前，全县参与积分评比的农户达1.2万户。" in result.report_text
    )


def test_several_cases_in_one_example_sentence(tmp_path):
    source = tmp_path / "two-cases.txt"
    source.write_text(
        "志愿服务经验交流材料\n“志愿红”温暖群众心\n近日，*市组织志愿者开展服务。\n"
        "一、凝聚各方力量\n一是广泛动员“聚力量”。各群团组织全力协助做好排查登记工作。"
        "如团市委招募志愿者1636人、志愿车队3支到村协助开展服务工作，市文联向全市文艺工作者发出倡议书，167名文艺志愿者下沉一线开展义务送春联活动。\n",
        encoding="utf-8",
    )
    result, report = imported(source, tmp_path)
    assert report["sections"][0]["points"][0]["cases"] == ["团市委", "市文联"]
    assert case_data(result, "团市委")["text"] == "招募志愿者{people}、志愿车队{teams}到村协助开展服务工作"
    assert case_data(result, "团市委")["figures"] == {"people": "1636人", "teams": "3支"}
    assert (
        case_data(result, "市文联")["text"]
        == "向全市文艺工作者发出倡议书，{people}文艺志愿者下沉一线开展义务送春联活动"
    )


def _cn_document(tmp_path: Path) -> Path:
    lines = ["农村人居环境整治经验交流材料", "十一项举措建设美丽乡村", "近年来，*县多措并举改善农村人居环境。"]
    for n in range(1, 12):
        lines.append(
            f"{numbering.section_number(n)}第{numbering.cn_numeral(n)}项举措，落实第{numbering.cn_numeral(n)}项任务。"
        )
        lines.append("一是强化“组织保障”。成立工作专班。")
    points = "".join(
        f"{numbering.point_ordinal(n)}抓好“第{numbering.cn_numeral(n)}件事”。按计划推进。" for n in range(1, 12)
    )
    lines[-1] = points + "如某县团委组织志愿者三十余名开展清扫活动。"
    path = tmp_path / "numerals.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_section_and_point_numbers_in_chinese_numerals_up_to_eleven(tmp_path):
    result, report = imported(_cn_document(tmp_path), tmp_path)
    assert len(report["sections"]) == 11
    assert report["sections"][10]["theme"] == "第十一项举措"
    last = report["sections"][10]["points"]
    assert len(last) == 11
    assert last[9]["key_phrase"] == "抓好“第十件事”"
    assert last[10]["key_phrase"] == "抓好“第十一件事”"
    assert result.faithful


def test_a_count_in_chinese_numerals_is_kept_as_written_and_listed(tmp_path):
    result, report = imported(_cn_document(tmp_path), tmp_path)
    case = case_data(result, report["sections"][10]["points"][10]["cases"][0])
    assert case["unit"] == "某县团委"
    assert case["text"] == "组织志愿者三十余名开展清扫活动"
    assert "figures" not in case
    lines = format_notes(result)
    assert any(
        line.endswith(
            ":25:200: doubt: count written in Chinese numerals '三十余名' (30余名); kept as written, though counts are usually written in Arabic numerals"
        )
        for line in lines
    ), lines


def test_a_ru_sentence_without_a_unit_stays_in_the_text_and_is_listed(tmp_path):
    result, report = imported(FIXTURES / "ru_without_unit.txt", tmp_path)
    first, second = report["sections"][0]["points"]
    assert first["text"] == "全区划分网格320个，配备专职网格员。如有群众反映问题，网格员第一时间上门处理。"
    assert second["text"] == "定期开展网格员业务培训。如大坪组织群众清理沟渠，效果明显。"
    assert "cases" not in second
    message = "a sentence starting with 如 names no unit that can be recognised; kept in the text as written"
    assert (
        f"{FIXTURES.relative_to(Path.cwd()) if FIXTURES.is_relative_to(Path.cwd()) else FIXTURES}/ru_without_unit.txt:5:75: doubt: {message}"
        in format_notes(result)
    )
    assert f"        # doubt 5:75: {message}\n        text: 定期开展网格员业务培训。" in result.report_text


def test_noise_and_lost_marks_in_another_document(tmp_path):
    result, report = imported(FIXTURES / "noisy.txt", tmp_path)
    assert report["title"] == "冬季送温暖工作经验交流材料"
    assert report["headline"] == "“暖冬行动”让困难群众温暖过冬"
    assert report["lead"] == "近日，*区组织群团力量开展“暖冬行动”，把温暖送到困难群众家中。"
    points = report["sections"][0]["points"]
    assert [p["key_phrase"] for p in points] == ["摸清“困难底数”", "送上“暖心物资”", "开展“结对帮扶”"]
    assert points[1]["text"] == "为困难群众送去棉被、大米等物资。"
    assert case_data(result, "区总工会")["text"] == "走访慰问困难职工{households}，送去慰问金{amount}"
    assert case_data(result, "区总工会")["figures"] == {"households": "86户", "amount": "4.3万元"}
    lines = [line.split("noisy.txt:", 1)[1] for line in format_notes(result) if "noisy.txt:" in line]
    assert (
        "1:1: removed '《冬季送温暖工作经验交流材料.docx》由会员分…': the document-sharing site's notice line" in lines
    )
    assert "3:1: removed '2、': page-chunk marker of the sharing site; the chunks are joined (万|元)" in lines
    assert (
        "2:119: added '”。': lost closing quote and full stop restored: 送上“暖心物资”。 (from the length of the other key phrases and a removed space)"
        in lines
    )
    assert "3:14: added '”': lost closing quote restored: 开展“结对帮扶”。 (from the '。' after it)" in lines
    assert result.faithful


def test_the_faithfulness_check_finds_text_that_went_missing(tmp_path):
    from reportgen.importer.mapped import Ledger
    from reportgen.importer.noise import clean
    from reportgen.importer.readers import read_source
    from reportgen.importer.structure import check_faithful, recognise

    document = read_source(FIXTURES / "subsections.txt")
    ledger = Ledger()
    report, repaired = recognise(document, clean(document, ledger), ledger)
    assert check_faithful(report, repaired, ledger)
    point = report.sections[1].points[1]
    point.text = point.text[:5]  # as if a bug had cut the point short
    assert not check_faithful(report, repaired, ledger)
    doubt = ledger.doubts[-1]
    assert document.position(doubt.offset) == (10, 126)
    assert (
        doubt.message
        == "the report does not read back as the source from here ('善村规民约，倡导文明新风…' became '*县城乡环境整治工作领导…'); check this place"
    )


def test_four_heading_levels_nest_one_in_another(tmp_path):
    source = tmp_path / "levels.txt"
    source.write_text(
        "“四级联动”提升服务效能\n"
        "近年来，*市构建四级联动服务体系。\n"
        "一、健全组织体系\n"
        "（一）市级统筹\n"
        "1.建立工作专班\n"
        "（1）明确职责分工\n"
        "一是细化“责任清单”。逐项明确牵头单位。\n"
        "（2）完善会商机制\n"
        "每月召开一次联席会议。\n"
        "2.强化督导检查\n"
        "开展季度督查。\n",
        encoding="utf-8",
    )
    result, report = imported(source, tmp_path)
    level1 = report["sections"][0]
    level2 = level1["subsections"][0]
    level3 = level2["subsections"]
    assert (level1["theme"], level2["theme"]) == ("健全组织体系", "市级统筹")
    assert [s["theme"] for s in level3] == ["建立工作专班", "强化督导检查"]
    assert [s["theme"] for s in level3[0]["subsections"]] == ["明确职责分工", "完善会商机制"]
    assert level3[0]["subsections"][0]["points"] == [{"key_phrase": "细化“责任清单”", "text": "逐项明确牵头单位。"}]
    assert level3[0]["subsections"][1]["intro"] == "每月召开一次联席会议。"
    assert level3[1]["intro"] == "开展季度督查。"
    assert "title" not in report
    assert result.faithful
