"""`reportgen watch` rebuilds exactly what a saved file affects, and survives a bad save."""

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest


def _reader(stream, lines: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue, text: str, seen: list, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    pytest.fail(f"no line with {text!r} within {timeout}s; saw:\n" + "\n".join(seen))


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGINT")
def test_watch_rebuilds_the_affected_document_and_survives_a_bad_save(project):
    env = {**os.environ, "CI": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch"],
        cwd=project,
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
        brief = project / "output/2023-01.docx"
        brief_before = (brief.stat().st_mtime_ns, brief.read_bytes())
        report = project / "data/reports/three-front-lines.yaml"
        report.write_text(
            report.read_text(encoding="utf-8").replace("确保农村地区平稳过峰", "确保农村地区平稳度过高峰"),
            encoding="utf-8",
        )
        seen.clear()
        _wait_for(lines, "watching data/", seen)
        assert any("wrote output/three-front-lines.docx" in line for line in seen), seen
        assert not any("2023-01.docx" in line for line in seen), seen
        assert (brief.stat().st_mtime_ns, brief.read_bytes()) == brief_before

        good = (project / "output/three-front-lines.docx").read_bytes()
        report.write_text(report.read_text(encoding="utf-8").replace("headline:", "headline: [", 1), encoding="utf-8")
        seen.clear()
        _wait_for(lines, "watching data/", seen)
        assert any(
            line.startswith("data/reports/three-front-lines.yaml:") and "YAML syntax error" in line for line in seen
        ), seen
        assert (project / "output/three-front-lines.docx").read_bytes() == good
        assert proc.poll() is None, "watch stopped after a bad save"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("watch did not stop on Ctrl-C")
    rest = []
    while not lines.empty():
        rest.append(lines.get())
    assert proc.returncode in (0, 130), rest
    assert not any("Traceback" in line for line in seen + rest)


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGINT")
def test_watch_survives_yaml_nested_500_levels(project):
    """Issue 18: a flow list nested 500 levels is a located message, and watch keeps watching."""
    env = {**os.environ, "CI": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch"],
        cwd=project,
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
        report = project / "data/reports/three-front-lines.yaml"
        good = (project / "output/three-front-lines.docx").read_bytes()
        report.write_text("headline: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
        seen.clear()
        _wait_for(lines, "watching data/", seen)
        assert any(
            line.startswith("data/reports/three-front-lines.yaml:1:") and "nested more than 50 levels" in line
            for line in seen
        ), seen
        assert (project / "output/three-front-lines.docx").read_bytes() == good
        assert proc.poll() is None, "watch stopped after a deep save"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("watch did not stop on Ctrl-C")
    assert not any("Traceback" in line or "internal error" in line for line in seen)
