"""Shared fixtures: a copy of the example project, and running the CLI in it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def copy_example_project(destination: Path, data: Path = REPO / "data") -> Path:
    """Copy a data folder (the repository's by default) and the repository's templates into `destination`; return it."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(data, destination / "data")
    shutil.copytree(REPO / "templates", destination / "templates")
    return destination


def pytest_collection_modifyitems(config, items):
    """Mark the fuzz tests and every LibreOffice test `slow`, so that `-m "not slow"` gives a quick run."""
    for item in items:
        if item.path.name == "test_fuzz.py" or item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Tests read messages in English unless they ask for Chinese, whatever the machine's locale."""
    from reportgen.i18n import set_language

    monkeypatch.setenv("REPORTGEN_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the example project, as the working directory."""
    root = copy_example_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def run_cli():
    """Run `reportgen ARGS` in-process in the working directory; return the click result."""
    from reportgen.cli import cli

    def run(*args, env=None):
        runner = CliRunner()
        result = runner.invoke(cli, list(args), env=env, catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


@pytest.fixture
def lint_files(tmp_path, monkeypatch):
    """Write files into a fresh project, lint it, and return the findings as printed lines (or as findings)."""
    from reportgen.lint import lint_paths
    from reportgen.project import Project

    def run(files: dict[str, str], *, rule: str | None = None, findings: bool = False):
        for relative, text in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        found = lint_paths([], Project(Path(".")))
        if rule is not None:
            found = [f for f in found if f.rule_id == rule]
        return found if findings else [f.format() for f in found]

    return run
