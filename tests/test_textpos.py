"""Tests for reportgen.textpos: every character of a YAML string back to its line and column."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.textpos import ESCAPE, FOLDED, LITERAL, UNKNOWN, LineIndex, map_scalar


def _scalars(text: str):
    """Return the scalar value nodes of a YAML text, in document order."""
    root = yaml.compose(text)
    found = []

    def walk(node):
        if isinstance(node, yaml.ScalarNode):
            found.append(node)
        elif isinstance(node, yaml.MappingNode):
            for _key, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return found


def _only(text: str):
    (node,) = _scalars(text)
    return node, map_scalar(text, node)


def _where(text: str, char: str, nth: int = 0):
    """Return (line, col) of the nth `char` of the value of the only scalar in `text`."""
    node, mapped = _only(text)
    index = [i for i, c in enumerate(node.value) if c == char][nth]
    return mapped.line_col(index)


def _check_consistent(text: str, node, mapped) -> None:
    """Assert the map is exact and every span is what its kind says."""
    assert mapped.exact, (text, node.value)
    assert len(mapped.spans) == len(node.value)
    for char, span in zip(node.value, mapped.spans):
        piece = text[span.start : span.end]
        if span.kind == LITERAL:
            assert piece == char
        elif span.kind == ESCAPE:
            quote = "'" if piece == "''" else '"'
            assert yaml.safe_load(quote + piece + quote) == char
        else:
            assert span.kind == FOLDED
            assert piece in ("\n", "\x85", "\u2028", "\u2029")
    starts = [s.start for s in mapped.spans]
    assert starts == sorted(starts)


# -- positions users see ---------------------------------------------------------------


def test_plain_scalar_columns_count_characters_not_bytes():
    text = "unit: 碧江区,总工会\n"
    assert _where(text, ",") == (1, 10)


def test_plain_scalar_continuation_line():
    text = "text: 第一行内容\n  第二行,内容\n"
    node, mapped = _only(text)
    assert node.value == "第一行内容 第二行,内容"
    assert _where(text, ",") == (2, 6)
    # the space YAML made from the line break points at the end of line 1
    assert mapped.line_col(5) == (1, 12)
    assert mapped.spans[5].kind == FOLDED


def test_double_quoted_escapes_shift_later_columns():
    text = 'text: "\\u4e00二\\"三,四"\n'
    node, mapped = _only(text)
    assert node.value == '一二"三,四'
    assert _where(text, ",") == (1, 18)
    assert mapped.spans[0].kind == ESCAPE and text[mapped.spans[0].start : mapped.spans[0].end] == "\\u4e00"
    assert mapped.line_col(2) == (1, 15)  # the \" escape starts at its backslash


def test_double_quoted_escaped_line_break_joins_without_space():
    text = 'text: "甲乙\\\n    丙,丁"\n'
    node, mapped = _only(text)
    assert node.value == "甲乙丙,丁"
    assert _where(text, ",") == (2, 6)
    assert mapped.source_range(1, 3) is None  # 乙 and 丙 are not side by side in the file


def test_single_quoted_doubled_quote_and_folding():
    text = "text: '甲''乙\n\n   丙 丁,'\n"
    node, mapped = _only(text)
    assert node.value == "甲'乙\n丙 丁,"
    assert _where(text, ",") == (3, 7)
    assert mapped.spans[1].kind == ESCAPE
    assert text[mapped.spans[1].start : mapped.spans[1].end] == "''"


def test_literal_block_keeps_lines_and_strips_indentation():
    text = "a: 1\ntext: |\n    甲乙\n    丙,丁\n\n    戊\nb: 2\n"
    node = _scalars(text)[1]
    mapped = map_scalar(text, node)
    assert node.value == "甲乙\n丙,丁\n\n戊\n"
    assert mapped.line_col(node.value.index(",")) == (4, 6)
    assert mapped.line_col(node.value.index("戊")) == (6, 5)


def test_folded_block_joins_lines_with_a_space():
    text = "text: >-\n  甲乙\n  丙,丁\n"
    node, mapped = _only(text)
    assert node.value == "甲乙 丙,丁"
    assert _where(text, ",") == (3, 4)
    assert mapped.spans[2].kind == FOLDED
    assert mapped.line_col(2) == (2, 5)  # the line break after 甲乙


def test_folded_block_more_indented_lines_keep_their_breaks():
    text = "text: >\n  a\n    b\n  c\n"
    node, mapped = _only(text)
    assert node.value == "a\n  b\nc\n"
    _check_consistent(text, node, mapped)


def test_block_scalar_with_indentation_indicator_and_comment():
    text = "items:\n  - |2- # note\n      x,\n     y\n"
    node, mapped = _only(text)
    assert node.value == "  x,\n y"
    assert mapped.line_col(3) == (3, 8)
    _check_consistent(text, node, mapped)


def test_keep_chomping_maps_trailing_breaks():
    text = "text: |+\n  a\n\n\nb: 1\n"
    node = _scalars(text)[0]
    mapped = map_scalar(text, node)
    assert node.value == "a\n\n\n"
    _check_consistent(text, node, mapped)


def test_end_of_value_position_is_after_the_last_character():
    text = 'lead: "甲乙"\n'
    node, mapped = _only(text)
    assert mapped.line_col_after(1) == (1, 10)
    assert mapped.line_col(len(node.value)) == (1, 10)


def test_source_range_of_adjacent_literals_and_escapes():
    text = 'text: "甲\\"乙"\n'
    _node, mapped = _only(text)
    assert mapped.source_range(0, 3) == (7, 11)
    assert text[7:11] == '甲\\"乙'


def test_source_range_refuses_folded_characters():
    text = "text: >-\n  甲\n  乙\n"
    node, mapped = _only(text)
    assert node.value == "甲 乙"
    assert mapped.source_range(1, 2) is None
    assert mapped.source_range(0, 1) == (11, 12)


def test_a_value_the_scan_cannot_reproduce_falls_back_to_the_scalar_start():
    text = "text: abc\n"
    node, _ = _only(text)
    node.value = "something else"
    mapped = map_scalar(text, node)
    assert not mapped.exact
    assert mapped.line_col(3) == (1, 7)
    assert mapped.spans[3].kind == UNKNOWN
    assert mapped.source_range(0, 1) is None


def test_line_index_counts_unicode_line_separators_like_pyyaml():
    text = "a\u2028b\nc"
    lines = LineIndex(text)
    assert lines.line_col(2) == (2, 1)
    assert lines.line_col(4) == (3, 1)


# -- every style PyYAML writes, on random text -------------------------------------------

_ALPHABET = st.sampled_from(
    list("甲乙丙丁，。“”‘’《》ab1 ,.:;#-'\"\\\n\t") + ["\u3000", "\u00e9", "\U00020000", "\u2028"]
)
_TEXTS = st.text(_ALPHABET, min_size=0, max_size=40)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=_TEXTS,
    style=st.sampled_from([None, '"', "'", "|", ">"]),
    width=st.integers(8, 40),
    unicode=st.booleans(),
    nested=st.booleans(),
)
def test_every_character_maps_back_for_dumped_scalars(value, style, width, unicode, nested):
    data = {"outer": {"text": value}} if nested else [{"text": value}]
    text = yaml.safe_dump(data, default_style=style, allow_unicode=unicode, width=width)
    nodes = [n for n in _scalars(text) if n.value == value]
    assert nodes, text
    for node in nodes:
        _check_consistent(text, node, map_scalar(text, node))


_LINE = st.text(st.sampled_from(list("甲乙丙，, .ab")), min_size=0, max_size=8).map(lambda s: s.strip(" ") or "甲")


@settings(max_examples=300)
@given(
    lines=st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=6),
    indicator=st.sampled_from(["|", ">", "|-", ">-", "|+", ">+"]),
    indent=st.integers(1, 6),
    extra=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_hand_written_block_scalars_map_back(lines, indicator, indent, extra):
    if not any(lines) or not lines[0]:
        lines = ["甲"] + lines
    extra = [False] + extra[1:]  # a more-indented first line would set the indentation
    pad = " " * indent
    body = "".join(
        (pad + (" " if more and line else "") + line if line else "") + "\n" for line, more in zip(lines, extra)
    )
    text = f"text: {indicator}\n{body}next: 1\n"
    node = _scalars(text)[0]
    _check_consistent(text, node, map_scalar(text, node))


@settings(max_examples=300)
@given(
    lines=st.lists(_LINE, min_size=1, max_size=5),
    blanks=st.lists(st.integers(0, 2), min_size=5, max_size=5),
    indent=st.integers(1, 4),
)
def test_hand_written_multi_line_plain_and_quoted_scalars_map_back(lines, blanks, indent):
    lines = [line.strip(" ,#:-") or "甲" for line in lines]
    joined = ""
    for i, line in enumerate(lines):
        if i:
            joined += "\n" * (1 + blanks[i]) + " " * indent
        joined += line
    for text in (f"text: {joined}\n", f'text: "{joined}"\n', f"text: '{joined}'\n"):
        node = _scalars(text)[0]
        _check_consistent(text, node, map_scalar(text, node))
