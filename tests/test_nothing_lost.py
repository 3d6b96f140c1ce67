"""Nothing lost: a failed build leaves every earlier output byte-identical and no temporary files.

Each test builds the base project once, keeps the bytes of every output, breaks
one thing (a write that fails, the data, a template), rebuilds with --force and
checks what the user sees (the message, exit status 1) and what is on disk.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import copy_example_project

from reportgen import build as build_module
from reportgen import outputs as outputs_module
from reportgen.outputs import TEMP_SUFFIX

BASE = Path(__file__).resolve().parent / "fixtures" / "bad" / "base"
OUTPUTS = ("three-front-lines.docx", "2023-01.docx")


@pytest.fixture
def built(tmp_path, monkeypatch, run_cli) -> Path:
    """The base project, built once; returns its root (the working directory)."""
    root = copy_example_project(tmp_path / "project", data=BASE / "data")
    monkeypatch.chdir(root)
    for cache in ("_RENDERERS", "_PROFILES", "_PREPARED"):
        if hasattr(build_module, cache):
            monkeypatch.setattr(build_module, cache, {})
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (root / "output" / name).stat().st_size > 0
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Return the bytes of every .docx in output/."""
    return {path.name: path.read_bytes() for path in sorted((root / "output").glob("*.docx"))}


def leftovers(root: Path) -> list[str]:
    """Return temporary files left anywhere under the project."""
    return sorted(str(p.relative_to(root)) for p in root.rglob(f"*{TEMP_SUFFIX}"))


def assert_nothing_lost(root: Path, before: dict[str, bytes]) -> None:
    after = snapshot(root)
    assert sorted(after) == sorted(before)
    for name, data in before.items():
        assert after[name] == data, f"{name} changed"
    assert leftovers(root) == []


def rebuild(run_cli):
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result


# -- failures while writing ------------------------------------------------------------------


def test_disk_full_while_writing(built, run_cli, monkeypatch):
    """The disk fills up half-way through writing the temporary file."""
    before = snapshot(built)
    real = tempfile.NamedTemporaryFile

    class HalfWritten:
        def __init__(self, handle):
            self._handle = handle
            self.name = handle.name

        def write(self, data):
            self._handle.write(data[: len(data) // 2])
            self._handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._handle.__exit__(*exc)

    def failing(*args, **kwargs):
        handle = real(*args, **kwargs)
        return HalfWritten(handle) if "three-front-lines" in str(kwargs.get("prefix", "")) else handle

    monkeypatch.setattr(outputs_module.tempfile, "NamedTemporaryFile", failing)
    result = rebuild(run_cli)
    assert (
        "output/three-front-lines.docx: cannot write the document: the disk is full (free some space, then build again)"
        in result.stderr
    )
    assert "failed: data/reports/three-front-lines.yaml" in result.stderr
    assert_nothing_lost(built, before)


def test_disk_full_when_flushing_to_disk(built, run_cli, monkeypatch):
    """fsync reports the disk full (the data did not reach the disk)."""
    before = snapshot(built)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs_module.os, "fsync", full)
    result = rebuild(run_cli)
    for name in OUTPUTS:
        assert (
            f"output/{name}: cannot write the document: the disk is full (free some space, then build again)"
            in result.stderr
        )
    assert_nothing_lost(built, before)


def test_output_file_held_open_or_read_only(built, run_cli, monkeypatch):
    """Windows refuses to replace a file Word holds open, as it does a read-only one: access denied."""
    before = snapshot(built)
    real_replace = os.replace

    def held_open(source, destination, *args, **kwargs):
        if str(destination).endswith("three-front-lines.docx"):
            raise PermissionError(errno.EACCES, "Permission denied", str(destination))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(outputs_module.os, "replace", held_open)
    result = rebuild(run_cli)
    assert (
        "output/three-front-lines.docx: cannot write the document: Permission denied "
        "(is it open in Word or WPS, or read-only? close it or make it writable, then build again)"
    ) in result.stderr
    # The other document was written (the same bytes: nothing changed), and the failed one is the old file.
    assert_nothing_lost(built, before)


def test_output_folder_not_writable(built, run_cli, monkeypatch):
    """The folder refuses new files (read-only share, permissions): no temporary file can be made."""
    before = snapshot(built)

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(outputs_module.tempfile, "NamedTemporaryFile", refused)
    result = rebuild(run_cli)
    for name in OUTPUTS:
        assert (
            f"output/{name}: cannot write the document: Permission denied (is it open in Word or WPS, or read-only?"
            in result.stderr
        )
    assert_nothing_lost(built, before)


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="a read-only folder does not stop root (CI runs as root); the simulated case above covers it",
)
def test_output_folder_read_only_for_real(built, run_cli):
    before = snapshot(built)
    output = built / "output"
    output.chmod(0o555)
    try:
        result = rebuild(run_cli)
    finally:
        output.chmod(0o755)
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr
    assert_nothing_lost(built, before)


def test_output_folder_cannot_be_created(built, run_cli):
    blocker = built / "blocked"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    before = snapshot(built)
    result = run_cli("build", "-j", "1", "--force", "-o", "blocked/out")
    assert result.exit_code == 1, result.output
    assert "cannot create the output folder blocked/out: Not a directory" in result.stderr
    assert_nothing_lost(built, before)
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_killed_build_leftovers_are_cleaned_up(built, run_cli):
    """A temporary file from a build that was killed is removed by the next build."""
    stray = built / "output" / f".three-front-lines.abc123{TEMP_SUFFIX}"
    stray.write_bytes(b"half a document")
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert leftovers(built) == []


# -- failures before writing: bad data, bad templates ----------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    "yaml-syntax": (
        lambda root: _edit(root / "data/reports/three-front-lines.yaml", "date: 2023-01-10", "date: [2023-01-10"),
        "data/reports/three-front-lines.yaml:7:5: YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence) (the [ at line 6, column 7 is not closed with ])",
    ),
    "model": (
        lambda root: _edit(root / "data/cases/sinan-red-cross.yaml", "unit: 思南县红十字会", "unti: 思南县红十字会"),
        "data/cases/sinan-red-cross.yaml:3:1: unknown key 'unti' (did you mean 'unit'?)",
    ),
    "encoding": (
        lambda root: (root / "data/cases/sinan-red-cross.yaml").write_bytes(
            (root / "data/cases/sinan-red-cross.yaml").read_text(encoding="utf-8").encode("gbk")
        ),
        "data/cases/sinan-red-cross.yaml:3:7: file is not UTF-8",
    ),
    "control-character": (
        lambda root: _edit(root / "data/briefs/2023-01.yaml", "现将近期", "现将\x0b近期"),
        "data/briefs/2023-01.yaml:8:13: invisible control character U+000B",
    ),
    "template-syntax": (
        lambda root: _edit(
            root / "templates/exchange/document.md.j2", "# {{ report.headline }}", "# {{ report.headline }"
        ),
        "templates/exchange/document.md.j2:",
    ),
    "template-sandbox": (
        lambda root: _edit(root / "templates/brief/document.md.j2", "{{ brief.name }}", "{{ brief.name.__class__ }}"),
        "templates/brief/document.md.j2:",
    ),
    "template-too-large": (
        lambda root: _edit(
            root / "templates/exchange/document.md.j2",
            "# {{ report.headline }}",
            "# {% for i in range(100000) %}{% for j in range(1000) %}很长{% endfor %}{% endfor %}",
        ),
        "templates/exchange/document.md.j2: template output is larger than 2,000,000 characters",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_bad_input_leaves_earlier_outputs_alone(breakage, built, run_cli):
    before = snapshot(built)
    breaking, message = BREAKAGES[breakage]
    breaking(built)
    result = rebuild(run_cli)
    assert message in result.stderr, result.stderr
    assert_nothing_lost(built, before)
