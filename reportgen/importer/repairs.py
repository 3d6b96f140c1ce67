"""Repair what extraction lost: the closing quotes and full stops after key phrases and quoted words.

Each repair is a `Splice` of the text and a note in the ledger; where the place is guessed, a doubt too.
"""

from __future__ import annotations

import re
from collections import Counter

from ..i18n import _
from .mapped import ADDED, CHANGED, DOUBT, Ledger, MappedText
from .noise import Splice, lines_of
from .tokens import SENTENCE_ENDS, Token

_QUOTED_RE = re.compile(r"“([^“”。！？\n]{1,20})”")
_PUNCT_DELIMS = "，：；。,:;"


def _quoted_phrases(text: str) -> set[str]:
    return {m.group(1) for m in _QUOTED_RE.finditer(text)}


def _key_quote(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Return (opening quote, closing quote or -1, closed) of a point's key phrase, or None."""
    stop = text.find("。", start, end)
    opening = text.find("“", start, min(end, start + 9))
    if opening < 0 or (0 <= stop < opening):
        return None
    closing = text.find("”", opening + 1, end)
    next_open = text.find("“", opening + 1, end)
    closed = closing >= 0 and (next_open < 0 or closing < next_open) and (stop < 0 or closing < stop)
    return opening, (closing if closed else -1), closed


def repair_key_phrases(buffer: MappedText, tokens: list[Token], ledger: Ledger) -> list[Splice]:
    """Return edits that restore the lost closing quote and full stop after points' key phrases."""
    text = buffer.text
    quoted = _quoted_phrases(text)
    lengths: list[tuple[int, int]] = []  # (section number, length of a closed key-phrase quote)
    section = 0
    found = []
    for block in tokens:
        if block.kind == "heading" and block.level == 1:
            section += 1
        if block.kind != "point":
            continue
        quote = _key_quote(text, block.start, block.end)
        if quote is None:
            continue
        opening, closing, closed = quote
        if closed:
            lengths.append((section, closing - opening - 1))
        found.append((section, block, opening, closing, closed))
    edits: list[Splice] = []
    for section, block, opening, closing, closed in found:
        if closed:
            after = closing + 1
            if after < block.end and text[after] != "。":
                stop = text.find("。", after, block.end)
                if text[after] in "，：；":
                    edits.append(Splice(after, after + 1, MappedText.replacing("。", buffer.origins[after])))
                    message = _("'{mark}' after the key phrase {phrase} read as its lost full stop '。'").format(
                        mark=text[after], phrase=text[block.start : after]
                    )
                    ledger.add(CHANGED, buffer.origin(after), message, text=text[after], category="stop")
                elif buffer.gap_after(closing) and (stop < 0 or stop - closing > 12):
                    edits.append(Splice(after, after, MappedText.added("。")))
                    phrase = text[block.start : after]
                    ledger.add(
                        ADDED,
                        buffer.origin(after),
                        _("full stop '。' restored after the key phrase {phrase}").format(phrase=phrase),
                        text="。",
                        category="stop",
                    )
                    message = _(
                        "the key phrase {phrase} had no full stop; one was added where a space was removed, check it"
                    ).format(phrase=phrase)
                    ledger.add(DOUBT, buffer.origin(after), message, category="stop")
            continue
        same = [n for s, n in lengths if s == section] or [n for _s, n in lengths]
        _repair_open_key_quote(buffer, block, opening, quoted, same, ledger, edits)
    return edits


def _repair_open_key_quote(
    buffer: MappedText,
    block: Token,
    opening: int,
    quoted: set[str],
    sibling_lengths: list[int],
    ledger: Ledger,
    edits: list[Splice],
) -> None:
    text = buffer.text
    rest_start = opening + 1
    rest = text[rest_start : block.end]
    by_punct = next((j for j, ch in enumerate(rest[:11]) if ch in _PUNCT_DELIMS), None)
    if by_punct is not None and by_punct < 1:
        by_punct = None
    by_phrase = max((len(q) for q in quoted if len(q) >= 2 and rest.startswith(q)), default=None)
    by_siblings = None
    if sibling_lengths:
        length = Counter(sibling_lengths).most_common(1)[0][0]
        if length < len(rest) and not any(ch in _PUNCT_DELIMS + "“”" for ch in rest[:length]):
            by_siblings = length
    by_gap = next((j + 1 for j in range(min(10, len(rest) - 1)) if buffer.gap_after(rest_start + j)), None)
    sure = True
    if by_punct is not None:
        length, how = by_punct, _("the '{mark}' after it").format(mark=rest[by_punct])
    elif by_phrase is not None:
        length, how = by_phrase, _("“{phrase}” elsewhere in the text").format(phrase=rest[:by_phrase])
    elif by_siblings is not None:
        length = by_siblings
        sure = by_gap == by_siblings
        how = (
            _("the length of the other key phrases and a removed space")
            if sure
            else _("the length of the other key phrases")
        )
    elif by_gap is not None:
        length, how, sure = by_gap, _("a removed space"), False
    else:
        message = _("the key phrase's opening quote “ has no closing quote and its end cannot be told; kept as written")
        ledger.add(DOUBT, buffer.origin(opening), message, text="“", category="quote")
        return
    cut = rest_start + length
    phrase = text[block.start : cut]
    if text[cut] == "。":
        edits.append(Splice(cut, cut, MappedText.added("”")))
        ledger.add(
            ADDED,
            buffer.origin(cut),
            _("lost closing quote restored: {phrase}”。 (from {how})").format(phrase=phrase, how=how),
            text="”",
            category="quote",
        )
    elif text[cut] in _PUNCT_DELIMS:
        edits.append(Splice(cut, cut + 1, MappedText.replacing("”。", buffer.origins[cut])))
        message = _("'{mark}' after {phrase} read as the lost closing quote and full stop: {phrase}”。").format(
            mark=text[cut], phrase=phrase
        )
        ledger.add(CHANGED, buffer.origin(cut), message, text=text[cut], category="quote")
    else:
        edits.append(Splice(cut, cut, MappedText.added("”。")))
        message = _("lost closing quote and full stop restored: {phrase}”。 (from {how})").format(
            phrase=phrase, how=how
        )
        ledger.add(ADDED, buffer.origin(cut), message, text="”。", category="quote")
    if not sure:
        ledger.add(
            DOUBT,
            buffer.origin(cut),
            _("where the key phrase {phrase}” ends was guessed from {how}; check it").format(phrase=phrase, how=how),
            category="quote",
        )


def repair_open_quotes(buffer: MappedText, ledger: Ledger) -> list[Splice]:
    """Return edits closing quotes left open, where the same phrase is quoted elsewhere."""
    text = buffer.text
    quoted = _quoted_phrases(text)
    edits: list[Splice] = []
    for start, end in lines_of(buffer):
        opening = -1
        for i in range(start, end + 1):
            ch = text[i] if i < end else ""
            if ch == "“":
                if opening >= 0:
                    _close_quote(buffer, opening, i, quoted, ledger, edits)
                opening = i
            elif ch == "”":
                if opening < 0:
                    ledger.add(
                        DOUBT,
                        buffer.origin(i),
                        _("closing quote ” without an opening quote; kept as written"),
                        text="”",
                        category="quote",
                    )
                opening = -1
            elif (ch in SENTENCE_ENDS and text[i + 1 : i + 2] != "”") or ch == "":
                if opening >= 0:
                    _close_quote(buffer, opening, i, quoted, ledger, edits)
                opening = -1
    return edits


def _close_quote(
    buffer: MappedText, opening: int, stop: int, quoted: set[str], ledger: Ledger, edits: list[Splice]
) -> None:
    text = buffer.text
    rest = text[opening + 1 : stop]
    phrase = max((q for q in quoted if len(q) >= 2 and rest.startswith(q)), key=len, default=None)
    if phrase is None:
        message = _("opening quote “ with no closing quote ({text}…); kept as written").format(
            text=text[opening : opening + 12]
        )
        ledger.add(DOUBT, buffer.origin(opening), message, text="“", category="quote")
        return
    cut = opening + 1 + len(phrase)
    edits.append(Splice(cut, cut, MappedText.added("”")))
    ledger.add(
        ADDED,
        buffer.origin(cut),
        _("lost closing quote restored: “{phrase}” (quoted so elsewhere in the text)").format(phrase=phrase),
        text="”",
        category="quote",
    )
    if cut != stop:
        message = _("the quote “{phrase}” was closed where the same words are quoted elsewhere; check it").format(
            phrase=phrase
        )
        ledger.add(DOUBT, buffer.origin(cut), message, category="quote")
