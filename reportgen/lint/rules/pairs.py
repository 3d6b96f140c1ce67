"""Paired-mark rules: quotes and brackets come in pairs and nest."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import ERROR
from ...i18n import _
from ..findings import Finding, TextField
from .base import (
    CLOSERS,
    PAIRS,
    FieldRule,
    LintContext,
    apostrophe,
)


def _pair_scan(value: str):
    """Return (matched pairs [(open, close)], unmatched opens, unmatched closes), each kind matched separately."""
    stacks: dict[str, list[int]] = {o: [] for o in PAIRS}
    matched, lone_closes = [], []
    for i, ch in enumerate(value):
        if ch in PAIRS and not (ch == "‘" and apostrophe(value, i)):
            stacks[ch].append(i)
        elif ch in CLOSERS and not (ch == "’" and apostrophe(value, i)):
            stack = stacks[CLOSERS[ch]]
            if stack:
                matched.append((stack.pop(), i))
            else:
                lone_closes.append(i)
    lone_opens = sorted(i for stack in stacks.values() for i in stack)
    return sorted(matched), lone_opens, lone_closes


class UnbalancedPairs(FieldRule):
    id = "pair-unbalanced"
    severity = ERROR
    reason = "quotes and brackets (“” ‘’ 《》 （） 【】) come in pairs within a text"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        _matched, lone_opens, lone_closes = _pair_scan(text.masked)
        for i in lone_opens:
            mark = text.value[i]
            yield text.finding(
                self,
                i,
                _("'{mark}' is not closed").format(mark=mark),
                _("add the closing '{mark}' where the quoted or bracketed part ends").format(mark=PAIRS[mark]),
            )
        for i in lone_closes:
            mark = text.value[i]
            yield text.finding(
                self,
                i,
                _("'{mark}' has no opening '{opening}'").format(mark=mark, opening=CLOSERS[mark]),
                _("add the opening '{opening}', or delete this mark").format(opening=CLOSERS[mark]),
            )


class CrossedPairs(FieldRule):
    id = "pair-nesting"
    severity = ERROR
    reason = "paired marks nest: one that opens inside another closes inside it too (“《》” not “《”》)"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        matched, _opens, _closes = _pair_scan(text.masked)
        for open_a, close_a in matched:
            for open_b, close_b in matched:
                if open_a < open_b < close_a < close_b:
                    line, column = text.map.line_col(open_b)
                    yield text.finding(
                        self,
                        close_a,
                        _(
                            "'{mark}' closes the '{outer}' while the '{inner}' opened at {line}:{column} is still open"
                        ).format(
                            mark=text.value[close_a],
                            outer=text.value[open_a],
                            inner=text.value[open_b],
                            line=line,
                            column=column,
                        ),
                        _("close '{inner}' first, or move this mark").format(inner=text.value[open_b]),
                    )
