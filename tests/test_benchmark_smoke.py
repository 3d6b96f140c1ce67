"""The benchmark's pieces work: generated reports validate, both baselines render them.

Timings are not tested here; `python benchmarks/run.py --quick` prints them.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.baseline_docxtpl import render_docxtpl  # noqa: E402
from benchmarks.baseline_python_docx import render_python_docx  # noqa: E402
from benchmarks.generate import generate_project  # noqa: E402
from benchmarks.report_text import chinese_ordinal, load_report, report_paragraphs  # noqa: E402
from reportgen.model import LibraryCase, Report, validate_entry  # noqa: E402
from reportgen.source import load_yaml_file  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "project"
    generate_project(root, 3)
    return root


def _validated(path: Path, model):
    source, problems = load_yaml_file(path)
    assert source is not None, [p.format() for p in problems]
    entry, problems = validate_entry(model, source)
    assert entry is not None, [p.format() for p in problems]
    return entry


def test_generated_reports_and_cases_validate(generated):
    report_files = sorted((generated / "data" / "reports").glob("*.yaml"))
    assert [p.name for p in report_files] == ["report-0001.yaml", "report-0002.yaml", "report-0003.yaml"]
    case_ids = set()
    for case_file in sorted((generated / "data" / "cases").glob("*.yaml")):
        case = _validated(case_file, LibraryCase)
        assert case.id == case_file.stem
        case_ids.add(case.id)
    headlines = set()
    for report_file in report_files:
        report = _validated(report_file, Report)
        headlines.add(report.headline)
        assert len(report.sections) == 3
        assert [len(s.points) for s in report.sections] == [3, 3, 3]
        named = [c for s in report.sections for p in s.points for c in p.cases]
        assert 6 <= len(named) <= 8
        assert set(named) <= case_ids
    assert len(headlines) == 3


def test_generated_reports_are_seed_sized_and_reproducible(generated, tmp_path):
    for report_file in sorted((generated / "data" / "reports").glob("*.yaml")):
        report, cases = load_report(report_file, generated / "data" / "cases")
        characters = sum(len(p.full_text) for p in report_paragraphs(report, cases))
        assert 2000 <= characters <= 4000, (report_file.name, characters)
    again = tmp_path / "again"
    generate_project(again, 3)
    first = generated / "data" / "reports" / "report-0002.yaml"
    assert (again / "data" / "reports" / "report-0002.yaml").read_text(encoding="utf-8") == first.read_text(
        encoding="utf-8"
    )


def test_generated_project_has_the_repository_templates(generated):
    if not (REPO / "templates").is_dir():
        pytest.skip("the repository has no templates/ yet")
    assert sorted(p.name for p in (generated / "templates").iterdir()) == sorted(
        p.name for p in (REPO / "templates").iterdir()
    )


def _paragraph_texts(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("render", [render_python_docx, render_docxtpl], ids=["python-docx", "docxtpl"])
def test_baseline_renders_headline_and_every_point(generated, render):
    report, cases = load_report(generated / "data" / "reports" / "report-0001.yaml", generated / "data" / "cases")
    texts = _paragraph_texts(render(report, cases))
    assert report.headline in texts
    assert report.lead in texts
    point_paragraphs = [t for t in texts if re.match("[一二三四五六七八九十]+是", t)]
    expected_leads = [
        f"{chinese_ordinal(i)}是{p.key_phrase}。" for s in report.sections for i, p in enumerate(s.points, 1)
    ]
    assert [t[: len(lead)] for t, lead in zip(point_paragraphs, expected_leads)] == expected_leads
    assert len(point_paragraphs) == 9
    assert (
        texts[texts.index(report.headline) + 2] == f"一、{report.sections[0].theme}，{report.sections[0].front_line}。"
    )
    assert texts == [p.full_text for p in report_paragraphs(report, cases)]


def test_baselines_render_the_seed_case_sentence():
    report, cases = load_report(REPO / "data" / "reports" / "three-front-lines.yaml", REPO / "data" / "cases")
    for render in (render_python_docx, render_docxtpl):
        text = "\n".join(_paragraph_texts(render(report, cases)))
        assert "如碧江区总工会积极主动与坝黄镇泥哨村联系" in text
        assert "价值1万余元的药品。" in text
        assert "如思南县红十字会联合思南农商行" in text and "为79户群众" in text
