"""Run the proofreading rules over entry files: every text field, then every document as a whole."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ERROR, WARNING, Problem
from ..kinds import get_kind, is_document_kind
from ..project import CASE, WORDLIST, Project, entry_kind, find_entry_files
from ..prose import prose_role
from ..source import SourceFile, load_yaml_file
from ..textpos import LineIndex
from .findings import Finding, TextField
from .rules import DOCUMENT_RULES, FIELD_RULES, CaseUse, Document, LintContext
from .wordlist import FILE_RULE, Wordlist, parse_wordlist

if TYPE_CHECKING:
    from ..library import CaseLibrary

LOAD_RULE = "yaml"
SCHEMA_RULE = "schema"


def _model_of(kind: str, source: SourceFile):
    """Return the model class an entry of `kind` is validated as (a case file of several cases as a CaseFile)."""
    if kind == CASE:
        from ..model import CaseFile, LibraryCase

        data = source.data
        return CaseFile if isinstance(data, dict) and "cases" in data else LibraryCase
    return get_kind(kind).model_class() if is_document_kind(kind) else None


@dataclass
class LintRun:
    """The findings of one run and the files they were found in (by resolved path)."""

    findings: list[Finding] = field(default_factory=list)
    sources: dict[Path, SourceFile] = field(default_factory=dict)
    files_checked: int = 0


class _Session:
    """One lint run: files loaded once, text fields mapped once, the library loaded once.

    `library` is the build's case library when the build lints what it builds;
    otherwise the library under data/cases/ is loaded as the build loads it.
    """

    def __init__(self, project: Project, library: CaseLibrary | None = None, *, check_schema: bool = True):
        self.project = project
        self.check_schema = check_schema
        self.loaded: dict[Path, SourceFile | None] = {}
        self.findings: list[Finding] = []
        self._fields: dict[int, list[TextField]] = {}
        self._library = library
        self._library_problems: list[Problem] = []
        self._wordlist: tuple[Wordlist | None, list[Finding]] | None = None

    # -- loading --------------------------------------------------------------------------

    def add(self, source: SourceFile) -> None:
        self.loaded.setdefault(Path(os.path.realpath(source.path)), source)

    def load(self, path: Path, *, report_problems: bool) -> SourceFile | None:
        key = Path(os.path.realpath(path))  # never raises: a symlink loop is reported by the loader
        if key in self.loaded:
            return self.loaded[key]
        source, problems = load_yaml_file(path)
        self.loaded[key] = source
        if report_problems:
            self.findings.extend(
                Finding(p.location, ERROR, LOAD_RULE, p.message, p.hint) for p in problems if p.severity == ERROR
            )
        return source

    def wordlist(self) -> tuple[Wordlist | None, list[Finding]]:
        if self._wordlist is None:
            path = self.project.wordlist_path
            if not path.is_file():
                self._wordlist = (None, [])
            else:
                source = self.load(path, report_problems=True)
                self._wordlist = parse_wordlist(source) if source is not None else (None, [])
        return self._wordlist

    def library(self) -> CaseLibrary:
        """Return the case library (loaded and validated as the build loads it)."""
        if self._library is None:
            from ..library import load_case_library

            self._library, self._library_problems = load_case_library(self.project)
        return self._library

    def context(self) -> LintContext:
        wordlist, _findings = self.wordlist()
        names = set(wordlist.names if wordlist else ())
        for entry in self.library().entries.values():
            for value in (entry.case.unit, entry.case.region, entry.case.place):
                if value and len(value.strip()) >= 2:
                    names.add(value.strip())
        return LintContext(wordlist=wordlist, names=tuple(sorted(names)))

    # -- fields and documents ---------------------------------------------------------------

    def fields_of(self, source: SourceFile, kind: str) -> list[TextField]:
        """Return the prose values of an entry (those its model marks as Prose), in file order."""
        key = id(source)
        if key not in self._fields:
            model = _model_of(kind, source)
            found = []
            if model is not None:
                lines = LineIndex(source.text)
                for path, node in sorted(source.scalar_nodes.items(), key=lambda item: item[1].start_mark.index):
                    role = prose_role(model, path)
                    if role is not None:
                        found.append(TextField(source, path, node, lines, kind, role))
            self._fields[key] = found
        return self._fields[key]

    def validated(self, source: SourceFile, kind: str):
        """Return the validated entry, reporting why it is not valid (then document rules cannot read it)."""
        from ..model import validate_entry

        model, problems = validate_entry(_model_of(kind, source), source)
        if self.check_schema:
            self.findings.extend(_schema_findings(problems))
        return model

    def document(self, source: SourceFile, kind: str, model) -> Document:
        from ..library import case_lists
        from ..model import InlineCase, QueryItem

        library = self.library()
        uses: list[CaseUse] = []
        for path, items in case_lists(model):
            for i, item in enumerate(items):
                ref = path + ("cases", i)
                if isinstance(item, str):
                    entry = library.get(item)
                    if entry is None:
                        uses.append(CaseUse(path, ref, item, None, None, ()))
                    else:
                        uses.append(CaseUse(path, ref, item, entry.case, entry.source, entry.path))
                elif isinstance(item, QueryItem):
                    for entry in library.query(item.query):
                        uses.append(
                            CaseUse(path, ref, entry.case.id, entry.case, entry.source, entry.path, is_query=True)
                        )
                elif isinstance(item, InlineCase):
                    uses.append(CaseUse(path, ref, item.id, item, source, ref))
        fields = list(self.fields_of(source, kind))
        seen = set()
        for use in uses:
            if use.source is None or use.source is source:
                continue
            key = (id(use.source), use.base)
            if key in seen:
                continue
            seen.add(key)
            fields.extend(f for f in self.fields_of(use.source, CASE) if f.path[: len(use.base)] == use.base)
        return Document(source, kind, model, fields, uses, library)

    # -- the run ------------------------------------------------------------------------------

    def run(self, sources: list[SourceFile]) -> list[Finding]:
        wordlist, wordlist_findings = self.wordlist()
        context = self.context()
        findings = list(wordlist_findings)
        for source in sources:
            kind = entry_kind(source.path)
            if kind == WORDLIST:
                if wordlist is None or wordlist.source is not source:
                    findings.extend(parse_wordlist(source)[1])
                continue
            for text in self.fields_of(source, kind):
                for rule in FIELD_RULES:
                    if text.role in rule.roles:
                        findings.extend(rule.check(text, context))
            if kind == CASE:
                if self.check_schema:
                    self.findings.extend(_schema_findings(self._library_problems, source.display))
            elif is_document_kind(kind):
                model = self.validated(source, kind)
                if model is not None:
                    document = self.document(source, kind, model)
                    for document_rule in DOCUMENT_RULES:
                        findings.extend(document_rule.check(document, context))
        return sorted_findings(self.findings + findings)


def _schema_findings(problems: list[Problem], display: str | None = None) -> list[Finding]:
    """Return the validation errors (of the file `display`, or all) as findings."""
    return [
        Finding(p.location, ERROR, SCHEMA_RULE, p.message, p.hint)
        for p in problems
        if p.severity == ERROR and (display is None or p.location.path == display)
    ]


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings without repeats, ordered by file, line, column and rule."""
    unique: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.location, finding.rule_id, finding.message)
        unique.setdefault(key, finding)
    return sorted(unique.values(), key=Finding.sort_key)


def lint_sources(sources: list[SourceFile], project: Project, *, library: CaseLibrary | None = None) -> list[Finding]:
    """Return the findings in files already loaded and validated (the build's entries and case files).

    `library` is the case library to resolve case ids and queries against; by default
    the one under data/cases/ is loaded. Validation errors are the build's to report.
    """
    session = _Session(project, library, check_schema=False)
    for source in sources:
        session.add(source)
    return session.run(list(sources))


def lint_run(paths: list[Path], project: Project) -> LintRun:
    """Lint the entry files named by `paths` (files or folders; all under data/ when empty)."""
    session = _Session(project)
    for case_source in session.library().files:
        session.add(case_source)  # read once, for the library and for its own text
    files = find_entry_files(list(paths), project)
    sources = []
    for path in files:
        source = session.load(path, report_problems=True)
        if source is not None:
            sources.append(source)
    findings = session.run(sources)
    loaded = {key: source for key, source in session.loaded.items() if source is not None}
    return LintRun(findings, loaded, len(files))


def lint_paths(paths: list[Path], project: Project) -> list[Finding]:
    """Return the findings in the entry files named by `paths` (all under data/ when empty)."""
    return lint_run(paths, project).findings


def strict_findings(findings: list[Finding]) -> list[Finding]:
    """Return the findings with every warning raised to an error (--strict)."""
    return [replace(f, severity=ERROR) if f.severity == WARNING else f for f in findings]


__all__ = [
    "FILE_RULE",
    "LOAD_RULE",
    "SCHEMA_RULE",
    "LintRun",
    "lint_paths",
    "lint_run",
    "lint_sources",
    "sorted_findings",
    "strict_findings",
]
