"""Project settings: `reportgen.yaml` at the top of a project, optional.

    # reportgen.yaml
    pdf: true      # `reportgen build` also writes <name>.pdf beside each .docx
    pdf_a: false   # as PDF/A-2b
    allow_lint_errors: false   # true: build documents whose text has lint errors (with a warning)

Validated like an entry: a wrong key or value is a located error.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .errors import Problem
from .project import Project

SETTINGS_FILE = "reportgen.yaml"


class Settings(BaseModel):
    """What a project sets for every build."""

    model_config = ConfigDict(extra="forbid")

    pdf: Annotated[bool, Field(title="PDF", description="build 时同时生成 PDF / also write a PDF of each document")] = (
        False
    )
    pdf_a: Annotated[bool, Field(title="PDF/A", description="PDF 采用 PDF/A-2b 格式 / write the PDFs as PDF/A-2b")] = (
        False
    )
    allow_lint_errors: Annotated[
        bool,
        Field(title="允许校对错误", description="校对有错误时仍生成文档（并警告） / build despite lint errors"),
    ] = False


def load_settings(project: Project) -> tuple[Settings, list[Problem]]:
    """Return the project's settings (the defaults without a reportgen.yaml) and the problems found."""
    from .model import validate_entry
    from .source import load_yaml_file

    path = project.root / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    source, problems = load_yaml_file(path)
    if source is None:
        return Settings(), problems
    settings, found = validate_entry(Settings, source)
    return (settings or Settings()), problems + found
