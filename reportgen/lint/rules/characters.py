"""Character rules: invisible characters, and characters that change the direction text is shown in.

A printed and signed document must read as it is stored. A right-to-left override
(U+202E) shows the characters after it in reverse order; a zero-width space or a
tag character is stored but never seen. Both come with text pasted from web pages,
chat programs and PDFs, and sometimes with text made to deceive.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...characters import BIDI_CONTROLS, JOINERS, TAGS, ZERO_WIDTH, char_name
from ...errors import ERROR
from ...i18n import _
from ..findings import Finding, TextField, is_chinese
from .base import FieldRule, LintContext


def _plain_neighbour(ch: str | None) -> bool:
    """Return whether `ch` (None at an end) is a character a joiner cannot join: Chinese, ASCII, a blank."""
    return ch is None or ch.isascii() or is_chinese(ch) or ch.isspace() or ch == "\u3000"


class BidiControl(FieldRule):
    id = "char-bidi"
    severity = ERROR
    reason = "no characters that change the direction text is shown in (U+202A–U+202E, U+2066–U+2069): the printed text would not read as stored"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        for i, ch in enumerate(text.value):
            if ord(ch) in BIDI_CONTROLS:
                yield text.finding(
                    self,
                    i,
                    _("direction control {name}: the text after it is shown in another order than it is stored").format(
                        name=char_name(ord(ch))
                    ),
                    _("delete it; it is invisible, so retype the text around it if unsure"),
                )


class InvisibleCharacter(FieldRule):
    id = "char-invisible"
    severity = ERROR
    reason = "no invisible characters (zero-width spaces and joiners, U+FEFF inside text, tag characters)"
    fixable = True

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        value = text.value
        i = 0
        while i < len(value):
            code = ord(value[i])
            if code in TAGS:
                end = i
                while end < len(value) and ord(value[end]) in TAGS:
                    end += 1
                flag = i > 0 and value[i - 1] == "\U0001f3f4"  # 🏴 + tags spell a flag
                yield text.finding(
                    self,
                    i,
                    _("{count} invisible tag character(s) starting with {name}").format(
                        count=end - i, name=char_name(code)
                    ),
                    _("delete them"),
                    end=None if flag else end,
                    replacement=None if flag else "",
                )
                i = end
                continue
            if code in ZERO_WIDTH:
                safe = code not in JOINERS or (
                    _plain_neighbour(value[i - 1] if i else None)
                    and _plain_neighbour(value[i + 1] if i + 1 < len(value) else None)
                )
                yield text.finding(
                    self,
                    i,
                    _("invisible character {name}").format(name=char_name(code)),
                    _("delete it"),
                    end=i + 1 if safe else None,
                    replacement="" if safe else None,
                )
            i += 1
