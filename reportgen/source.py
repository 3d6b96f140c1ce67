"""Read YAML entries safely, keeping where every key and value stands in the file.

The YAML is composed into nodes (never constructed by PyYAML's object machinery),
so no tag can run code; every key and value keeps its line and column, which the
model uses to locate its errors and the proofreader to locate its findings.
"""

from __future__ import annotations

import errno
import math
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .encoding import decode_utf8
from .errors import Location, Problem
from .i18n import N_, _
from .project import display_path
from .yaml_errors import reader_problem, slip_on_line, syntax_problem

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 200_000
# Entries are a few levels deep (a report's sections, subsections, points, cases,
# figures: under 15); a deeper tree is a mistake or an attack, and would exhaust
# the recursion of the composer and of the conversion below.
MAX_DEPTH = 50

_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Characters a Word document cannot hold (XML 1.0 forbids them) or that YAML reads
# as a line break, which would shift every line number after them. Tab, line feed
# and carriage return are ordinary text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Decoded escapes ("\v", "\0", "\ud800") can make the same characters, and lone surrogates.
_BAD_VALUE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x0B: N_("vertical tab, a line break pasted from Word"),
    0x0C: N_("form feed, a page break pasted from Word"),
    0x1F: N_("unit separator"),
    0x7F: "DEL",
    0x85: N_("next line, often a '…' read in the wrong encoding"),
    0x2028: N_("line separator"),
    0x2029: N_("paragraph separator"),
    0xFFFE: N_("not a character; a byte-order mark read the wrong way"),
    0xFFFF: N_("not a character"),
}


@dataclass
class SourceFile:
    """A YAML file's data with the position of every key and value."""

    path: Path
    display: str
    text: str
    data: object = None
    value_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    scalar_nodes: dict[tuple, ScalarNode] = field(default_factory=dict)

    def location(self, path: tuple = (), *, key: bool = False) -> Location:
        """Return the location of the value (or the key) at `path`, or of its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                line, col = marks[probe]
                return Location(self.display, line, col)
            if key and probe in self.value_marks:
                line, col = self.value_marks[probe]
                return Location(self.display, line, col)
            probe = probe[:-1]
        line, col = self.value_marks.get((), (1, 1))
        return Location(self.display, line, col)


class _AliasRefused(Exception):
    def __init__(self, mark):
        self.mark = mark


class _TooManyNodes(Exception):
    def __init__(self, mark):
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


class _ComposingLoader(yaml.SafeLoader):
    """A loader that composes nodes only, refusing aliases and runaway sizes and depths early.

    PyYAML's parser reads events without recursion; its composer recurses once a
    level, so the depth is checked before a level is composed, not after.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._node_count = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        self._node_count += 1
        if self._node_count > MAX_NODES:
            raise _TooManyNodes(self.peek_event().start_mark)
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class FileTooLarge(OSError):
    """A file over the size limit, refused by its size before any of it is read."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"{size} bytes")
        self.size, self.limit = size, limit


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Return the bytes of the regular file `path`, refusing by its size (never by reading it) one over `limit`.

    Raises FileTooLarge for a large file, OSError for one that cannot be read
    (a folder, a device or a pipe among them: reading those could block or never end).
    """
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise OSError(errno.EISDIR, _("it is a folder"))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, _("not a regular file"))
    if info.st_size > limit:
        raise FileTooLarge(info.st_size, limit)
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew after the stat
        raise FileTooLarge(len(raw), limit)
    return raw


def too_large_problem(display: str, exc: FileTooLarge) -> Problem:
    return Problem(
        Location(display),
        _("file is too large ({size:,} bytes; the limit is {limit} MB)").format(
            size=exc.size, limit=exc.limit // 1024 // 1024
        ),
        hint=_("split it into several files, or check that nothing was pasted by accident"),
    )


def cannot_read_problem(display: str, exc: OSError) -> Problem:
    return Problem(Location(display), _("cannot read file: {reason}").format(reason=exc.strerror or exc))


def load_yaml_file(path: Path) -> tuple[SourceFile | None, list[Problem]]:
    """Read and compose one YAML file; return it with its data, or the problems found."""
    display = display_path(path)
    try:
        raw = read_limited(path)
    except FileTooLarge as exc:
        return None, [too_large_problem(display, exc)]
    except OSError as exc:
        return None, [cannot_read_problem(display, exc)]
    return load_yaml_text(raw, path, display)


def load_yaml_text(raw: bytes, path: Path, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """Decode and compose YAML bytes; return the located data or the problems found."""
    text, problems = decode_utf8(raw, display)
    if text is None:
        return None, problems
    source = SourceFile(path=path, display=display, text=text)
    problems = _find_control_characters(text, display)
    if problems:
        return None, problems
    node = _compose_fast(text)
    if node is not None:
        return _finish(node, source)
    try:
        loader = _ComposingLoader(text)
    except yaml.reader.ReaderError as exc:  # a character the YAML reader refuses
        return None, [reader_problem(display, text, exc)]
    try:
        node = loader.get_single_node()
    except _AliasRefused as exc:
        return None, [
            Problem(
                _mark_location(display, exc.mark),
                _("YAML aliases (*name) are not allowed"),
                hint=_('write the value out in full; a value that starts with * must be quoted, e.g. "*市"'),
            )
        ]
    except _TooDeep as exc:
        return None, [
            Problem(
                _mark_location(display, exc.mark),
                _("values are nested more than {limit} levels deep here").format(limit=MAX_DEPTH),
                hint=_("entries are only a few levels deep; look for a [ or { that is never closed"),
            )
        ]
    except _TooManyNodes as exc:
        return None, [
            Problem(
                _mark_location(display, exc.mark),
                _("file has more than {count} YAML values").format(count=MAX_NODES),
                hint=_("split it into several files"),
            )
        ]
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_problem(display, text, exc)]
    except yaml.reader.ReaderError as exc:
        return None, [reader_problem(display, text, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(display, 1, 1), _("YAML error: {error}").format(error=exc))]
    finally:
        loader.dispose()
    if node is None:
        return None, [
            Problem(
                Location(display, 1, 1),
                _("file is empty (it holds no YAML values, only blanks or comments)"),
                hint=_("fill it in, or delete it"),
            )
        ]
    return _finish(node, source)


def _finish(node, source: SourceFile) -> tuple[SourceFile | None, list[Problem]]:
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    source.data = _convert(node, (), source, constructor, problems)
    return (None if problems else source), problems


_CComposer = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str):
    """Return the node tree composed by libyaml, or None to take the careful path.

    libyaml composes ten times faster than PyYAML's Python parser. A file it cannot
    compose, or one with aliases or too many values, is composed again by the
    Python parser, whose errors are the ones reportgen explains.
    """
    if _CComposer is None:
        return None
    loader = _CComposer(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is None or not _plain_tree(node):
        return None
    return node


def _plain_tree(root) -> bool:
    """Return whether the tree has no shared nodes (aliases), at most MAX_NODES values and MAX_DEPTH levels."""
    seen: set[int] = {id(root)}
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, SequenceNode):
            children = node.value
        else:
            continue
        for child in children:
            if id(child) in seen:
                return False
            seen.add(id(child))
            if not isinstance(child, ScalarNode):  # scalars, most of the tree, need no visit of their own
                if depth >= MAX_DEPTH:
                    return False
                stack.append((child, depth + 1))
        if len(seen) > MAX_NODES:
            return False
    return True


def _find_control_characters(text: str, display: str) -> list[Problem]:
    problems = []
    for match in _CONTROL_CHARS.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        code = ord(match.group())
        name = _(_CONTROL_NAMES.get(code, N_("control character")))
        problems.append(
            Problem(
                Location(display, line, column),
                _("invisible control character U+{code:04X} ({name})").format(code=code, name=name),
                hint=_("delete it; it often comes with text pasted from Word or WeChat"),
            )
        )
        if len(problems) >= 20:
            break
    return problems


def _mark_location(display: str, mark) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


def _convert(node, path: tuple, source: SourceFile, constructor, problems: list[Problem]):
    source.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    where = _mark_location(source.display, node.start_mark)
    if isinstance(node, MappingNode):
        if node.tag != _MAP_TAG:
            problems.append(_tag_problem(where, node.tag))
            return None
        result: dict = {}
        for key_node, value_node in node.value:
            key_where = _mark_location(source.display, key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null",
                "tag:yaml.org,2002:float",
                "tag:yaml.org,2002:timestamp",
            ):
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(
                        Problem(key_where, _("YAML merge keys (<<) are not allowed"), hint=_("write the keys out"))
                    )
                else:
                    problems.append(Problem(key_where, _("a key must be a plain word"), hint=_("write `name: value`")))
                continue
            key = key_node.value
            bad_key = _bad_characters(key_node, source) or _plain_slip(key_node, source)
            if bad_key:
                problems.append(bad_key)
                continue
            if key in result:
                first = source.key_marks[path + (key,)]
                problems.append(
                    Problem(
                        key_where,
                        _("duplicate key '{key}' (already given at line {line})").format(key=key, line=first[0]),
                        hint=_("keep one of the two"),
                    )
                )
                continue
            source.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, path + (key,), source, constructor, problems)
        return result
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ_TAG:
            problems.append(_tag_problem(where, node.tag))
            return None
        return [_convert(item, path + (i,), source, constructor, problems) for i, item in enumerate(node.value)]
    if node.tag not in _ALLOWED_SCALAR_TAGS:
        problems.append(_tag_problem(where, node.tag))
        return None
    try:
        value = constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        is_date = node.tag.endswith("timestamp")
        kind = _(_KIND_WORDS.get(node.tag.rsplit(":", 1)[-1], N_("value")))
        reason = str(exc).split("\n")[0]
        if "digits" in reason:  # Python refuses to read integers of thousands of digits
            reason = _("it has {count} digits").format(count=sum(c.isdigit() for c in node.value))
        elif reason in _DATE_REASONS:
            reason = _(reason)
        problems.append(
            Problem(
                where,
                _("'{value}' is not a valid {kind} ({reason})").format(
                    value=_shorten(node.value), kind=kind, reason=reason
                ),
                hint=_("dates are written YYYY-MM-DD, e.g. 2023-01-10") if is_date else "",
            )
        )
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(
            Problem(
                where,
                _("'{value}' is not a number a document can print").format(value=_shorten(node.value)),
                hint=_("write a finite number, e.g. 79 or 1.5"),
            )
        )
        return None
    if isinstance(value, str):
        bad = _bad_characters(node, source) or _plain_slip(node, source)
        if bad:
            problems.append(bad)
            return None
        source.scalar_nodes[path] = node
    return value


_KIND_WORDS = {
    "timestamp": N_("date"),
    "int": N_("whole number"),
    "float": N_("number"),
    "bool": N_("true/false value"),
    "null": N_("empty value"),
}
# Python's reasons for refusing a date.
_DATE_REASONS = {N_("day is out of range for month"), N_("month must be in 1..12"), N_("year 0 is out of range")}


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _bad_characters(node, source: SourceFile) -> Problem | None:
    """Return a problem for a character an escape (such as "\\v" or "\\0") put into a text."""
    if not isinstance(node, ScalarNode):
        return None
    match = _BAD_VALUE_CHARS.search(node.value)
    if match is None:
        return None
    from .textpos import map_scalar

    line, column = map_scalar(source.text, node).line_col(match.start())
    code = ord(match.group())
    name = _(_CONTROL_NAMES.get(code, N_("a lone surrogate") if 0xD800 <= code <= 0xDFFF else N_("control character")))
    return Problem(
        Location(source.display, line, column),
        _("the escape here makes an invisible control character U+{code:04X} ({name})").format(code=code, name=name),
        hint=_("a document cannot hold it; delete the escape"),
    )


_SLIP_CHARACTERS = re.compile("[-\u3000：]")


def _plain_slip(node: ScalarNode, source: SourceFile) -> Problem | None:
    """Return a typing slip YAML read without complaint into a plain text: `　　key: …`, `key：…`, `-item`.

    Only lines where the text starts the line are looked at, as a key or an item
    would; a slip inside a sentence is the sentence's own business.
    """
    if node.style not in (None, "") or not _SLIP_CHARACTERS.search(node.value):  # libyaml says '' for plain
        return None
    lines = source.text.split("\n") if node.end_mark.line > node.start_mark.line else None
    for index in range(node.start_mark.line, node.end_mark.line + 1):
        if index == node.start_mark.line:
            line = _line_at(source.text, node.start_mark.index - node.start_mark.column)
            if line[: node.start_mark.column].strip(" "):
                continue
        else:
            assert lines is not None
            line = lines[index] if index < len(lines) else ""
        slip = slip_on_line(index + 1, line, in_value=True)
        if slip is not None:
            return Problem(Location(source.display, slip.line, slip.column), slip.message, hint=slip.hint)
    return None


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _tag_problem(where: Location, tag: str) -> Problem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return Problem(
        where,
        _("YAML tag '{tag}' is not allowed").format(tag=shown),
        hint=_("remove the tag; entries hold plain text, numbers, dates and lists"),
    )
