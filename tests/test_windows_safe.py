"""Windows habits: a GBK console, Chinese folder names with spaces, CRLF files with a BOM."""

import os
import subprocess
import sys

import docx
from conftest import copy_example_project


def test_gbk_console_and_a_chinese_path_with_spaces(tmp_path):
    root = copy_example_project(tmp_path / "宣传部 材料" / "2023年 一月")
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "CI": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", "-j", "1"], cwd=root, env=env, capture_output=True
    )
    out = result.stdout.decode("gbk")
    err = result.stderr.decode("gbk")
    assert result.returncode == 0, out + err
    assert "wrote output/three-front-lines.docx" in out
    assert "Traceback" not in err
    text = "".join(p.text for p in docx.Document(str(root / "output/three-front-lines.docx")).paragraphs)
    assert "连日来，*市为更好应对" in text

    # A located error with Chinese text in it also reaches a GBK console intact.
    case = root / "data/cases/sinan-red-cross.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("unit: 思南县红十字会", "单位: 思南县红十字会"), encoding="utf-8"
    )
    result = subprocess.run([sys.executable, "-m", "reportgen", "validate"], cwd=root, env=env, capture_output=True)
    err = result.stderr.decode("gbk")
    assert result.returncode == 1
    assert "data/cases/sinan-red-cross.yaml:3:1: unknown key '单位' (did you mean 'unit' (单位)?)" in err.replace(
        os.sep, "/"
    )
    assert "Traceback" not in err


def test_crlf_and_bom_are_read_as_plain_utf8(project, run_cli):
    case = project / "data/cases/sinan-red-cross.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    body = "".join(p.text for p in docx.Document(str(project / "output/three-front-lines.docx")).paragraphs)
    assert (
        "如思南县红十字会联合思南农商行在凉水井镇水晶村开展防控政策集中宣讲暨“博爱送万家”活动，为79户群众送去口罩、大米、食用油、春联等价值4700元的物资。"
        in body
    )
