"""The `reportgen lint` command: proofread the entries, print the findings, fix the safe ones."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ReportgenError
from ..project import Project
from .engine import lint_run, strict_findings
from .fix import apply_fixes


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Findings as lines for people, or as JSON for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any finding).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (punctuation width, spaces, date style) to the files, then check again.")
def lint(paths: tuple[Path, ...], output_format: str, strict: bool, fix: bool) -> None:
    """Proofread the text of cases, reports and briefs (all under data/, or the PATHS given).

    Each finding is printed as `path:line:col: severity rule-id message
    (suggestion)`, at the character concerned. Exit status 1 if there is an
    error, 0 if there are only warnings.
    """
    project = Project(Path("."))
    if not paths and not project.data_dir.is_dir():
        raise ReportgenError("no data/ folder here: run reportgen lint in a project folder, or name the files to check")
    run = lint_run(list(paths), project)
    applied = []
    fix_problems = []
    if fix:
        applied, fix_problems = apply_fixes(run.findings, run.sources)
        if applied:
            run = lint_run(list(paths), project)
    findings = sorted(run.findings + fix_problems, key=lambda f: f.sort_key())
    if strict:
        findings = strict_findings(findings)
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "findings": [f.to_json() for f in findings],
                    "fixed": [a.to_json() for a in applied],
                    "summary": {"files": run.files_checked, "errors": errors, "warnings": warnings, "fixed": len(applied)},
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for fixed in applied:
            click.echo(fixed.format())
        for finding in findings:
            click.echo(finding.format())
        click.echo(_summary(run.files_checked, errors, warnings, findings, applied, fix), err=True)
    if errors:
        raise SystemExit(1)


def _summary(files: int, errors: int, warnings: int, findings, applied, fix: bool) -> str:
    parts = []
    if applied:
        parts.append(f"fixed {_plural(len(applied), 'finding')}")
    if not findings:
        parts.append(f"no findings in {_plural(files, 'file')}")
    else:
        parts.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}")
        fixable = sum(1 for f in findings if f.fixable)
        if fixable and not fix:
            parts.append(f"{fixable} can be fixed with --fix")
    return "; ".join(parts)
