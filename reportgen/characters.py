"""Kinds of characters: Chinese characters, characters that are stored but not seen, and
characters that change the order text is shown in.

One list of each, for the proofreader (rules char-bidi, char-invisible and those that
ask whether text is Chinese), the importer, and the document writer, which refuses
direction controls whatever the proofreader was told.
"""

from __future__ import annotations

import re
import unicodedata

# Direction controls: the Arabic letter mark, LRM and RLM, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
BIDI_RE = re.compile("[" + "".join(chr(code) for code in sorted(BIDI_CONTROLS)) + "]")
# Characters of no width that show nothing: spaces, joiners, the word joiner, U+FEFF inside
# text, the Mongolian vowel separator, invisible operators.
ZERO_WIDTH = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, *range(0x2061, 0x2065)])
JOINERS = frozenset([0x200C, 0x200D])  # these shape emoji and some scripts
TAGS = range(0xE0000, 0xE0080)


def is_han(ch: str) -> bool:
    """Return whether `ch` is a Chinese character (a CJK ideograph, or 〇)."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or ch == "〇"
    )


def char_name(code: int) -> str:
    """Return `U+202E RIGHT-TO-LEFT OVERRIDE` for a code point."""
    name = unicodedata.name(chr(code), "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"
