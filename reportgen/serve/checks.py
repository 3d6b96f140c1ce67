"""The checks the CLI makes (validation, then proofreading), run on an entry's draft text.

The draft is what the form would write, composed and validated exactly as `reportgen
validate` and `reportgen lint` read a file; every problem comes back with its YAML
line:column and the form field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ERROR, WARNING
from ..i18n import _
from ..project import Project, display_path
from ..source import SourceFile, load_yaml_text
from .forms import field_of


@dataclass
class Shown:
    """A problem as the page shows it."""

    field: str | None
    message: str
    hint: str
    line: int
    column: int
    severity: str
    rule: str = ""

    def to_json(self) -> dict:
        return {
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "where": _("line {line}, column {column}").format(line=self.line, column=self.column) if self.line else "",
        }


@dataclass
class Checked:
    source: SourceFile | None
    model: Any
    problems: list[Shown]

    @property
    def errors(self) -> list[Shown]:
        return [p for p in self.problems if p.severity == ERROR]


def check_text(
    text: bytes, path: Path, model_class, project: Project, *, base: tuple = (), lint: bool = True
) -> Checked:
    """Validate and proofread `text` as the entry file `path` would hold it."""
    from ..model import long_text_warnings, validate_entry

    display = display_path(path)
    source, problems = load_yaml_text(text, path, display)
    shown = [_shown(source, p.location, p.message, p.hint, p.severity, base) for p in problems]
    if source is None:
        return Checked(None, None, shown)
    data = source.data
    for part in base:
        data = data[part] if isinstance(data, (dict, list)) else None
    model, problems = validate_entry(model_class, source, data, base)
    problems = problems + long_text_warnings(source)
    shown += [_shown(source, p.location, p.message, p.hint, p.severity, base) for p in problems]
    if lint and model is not None:
        shown += lint_problems(source, project, base)
    return Checked(source, model, shown)


def lint_problems(source: SourceFile, project: Project, base: tuple = ()) -> list[Shown]:
    from ..lint import lint_sources

    found = []
    for finding in lint_sources([source], project):
        if finding.location.path != source.display:
            continue
        found.append(
            _shown(
                source, finding.location, finding.message, finding.suggestion, finding.severity, base, finding.rule_id
            )
        )
    return found


def _shown(source, location, message: str, hint: str, severity: str, base: tuple, rule: str = "") -> Shown:
    field = field_of(source, location, base)
    return Shown(field, message, hint, location.line, location.column, WARNING if severity == WARNING else ERROR, rule)
