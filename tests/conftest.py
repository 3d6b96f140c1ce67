"""Shared fixtures: a copy of the example project, and running the CLI in it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def copy_example_project(destination: Path) -> Path:
    """Copy data/ and templates/ of the repository into `destination`; return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "templates"):
        shutil.copytree(REPO / folder, destination / folder)
    return destination


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
