"""Where a project's entries and templates live, and which kind each YAML file is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = "data"
TEMPLATES_DIR = "templates"
OUTPUT_DIR = "output"
CASES_DIR = "cases"
BRIEFS_DIR = "briefs"
REPORTS_DIR = "reports"
WORDLIST_FILE = "wordlist.yaml"

CASE = "case"
REPORT = "report"
BRIEF = "brief"
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
        return self.data_dir / CASES_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def wordlist_path(self) -> Path:
        return self.data_dir / WORDLIST_FILE


def entry_kind(path: Path) -> str:
    """Return what a YAML file holds, from the folder it is in: case, brief, wordlist or report."""
    if path.name == WORDLIST_FILE:
        return WORDLIST
    parts = {p.lower() for p in path.parent.parts}
    if CASES_DIR in parts:
        return CASE
    if BRIEFS_DIR in parts:
        return BRIEF
    return REPORT


def yaml_files_under(folder: Path) -> list[Path]:
    """Return the YAML files under `folder`, sorted, skipping hidden files and folders."""
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in YAML_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
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
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def display_path(path: Path) -> str:
    """Return `path` relative to the working folder when it lies inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel
