"""The proofreading gate of `reportgen build`: lint what is built, print it, hold back documents with errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from ..errors import WARNING, Location, Problem
from ..i18n import _, ngettext

if TYPE_CHECKING:
    from ..project import Project
    from .findings import Finding

_CHECKED_BY_BUILD = {"consistency-total"}  # reported by the build itself, with the same words
# Errors that hold a document back even without --strict: what is printed would not read as what is stored.
_ALWAYS_BLOCKING = {"char-bidi"}


def build_lint_hook(
    project: Project, *, strict: bool = False, quiet: bool = False, echo: Callable[[str], None] | None = None
):
    """Return a hook for `run_build(lint_hook=…)`.

    The hook lints every document about to be built with the library cases it
    uses, prints the findings, and returns the names of the documents it holds
    back, adding one error per such document to the build's problems, which names
    the document and its lint errors: with `strict` (the build's default) every
    document whose text has a lint error, and always one whose text holds a
    direction control (char-bidi). Without `strict` (the office allowed lint
    errors) the other documents with errors are built, one warning each.
    """
    say = echo or (lambda line: click.echo(line, err=True))

    def hook(gathered, outcome) -> set[str]:
        from .engine import lint_sources

        # An issued document was proofread when it was issued and is made from its lock,
        # whatever its live files now hold: nothing to hold back.
        targets = [t for t in gathered.targets if getattr(t, "issued_from", None) is None]
        files_of: dict[str, set[str]] = {}
        case_sources = {}
        for target in targets:
            files = {target.source.display}
            for case_id in target.cases_used:
                entry = gathered.library.get(case_id)
                if entry is not None:
                    files.add(entry.source.display)
                    case_sources[id(entry.source)] = entry.source
            files_of[target.name] = files
        sources = [t.source for t in targets] + list(case_sources.values())
        # the build checks declared totals itself
        found = lint_sources(sources, project, library=gathered.library)
        findings = [f for f in found if f.rule_id not in _CHECKED_BY_BUILD]
        for finding in findings:
            if quiet and not finding.is_error:
                continue
            say(finding.format())
        blocked: set[str] = set()
        for target in targets:
            errors = [f for f in findings if f.is_error and f.location.path in files_of[target.name]]
            if errors and (strict or any(f.rule_id in _ALWAYS_BLOCKING for f in errors)):
                blocked.add(target.name)
                outcome.problems.append(_refusal(target, errors, strict=strict))
            elif errors:
                outcome.problems.append(_allowed(target, errors))
        return blocked

    return hook


def _refusal(target, errors: list[Finding], *, strict: bool) -> Problem:
    rules = sorted({f.rule_id for f in errors})
    count = len(errors)
    return Problem(
        Location(target.source.display),
        ngettext(
            "{file} not built: its text has {count} lint error ({rules})",
            "{file} not built: its text has {count} lint errors ({rules})",
            count,
        ).format(file=target.output_file, count=count, rules=", ".join(rules)),
        hint=_(
            "see the findings above; `reportgen lint --fix` repairs the safe ones; "
            "`build --allow-lint-errors` (or `allow_lint_errors: true` in reportgen.yaml) builds it anyway"
        )
        if strict
        else _("see the findings above: delete the direction controls they name, then build again"),
    )


def _allowed(target, errors: list[Finding]) -> Problem:
    rules = sorted({f.rule_id for f in errors})
    count = len(errors)
    return Problem(
        Location(target.source.display),
        ngettext(
            "{file} built although its text has {count} lint error ({rules}): lint errors are allowed",
            "{file} built although its text has {count} lint errors ({rules}): lint errors are allowed",
            count,
        ).format(file=target.output_file, count=count, rules=", ".join(rules)),
        severity=WARNING,
    )
