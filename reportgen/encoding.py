"""Text encodings of the files people hand to reportgen: UTF-8 is read, anything else is named and refused.

A file is never guessed into text: a wrong guess puts mojibake into a document
that is then signed and sent. When a file is not UTF-8, charset-normalizer (a
statistical detector over the byte sequences and the characters they would make)
names what it most probably is, so that the message can say "it looks like Big5"
rather than "GBK" for a file from Taiwan or Hong Kong. A plain "does it decode as
GB18030" test cannot tell them apart: almost any byte string of Big5 or Shift-JIS
decodes as GB18030, into the wrong characters.
"""

from __future__ import annotations

from .errors import Location, Problem
from .i18n import N_, _

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_HINT = N_("save it as UTF-8: in Notepad, File > Save As, Encoding: UTF-8")

# charset-normalizer's names -> the family reportgen names in its messages.
_FAMILIES = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "hz": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "shift_jis": "shift_jis",
    "cp932": "shift_jis",
    "shift_jis_2004": "shift_jis",
    "shift_jisx0213": "shift_jis",
    "euc_jp": "euc_jp",
    "euc_jis_2004": "euc_jp",
    "iso2022_jp": "euc_jp",
    "euc_kr": "euc_kr",
    "cp949": "euc_kr",
    "johab": "euc_kr",
}
_DESCRIPTIONS = {
    "gb18030": N_("it looks like GBK/GB18030, as Windows editors save Chinese text"),
    "big5": N_("it looks like Big5, traditional Chinese as saved in Taiwan or Hong Kong"),
    "shift_jis": N_("it looks like Shift-JIS, Japanese text"),
    "euc_jp": N_("it looks like EUC-JP, Japanese text"),
    "euc_kr": N_("it looks like EUC-KR, Korean text"),
}
# Enough bytes for a confident guess; a case file is at most 1 MB anyway.
_SAMPLE_BYTES = 64 * 1024


def detect_encoding(raw: bytes) -> str | None:
    """Return the family of a text that is not UTF-8: 'gb18030', 'big5', 'shift_jis', 'euc_jp', 'euc_kr', or None."""
    from charset_normalizer import from_bytes

    sample = raw[:_SAMPLE_BYTES]
    best = from_bytes(sample).best()
    if best is None:
        return None
    family = _FAMILIES.get(best.encoding.lower().replace("-", "_"))
    if family is None:
        return None
    if family == "gb18030":
        # charset-normalizer says GB18030 for any text that decodes as it; make sure it does.
        try:
            sample.decode("gb18030")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # not a character cut at the sample's end
                return None
    return family


def decode_utf8(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Return the UTF-8 text of `raw` (without a byte-order mark, with \\n line ends), or the problem."""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [encoding_problem(raw, exc, display)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def encoding_problem(raw: bytes, exc: UnicodeDecodeError, display: str) -> Problem:
    """Return the problem of a file that is not UTF-8, naming the encoding it looks like.

    The location is the first character that is not plain ASCII, counted in the
    characters the user's editor shows.
    """
    if raw.startswith(_UTF16_BOMS):
        return Problem(
            Location(display, 1, 1), _("file is UTF-16 (Notepad calls it 'Unicode'), not UTF-8"), hint=_(UTF8_HINT)
        )
    family = detect_encoding(raw)
    codec = family or "utf-8"
    start = next((i for i, byte in enumerate(raw) if byte >= 0x80), exc.start) if family else exc.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode(codec, errors="replace")) + 1
    if family:
        message = _("file is not UTF-8 ({description})").format(description=_(_DESCRIPTIONS[family]))
    else:
        message = _("file is not UTF-8")
    return Problem(Location(display, line, column), message, hint=_(UTF8_HINT))
