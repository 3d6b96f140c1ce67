"""The faces that stand in for the official fonts in previews and PDFs, and where fonts are looked for.

The documents name the fonts of GB/T 9704 (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312,
黑体, 宋体). Where they are installed (an office PC, or a folder the user names in
REPORTGEN_FONTS_DIR) LibreOffice uses them; elsewhere `fonts/fonts.conf` sends each
name to the free face closest in style (FandolFang for 仿宋, FandolKai for 楷体, …).
`stand_ins` asks fontconfig which face it chose, so that a preview can say so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

FONTS_DIR_ENV = "REPORTGEN_FONTS_DIR"
# The Fandol faces ship with TeX Live (Debian: texlive-lang-chinese), outside fontconfig's folders.
TEX_FONT_DIRS = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
)
# The official faces, in the order a preview reports them.
OFFICIAL_FACES = ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体")
# The Debian packages of the stand-in faces (documented in README and .ci/run).
FACE_PACKAGES = (
    "texlive-lang-chinese",
    "fonts-lxgw-wenkai",
    "fonts-noto-cjk",
    "fonts-arphic-ukai",
    "fonts-arphic-uming",
)


_SYSTEM_FONTCONFIG = (
    "/etc/fonts/fonts.conf",
    "/usr/local/etc/fonts/fonts.conf",
    "/opt/homebrew/etc/fonts/fonts.conf",
    "/usr/pkg/etc/fonts/fonts.conf",
)


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_fontconfig(folder: Path, substitutions: Path) -> Path:
    """Write into `folder` a fontconfig file: the system's, the extra font folders, and `substitutions`; return it."""
    system = os.environ.get("FONTCONFIG_FILE")
    if not system:
        system = next((c for c in _SYSTEM_FONTCONFIG if os.path.isfile(c)), None)
    if system:
        base = f'  <include ignore_missing="yes">{_xml_text(system)}</include>\n'
    else:  # no system configuration: at least find the usual font folders
        base = '  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n  <dir prefix="xdg">fonts</dir>\n'
    dirs = "".join(f"  <dir>{_xml_text(str(d))}</dir>\n" for d in font_dirs())
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"{base}{dirs}"
        f"  <include>{_xml_text(str(substitutions))}</include>\n"
        "</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def current_stand_ins() -> list[tuple[str, str, bool]]:
    """Return (official face, the face a preview shows it in) for each official face, on this machine."""
    with (
        tempfile.TemporaryDirectory(prefix="reportgen-faces-") as folder,
        resources.as_file(resources.files("reportgen") / "fonts" / "fonts.conf") as substitutions,
    ):
        return stand_ins(write_fontconfig(Path(folder), Path(substitutions)))


def font_dirs() -> list[Path]:
    """Return the extra folders fonts are looked for in: the user's (REPORTGEN_FONTS_DIR) first, then TeX Live's."""
    found: list[Path] = []
    user = os.environ.get(FONTS_DIR_ENV)
    if user:
        found.extend(Path(p) for p in user.split(os.pathsep) if p)
    found.extend(Path(p) for p in TEX_FONT_DIRS if os.path.isdir(p))
    return [d for d in found if d.is_dir()]


def stand_ins(fontconfig: Path, faces: tuple[str, ...] = OFFICIAL_FACES) -> list[tuple[str, str, bool]]:
    """Return (official face, the face fontconfig gives for it, whether the official face is installed).

    [] when fontconfig's tools are not installed.
    """
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    if fc_match is None or fc_list is None:
        return []
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig))
    found = []
    for face in faces:
        try:
            shown = subprocess.run(
                [fc_match, "-f", "%{family[0]}", f"{face}:lang=zh-cn"],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout.strip()
            installed = subprocess.run(
                [fc_list, f":family={face}", "family"], env=env, capture_output=True, text=True, timeout=30, check=False
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return []
        if shown:
            found.append((face, shown, bool(installed)))
    return found
