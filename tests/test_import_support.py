"""Helpers shared by the tests of `reportgen import` (no tests of its own)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run_import(*args):
    """Run `reportgen import ARGS` in the working directory; return the click result."""
    from reportgen.cli.importer import import_command

    return CliRunner().invoke(import_command, [str(a) for a in args])


def without_comments(text: str) -> str:
    """Return YAML text without its comment lines, as a reader compares entries."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")) + "\n"


def load(path: Path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def sentences_of(text: str) -> list[str]:
    """Return the pieces of `text` between sentence ends (each with its 。！？)."""
    return [s for s in re.findall(r"[^。！？]+[。！？]?", text) if s.strip()]


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """Return the needles not found in `haystack` one after the other (empty: all in order)."""
    missing = []
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing
