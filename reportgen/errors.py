"""Problems found in the user's files, and the exception that carries them to the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import click

ERROR = "error"
WARNING = "warning"


# Characters that would break a message's one line or change how it reads: line
# breaks and other controls, and the bidirectional controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Return `text` with line breaks, controls and bidi controls written as escapes (\\n, \\x1b, \\u202e).

    A file name holding a line break must not split a message into a second,
    fake `FAKE.yaml:1:1: error` line, nor a bidi override reverse what follows.
    """
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), m.group().encode("unicode_escape").decode("ascii")), text)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file: path as given, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{printable(self.path)}:{self.line}:{self.column}"
        return printable(self.path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the user's input."""

    location: Location
    message: str
    severity: str = ERROR
    hint: str = ""

    def format(self) -> str:
        """Return the one-line form `path:line:col: [warning: ]message (hint)`."""
        from .i18n import _

        prefix = _("warning: ") if self.severity == WARNING else ""
        text = f"{self.location}: {prefix}{printable(self.message)}"
        if self.hint:
            text += _(" ({hint})").format(hint=printable(self.hint))
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class ProblemList:
    """Problems collected over a run, so that all of them are reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str, *, hint: str = "", severity: str = ERROR) -> None:
        self.items.append(Problem(location, message, severity, hint))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def __bool__(self) -> bool:
        return bool(self.items)


class ReportgenError(click.ClickException):
    """A user error: printed as located messages, exit status 1, never a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            message = problems
        else:
            self.problems = sorted_problems(problems)
            message = "\n".join(p.format() for p in self.problems)
        super().__init__(message)

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)
        from .i18n import ngettext

        count = len([p for p in self.problems if p.is_error])
        if count:
            click.echo(ngettext("{count} error found.", "{count} errors found.", count).format(count=count), err=True)


def sorted_problems(problems) -> list[Problem]:
    """Return problems ordered by file, line and column (stable for equal places)."""
    return sorted(problems, key=lambda p: (p.location.path, p.location.line, p.location.column))
