"""Where a project's entries and templates live, and which kind each YAML file is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem, ReportgenError
from .i18n import _
from .kinds import BRIEF, CASE, REPORT, get_kind, kind_of_folders

__all__ = [
    "BRIEF",
    "CASE",
    "REPORT",
    "WORDLIST",
    "Project",
    "display_path",
    "entry_kind",
    "find_entry_files",
    "yaml_files_under",
]

DATA_DIR = "data"
TEMPLATES_DIR = "templates"
OUTPUT_DIR = "output"
WORDLIST_FILE = "wordlist.yaml"

WORDLIST = "wordlist"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Project:
    """A project folder: data/, templates/ and output/ under one root."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @property
    def cases_dir(self) -> Path:
        return self.kind_dir(CASE)

    def kind_dir(self, kind: str) -> Path:
        """Return the data folder of the entries of `kind` (a registered kind's name)."""
        return self.data_dir / get_kind(kind).folder

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def wordlist_path(self) -> Path:
        return self.data_dir / WORDLIST_FILE


def entry_kind(path: Path) -> str:
    """Return what a YAML file holds, from the folder it is in: the wordlist, or a registered kind's name."""
    if path.name == WORDLIST_FILE:
        return WORDLIST
    return kind_of_folders({p.lower() for p in path.parent.parts}).name


def yaml_files_under(folder: Path) -> list[Path]:
    """Return the YAML files under `folder`, sorted, skipping hidden files and folders.

    A folder that cannot be read is an error naming it (ReportgenError), never a
    folder silently taken as empty. Folders linked to are followed, each once.
    """
    found: list[Path] = []
    seen: set[str] = set()

    def refuse(error: OSError) -> None:
        raise error

    try:
        for top, folders, files in os.walk(folder, onerror=refuse, followlinks=True):
            real = os.path.realpath(top)
            if real in seen:  # a link back up the tree
                folders[:] = []
                continue
            seen.add(real)
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in files:
                path = Path(top) / name
                # a link that leads nowhere (or round in a loop) is listed, so that reading it reports it
                if (
                    not name.startswith(".")
                    and path.suffix.lower() in YAML_SUFFIXES
                    and (path.is_file() or path.is_symlink())
                ):
                    found.append(path)
    except OSError as exc:
        shown = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
        raise ReportgenError(
            [
                Problem(
                    Location(shown),
                    _("cannot read this folder: {reason}").format(reason=exc.strerror or exc),
                    hint=_("check its permissions; the entries in it would otherwise be left out"),
                )
            ]
        ) from None
    return sorted(found)


def find_entry_files(paths: list[Path], project: Project) -> list[Path]:
    """Return the YAML files named by `paths` (files or folders), or all under data/."""
    if not paths:
        return yaml_files_under(project.data_dir) if project.data_dir.is_dir() else []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(yaml_files_under(path))
        else:
            files.append(path)
    seen = set()
    unique = []
    for f in files:
        key = Path(os.path.realpath(f))  # never raises: a symlink loop is reported when the file is read
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def display_path(path: Path) -> str:
    """Return `path` as messages show it: relative to the working folder when it lies inside it.

    Line breaks and other control characters in a name are shown as escapes (\\n),
    so that a file name cannot split a message into a second, fake one.
    """
    from .errors import printable

    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return printable(str(path))
    return printable(str(path) if rel.startswith("..") else rel)
