"""Writing outputs: the one atomic writer, the output folder's lock, stray temporary files.

Every file reportgen writes goes through `write_atomically`, so a file is always either
its old complete self or its new complete self. This module imports nothing of the
pipeline above it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ReportgenError
from .i18n import _

TEMP_SUFFIX = ".reportgen-tmp"


def write_atomically(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder; never half-write.

    A symbolic link is followed: the file it points to is written, and the link stays
    a link (replacing the link itself would leave the real file as it was). With
    `exclusive`, an existing file (or link) is never replaced: FileExistsError is raised instead.
    """
    if not exclusive:
        path = real_target(path)
    folder = path.parent
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.stem}.", suffix=TEMP_SUFFIX, delete=False)  # noqa: SIM115 (closed below)
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _file_mode(path))
        if exclusive:
            _link_new(temp, path)
        else:
            os.replace(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise


def _link_new(temp: Path, path: Path) -> None:
    """Give the complete temporary file the name `path`, failing if that name is taken."""
    try:
        os.link(temp, path)  # atomic, and refuses an existing name
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: claim the name, then replace the empty claim
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        os.replace(temp, path)
        return
    temp.unlink()


def real_target(path: Path) -> Path:
    """Return the file a write to `path` must replace: `path`, or where its symbolic links lead."""
    if not os.path.islink(path):
        return path
    return Path(os.path.realpath(path))


def _file_mode(path: Path) -> int:
    """Return the mode a new output gets: the old file's, else the usual one under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stray_temporaries(folder: Path, *, recursive: bool = False) -> list[Path]:
    """Delete temporary files a killed run (a build, a `lint --fix`) left behind in `folder`; return them."""
    removed = []
    if folder.is_dir():
        pattern = f".*{TEMP_SUFFIX}"
        for stray in sorted(folder.rglob(pattern) if recursive else folder.glob(pattern)):
            try:
                stray.unlink()
                removed.append(stray)
            except OSError:
                pass
    return removed


def write_error_message(path: Path, exc: OSError) -> str:
    """Return a message for an output that could not be written, with what to do (the path is its location)."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return _(
            "cannot write the document: {reason} (is it open in Word or WPS, or read-only? close it or make it writable, then build again)"
        ).format(reason=reason)
    if getattr(exc, "errno", None) == 28:
        return _("cannot write the document: the disk is full (free some space, then build again)")
    return _("cannot write the document: {reason}").format(reason=reason)


def acquire_lock(output_dir: Path):
    """Create the output folder and take its lock; raise a located-free error when another build holds it."""
    from filelock import FileLock, Timeout

    if output_dir.exists() and not output_dir.is_dir():
        raise ReportgenError(
            _("{folder} is a file, not a folder: move it away or choose another output folder with -o").format(
                folder=output_dir
            )
        )
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportgenError(
            _("cannot create the output folder {folder}: {reason}").format(
                folder=output_dir, reason=exc.strerror or exc
            )
        ) from None
    lock = FileLock(str(output_dir / ".reportgen.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise ReportgenError(
            _(
                "another reportgen build is writing to {folder} (lock file {lock}); wait for it to finish, then build again"
            ).format(folder=output_dir, lock=output_dir / ".reportgen.lock")
        ) from None
    except OSError as exc:
        raise ReportgenError(
            _("cannot write to the output folder {folder}: {reason}").format(
                folder=output_dir, reason=exc.strerror or exc
            )
        ) from None
    return lock
