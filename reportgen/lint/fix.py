"""Apply the safe fixes of a lint run to the YAML files, as exact text edits.

Only the characters a finding names are replaced; comments, key order, quoting
and layout stay as they were. Before a file is written, its new text is read
back as YAML and must give the same data except for the fixed values, which must
read exactly as intended; otherwise the file is left alone.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from ..errors import ERROR, Location
from ..i18n import _
from ..outputs import real_target, remove_stray_temporaries, write_atomically
from ..source import SourceFile, load_yaml_text
from .findings import Edit, Finding

FIX_RULE = "fix"


@dataclass(frozen=True)
class AppliedFix:
    """A finding whose edit was written to its file."""

    finding: Finding

    @property
    def edit(self) -> Edit:
        assert self.finding.edit is not None  # only findings with an edit are applied
        return self.finding.edit

    def format(self) -> str:
        """Return `path:line:col: fixed rule-id 'old' → 'new'` (or `deleted 'old'`)."""
        edit = self.edit
        rule, old = self.finding.rule_id, _visible(edit.value_old)
        if edit.value_new == "":
            change = _("fixed {rule} deleted '{old}'").format(rule=rule, old=old)
        else:
            change = _("fixed {rule} '{old}' → '{new}'").format(rule=rule, old=old, new=edit.value_new)
        return f"{self.finding.location}: {change}"

    def to_json(self) -> dict:
        data = self.finding.to_json()
        data["replacement"] = self.edit.value_new
        return data


def _visible(text: str) -> str:
    """Return `text` with blanks that look alike on screen spelled out."""
    return text.replace("\u3000", "\\u3000").replace("\t", "\\t").replace("\n", "\\n")


def apply_fixes(findings: list[Finding], sources: dict[Path, SourceFile]) -> tuple[list[AppliedFix], list[Finding]]:
    """Write the edits of the fixable findings; return what was fixed and the files that could not be."""
    by_file: dict[Path, list[Finding]] = {}
    resolved: dict[Path, Path] = {}
    for finding in findings:
        if finding.edit is not None:
            path = finding.edit.path
            if path not in resolved:
                resolved[path] = path.resolve()
            by_file.setdefault(resolved[path], []).append(finding)
    applied: list[AppliedFix] = []
    problems: list[Finding] = []
    for key, file_findings in sorted(by_file.items()):
        source = sources.get(key)
        if source is None:
            continue
        chosen = _without_overlaps(file_findings)
        done, problem = _fix_file(source, chosen)
        applied.extend(done)
        if problem is not None:
            problems.append(problem)
    return applied, problems


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Return the findings whose edits do not touch an earlier one's (the rest wait for the next run).

    In order of their start, an edit overlaps one already chosen exactly when it starts
    before the furthest end chosen so far, so one pass decides (n log n for the sort).
    """
    chosen: list[Finding] = []
    furthest = -1
    for finding in sorted(findings, key=_edit_span):
        a, b = _edit_span(finding)
        if a < furthest:
            continue
        chosen.append(finding)
        furthest = max(furthest, b)
    return chosen


def _edit_span(finding: Finding) -> tuple[int, int]:
    edit = finding.edit
    assert edit is not None
    return edit.start, edit.end


def _file_problem(source: SourceFile, message: str, hint: str = "") -> Finding:
    return Finding(Location(source.display), ERROR, FIX_RULE, message, hint)


def _fix_file(source: SourceFile, findings: list[Finding]) -> tuple[list[AppliedFix], Finding | None]:
    path = source.path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], _file_problem(
            source, _("cannot read the file to fix it: {reason}").format(reason=exc.strerror or exc)
        )
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        raw_text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return [], _file_problem(source, _("the file is no longer UTF-8; not fixed"))
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    if text != source.text:
        return [], _file_problem(
            source, _("the file changed while it was being checked; not fixed"), _("run reportgen lint --fix again")
        )
    edits = [f.edit for f in findings if f.edit is not None]
    for edit in edits:
        if text[edit.start : edit.end] != edit.old:
            return [], _file_problem(source, _("internal check failed: an edit does not match the file; not fixed"))
    new_text = _apply(text, [(e.start, e.end, e.new) for e in edits])
    problem = _check_reads_as_intended(source, new_text, edits)
    if problem is not None:
        return [], problem
    offsets = _raw_offsets(raw_text)
    new_raw = _apply(raw_text, [(offsets[e.start], offsets[e.end], e.new) for e in edits])
    assert new_raw.replace("\r\n", "\n").replace("\r", "\n") == new_text
    try:
        write_text_atomically(path, ("\ufeff" if bom else "") + new_raw)
    except OSError as exc:
        return [], _file_problem(
            source,
            _("cannot write the fixed file: {reason}").format(reason=exc.strerror or exc),
            _("is it read-only or open in another program?"),
        )
    return [AppliedFix(f) for f in findings], None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Return `text` with the (non-overlapping) edits made, in one pass."""
    pieces = []
    position = 0
    for start, end, new in sorted(edits):
        pieces.append(text[position:start])
        pieces.append(new)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _raw_offsets(raw_text: str) -> list[int]:
    """Return, for each offset of the LF-normalised text (and its end), the offset in `raw_text`."""
    offsets = []
    i = 0
    while i < len(raw_text):
        offsets.append(i)
        i += 2 if raw_text[i] == "\r" and raw_text[i + 1 : i + 2] == "\n" else 1
    offsets.append(len(raw_text))
    return offsets


def _check_reads_as_intended(source: SourceFile, new_text: str, edits: list[Edit]) -> Finding | None:
    """Return a problem unless `new_text` reads as the old data with exactly the intended values changed."""
    fixed, problems = load_yaml_text(new_text.encode("utf-8"), source.path, source.display)
    if fixed is None:
        return _file_problem(
            source, _("the fixed file would not read as YAML; not fixed"), problems[0].message if problems else ""
        )
    expected = copy.deepcopy(source.data)
    by_path: dict[tuple, list[Edit]] = {}
    for edit in edits:
        by_path.setdefault(edit.data_path, []).append(edit)
    for data_path, value_edits in by_path.items():
        old_value = source.scalar_nodes[data_path].value
        new_value = _apply(old_value, [(e.value_start, e.value_end, e.value_new) for e in value_edits])
        _set(expected, data_path, new_value)
    if fixed.data != expected:
        return _file_problem(
            source,
            _("the fixed file would not read as intended; not fixed"),
            _("fix it by hand, following the findings"),
        )
    return None


def _set(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` (to the file it links to, if a link) through a temporary file beside it.

    Temporary files a killed run left in that folder go first.
    """
    remove_stray_temporaries(real_target(path).parent)
    write_atomically(path, text.encode("utf-8"))
