"""The `reportgen lint` command: proofread the entries, print the findings, fix the safe ones."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ReportgenError
from ..i18n import _, ngettext
from ..lint.engine import lint_run, strict_findings
from ..lint.findings import Finding
from ..lint.fix import AppliedFix, apply_fixes
from ..outputs import remove_stray_temporaries
from ..project import Project


@click.command(
    "lint",
    help=_(
        "Proofread the text of cases, reports and briefs (all under data/, or the PATHS given).\n\n"
        "Each finding is printed as `path:line:col: severity rule-id message (suggestion)`, at the "
        "character concerned. Exit status 1 if there is an error, 0 if there are only warnings."
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_("Findings as lines for people, or as JSON for tools."),
)
@click.option("--strict", is_flag=True, help=_("Treat warnings as errors (exit 1 on any finding)."))
@click.option(
    "--fix",
    is_flag=True,
    help=_("Apply the safe fixes (punctuation width, spaces, date style) to the files, then check again."),
)
def lint(paths: tuple[Path, ...], output_format: str, strict: bool, fix: bool) -> None:
    project = Project(Path("."))
    if not paths and not project.data_dir.is_dir():
        raise ReportgenError(
            _("no data/ folder here: run reportgen lint in a project folder, or name the files to check")
        )
    run = lint_run(list(paths), project)
    applied: list[AppliedFix] = []
    fix_problems: list[Finding] = []
    if fix:
        remove_stray_temporaries(project.data_dir, recursive=True)  # from a `lint --fix` that was killed
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
                    "summary": {
                        "files": run.files_checked,
                        "errors": errors,
                        "warnings": warnings,
                        "fixed": len(applied),
                    },
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
    """Return the last line of a run: e.g. `fixed 1 finding; 1 error, 0 warnings in 7 files`."""
    parts = []
    if applied:
        parts.append(
            ngettext("fixed {count} finding", "fixed {count} findings", len(applied)).format(count=len(applied))
        )
    if not findings:
        parts.append(ngettext("no findings in {count} file", "no findings in {count} files", files).format(count=files))
    else:
        parts.append(
            _("{errors}, {warnings} in {files}").format(
                errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
                warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
                files=ngettext("{count} file", "{count} files", files).format(count=files),
            )
        )
        fixable = sum(1 for f in findings if f.fixable)
        if fixable and not fix:
            parts.append(_("{count} can be fixed with --fix").format(count=fixable))
    return _("; ").join(parts)
