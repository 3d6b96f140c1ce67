"""Zip the parts of a document into deterministic .docx bytes."""

from __future__ import annotations

import io
import zipfile

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def zip_parts(parts) -> bytes:
    """Return a .docx archive of (name, bytes) parts: fixed order, times and attributes."""
    contents = dict(parts)
    ordered = [n for n in _FIRST if n in contents] + sorted(n for n in contents if n not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, contents[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
