"""A document is all or nothing: when any of its inputs fails to load, it is not written and stays as it was.

Its inputs: its own file, a case it names by id, every case file when it selects by
query, its template, its style profile, its document properties. The message names
the document and the input that failed.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_watch import _reader, _wait_for

REPORT = "data/reports/three-front-lines.yaml"
BRIEF = "data/briefs/2023-01.yaml"
OUTPUTS = ("three-front-lines.docx", "2023-01.docx")
NEW_CASE = "id: new-case\nunit: 某某镇团委\nregion: 思南县\ndate: 2023-01-05\nfront_line: 凝聚资源到一线\ntags: [志愿服务]\ntext: 组织青年志愿者入户走访\n"


def outputs(root: Path) -> dict[str, bytes]:
    return {name: (root / "output" / name).read_bytes() for name in OUTPUTS}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(project, run_cli) -> Path:
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    return project


def test_a_broken_case_named_by_id_and_selected_by_query_leaves_both_documents(built, run_cli):
    before = outputs(built)
    edit(built / "data/cases/sinan-red-cross.yaml", "date: 2023-01-", "date: 2023年1月")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert outputs(built) == before
    shown = result.output
    # by id: at the id in the report, naming the case and its file
    assert (
        f"{REPORT}:41:17: case 'sinan-red-cross' cannot be used until the errors in "
        "data/cases/sinan-red-cross.yaml are fixed" in shown
    )
    # by query: at the query in the brief, naming the case file
    assert (
        f"{BRIEF}:23:9: this case query reads every case file, and data/cases/sinan-red-cross.yaml has errors" in shown
    ), shown
    assert f"failed: {BRIEF}, {REPORT}" in shown


def test_a_new_broken_case_file_stops_the_query_document_only(built, run_cli):
    """The issue's case: a typo in one case file used to drop it silently from the brief's query."""
    before = outputs(built)
    (built / "data/cases/new-case.yaml").write_text(NEW_CASE.replace("2023-01-05", "2023年1月5日"), encoding="utf-8")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert outputs(built) == before
    assert "data/cases/new-case.yaml:4:7" in result.output
    assert "this case query reads every case file, and data/cases/new-case.yaml has errors" in result.output
    assert f"failed: {BRIEF}" in result.output
    assert REPORT not in result.output.split("failed:")[-1]  # by id only: the report does not depend on it
    # once fixed, the brief takes the case
    (built / "data/cases/new-case.yaml").write_text(NEW_CASE, encoding="utf-8")
    assert run_cli("build", "-j", "1").exit_code == 0
    assert outputs(built)["2023-01.docx"] != before["2023-01.docx"]


def test_a_case_file_that_cannot_be_read_stops_the_query_document(built, run_cli, monkeypatch):
    before = outputs(built)
    broken = built / "data/cases/new-case.yaml"
    broken.write_bytes(NEW_CASE.encode("gbk"))
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert "data/cases/new-case.yaml" in result.output and "not UTF-8" in result.output
    assert outputs(built) == before


@pytest.mark.parametrize(
    ("broken", "old", "new", "document", "failing"),
    [
        ("templates/brief/document.md.j2", "{{ brief.name }}", "{{ brief.name }", "2023-01", "document.md.j2"),
        ("templates/brief/style.yaml", "size: 小初", "size: 小小初", "2023-01", "style.yaml"),
        (
            "templates/exchange/properties.yaml",
            "{{ report.headline }}",
            "{{ report.nothing }}",
            "three-front-lines",
            "",
        ),
    ],
    ids=["template", "style-profile", "document-properties"],
)
def test_a_broken_template_style_or_properties_leaves_its_documents(
    built, run_cli, broken, old, new, document, failing
):
    before = outputs(built)
    edit(built / broken, old, new)
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert outputs(built) == before
    source = BRIEF if document == "2023-01" else REPORT
    assert f"{source}: {document}.docx not written (the earlier one is kept): {broken} failed" in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGINT")
def test_watch_leaves_the_documents_of_a_broken_case_alone(built):
    before = outputs(built)
    env = {**os.environ, "CI": "1", "PYTHONUNBUFFERED": "1", "REPORTGEN_LANG": "en"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch"],
        cwd=built,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    seen: list = []
    try:
        _wait_for(lines, "watching data/", seen)
        (built / "data/cases/new-case.yaml").write_text(
            NEW_CASE.replace("2023-01-05", "2023年1月5日"), encoding="utf-8"
        )
        seen.clear()
        _wait_for(lines, "watching data/", seen)
        assert any("this case query reads every case file, and data/cases/new-case.yaml" in line for line in seen), seen
        assert any(line.startswith("failed: data/briefs/2023-01.yaml") for line in seen), seen
        assert outputs(built) == before
        edit(built / "data/cases/sinan-red-cross.yaml", "date: 2023-01-", "date: 2023年1月")
        seen.clear()
        _wait_for(lines, "watching data/", seen)
        assert any("case 'sinan-red-cross' cannot be used until" in line for line in seen), seen
        assert outputs(built) == before
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
