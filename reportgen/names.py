"""The one definition of an id: what entries, cases and output files may be named.

An id becomes a file name (`output/<id>.docx`, `data/cases/<id>.yaml`), so it is
made of letters, digits, Chinese characters, '-', '_' and '.', and is not a name
Windows reserves. Python's `$` also matches before a final line break, so the
Python check is anchored with `\\Z`; JSON Schema (ECMA-262) and pydantic (Rust's
regex) read `$` as the end of the text, so the schema's pattern keeps it.
"""

from __future__ import annotations

import re

_ID_BODY = r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.-]*"
# For pydantic's Field(pattern=…) and the JSON Schemas.
ID_PATTERN = rf"^{_ID_BODY}$"
ID_RE = re.compile(rf"{_ID_BODY}\Z")
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)


def is_id(name: str) -> bool:
    """Return whether `name` has only the characters of an id (the whole of it: no line break after)."""
    return ID_RE.match(name) is not None


def is_reserved(name: str) -> bool:
    """Return whether `name` is one Windows will not create (CON, nul.txt, LPT1, a name ending in '.')."""
    return name.split(".")[0].upper() in WINDOWS_RESERVED or name.endswith(".")


def is_file_name(name: str) -> bool:
    """Return whether `name` can be an entry's or an output's file name on every system."""
    return is_id(name) and not is_reserved(name)
