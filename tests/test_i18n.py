"""Messages in Chinese and English: the catalogs, the locale, and --lang."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def _run(project, *args, lang_env="zh_CN.UTF-8"):
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": lang_env, "CI": "1"})
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_every_message_id_is_in_both_catalogs():
    import catalogs

    template = catalogs.extract()
    ids = [m.id for m in template if m.id]
    assert len(ids) > 100
    assert catalogs.missing(template, "zh_CN") == []
    assert catalogs.missing(template, "en") == []


def test_compiled_catalogs_match_their_sources():
    from reportgen.i18n import LOCALE_DIR

    for locale in ("zh_CN", "en"):
        po = LOCALE_DIR / locale / "LC_MESSAGES" / "reportgen.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} was not compiled: reinstall the package (pip install -e .)"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{mo} is older than {po}: reinstall the package"


def _break_a_case(project):
    case = project / "data/cases/sinan-red-cross.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("unit: 思南县红十字会", "unti: 思南县红十字会"), encoding="utf-8"
    )


def test_validation_error_in_chinese_from_the_locale(project):
    _break_a_case(project)
    result = _run(project, "validate")
    assert result.returncode == 1
    assert "data/cases/sinan-red-cross.yaml:3:1: 未知的键“unti”（是否应为“unit”？）" in result.stderr
    assert "发现 4 个错误。" in result.stderr  # the case, and where the report and the brief (by id, by query) use it


def test_lang_option_overrides_the_locale(project):
    _break_a_case(project)
    result = _run(project, "--lang", "en", "validate")
    assert "data/cases/sinan-red-cross.yaml:3:1: unknown key 'unti' (did you mean 'unit'?)" in result.stderr
    assert "4 errors found." in result.stderr
    result = _run(project, "--lang", "zh", "validate", lang_env="C")
    assert "未知的键“unti”" in result.stderr


def test_missing_field_named_with_its_chinese_label(project):
    case = project / "data/cases/sinan-red-cross.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("unit: 思南县红十字会\n", ""), encoding="utf-8")
    result = _run(project, "validate")
    assert "data/cases/sinan-red-cross.yaml:2:1: 缺少必填项 单位 `unit`（请添加 `unit: …`）" in result.stderr


def test_build_summary_and_help_in_chinese(project):
    result = _run(project, "build", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert "已写出 output/three-front-lines.docx" in result.stdout
    assert "生成 2 个，最新 0 个，失败 0 个" in result.stdout
    again = _run(project, "--lang", "en", "build")
    assert "0 built, 2 up to date, 0 failed" in again.stdout
    help_text = _run(project, "build", "--help").stdout
    assert "用法：" in help_text and "只有条目、案例或模板改动过的文档才会重新生成。" in help_text


def test_english_with_an_english_locale(project):
    result = _run(project, "build", "-j", "1", lang_env="en_US.UTF-8")
    assert "2 built, 0 up to date, 0 failed" in result.stdout


def test_chinese_by_default_with_a_c_posix_or_no_locale(project):
    _break_a_case(project)
    for lang_env in ("C", "C.UTF-8", "POSIX", ""):
        result = _run(project, "validate", lang_env=lang_env)
        assert result.returncode == 1
        assert "data/cases/sinan-red-cross.yaml:3:1: 未知的键“unti”（是否应为“unit”？）" in result.stderr, lang_env
        assert (
            "发现 4 个错误。" in result.stderr
        )  # the case, and where the report and the brief (by id, by query) use it


def test_lang_option_after_the_command(project):
    _break_a_case(project)
    result = _run(project, "validate", "--lang", "en", lang_env="C.UTF-8")
    assert "data/cases/sinan-red-cross.yaml:3:1: unknown key 'unti' (did you mean 'unit'?)" in result.stderr
    assert "4 errors found." in result.stderr
    built = _run(project, "build", "--lang=en", "-j", "1", lang_env="zh_CN.UTF-8")
    assert built.returncode == 1
    assert "data/cases/sinan-red-cross.yaml:3:1: unknown key 'unti' (did you mean 'unit'?)" in built.stderr
    assert "未知" not in built.stderr
    help_text = _run(project, "build", "--help", "--lang", "en", lang_env="C").stdout
    assert "Usage:" in help_text and "--lang [zh|en]" in help_text


def test_reportgen_lang_variable_asks_for_english(project):
    _break_a_case(project)
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": "C.UTF-8", "REPORTGEN_LANG": "en", "CI": "1"})
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "validate"], cwd=project, env=env, capture_output=True, text=True
    )
    assert "unknown key 'unti'" in result.stderr


def test_full_width_colon_in_chinese_with_a_c_locale(project):
    """Issue 12: `LANG=C.UTF-8 reportgen validate` on `region：江口县` names the colon, at its line and column."""
    case = project / "data/cases/sinan-red-cross.yaml"
    text = case.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("region:"))
    case.write_text(text.replace("region: 思南县", "region：江口县"), encoding="utf-8")
    result = _run(project, "validate", lang_env="C.UTF-8")
    assert result.returncode == 1
    assert (
        f"data/cases/sinan-red-cross.yaml:{line}:7: YAML 语法错误：键“region”后面用了全角冒号“：”（U+FF1A）"
        "（请改成半角冒号加一个空格：`region: 江口县`）"
    ) in result.stderr.splitlines()


def test_lint_finding_in_chinese_and_in_english_with_lang(project):
    where = "data/reports/three-front-lines.yaml:12:50:"
    result = _run(project, "lint")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{where} 警告 consistency-front-line 导语中写的是“汇聚资源到一线”，但第3部分的标题（第43行）写的是“凝聚资源到一线”（两处应使用相同的文字）"
    ]
    assert "个文件中有 0 个错误、1 个警告" in result.stderr
    english = _run(project, "--lang", "en", "lint")
    assert english.stdout.splitlines() == [
        f"{where} warning consistency-front-line the lead lists '汇聚资源到一线' but the heading of section 3 (line 43) says '凝聚资源到一线' "
        "(use the same words in both places)"
    ]
    assert "0 errors, 1 warning in " in english.stderr


def test_lint_json_keeps_english_severity_and_rule_with_the_chinese_message(project):
    import json

    finding = json.loads(_run(project, "lint", "--format", "json").stdout)["findings"][0]
    assert (finding["severity"], finding["rule"]) == ("warning", "consistency-front-line")
    assert finding["message"].startswith("导语中写的是“汇聚资源到一线”")


def test_import_report_in_chinese(project):
    source = project / "material.txt"
    source.write_text(
        "农村疫情防控工作经验交流材料\n凝聚群团力量筑牢防控屏障\n近日，我市扎实开展防控工作,取得明显成效。\n"
        "一、践行初心使命，干部下沉到一线\n一是健全“作战体系”。建立工作专班。\n",
        encoding="utf-8",
    )
    result = _run(project, "import", "material.txt", "--check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "material.txt:3:14: 改动“,”：半角“,”改为全角“，”" in lines
    assert "material.txt: 存疑：原文没有成文日期；此处写的是导入当天的日期，请改正" in lines
    assert lines[-1] == "material.txt: 改动 1 个半角标点；存疑 1 处"
    assert "     2:1  标题      凝聚群团力量筑牢防控屏障" in lines
    assert "1 个部分、1 个要点、0 个案例" in lines


def test_preview_without_libreoffice_says_what_to_install_in_chinese(project, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": "zh_CN.UTF-8", "CI": "1", "PATH": str(empty)})
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "preview", "--pdf"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert (
        "没有安装 LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui（apt-get install libreoffice-writer-nogui）"
        in result.stderr
    )
    assert not (project / "output/preview").exists()
