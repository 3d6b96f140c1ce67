"""Importing the seed document: the structure, the hand-made data it matches, and the import report."""

from pathlib import Path

import pytest
from seedtext import SEED_FILE, seed_sentences
from test_import_support import in_order, load, run_import, without_comments

SEED = str(SEED_FILE)


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_check_prints_the_structure_found_and_writes_nothing(project):
    before = files_under(project)
    result = run_import(SEED, "--check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "     2:3  title     农村疫情防控工作经验交流材料" in lines
    assert "    2:17  headline  “三个一线”组织群团力量筑牢农村疫情防控屏障" in lines
    assert "   2:150  一、践行初心使命，干部下沉到一线" in lines
    assert "    3:23    二是配强“作战队伍”。 text 120字  figures: 80%、2222人次" in lines
    assert (
        "   3:270      如 碧江区总工会 [bijiang-federation-of-trade-unions, in the library] (碧江区; 坝黄镇泥哨村; 1万余元)"
        in lines
    )
    assert "    7:28      closing  截至目前，全市各群团组织共动员25719名志愿者到村开展志愿…（33字）" in lines
    assert "3 sections, 9 points, 7 cases" in lines
    assert files_under(project) == before


def test_the_seed_imports_as_the_hand_made_report(project):
    result = run_import(SEED, "-o", "data/reports/seed.yaml")
    assert result.exit_code == 0, result.output
    imported = load(project / "data/reports/seed.yaml")
    hand_made = load(project / "data/reports/three-front-lines.yaml")
    # the seed names no issuer, author or date: those the office adds by hand
    for key in ("issuer", "author", "date"):
        hand_made.pop(key)
    imported.pop("date")
    assert imported == hand_made
    # every case is the same as one already in the library, so none is written twice
    assert (
        "case 碧江区总工会: the same case is already in data/cases/bijiang-federation-of-trade-unions.yaml (id bijiang-federation-of-trade-unions); referenced, not written"
        in result.output
    )
    assert "wrote data/cases/" not in result.output


def test_the_seeds_cases_go_into_an_empty_library_as_the_hand_made_ones(project):
    from reportgen.library import load_case_library
    from reportgen.project import Project

    result = run_import(SEED, "-o", "imported/report.yaml", "--cases-dir", "imported/cases")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (project / "imported/cases").iterdir())
    assert written == sorted(
        f"{unit}.yaml"
        for unit in (
            "碧江区总工会",
            "玉屏县大龙街道工青妇组织",
            "共青团江口县委",
            "思南县红十字会",
            "团市委",
            "市文联",
            "共青团印江自治县委",
        )
    )
    hand_made, problems = load_case_library(Project(project))
    assert not [p for p in problems if p.is_error]
    new_root = project / "imported" / "root"
    (new_root / "data").mkdir(parents=True)
    (new_root / "data" / "cases").symlink_to(project / "imported/cases")
    ours, problems = load_case_library(Project(new_root))
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    assert sorted(e.view.sentence for e in ours.entries.values()) == sorted(
        e.view.sentence for e in hand_made.entries.values()
    )
    bijiang = load(project / "imported/cases/碧江区总工会.yaml")
    assert (bijiang["region"], bijiang["place"], bijiang["front_line"]) == ("碧江区", "坝黄镇泥哨村", "干部下沉到一线")
    assert bijiang["figures"] == {"value": "1万余元"}
    report = load(project / "imported/report.yaml")
    assert report["sections"][2]["points"][0]["cases"] == ["团市委", "市文联"]


def test_building_the_imported_seed_gives_every_sentence_of_the_seed_in_order(project, run_cli):
    from docxinspect import document_text

    result = run_import(SEED, "-o", "data/reports/seed.yaml", "--cases-dir", "data/seed-cases")
    assert result.exit_code == 0, result.output
    # the imported cases sit beside the library's; move them in under their own ids
    for path in (project / "data/seed-cases").iterdir():
        path.rename(project / "data/cases" / path.name)
    built = run_cli("build", "-j", "1", "data/reports/seed.yaml")
    assert built.exit_code == 0, built.output
    text = document_text(project / "output/seed.docx")
    assert in_order(text, seed_sentences()) == []


def test_the_import_report_lists_every_removal_and_doubt_with_its_place(project):
    result = run_import(SEED, "--check")
    shown = SEED
    expected = [
        f"{shown}:1:1: removed '《农村疫情防控工作经验交流材料.docx》由会员…': the document-sharing site's notice line",
        f"{shown}:2:1: removed '1、': page-chunk marker of the sharing site",
        f"{shown}:3:1: removed '2、': page-chunk marker of the sharing site; the chunks are joined (党|委)",
        f"{shown}:2:68: removed ' ': stray space in Chinese text (过␣采)",
        f"{shown}:2:42: changed ',': half-width ',' made full-width '，'",
        f"{shown}:3:20: changed '：': '：' before 二是 read as a lost full stop '。'",
        f"{shown}:3:20: added '”': lost closing quote restored: “三支队伍” (quoted so elsewhere in the text)",
        f"{shown}:3:30: added '”。': lost closing quote and full stop restored: 配强“作战队伍”。 (from the length of the other key phrases)",
        f"{shown}:3:30: doubt: where the key phrase 配强“作战队伍” ends was guessed from the length of the other key phrases; check it",
        f"{shown}:4:87: changed '，': '，' after 筑牢“战斗堡垒 read as the lost closing quote and full stop: 筑牢“战斗堡垒”。",
        f"{shown}:5:176: added '”。': lost closing quote and full stop restored: 开展“五个到家”。 (from “五个到家” elsewhere in the text)",
        f"{shown}:2:39: doubt: headline and lead were run together; the lead is taken to begin at '连日来'",
        f"{shown}: doubt: the source gives no date; the day of the import is written here, correct it",
    ]
    lines = result.output.splitlines()
    for line in expected:
        assert line in lines
    assert lines[-1] == (
        f"{shown}: removed 6 page-chunk markers, 1 notice line, 56 stray spaces; "
        "changed 69 half-width marks, 1 closing quote, 1 full stop; added 4 closing quotes; 3 doubts"
    )


def test_the_yaml_carries_the_doubts_as_comments(project):
    run_import(SEED, "-o", "data/reports/seed.yaml")
    text = (project / "data/reports/seed.yaml").read_text(encoding="utf-8")
    assert (
        "        # doubt 3:30: where the key phrase 配强“作战队伍” ends was guessed from the length of the other key phrases; check it\n      - key_phrase: 配强“作战队伍”\n"
        in text
    )
    assert "# doubt the source gives no date; the day of the import is written here, correct it\ndate: " in text
    assert "#   3:1: removed '2、': page-chunk marker of the sharing site; the chunks are joined (党|委)\n" in text
    assert without_comments(text).count("#") == 0


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_the_seed_in_other_encodings_imports_the_same(project, tmp_path, encoding):
    copy = tmp_path / "seed.txt"
    copy.write_bytes(Path(SEED).read_text(encoding="utf-8").encode(encoding))
    first = run_import(SEED, "-o", "a.yaml", "--cases-dir", "cases-a")
    second = run_import(copy, "-o", "b.yaml", "--cases-dir", "cases-b")
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    a, b = load(project / "a.yaml"), load(project / "b.yaml")
    assert a == b
