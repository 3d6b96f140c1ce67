"""Remove the noise that text extraction adds, reporting every removal and every doubt.

What is certainly noise is removed (or, for half-width punctuation, replaced) and
listed; what might be text is kept and listed as a doubt. Nothing is dropped without
a note carrying its position in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from .mapped import CHANGED, DOUBT, REMOVED, Ledger, MappedText, is_han, is_wide
from .readers import SourceDocument

# Phrases of document-sharing sites' notice lines ("…由会员分享，可在线阅读…").
_NOTICE_MARKS = re.compile(
    r"由会员分享|可在线阅读|更多相关|珍藏版|请在.{0,120}?上搜索|文档分享|在线阅读|本文档由|原创力文档|"
    r"道客巴巴|豆丁网|百度文库|淘文阁|taowenge|mbalib|docin|doc88|book118|wenku"
)
_CHUNK_MARKER = re.compile(r"^(\d{1,3})、")
_BLANKS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b"
_BLANK_RUN = re.compile(f"[{_BLANKS}]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SENTENCE_END = "。！？；：”’）"
_HALF_WIDTH = re.compile(r"[,;:?!().]")


@dataclass
class Splice:
    """Replace buffer[start:end] by `replacement` (empty: remove): one change to a mapped text."""

    start: int
    end: int
    replacement: MappedText


def apply_splices(buffer: MappedText, edits: list[Splice]) -> MappedText:
    """Return `buffer` with non-overlapping splices applied."""
    pieces: list[MappedText] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue  # overlapping edits: the first one wins
        pieces.append(buffer[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(buffer[position:])
    return MappedText.join(pieces)


def lines_of(buffer: MappedText) -> list[tuple[int, int]]:
    """Return (start, end) of each line of the buffer, without the line break."""
    spans = []
    start = 0
    text = buffer.text
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def clean(document: SourceDocument, ledger: Ledger) -> MappedText:
    """Return the document's text with extraction noise removed; note every change in `ledger`."""
    buffer = MappedText.from_source(document.text)
    for paragraph in document.paragraphs:
        if paragraph.in_table and paragraph.text.strip():
            ledger.add(
                DOUBT,
                paragraph.offset,
                _("text from a table cell; the report has no tables, so it is kept as a paragraph"),
                category="table",
            )
    buffer = remove_control_characters(buffer, ledger)
    buffer = remove_notice_lines(buffer, ledger)
    if document.kind == "txt":
        buffer = remove_chunk_markers(buffer, ledger)
    buffer = widen_punctuation(buffer, ledger)
    buffer = remove_stray_blanks(buffer, ledger)
    return buffer


def remove_control_characters(buffer: MappedText, ledger: Ledger) -> MappedText:
    """Remove invisible control characters (form feeds, vertical tabs…) that no document means as text."""
    edits = []
    for match in _CONTROL.finditer(buffer.text):
        edits.append(Splice(match.start(), match.end(), MappedText.added("")))
        message = _("invisible control character U+{code:04X}").format(code=ord(match.group(0)))
        ledger.add(REMOVED, buffer.origin(match.start()), message, text=match.group(0), category="control")
    return apply_splices(buffer, edits)


def _remove_line(buffer: MappedText, start: int, end: int) -> Splice:
    if end < len(buffer):
        return Splice(start, end + 1, MappedText.added(""))
    if start > 0:
        return Splice(start - 1, end, MappedText.added(""))
    return Splice(start, end, MappedText.added(""))


def remove_notice_lines(buffer: MappedText, ledger: Ledger) -> MappedText:
    """Remove lines that are a sharing site's notice; keep and doubt lines that only look like one."""
    edits = []
    for start, end in lines_of(buffer):
        line = buffer.text[start:end]
        marks = {
            m.group(0) if not m.group(0).startswith("请在") else "请在…上搜索" for m in _NOTICE_MARKS.finditer(line)
        }
        if len(marks) >= 2:
            edits.append(_remove_line(buffer, start, end))
            ledger.add(
                REMOVED,
                buffer.origin(start),
                _("the document-sharing site's notice line"),
                text=line,
                category="notice",
            )
        elif marks:
            message = _("line mentions '{phrase}' like a sharing site's notice; kept").format(phrase=next(iter(marks)))
            ledger.add(DOUBT, buffer.origin(start), message, text=line[:30], category="notice")
    return apply_splices(buffer, edits)


def remove_chunk_markers(buffer: MappedText, ledger: Ledger) -> MappedText:
    """Remove the "1、" "2、" … page-chunk markers of a sharing site and join the chunks.

    They are recognised only when every non-empty line starts with one, numbered 1, 2,
    3 … in order, and the chunks break mid-sentence or are page-sized, so that a list
    of short "1、" items is never taken for them.
    """
    spans = [(s, e) for s, e in lines_of(buffer) if buffer.text[s:e].strip()]
    if len(spans) < 2:
        return buffer
    markers = []
    for number, (start, end) in enumerate(spans, start=1):
        match = _CHUNK_MARKER.match(buffer.text[start:end])
        if not match or int(match.group(1)) != number:
            return buffer
        markers.append(match)
    mid_sentence = any(buffer.text[e - 1] not in _SENTENCE_END for s, e in spans[:-1])
    long_lines = sum(e - s for s, e in spans) / len(spans) >= 150
    if not (mid_sentence or long_lines):
        return buffer
    edits = []
    for index, ((start, _end), match) in enumerate(zip(spans, markers)):
        marker_end = start + match.end()
        if index == 0:
            edits.append(Splice(start, marker_end, MappedText.added("")))
            message = _("page-chunk marker of the sharing site")
        else:
            previous_end = spans[index - 1][1]
            edits.append(Splice(previous_end, marker_end, MappedText.added("")))
            before, after = buffer.text[previous_end - 1], buffer.text[marker_end : marker_end + 1]
            message = _("page-chunk marker of the sharing site; the chunks are joined ({before}|{after})").format(
                before=before, after=after
            )
        ledger.add(REMOVED, buffer.origin(start), message, text=match.group(0), category="chunk")
    return apply_splices(buffer, edits)


def _neighbours(line: str, index: int) -> tuple[str, str]:
    """Return the nearest non-blank characters left and right of line[index]."""
    left = index - 1
    while left >= 0 and line[left] in _BLANKS:
        left -= 1
    right = index + 1
    while right < len(line) and line[right] in _BLANKS:
        right += 1
    return (line[left] if left >= 0 else ""), (line[right] if right < len(line) else "")


def _is_latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalpha()


def widen_punctuation(buffer: MappedText, ledger: Ledger) -> MappedText:
    """Replace half-width punctuation inside Chinese text by its full-width form."""
    edits = []
    for start, end in lines_of(buffer):
        line = buffer.text[start:end]
        if not any(is_han(ch) for ch in line):
            continue
        pairs = _chinese_bracket_pairs(line)
        for found in _HALF_WIDTH.finditer(line):
            i, ch = found.start(), found.group(0)
            new = None
            left, right = _neighbours(line, i)
            if ch in ",;:?!":
                if ch in ",:" and left.isdigit() and right.isdigit():
                    continue
                if _is_latin(left) and _is_latin(right):
                    continue
                if is_wide(left) or is_wide(right) or (left.isdigit() and not right) or (not left and is_wide(right)):
                    new = _FULL_WIDTH[ch]
            elif ch in "()" and i in pairs:
                new = "（" if ch == "(" else "）"
            elif ch == "." and (is_han(left) or left in "”’）") and not right.isdigit() and not _is_latin(right):
                new = "。"
            if new:
                edits.append(Splice(start + i, start + i + 1, MappedText.replacing(new, buffer.origins[start + i])))
                message = _("half-width '{mark}' made full-width '{new}'").format(mark=ch, new=new)
                ledger.add(CHANGED, buffer.origin(start + i), message, text=ch, category="punctuation")
        quotes = [i for i, ch in enumerate(line) if ch == '"']
        if quotes and len(quotes) % 2 == 0:
            for n, i in enumerate(quotes):
                new = "“" if n % 2 == 0 else "”"
                edits.append(Splice(start + i, start + i + 1, MappedText.replacing(new, buffer.origins[start + i])))
                ledger.add(
                    CHANGED,
                    buffer.origin(start + i),
                    _("straight quote '\"' made '{new}'").format(new=new),
                    text='"',
                    category="punctuation",
                )
        elif quotes:
            message = _("an odd number of straight quotes '\"' on this line; kept as written")
            ledger.add(DOUBT, buffer.origin(start + quotes[0]), message, text='"', category="punctuation")
    return apply_splices(buffer, edits)


def _chinese_bracket_pairs(line: str) -> set[int]:
    """Return the indexes of half-width brackets that enclose or touch Chinese text."""
    found: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(line):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            opening = stack.pop()
            inside = line[opening + 1 : i]
            outside = _neighbours(line, opening)[0] + _neighbours(line, i)[1]
            if any(is_wide(c) for c in inside + outside):
                found.update((opening, i))
    return found


def remove_stray_blanks(buffer: MappedText, ledger: Ledger) -> MappedText:
    """Remove blanks inside Chinese text and at line ends; keep blanks between Latin words."""
    edits = []
    for start, end in lines_of(buffer):
        line = buffer.text[start:end]
        for match in _BLANK_RUN.finditer(line):
            a, b = match.start(), match.end()
            left = line[a - 1] if a > 0 else ""
            right = line[b] if b < len(line) else ""
            shown = match.group(0).replace("\u3000", "□").replace(" ", "␣").replace("\t", "⇥")
            if not left or not right:
                if not left and not right:
                    message = _("blank characters on an otherwise empty line")
                elif not left:
                    message = _("blank at the start of the line")
                else:
                    message = _("blank at the end of the line")
                edits.append(Splice(start + a, start + b, MappedText.added("")))
                ledger.add(REMOVED, buffer.origin(start + a), message, text=match.group(0), category="blank")
            elif (is_wide(left) or is_wide(right)) and not (_is_latin(left) or _is_latin(right)):
                edits.append(Splice(start + a, start + b, MappedText.added("")))
                message = _("stray space in Chinese text ({around})").format(around=f"{left}{shown}{right}")
                ledger.add(REMOVED, buffer.origin(start + a), message, text=match.group(0), category="space")
            elif is_wide(left) or is_wide(right):
                message = _("space between Chinese and Latin text ({around}); kept").format(
                    around=f"{left}{shown}{right}"
                )
                ledger.add(DOUBT, buffer.origin(start + a), message, text=match.group(0), category="space")
    return apply_splices(buffer, edits)
