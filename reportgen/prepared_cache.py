"""The prepared-template cache on disk (output/.reportgen-cache/prepared-*.json), verified before it is used.

A prepared template holds whole parts of every .docx (styles, settings, footers), so
a cache file that was edited could put text or a link to a remote template into
every document. Each file therefore carries the digest of the inputs that made it
(reportgen's version and the style profile), the digest of its own content, and a
keyed signature (HMAC-SHA256) over both. The key is made once per user and kept
outside the project (in the user's cache folder, readable by that user only), so
that whoever can write the output folder cannot sign a cache file. A file that does
not verify is ignored and made again, silently: the cache only ever saves time.
Without a usable key, nothing is cached on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from .outputs import write_atomically

FORMAT = 2
KEY_VARIABLE = "REPORTGEN_CACHE_KEY_FILE"
_KEY: dict[str, bytes | None] = {}


def key_file() -> Path:
    """Return where the signing key is kept: REPORTGEN_CACHE_KEY_FILE, else the user's cache folder."""
    named = os.environ.get(KEY_VARIABLE)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportgen" / "cache-key"


def _key() -> bytes | None:
    """Return the signing key, making it on first use; None when it cannot be read or made."""
    path = key_file()
    cached = _KEY.get(str(path), b"")
    if cached != b"":
        return cached
    key: bytes | None
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < 32:
            key = None
    except FileNotFoundError:
        key = _make_key(path)
    except (OSError, ValueError):
        key = None
    _KEY[str(path)] = key
    return key


def _make_key(path: Path) -> bytes | None:
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
        except (OSError, ValueError):
            return None
    except OSError:
        return None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return key


def _signature(key: bytes, inputs: str, content: str) -> str:
    return hmac.new(key, f"{FORMAT}\n{inputs}\n{content}".encode("ascii"), hashlib.sha256).hexdigest()


def read(path: Path, inputs: str) -> str | None:
    """Return the payload of the cache file at `path` if it verifies for `inputs`, else None."""
    key = _key()
    if key is None:
        return None
    try:
        envelope = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(envelope, dict) or envelope.get("format") != FORMAT or envelope.get("inputs") != inputs:
            return None
        payload, content, signature = envelope["payload"], envelope["content"], envelope["signature"]
        if not (isinstance(payload, str) and isinstance(content, str) and isinstance(signature, str)):
            return None
    except (OSError, ValueError, KeyError, RecursionError):
        return None
    if hashlib.sha256(payload.encode("utf-8")).hexdigest() != content:
        return None
    if not hmac.compare_digest(_signature(key, inputs, content), signature):
        return None
    return payload


def write(path: Path, inputs: str, payload: str) -> None:
    """Write a signed cache file (nothing when there is no key, or the folder cannot be written)."""
    key = _key()
    if key is None:
        return
    content = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    envelope = {
        "format": FORMAT,
        "inputs": inputs,
        "content": content,
        "signature": _signature(key, inputs, content),
        "payload": payload,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # the cache only saves time
