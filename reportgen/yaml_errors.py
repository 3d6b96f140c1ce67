"""YAML mistakes explained: PyYAML's errors in the user's words, and the slips Chinese typists make most.

PyYAML reports where it noticed a mistake, which is often a line later than the
mistake itself and in words about tokens. The slips that an input method makes
(a full-width colon `：`, full-width spaces `　` for indentation, a missing
colon, an unclosed quote, a tab, a list dash with no space after it) are found
where they are, at the character itself, and named with their fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .errors import Location, Problem
from .i18n import N_, _

# How far above the line PyYAML stopped at a slip is looked for.
_LOOK_BACK_LINES = 20

_FULL_WIDTH_INDENT = re.compile(r"^( *)\u3000")
_TAB_INDENT = re.compile(r"^([ \u3000]*)\t")
# A key followed by a full-width colon: `region：江口县`, `- unit：…`. Any key on the
# line PyYAML names as the key it was reading; elsewhere only the English keys
# entries use, so that a Chinese sentence with a colon in a text is never blamed.
_FULL_WIDTH_COLON_ANY = re.compile(r"^( *(?:- +)*)([^\s:：#'\"\[\]{}\-][^\s:：#]*) *：")
_FULL_WIDTH_COLON_KEY = re.compile(r"^( *(?:- +)*)([a-z_][a-z0-9_]*) *：")
_DASH_NO_SPACE = re.compile(r"^( *)-(?=[^\s\-\d.])")
_QUOTED_START = re.compile(r"^( *(?:- +)*(?:[A-Za-z_][\w-]* *: +)?)([\"'])")
_MISSING_COLON = re.compile(r"^( *(?:- +)*)([^\s:：#'\"\[\]{}\-][^\s:：#]*)(?=[ \t]+\S)")
_CHINESE_QUOTE_VALUE = re.compile(r"^ *(?:- +)*[^\s:#]+ *: +[“‘]")


@dataclass(frozen=True)
class Slip:
    """A typing slip found at a place in the text: 1-based line and column, message and fix."""

    line: int
    column: int
    message: str
    hint: str


def _closing_quote(rest: str, quote: str) -> bool:
    """Return whether `rest` (after an opening quote) closes it on the same line."""
    i = 0
    while i < len(rest):
        char = rest[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and rest[i + 1 : i + 2] == "'":
                i += 2
                continue
            return True
        i += 1
    return False


def _unclosed_quote(line_no: int, column: int, quote: str) -> Slip:
    return Slip(
        line_no,
        column,
        _("the quote {quote} opened here is never closed").format(quote=quote),
        _("end the value with {quote} on the same line, or remove the quote").format(quote=quote),
    )


def slip_on_line(line_no: int, line: str, *, key_line: bool = False, in_value: bool = False) -> Slip | None:
    """Return the typing slip on one line of YAML, if it has one.

    `key_line`: PyYAML was reading this line as a key when it stopped, so a key in
    any script counts, and a line without any colon lacks one. `in_value`: the line
    is part of a plain text YAML read without complaint; only the slips that YAML
    reads as text (full-width indentation and colon, a dash without a space) count.
    """
    match = _FULL_WIDTH_INDENT.match(line)
    if match and line[match.end() :].strip("\u3000 "):
        return Slip(
            line_no,
            match.end(),
            _("a full-width space '\u3000' (U+3000) is used for indentation"),
            _("indent with half-width spaces, as the lines above do"),
        )
    match = None if in_value else _TAB_INDENT.match(line)
    if match:
        return Slip(
            line_no, match.end(), _("a tab character is used for indentation"), _("indent with spaces, not tabs")
        )
    match = (_FULL_WIDTH_COLON_ANY if key_line else _FULL_WIDTH_COLON_KEY).match(line)
    if match:
        key = match.group(2)
        value = line[match.end() :].strip()
        return Slip(
            line_no,
            match.end(),
            _("a full-width colon '：' (U+FF1A) follows the key '{key}'").format(key=key),
            _("write a half-width colon and a space: `{fixed}`").format(fixed=f"{key}: {value}".rstrip()),
        )
    match = _DASH_NO_SPACE.match(line)
    if match and not line.startswith("---"):
        item = line[match.end() :].strip()
        return Slip(
            line_no,
            len(match.group(1)) + 1,
            _("the list dash '-' has no space after it"),
            _("write `- {item}`: a dash, a space, then the item").format(item=item),
        )
    match = None if in_value else _QUOTED_START.match(line)
    if match and not _closing_quote(line[match.end() :], match.group(2)):
        return _unclosed_quote(line_no, match.end(), match.group(2))
    if key_line and ":" not in line and "：" not in line:
        match = _MISSING_COLON.match(line)
        if match:
            key = match.group(2)
            value = line[match.end() :].strip()
            return Slip(
                line_no,
                match.end() + 1,
                _("the key '{key}' has no colon after it").format(key=key),
                _("write `{fixed}`, with a half-width colon and a space").format(fixed=f"{key}: {value}"),
            )
    return None


def find_slip(text: str, exc: yaml.MarkedYAMLError) -> Slip | None:
    """Return the typing slip that most probably caused `exc`: where it is, not where PyYAML stopped."""
    lines = text.split("\n")
    context = (exc.context or "").strip()
    start = exc.context_mark
    if context in ("while scanning a quoted scalar", "while scanning a double-quoted scalar") and start is not None:
        line = lines[start.line] if start.line < len(lines) else ""
        quote = line[start.column : start.column + 1] or '"'
        return _unclosed_quote(start.line + 1, start.column + 1, quote)
    key_line = start.line if start is not None and context == "while scanning a simple key" else None
    if key_line is not None and key_line < len(lines):
        found = slip_on_line(key_line + 1, lines[key_line], key_line=True)
        if found:
            return found
    mark = exc.problem_mark or start
    if mark is None:
        return None
    last = min(mark.line, len(lines) - 1)
    for index in range(last, max(-1, last - _LOOK_BACK_LINES), -1):
        found = slip_on_line(index + 1, lines[index])
        if found:
            return found
    return None


def syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Return the located problem of a YAML syntax error, explaining a typing slip where there is one."""
    slip = find_slip(text, exc)
    if slip is not None:
        return Problem(
            Location(display, slip.line, slip.column),
            _("YAML syntax error: {problem}").format(problem=slip.message),
            hint=slip.hint,
        )
    mark = exc.problem_mark or exc.context_mark
    location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    hint = ""
    if "'\\t'" in problem:
        problem = _("a tab character is used for indentation")
        hint = _("indent with spaces, not tabs")
    elif "expected alphabetic or numeric character" in problem and context.startswith(
        ("while scanning an alias", "while scanning an anchor")
    ):
        problem = _("a value that starts with * or & is read as a YAML alias or anchor")
        hint = _('put the value in quotes, e.g. "*市"')
    elif "mapping values are not allowed here" in problem:
        line = text.split("\n")[mark.line] if mark else ""
        if _CHINESE_QUOTE_VALUE.match(line):
            hint = _('Chinese quotes “ ” do not quote a YAML value: put the whole value in half-width quotes "…"')
        else:
            hint = _("a value that contains ': ' must be quoted, or the line is indented wrongly")
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = _("check the indentation of this line against the lines above it")
    elif context in ("while parsing a flow sequence", "while parsing a flow mapping") and exc.context_mark is not None:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        start = exc.context_mark
        hint = _("the {opening} at line {line}, column {column} is not closed with {closing}").format(
            opening=opening, line=start.line + 1, column=start.column + 1, closing=closing
        )
    elif "found duplicate anchor" in problem:
        hint = _("anchors and aliases are not supported; write the value out")
    problem = _(problem) if problem in _YAML_PROBLEMS else problem
    message = _("YAML syntax error: {problem}").format(problem=problem) if problem else _("YAML syntax error")
    if context and context in _YAML_PROBLEMS:
        message += _(" ({context})").format(context=_(context))
    return Problem(location, message, hint=hint)


def reader_problem(display: str, text: str, exc) -> Problem:
    """Return the problem of a character the YAML reader refuses, at its place in the file."""
    position = getattr(exc, "position", 0) or 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem(
        Location(display, line, column),
        _("character U+{code:04X} is not allowed in a YAML file").format(code=code),
        hint=_("delete it; it often comes with text pasted from another program"),
    )


# PyYAML's own words for the mistakes people make most, so that they can be translated.
_YAML_PROBLEMS = frozenset(
    (
        N_("mapping values are not allowed here"),
        N_("could not find expected ':'"),
        N_("expected <block end>, but found '<block mapping start>'"),
        N_("expected <block end>, but found '<block sequence start>'"),
        N_("expected <block end>, but found '-'"),
        N_("expected <block end>, but found '<scalar>'"),
        N_("expected ',' or ']', but got '<stream end>'"),
        N_("expected ',' or '}', but got '<stream end>'"),
        N_("found unexpected end of stream"),
        N_("expected a single document in the stream"),
        N_("while scanning a simple key"),
        N_("while parsing a block mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow mapping"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a double-quoted scalar"),
        N_("while scanning a single-quoted scalar"),
        N_("found character that cannot start any token"),
    )
)
