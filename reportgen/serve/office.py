"""One LibreOffice kept running for the editor's page previews, reached over UNO.

`soffice --headless --accept=pipe,...` is started once (on the first preview) with its own
profile and the font substitutions the previews use; a small bridge process running
under a Python that has LibreOffice's `uno` module (Debian's python3-uno, or the Python
LibreOffice ships on Windows) loads each .docx and stores it as PDF. Without `uno`, each
conversion falls back to `reportgen preview`'s one-shot LibreOffice run.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from importlib import resources
from pathlib import Path

from ..errors import ReportgenError
from ..i18n import _
from ..preview import find_pdftoppm, find_soffice, soffice_missing_message, write_fontconfig

_BRIDGE = Path(__file__).with_name("uno_bridge.py")
_UNO_PYTHONS = (
    os.environ.get("REPORTGEN_UNO_PYTHON", ""),
    "/usr/bin/python3",
    r"C:\Program Files\LibreOffice\program\python.exe",
    "/Applications/LibreOffice.app/Contents/Resources/python",
)
_START_TIMEOUT = 120
_CONVERT_TIMEOUT = 90


def uno_python() -> str | None:
    """Return a Python program that can import LibreOffice's uno module, or None."""
    for candidate in (*_UNO_PYTHONS, sys.executable):
        if candidate and os.path.isfile(candidate):
            probe = subprocess.run(
                [candidate, "-c", "import uno"], stdin=subprocess.DEVNULL, capture_output=True, timeout=30
            )
            if probe.returncode == 0:
                return candidate
    return None


class Office:
    """A LibreOffice process reused for every conversion of one editor session."""

    def __init__(self):
        self._lock = threading.Lock()
        self._work = Path(tempfile.mkdtemp(prefix="reportgen-office-"))
        self._soffice: subprocess.Popen | None = None
        self._bridge: subprocess.Popen | None = None
        self.conversions = 0
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._soffice is not None and self._soffice.poll() is None

    def to_pdf(self, docx: Path, pdf: Path) -> None:
        """Convert `docx` to `pdf`, starting LibreOffice on first use; raise ReportgenError when it fails."""
        with self._lock:
            if (self._bridge is None or self._bridge.poll() is not None) and not self._start():
                self._one_shot(docx, pdf)
                return
            try:
                self._ask(docx, pdf)
            except (OSError, TimeoutError, ValueError):
                self._stop()  # a crashed LibreOffice is started again on the next conversion
                raise ReportgenError(_("LibreOffice stopped while converting; try again")) from None
            self.conversions += 1

    def _start(self) -> bool:
        soffice = find_soffice()
        if soffice is None:
            raise ReportgenError(soffice_missing_message())
        python = uno_python()
        if python is None:
            return False
        pipe = f"reportgen-{os.getpid()}-{secrets.token_hex(4)}"
        with resources.as_file(resources.files("reportgen") / "fonts" / "fonts.conf") as substitutions:
            fontconfig = write_fontconfig(self._work, substitutions)
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig))
        profile = (self._work / "profile").resolve().as_uri()
        self._soffice = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=(os.name == "posix"),
        )
        self._bridge = subprocess.Popen(
            [python, str(_BRIDGE), pipe, str(_START_TIMEOUT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.starts += 1
        reply = self._read_reply(_START_TIMEOUT + 10)
        if not reply.get("ready"):
            self._stop()
            raise ReportgenError(_("LibreOffice did not start: {error}").format(error=reply.get("error", "")))
        return True

    def _ask(self, docx: Path, pdf: Path) -> None:
        assert self._bridge is not None and self._bridge.stdin is not None
        self._bridge.stdin.write(json.dumps({"in": str(docx.resolve()), "out": str(pdf.resolve())}) + "\n")
        self._bridge.stdin.flush()
        reply = self._read_reply(_CONVERT_TIMEOUT)
        if not reply.get("ok"):
            raise ReportgenError(
                _("LibreOffice did not convert it to PDF: {log}").format(log=reply.get("error", "")[:300])
            )

    def _read_reply(self, timeout: float) -> dict:
        assert self._bridge is not None and self._bridge.stdout is not None
        result: dict = {}

        def read() -> None:
            assert self._bridge is not None and self._bridge.stdout is not None
            line = self._bridge.stdout.readline()
            result.update(json.loads(line) if line.strip() else {"error": "no answer"})

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            raise TimeoutError
        return result

    def _one_shot(self, docx: Path, pdf: Path) -> None:
        from ..preview import make_previews

        out = self._work / "one-shot"
        written = make_previews([docx], out, pdf=True, png=False)
        shutil.move(str(written[0]), pdf)
        self.conversions += 1

    def _stop(self) -> None:
        for process in (self._bridge, self._soffice):
            if process is None or process.poll() is not None:
                continue
            try:
                if os.name == "posix" and process is self._soffice:
                    os.killpg(process.pid, 9)
                else:
                    process.kill()
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._soffice = self._bridge = None

    def close(self) -> None:
        with self._lock:
            self._stop()
        shutil.rmtree(self._work, ignore_errors=True)


def pdf_to_pngs(pdf: Path, folder: Path, resolution: int = 80) -> list[Path]:
    """Return the PNG pages of `pdf` (pdftoppm), written into `folder`."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise ReportgenError(_("pdftoppm is not installed: install the Debian package poppler-utils"))
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [pdftoppm, "-png", "-r", str(resolution), str(pdf), str(folder / "page")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise ReportgenError(_("pdftoppm did not convert its PDF to PNG: {error}").format(error=result.stderr[:200]))
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
