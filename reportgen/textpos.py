"""Where each character of a parsed YAML string stands in the file it was read from.

A string value is not a slice of its file: quotes are dropped, escapes decoded,
indentation stripped and line breaks folded. To point a finding at the exact
line and column of a character, and to edit the file at that character, the
scalar is scanned again here the way PyYAML scans it, recording for every
character of the value the span of file text it came from.

Each character's span has a kind:

- ``literal``: the file holds the character itself (``text[start:end] == char``);
- ``escape``: an escape stands for it (``\\u4e00``, ``\\"`` or ``''``); replacing
  the whole span with the new character is a safe edit;
- ``folded``: YAML made it from a line break and indentation (a folded space or
  a kept line break); it has no text of its own to edit.

The scan is checked against the value PyYAML produced; if the two ever differ,
the map falls back to the scalar's first position for every character and
marks none of them editable, so a finding is still placed on the right value.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from yaml.nodes import ScalarNode

LITERAL = "literal"
ESCAPE = "escape"
FOLDED = "folded"
UNKNOWN = "unknown"

# The characters PyYAML treats as line breaks (the text is already LF-normalised).
_BREAKS = "\r\n\x85\u2028\u2029"
_END = "\0"

_ESCAPE_REPLACEMENTS = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\x09",
    "\t": "\x09",
    "n": "\x0a",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\x0d",
    "e": "\x1b",
    " ": "\x20",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_ESCAPE_CODES = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True)
class CharSpan:
    """The file text a value character came from: offsets [start, end) and how."""

    start: int
    end: int
    kind: str

    @property
    def editable(self) -> bool:
        return self.kind in (LITERAL, ESCAPE)


class LineIndex:
    """Converts offsets in a text to 1-based (line, column), counting as PyYAML does."""

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        for i, ch in enumerate(text):
            if ch in "\n\x85\u2028\u2029":
                starts.append(i + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of the character at `offset`."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def column0(self, offset: int) -> int:
        """Return the 0-based column of `offset`."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return offset - self._starts[line]


class ScalarMap:
    """The file position of every character of one scalar's value."""

    def __init__(self, value: str, spans: list[CharSpan], lines: LineIndex, exact: bool, fallback: int):
        self.value = value
        self.spans = spans
        self.lines = lines
        self.exact = exact
        self._fallback = fallback

    def offset(self, index: int) -> int:
        """Return the file offset of value character `index` (the end of the value for len(value))."""
        if not self.spans:
            return self._fallback
        if index >= len(self.spans):
            return self.spans[-1].end
        return self.spans[index].start

    def line_col(self, index: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the file of value character `index`."""
        return self.lines.line_col(self.offset(index))

    def line_col_after(self, index: int) -> tuple[int, int]:
        """Return the (line, column) just after value character `index`."""
        if not self.spans:
            return self.lines.line_col(self._fallback)
        return self.lines.line_col(self.spans[min(index, len(self.spans) - 1)].end)

    def source_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the file offsets [a, b) holding value characters [start, end), or None.

        None means the characters cannot be replaced by editing one stretch of the
        file: one of them was made by folding, or they are not side by side there.
        """
        if not self.exact or not 0 <= start < end <= len(self.spans):
            return None
        chosen = self.spans[start:end]
        if not all(span.editable for span in chosen):
            return None
        for left, right in itertools.pairwise(chosen):
            if left.end != right.start:
                return None
        return chosen[0].start, chosen[-1].end

    def span_kind(self, index: int) -> str:
        return self.spans[index].kind if index < len(self.spans) else UNKNOWN


def map_scalar(text: str, node: ScalarNode, lines: LineIndex | None = None) -> ScalarMap:
    """Return where each character of `node.value` stands in `text` (the text it was composed from)."""
    lines = lines or LineIndex(text)
    start = node.start_mark.index
    end = node.end_mark.index
    value = node.value
    produced: list[tuple[str, CharSpan]] | None
    try:
        if node.style in ('"', "'"):
            produced = _scan_quoted(text, start, node.style == '"')
        elif node.style in ("|", ">"):
            produced = _scan_block(text, start, end, node.style == ">", value, lines)
        else:
            produced = _scan_plain(text, start, end)
    except (IndexError, ValueError):
        produced = None
    if produced is not None and "".join(ch for ch, _ in produced) == value:
        return ScalarMap(value, [span for _, span in produced], lines, True, start)
    spans = [CharSpan(start, start, UNKNOWN) for _ in value]
    return ScalarMap(value, spans, lines, False, start)


class _Cursor:
    """A read position in the text with PyYAML's peek/forward vocabulary."""

    def __init__(self, text: str, index: int, lines: LineIndex | None = None):
        self.text = text
        self.i = index
        self.lines = lines

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < len(self.text) else _END

    @property
    def column(self) -> int:
        assert self.lines is not None
        return self.lines.column0(self.i)

    def line_break(self) -> tuple[str, CharSpan] | None:
        """Consume one line break; return what PyYAML makes of it, or None if there is none."""
        ch = self.peek()
        if ch in "\r\n\x85":
            width = 2 if self.text[self.i : self.i + 2] == "\r\n" else 1
            made = "\n"
        elif ch in "\u2028\u2029":
            width = 1
            made = ch
        else:
            return None
        span = CharSpan(self.i, self.i + width, LITERAL if self.text[self.i : self.i + width] == made else FOLDED)
        self.i += width
        return made, span


def _literal(text: str, a: int, b: int) -> list[tuple[str, CharSpan]]:
    return [(text[k], CharSpan(k, k + 1, LITERAL)) for k in range(a, b)]


def _folded_space(span: CharSpan) -> tuple[str, CharSpan]:
    return " ", CharSpan(span.start, span.end, FOLDED)


# -- plain scalars ------------------------------------------------------------------------


def _scan_plain(text: str, start: int, end: int) -> list[tuple[str, CharSpan]]:
    """Scan a plain scalar occupying text[start:end] (PyYAML's scan_plain)."""
    out: list[tuple[str, CharSpan]] = []
    cur = _Cursor(text, start)
    while cur.i < end:
        # a chunk: everything up to the next space or line break
        a = cur.i
        while cur.i < end and cur.peek() not in " \t" + _BREAKS:
            cur.i += 1
        if cur.i == a and cur.peek() not in " " + _BREAKS:
            raise ValueError("a plain scalar cannot hold this character here")
        out.extend(_literal(text, a, cur.i))
        if cur.i >= end:
            break
        # the blanks after it (PyYAML's scan_plain_spaces)
        a = cur.i
        while cur.peek() == " ":
            cur.i += 1
        whitespace_end = cur.i
        first = cur.line_break()
        if first is None:
            out.extend(_literal(text, a, whitespace_end))
            continue
        breaks: list[tuple[str, CharSpan]] = []
        while cur.peek() in " " + _BREAKS:
            if cur.peek() == " ":
                cur.i += 1
            else:
                breaks.append(_known_break(cur))
        made, span = first
        if made != "\n":
            out.append((made, span))
        elif not breaks:
            out.append(_folded_space(span))
        out.extend(breaks)
    return out


# -- quoted scalars -----------------------------------------------------------------------


def _scan_quoted(text: str, start: int, double: bool) -> list[tuple[str, CharSpan]]:
    """Scan a single- or double-quoted scalar whose opening quote is at `start`."""
    out: list[tuple[str, CharSpan]] = []
    cur = _Cursor(text, start)
    quote = cur.peek()
    cur.i += 1
    _quoted_non_spaces(cur, double, out)
    while cur.peek() != quote:
        if cur.peek() == _END:
            raise ValueError("unterminated quoted scalar")
        _quoted_spaces(cur, double, out)
        _quoted_non_spaces(cur, double, out)
    return out


def _quoted_non_spaces(cur: _Cursor, double: bool, out: list) -> None:
    text = cur.text
    while True:
        a = cur.i
        while cur.peek() not in "'\"\\" + _END + " \t" + _BREAKS:
            cur.i += 1
        out.extend(_literal(text, a, cur.i))
        ch = cur.peek()
        if not double and ch == "'" and cur.peek(1) == "'":
            out.append(("'", CharSpan(cur.i, cur.i + 2, ESCAPE)))
            cur.i += 2
        elif (double and ch == "'") or (not double and ch in '"\\'):
            out.append((ch, CharSpan(cur.i, cur.i + 1, LITERAL)))
            cur.i += 1
        elif double and ch == "\\":
            a = cur.i
            code = cur.peek(1)
            if code in _ESCAPE_REPLACEMENTS:
                cur.i += 2
                out.append((_ESCAPE_REPLACEMENTS[code], CharSpan(a, cur.i, ESCAPE)))
            elif code in _ESCAPE_CODES:
                width = _ESCAPE_CODES[code]
                digits = text[a + 2 : a + 2 + width]
                cur.i = a + 2 + width
                out.append((chr(int(digits, 16)), CharSpan(a, cur.i, ESCAPE)))
            elif code in _BREAKS:
                # an escaped line break joins the lines with nothing between them
                cur.i += 1
                cur.line_break()
                out.extend(_quoted_breaks(cur))
            else:
                raise ValueError(f"unknown escape {code!r}")
        else:
            return


def _quoted_spaces(cur: _Cursor, double: bool, out: list) -> None:
    a = cur.i
    while cur.peek() in " \t":
        cur.i += 1
    whitespace_end = cur.i
    first = cur.line_break()
    if first is None:
        out.extend(_literal(cur.text, a, whitespace_end))
        return
    breaks = _quoted_breaks(cur)
    made, span = first
    if made != "\n":
        out.append((made, span))
    elif not breaks:
        out.append(_folded_space(span))
    out.extend(breaks)


def _known_break(cur: _Cursor) -> tuple[str, CharSpan]:
    """Return the line break at the cursor, where the caller has seen one."""
    found = cur.line_break()
    assert found is not None
    return found


def _quoted_breaks(cur: _Cursor) -> list[tuple[str, CharSpan]]:
    breaks: list[tuple[str, CharSpan]] = []
    while True:
        while cur.peek() in " \t":
            cur.i += 1
        found = cur.line_break()
        if found is None:
            return breaks
        breaks.append(found)


# -- block scalars ------------------------------------------------------------------------


def _scan_block(
    text: str, start: int, end: int, folded: bool, value: str, lines: LineIndex
) -> list[tuple[str, CharSpan]] | None:
    """Scan a literal (|) or folded (>) block scalar whose indicator is at `start`.

    The content indentation depends on the parent's indentation, which a node does
    not record; the candidates are tried and the one that gives `value` is kept.
    """
    cur = _Cursor(text, start + 1, lines)
    chomping: bool | None = None
    increment: int | None = None
    for _ in range(2):
        ch = cur.peek()
        if ch in "+-" and chomping is None:
            chomping = ch == "+"
            cur.i += 1
        elif ch in "123456789" and increment is None:
            increment = int(ch)
            cur.i += 1
    while cur.peek() == " ":
        cur.i += 1
    if cur.peek() == "#":
        while cur.peek() not in _END + _BREAKS:
            cur.i += 1
    cur.line_break()
    body = cur.i
    if increment is None:
        probe = _Cursor(text, body, lines)
        max_indent = 0
        while probe.peek() in " " + _BREAKS:
            if probe.peek() == " ":
                probe.i += 1
                max_indent = max(max_indent, probe.column)
            else:
                probe.line_break()
        # PyYAML uses max(parent indent + 1, max_indent): usually max_indent
        candidates = [max(1, max_indent)] + list(range(1, max_indent)) + list(range(max_indent + 1, max_indent + 80))
    else:
        candidates = [increment + k for k in range(0, 80)]
    for indent in candidates:
        produced = _block_body(text, body, indent, folded, chomping, lines, auto=increment is None)
        if produced is not None and "".join(ch for ch, _ in produced) == value:
            return produced
    return None


def _block_body(
    text: str, body: int, indent: int, folded: bool, chomping: bool | None, lines: LineIndex, *, auto: bool
):
    cur = _Cursor(text, body, lines)
    out: list[tuple[str, CharSpan]] = []
    if auto:
        breaks: list[tuple[str, CharSpan]] = []
        while cur.peek() in " " + _BREAKS:
            if cur.peek() == " ":
                cur.i += 1
            else:
                breaks.append(_known_break(cur))
    else:
        breaks = _block_breaks(cur, indent)
    line_break: tuple[str, CharSpan] | None = None
    while cur.column == indent and cur.peek() != _END:
        out.extend(breaks)
        leading_non_space = cur.peek() not in " \t"
        a = cur.i
        while cur.peek() not in _END + _BREAKS:
            cur.i += 1
        out.extend(_literal(text, a, cur.i))
        line_break = cur.line_break()
        breaks = _block_breaks(cur, indent)
        if cur.column == indent and cur.peek() != _END:
            if line_break is None:
                break
            made, span = line_break
            if folded and made == "\n" and leading_non_space and cur.peek() not in " \t":
                if not breaks:
                    out.append(_folded_space(span))
            else:
                out.append(line_break)
        else:
            break
    if chomping is not False and line_break is not None:
        out.append(line_break)
    if chomping is True:
        out.extend(breaks)
    return out


def _block_breaks(cur: _Cursor, indent: int) -> list[tuple[str, CharSpan]]:
    breaks: list[tuple[str, CharSpan]] = []
    while cur.column < indent and cur.peek() == " ":
        cur.i += 1
    while True:
        found = cur.line_break()
        if found is None:
            return breaks
        breaks.append(found)
        while cur.column < indent and cur.peek() == " ":
            cur.i += 1
