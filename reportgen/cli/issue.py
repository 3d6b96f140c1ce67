"""`reportgen issue NAME`: freeze a document as issued, in issued/NAME.lock.yaml."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import Location, Problem, ReportgenError
from ..i18n import _, ngettext
from ..project import Project, display_path
from .main import echo_problems, fail, output_option, project_here


def issue_document(project: Project, name: str, *, again: bool, today: dt.date, strict: bool = True):
    """Write the lock of document `name` (an output name or an entry file); return (lock path, target).

    Raise ReportgenError with located problems when the document has errors, has lint
    errors (with `strict`), or is issued already (unless `again`).
    """
    from ..build import BuildOutcome
    from ..gather import gather
    from ..issued import IssuedDocuments, lock_path, lock_text, read_lock
    from ..outputs import write_atomically

    live = IssuedDocuments(project=project)  # no locks: the entry, cases and template as they are now
    wanted = Path(name)
    if wanted.suffix.lower() in (".yaml", ".yml") or wanted.is_file():
        gathered = gather(project, [wanted], issued=live)
        target = gathered.targets[0] if gathered.targets else None
    else:
        gathered = gather(project, issued=live)
        target = next((t for t in gathered.targets if t.name == name), None)
        if target is None:
            failed = [f for f in gathered.failed_files if Path(f).stem == name]
            if not failed:
                names = ", ".join(sorted(t.name for t in gathered.targets)) or _("none")
                raise ReportgenError(
                    [
                        Problem(
                            Location(name),
                            _("no report or brief is named '{name}'").format(name=name),
                            hint=_("documents: {names}").format(names=names),
                        )
                    ]
                )
            gathered = gather(project, [Path(failed[0])], issued=live)
        else:
            gathered = gather(project, [target.source.path], issued=live)
            target = gathered.targets[0] if gathered.targets else None
    if gathered.errors or target is None:
        raise ReportgenError(gathered.errors or _("{file} is not a report or brief").format(file=name))
    path = lock_path(project, target.name)
    if path.exists() and not again:
        pinned, _problems = read_lock(path)
        when = pinned.lock.issued_on.isoformat() if pinned else "?"
        raise ReportgenError(
            [
                Problem(
                    Location(display_path(path)),
                    _("{name} was issued on {date}; its lock is kept").format(name=target.name, date=when),
                    hint=_(
                        "to issue it again with the current entry, cases and template: reportgen issue {name} --again"
                    ).format(name=target.name),
                )
            ]
        )
    if strict:
        from ..lint.gate import build_lint_hook

        outcome = BuildOutcome()
        blocked = build_lint_hook(project, strict=True)(gathered, outcome)
        if blocked:
            raise ReportgenError(outcome.errors)
    text = lock_text(project, target, gathered.library, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))
    return path, target


@click.command(
    "issue",
    help=_(
        "Mark a report or brief as issued: freeze it in issued/NAME.lock.yaml.\n\n"
        "The lock keeps the entry, the template and a copy of every case the document uses, so later "
        "builds reproduce the issued document byte for byte, whatever is added or edited. Keep the lock "
        "in git. --again issues it anew with the current files."
    ),
)
@click.argument("name")
@click.option("--again", is_flag=True, help=_("Issue a document that was issued before anew, with the current files."))
@output_option()
def issue_command(name, again, output_dir):
    from ..build import run_build
    from ..outputs import acquire_lock

    project = project_here()
    try:
        path, target = issue_document(project, name, again=again, today=dt.date.today())
    except ReportgenError as exc:
        if not exc.problems:
            click.echo(exc.format_message(), err=True)
        echo_problems(exc.problems)
        fail(len([p for p in exc.problems if p.is_error]) or 1)
    cases = len(target.cases_used)
    click.echo(
        ngettext(
            "issued {name}: {count} case locked in {file} (commit it to git)",
            "issued {name}: {count} cases locked in {file} (commit it to git)",
            cases,
        ).format(name=target.name, count=cases, file=display_path(path))
    )
    lock = acquire_lock(output_dir)
    try:
        outcome = run_build(project, [target.source.path], output_dir, force=True)
    finally:
        lock.release()
    echo_problems(outcome.problems)
    for built in outcome.built:
        click.echo(f"{_('wrote'):>6} {display_path(output_dir / built)}")
    if outcome.errors or outcome.failed:
        sys.exit(1)
