"""What the proofreader reports: findings, the text fields it reads and the edits it can make."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import ScalarNode

from ..characters import is_han
from ..errors import ERROR, WARNING, Location
from ..i18n import N_, _
from ..source import SourceFile
from ..textpos import LineIndex, ScalarMap, map_scalar

__all__ = [
    "CHINESE_PUNCTUATION",
    "ERROR",
    "PLACEHOLDER",
    "WARNING",
    "Edit",
    "Finding",
    "TextField",
    "is_chinese",
    "is_han",
]

# Full-width punctuation of Chinese text (GB/T 15834), as neighbours that make a place "Chinese".
CHINESE_PUNCTUATION = "，。、；：？！“”‘’（）《》【】〔〕「」『』〈〉…—～·"
# A {figure} placeholder in a text is masked with this private-use character,
# one per character, so that offsets in the masked text are offsets in the value.
PLACEHOLDER = "\ue000"
PLACEHOLDER_RE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# The severity as a person reads it; JSON output keeps ERROR and WARNING themselves.
SEVERITY_WORDS = {ERROR: N_("error"), WARNING: N_("warning")}


def is_chinese(ch: str) -> bool:
    """Return whether `ch` is a Chinese character or a full-width Chinese punctuation mark."""
    return is_han(ch) or ch in CHINESE_PUNCTUATION


def severity_word(severity: str) -> str:
    """Return the word for `severity` ('error', 'warning') in the current language."""
    return _(SEVERITY_WORDS[severity]) if severity in SEVERITY_WORDS else severity


@dataclass(frozen=True)
class Edit:
    """One exact text edit: replace file text [start, end) (LF-normalised offsets), which reads `old`, with `new`.

    The edit also records which value it changes and how, so that the fixer can
    check after editing that the file still reads as intended.
    """

    path: Path
    start: int
    end: int
    old: str
    new: str
    data_path: tuple
    value_start: int
    value_end: int
    value_old: str
    value_new: str


@dataclass(frozen=True)
class Finding:
    """One proofreading finding at a character of a YAML file."""

    location: Location
    severity: str
    rule_id: str
    message: str
    suggestion: str = ""
    edit: Edit | None = field(default=None, compare=False)

    def format(self) -> str:
        """Return the one-line form `path:line:col: severity rule-id message (suggestion)`."""
        text = f"{self.location}: {severity_word(self.severity)} {self.rule_id} {self.message}"
        if self.suggestion:
            text += _(" ({hint})").format(hint=self.suggestion)
        return text

    @property
    def fixable(self) -> bool:
        return self.edit is not None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "rule": self.rule_id,
            "message": self.message,
            "suggestion": self.suggestion,
            "fixable": self.fixable,
        }

    def sort_key(self):
        return (self.location.path, self.location.line, self.location.column, self.rule_id, self.message)


class TextField:
    """One string value of an entry, with the file position of each of its characters.

    `role` says how the document uses it: a paragraph (lead, intro, closing, a
    point's text), a clause the template completes with punctuation (a case's
    text, a key phrase, a theme, a section's front line), a heading (headline,
    title), a figure, or a short phrase (names, places, tags).
    """

    def __init__(self, source: SourceFile, path: tuple, node: ScalarNode, lines: LineIndex, kind: str, role: str):
        self.source = source
        self.path = path
        self.node = node
        self.kind = kind
        self.role = role
        self.value: str = node.value
        self._lines = lines
        self._map: ScalarMap | None = None
        # {name} stands for a figure (79户) in case texts and in a document's own text
        self.masked = PLACEHOLDER_RE.sub(lambda m: PLACEHOLDER * len(m.group()), self.value)

    @property
    def map(self) -> ScalarMap:
        """Return where each character of the value stands in the file (worked out when first needed)."""
        if self._map is None:
            self._map = map_scalar(self.source.text, self.node, self._lines)
        return self._map

    @property
    def name(self) -> str:
        """Return the field's key: the last key in its path ('text', 'lead' …)."""
        return next((p for p in reversed(self.path) if isinstance(p, str)), "")

    def location(self, index: int) -> Location:
        line, column = self.map.line_col(index)
        return Location(self.source.display, line, column)

    def location_after(self, index: int) -> Location:
        line, column = self.map.line_col_after(index)
        return Location(self.source.display, line, column)

    def edit(self, start: int, end: int, new: str) -> Edit | None:
        """Return the file edit that replaces value characters [start, end) with `new`, if one is safe."""
        where = self.map.source_range(start, end)
        if where is None:
            return None
        a, b = where
        return Edit(
            self.source.path, a, b, self.source.text[a:b], new, self.path, start, end, self.value[start:end], new
        )

    def finding(
        self,
        rule,
        start: int,
        message: str,
        suggestion: str = "",
        *,
        end: int | None = None,
        replacement: str | None = None,
        after: bool = False,
    ) -> Finding:
        """Return a finding of `rule` at value character `start` (or just after it), with an edit if given."""
        location = self.location_after(start) if after else self.location(start)
        edit = None
        if replacement is not None and end is not None:
            edit = self.edit(start, end, replacement)
        return Finding(location, rule.severity, rule.id, message, suggestion, edit)
