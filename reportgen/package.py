"""Turn a python-docx Document into deterministic .docx bytes."""

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


def document_bytes(document) -> bytes:
    """Return the .docx bytes of `document`: same input, same bytes.

    Entries are written in a fixed order with a fixed time and fixed attributes, so
    the archive depends only on the parts' content.
    """
    raw = io.BytesIO()
    document.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        ordered = [n for n in _FIRST if n in names] + sorted(n for n in names if n not in _FIRST)
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
