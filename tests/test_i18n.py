"""Messages in Chinese and English: the catalogs, the locale, and --lang."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def _run(project, *args, lang_env="zh_CN.UTF-8"):
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": lang_env, "CI": "1"})
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=project, env=env, capture_output=True, text=True, encoding="utf-8")


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
    case.write_text(case.read_text(encoding="utf-8").replace("unit: 思南县红十字会", "unti: 思南县红十字会"), encoding="utf-8")


def test_validation_error_in_chinese_from_the_locale(project):
    _break_a_case(project)
    result = _run(project, "validate")
    assert result.returncode == 1
    assert "data/cases/sinan-red-cross.yaml:3:1: 未知的键“unti”（是否应为“unit”？）" in result.stderr
    assert "发现 2 个错误。" in result.stderr


def test_lang_option_overrides_the_locale(project):
    _break_a_case(project)
    result = _run(project, "--lang", "en", "validate")
    assert "data/cases/sinan-red-cross.yaml:3:1: unknown key 'unti' (did you mean 'unit'?)" in result.stderr
    assert "2 errors found." in result.stderr
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


def test_english_by_default_outside_a_chinese_locale(project):
    result = _run(project, "build", "-j", "1", lang_env="en_US.UTF-8")
    assert "2 built, 0 up to date, 0 failed" in result.stdout
