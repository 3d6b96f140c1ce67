"""`reportgen diff`: render each document now and before, and compare their text.

"Before" is either the last build (the .docx files in output/) or a git revision,
whose data/, templates/ and issued/ folders are taken with `git archive` into a
temporary folder and rendered there with the same code as the working tree.
"""

from __future__ import annotations

import html
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WARNING, Location, Problem, ReportgenError
from .i18n import _, current_language, ngettext
from .issued import ISSUED_DIR
from .project import Project, display_path
from .textdiff import DELETE, EQUAL, INSERT, TextDiff, diff_paragraphs


@dataclass
class DocumentDiff:
    """One document's change: its output name, its entry, and what differs."""

    name: str
    entry: str  # the entry file, as shown
    status: str  # changed, unchanged, added (no earlier version) or removed (no version now)
    text: TextDiff = field(default_factory=TextDiff)
    paragraphs: int = 0  # in the new version (the old one when removed)


@dataclass
class DiffRun:
    """All documents compared, with the problems met on the way."""

    against: str  # what "before" is, as shown
    documents: list[DocumentDiff] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> list[DocumentDiff]:
        return [d for d in self.documents if d.status != "unchanged"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != WARNING]


def render_texts(project: Project) -> tuple[dict[str, tuple[str, list[str]]], list[Problem]]:
    """Render every document of a project in memory; return {name: (entry shown, paragraphs)} and problems."""
    from .docx_text import paragraph_texts
    from .gather import gather
    from .rendering import RenderFailure, render_target

    gathered = gather(project)
    problems = list(gathered.problems)
    texts = {}
    for target in gathered.targets:
        try:
            data = render_target(target)
        except RenderFailure as exc:
            problems.extend(exc.problems)
            continue
        texts[target.name] = (target.source.display, paragraph_texts(data, target.output_file))
    return texts, problems


def built_texts(project: Project, output_dir: Path, names: list[str]) -> dict[str, list[str]]:
    """Return the paragraphs of each named document as last built into `output_dir` (those that exist)."""
    from .docx_text import paragraph_texts

    found = {}
    for name in names:
        path = output_dir / f"{name}.docx"
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found[name] = paragraph_texts(data, display_path(path))
    return found


def compare(before: dict[str, list[str]], now: dict[str, tuple[str, list[str]]], against: str) -> DiffRun:
    """Compare the paragraphs of each document before and now."""
    run = DiffRun(against=against)
    for name in sorted(set(before) | set(now)):
        if name not in now:
            run.documents.append(DocumentDiff(name, "", "removed", paragraphs=len(before[name])))
            continue
        entry, paragraphs = now[name]
        if name not in before:
            run.documents.append(DocumentDiff(name, entry, "added", paragraphs=len(paragraphs)))
            continue
        text = diff_paragraphs(before[name], paragraphs)
        run.documents.append(DocumentDiff(name, entry, "changed" if text else "unchanged", text, len(paragraphs)))
    return run


def diff_against_build(project: Project, output_dir: Path) -> DiffRun:
    now, problems = render_texts(project)
    before = built_texts(project, output_dir, list(now))
    run = compare(before, now, _("the last build in {folder}").format(folder=display_path(output_dir)))
    run.problems.extend(problems)
    return run


def diff_against_revision(project: Project, revision: str) -> DiffRun:
    now, problems = render_texts(project)
    with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as folder:
        old_root = checkout_revision(project, revision, Path(folder))
        old, old_problems = render_texts(Project(old_root))
    run = compare({name: paragraphs for name, (_entry, paragraphs) in old.items()}, now, revision)
    run.problems.extend(problems)
    # The revision's own errors do not fail the comparison: its documents that did not render count as new.
    run.problems.extend(_at_revision(p, old_root, revision) for p in old_problems if p.severity != WARNING)
    return run


def _at_revision(problem: Problem, root: Path, revision: str) -> Problem:
    shown = problem.location.path
    prefix = display_path(root)
    if shown.startswith(prefix):
        shown = shown[len(prefix) :].lstrip("/\\")
    return Problem(
        Location(f"{revision}:{shown}", problem.location.line, problem.location.column),
        _("at {revision}: {message}").format(revision=revision, message=problem.message),
        severity=WARNING,
    )


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise ReportgenError(_("git is not installed; `reportgen diff REVISION` needs it")) from None
    except subprocess.TimeoutExpired:
        raise ReportgenError(_("git took longer than 2 minutes; try again")) from None


def checkout_revision(project: Project, revision: str, folder: Path) -> Path:
    """Extract the project's data/, templates/ and issued/ at `revision` into `folder`; return the project root there."""
    root = project.root.resolve()
    if revision.startswith("-"):
        raise ReportgenError(_("'{revision}' is not a revision").format(revision=revision))
    found = _git(["rev-parse", "--show-prefix"], root)
    if found.returncode != 0:
        raise ReportgenError(
            _("{folder} is not in a git repository; compare with the last build instead (reportgen diff)").format(
                folder=display_path(root)
            )
        )
    prefix = found.stdout.decode("utf-8", "replace").strip()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    if commit.returncode != 0:
        raise ReportgenError(
            [
                Problem(
                    Location(revision),
                    _("unknown revision '{revision}'").format(revision=revision),
                    hint=_(
                        "give a commit, branch or tag, e.g. HEAD~1; a shallow clone may lack it (git fetch --deepen=1)"
                    ),
                )
            ]
        )
    sha = commit.stdout.decode().strip()
    listed = _git(["ls-tree", "--name-only", sha, "--", *(f"{prefix}{name}" for name in _FOLDERS)], root)
    present = [line for line in listed.stdout.decode("utf-8", "replace").splitlines() if line]
    target = folder / "project"
    target.mkdir()
    if present:
        archive = _git(["archive", "--format=tar", sha, "--", *present], root)
        if archive.returncode != 0:
            raise ReportgenError(archive.stderr.decode("utf-8", "replace").strip())
        tar_path = folder / "revision.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            _extract(tar, target)
    return target / prefix if prefix else target


_FOLDERS = ("data", "templates", ISSUED_DIR)


def _extract(tar: tarfile.TarFile, target: Path) -> None:
    if hasattr(tarfile, "data_filter"):
        tar.extractall(target, filter="data")
        return
    for member in tar.getmembers():  # pragma: no cover - Pythons without extraction filters
        name = os.path.normpath(member.name)
        if name.startswith(("..", "/")) or not (member.isfile() or member.isdir()):
            continue
        tar.extract(member, target)


# -- showing a run -------------------------------------------------------------------------------


def _mark(text: str, tag: str, color: bool) -> str:
    import click

    if not text:
        return ""
    if color:
        return click.style(text, fg="red" if tag == DELETE else "green", bold=True, underline=tag == INSERT)
    return f"[-{text}-]" if tag == DELETE else f"{{+{text}+}}"


def _shown(text: str) -> str:
    return text.replace("\t", "    ").replace("\n", " ⏎ ")


def terminal_lines(run: DiffRun, output_dir: Path, *, color: bool = False) -> list[str]:
    """Return the comparison as lines for a terminal: changed words in [-…-] and {+…+}, or in colour."""
    import click

    lines = []
    for document in run.changed:
        shown = display_path(output_dir / f"{document.name}.docx")
        if document.status == "added":
            lines.append(
                _("{file} ({entry}): new, {count} paragraphs (no earlier version)").format(
                    file=shown, entry=document.entry, count=document.paragraphs
                )
            )
            continue
        if document.status == "removed":
            lines.append(_("{file}: no longer made from the entries").format(file=shown))
            continue
        count = len(document.text.changes)
        lines.append(
            ngettext(
                "{file} ({entry}): {count} paragraph changed",
                "{file} ({entry}): {count} paragraphs changed",
                count,
            ).format(file=shown, entry=document.entry, count=count)
        )
        for change in document.text.changes:
            minus = click.style("-", fg="red") if color else "-"
            plus = click.style("+", fg="green") if color else "+"
            if change.kind == "added":
                lines.append("  " + _("paragraph {number}, added:").format(number=change.new_number))
                lines.append(f"  {plus} {_mark(_shown(change.new), INSERT, color)}")
            elif change.kind == "removed":
                lines.append(
                    "  " + _("paragraph {number} of the earlier version, removed:").format(number=change.old_number)
                )
                lines.append(f"  {minus} {_mark(_shown(change.old), DELETE, color)}")
            else:
                lines.append("  " + _("paragraph {number}:").format(number=change.new_number))
                old = "".join(p.old if p.tag == EQUAL else _mark(p.old, DELETE, color) for p in change.pieces)
                new = "".join(p.new if p.tag == EQUAL else _mark(p.new, INSERT, color) for p in change.pieces)
                lines.append(f"  {minus} {_shown(old)}")
                lines.append(f"  {plus} {_shown(new)}")
    changed, total = len(run.changed), len(run.documents)
    if changed:
        lines.append(
            ngettext(
                "{changed} of {total} document differs from {against}",
                "{changed} of {total} documents differ from {against}",
                total,
            ).format(changed=changed, total=total, against=run.against)
        )
    else:
        lines.append(
            ngettext(
                "no change: the document reads as in {against}",
                "no change: all {total} documents read as in {against}",
                total,
            ).format(total=total, against=run.against)
        )
    return lines


_CSS = """
body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "AR PL UMing CN", "Noto Serif CJK SC", serif;
       margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.7; }
h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.6em; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.2em; margin-top: 2em;
     border-bottom: 1px solid #ccc; }
p.meta { color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ddd; padding: .4em .6em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
th:first-child, td.number { white-space: nowrap; color: #666; width: 3em; }
del { background: #fdd; color: #a00; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: underline; }
"""


def html_page(run: DiffRun, output_dir: Path) -> str:
    """Return the comparison as a self-contained HTML page, old and new side by side."""
    e = html.escape
    title = e(_("What changed in the documents"))
    against = e(_("Compared with: {against}").format(against=run.against))
    language = "zh-CN" if current_language() == "zh" else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        '<head><meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="meta">{against}</p>',
    ]
    if not run.changed:
        parts.append("<p>" + e(_("No document changed.")) + "</p>")
    heads = (e(_("Paragraph")), e(_("Before")), e(_("Now")))
    for document in run.changed:
        parts.append(f"<h2>{e(display_path(output_dir / f'{document.name}.docx'))}</h2>")
        if document.status == "added":
            parts.append('<p class="meta">' + e(_("New document: there is no earlier version.")) + "</p>")
            continue
        if document.status == "removed":
            parts.append('<p class="meta">' + e(_("No longer made from the entries.")) + "</p>")
            continue
        parts.append('<p class="meta">' + e(_("Made from {entry}").format(entry=document.entry)) + "</p>")
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>")
        for change in document.text.changes:
            number = change.new_number if change.new_number is not None else change.old_number
            if change.kind == "added":
                old, new = "", f"<ins>{e(change.new)}</ins>"
            elif change.kind == "removed":
                old, new = f"<del>{e(change.old)}</del>", ""
            else:
                old = "".join(_html_piece(p.old, p.tag == EQUAL, "del") for p in change.pieces)
                new = "".join(_html_piece(p.new, p.tag == EQUAL, "ins") for p in change.pieces)
            parts.append(f'<tr><td class="number">{number}</td><td>{old}</td><td>{new}</td></tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_piece(text: str, same: bool, tag: str) -> str:
    if not text:
        return ""
    shown = html.escape(text).replace("\t", "&emsp;").replace("\n", "<br>")
    return shown if same else f"<{tag}>{shown}</{tag}>"
