"""What keeps the editor a local, single-user tool: interfaces, CSRF, paths, uploads.

- The server listens on the loopback interface unless told explicitly to do otherwise.
- Every write carries the server's CSRF token (a secret made at start and written into
  each page), and a request whose Origin is another site is refused, so that a web page
  open in the same browser cannot make the editor write.
- A request's Host must be the server's own name (no DNS rebinding).
- Every path comes from a name checked against the id pattern and is resolved inside
  the project's data folder: no `..`, no absolute path, no symlink leading out.
- Uploads are limited in size and checked by suffix and content.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from pathlib import Path

from ..errors import ReportgenError
from ..i18n import _

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
UPLOAD_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".txt": "text", ".docx": "zip", ".xlsx": "zip"}
_NAME = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.-]{0,79}$")
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class UnsafeRequest(Exception):
    """A request the editor refuses; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind_address(host: str, *, allow_network: bool) -> str | None:
    """Refuse a non-loopback interface unless explicitly allowed; return the warning to print, if any."""
    if is_loopback(host):
        return None
    if not allow_network:
        raise ReportgenError(
            _(
                "refusing to listen on {host}: the editor has no accounts, so anyone who can reach that address could change the files. Use 127.0.0.1 (the default), or pass --allow-network if you really mean it (see docs/编辑器.md for putting it behind a reverse proxy with a login)"
            ).format(host=host)
        )
    return _(
        "warning: listening on {host}; the editor has no accounts, so anyone who can reach this address can change the project's files"
    ).format(host=host)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and secrets.compare_digest(str(given), expected)


def allowed_hosts(bind_host: str, port: int, extra: tuple[str, ...] = ()) -> set[str]:
    """Return the Host header values the server answers to."""
    names = {"127.0.0.1", "localhost", "[::1]", *extra}
    if not is_loopback(bind_host) and bind_host not in ("0.0.0.0", "::"):
        names.add(bind_host)
    return names | {f"{name}:{port}" for name in names}


def entry_name(name: str) -> str:
    """Return `name` if it can be an entry's file stem; raise UnsafeRequest otherwise."""
    if not _NAME.match(name) or ".." in name:
        raise UnsafeRequest(_("'{name}' is not an entry name").format(name=name[:80]), 404)
    return name


def confined(folder: Path, name: str, suffix: str = ".yaml") -> Path:
    """Return folder/name+suffix, refusing anything that would lead outside `folder` (through .. or a symlink)."""
    entry_name(name)
    path = folder / f"{name}{suffix}"
    root = folder.resolve()
    target = path.resolve()
    if target.parent != root and root not in target.parents:
        raise UnsafeRequest(_("'{name}' leads outside the project").format(name=name), 403)
    return path


def existing_entry(folder: Path, name: str) -> Path:
    """Return the existing entry file `name` in `folder` (.yaml or .yml)."""
    for suffix in (".yaml", ".yml"):
        path = confined(folder, name, suffix)
        if path.is_file():
            return path
    raise UnsafeRequest(_("no entry named '{name}'").format(name=name), 404)


def upload_name(filename: str) -> tuple[str, str]:
    """Return the stem and kind of an uploaded file's name; refuse paths and unknown types."""
    if not filename or "/" in filename or "\\" in filename or ".." in filename or filename.startswith("."):
        raise UnsafeRequest(_("the file name '{name}' is not allowed; upload a plain file name").format(name=filename))
    stem, dot, suffix = filename.rpartition(".")
    kind = UPLOAD_SUFFIXES.get(f".{suffix.lower()}") if dot else None
    if kind is None:
        raise UnsafeRequest(
            _("cannot take {name}: upload a .yaml case, or a .docx, .xlsx or .txt material").format(name=filename), 415
        )
    return stem, f".{suffix.lower()}"


def check_upload_content(data: bytes, suffix: str) -> None:
    """Refuse an upload that is too large or whose content is not what its suffix says."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeRequest(_("the file is larger than {limit} MB").format(limit=MAX_UPLOAD_BYTES // 1024 // 1024), 413)
    kind = UPLOAD_SUFFIXES[suffix]
    if kind == "zip":
        if not data.startswith(b"PK\x03\x04"):
            raise UnsafeRequest(_("the file is not a real {suffix} file").format(suffix=suffix), 415)
        return
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnsafeRequest(_("the file is not UTF-8 text"), 415) from None
