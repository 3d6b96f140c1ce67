"""Run the proofreading rules over entry files: every text field, then every document as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ERROR, WARNING
from ..kinds import is_document_kind
from ..project import CASE, WORDLIST, Project, entry_kind, find_entry_files, yaml_files_under
from ..source import SourceFile, load_yaml_file
from ..textpos import LineIndex
from .findings import Finding, TextField
from .rules import (
    CLAUSE,
    DOCUMENT_RULES,
    FIELD_RULES,
    FIGURE,
    HEADING,
    PARAGRAPH,
    PHRASE,
    CaseUse,
    Document,
    LintContext,
)
from .wordlist import FILE_RULE, Wordlist, parse_wordlist

LOAD_RULE = "yaml"
_NOT_TEXT = {"id", "template", "date", "from", "to", "issue", "total_issue", "copies", "limit"}


def field_role(kind: str, path: tuple) -> str | None:
    """Return how the document uses the string at `path` of a `kind` entry, or None if it is not prose."""
    keys = [p for p in path if isinstance(p, str)]
    if not keys or "query" in keys or "sum_of" in keys:
        return None  # what selects or sums cases, not text
    name = keys[-1]
    if isinstance(path[-1], int) and len(path) >= 2 and path[-2] == "cases":
        return None  # a case id
    if name in _NOT_TEXT and path[-1] == name:
        return None
    if "figures" in keys:
        return FIGURE
    in_case = kind == CASE or "cases" in keys
    if name == "text":
        return CLAUSE if in_case else PARAGRAPH
    if name in ("lead", "closing", "intro"):
        return PARAGRAPH
    if name in ("key_phrase", "theme") or (name == "front_line" and not in_case):
        return CLAUSE
    if name in ("headline", "title"):
        return HEADING
    return PHRASE


@dataclass
class LibraryCase:
    source: SourceFile
    base: tuple
    data: dict


@dataclass
class LintRun:
    """The findings of one run and the files they were found in (by resolved path)."""

    findings: list[Finding] = field(default_factory=list)
    sources: dict[Path, SourceFile] = field(default_factory=dict)
    files_checked: int = 0


class _Session:
    """One lint run: files loaded once, text fields mapped once, the library indexed once."""

    def __init__(self, project: Project, library: list[SourceFile] | None = None):
        self.project = project
        self.loaded: dict[Path, SourceFile | None] = {}
        self.findings: list[Finding] = []
        self._fields: dict[int, list[TextField]] = {}
        self._lines: dict[int, LineIndex] = {}
        self._library_given = library
        self._library: dict[str, LibraryCase] | None = None
        self._wordlist: tuple[Wordlist | None, list[Finding]] | None = None

    # -- loading --------------------------------------------------------------------------

    def add(self, source: SourceFile) -> None:
        self.loaded[source.path.resolve()] = source

    def load(self, path: Path, *, report_problems: bool) -> SourceFile | None:
        key = path.resolve()
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

    def library(self) -> dict[str, LibraryCase]:
        """Return the library's cases by id, from the given case files or those under data/cases/."""
        if self._library is not None:
            return self._library
        index: dict[str, LibraryCase] = {}
        if self._library_given is not None:
            files = list(self._library_given)
        else:
            folder = self.project.cases_dir
            paths = yaml_files_under(folder) if folder.is_dir() else []
            files = [s for s in (self.load(p, report_problems=False) for p in paths) if s is not None]
        for source in files:
            data = source.data
            if isinstance(data, dict) and isinstance(data.get("cases"), list):
                items = [(("cases", i), item) for i, item in enumerate(data["cases"])]
            else:
                items = [((), data)]
            for base, item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    index.setdefault(item["id"], LibraryCase(source, base, item))
        self._library = index
        return index

    def context(self) -> LintContext:
        wordlist, _findings = self.wordlist()
        names = set(wordlist.names if wordlist else ())
        for case in self.library().values():
            for key in ("unit", "region", "place"):
                value = case.data.get(key)
                if isinstance(value, str) and len(value.strip()) >= 2:
                    names.add(value.strip())
        library = {case_id: case.data for case_id, case in self.library().items()}
        return LintContext(wordlist=wordlist, names=tuple(sorted(names)), library=library)

    # -- fields and documents ---------------------------------------------------------------

    def fields_of(self, source: SourceFile, kind: str) -> list[TextField]:
        key = id(source)
        if key not in self._fields:
            lines = self._lines.setdefault(key, LineIndex(source.text))
            found = []
            for path, node in sorted(source.scalar_nodes.items(), key=lambda item: item[1].start_mark.index):
                role = field_role(kind, path)
                if role is None:
                    continue
                found.append(TextField(source, path, node, lines, kind, role))
            self._fields[key] = found
        return self._fields[key]

    def document(self, source: SourceFile, kind: str) -> Document:
        library = self.library()
        uses: list[CaseUse] = []

        def walk(value, path: tuple) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key == "cases" and isinstance(item, list):
                        for i, case in enumerate(item):
                            ref = path + ("cases", i)
                            if isinstance(case, str):
                                entry = library.get(case)
                                uses.append(
                                    CaseUse(
                                        path,
                                        ref,
                                        case,
                                        entry.source if entry else None,
                                        entry.base if entry else (),
                                        entry.data if entry else None,
                                    )
                                )
                            elif isinstance(case, dict) and "query" in case:
                                for case_id, entry in _query(case["query"], library):
                                    uses.append(
                                        CaseUse(path, ref, case_id, entry.source, entry.base, entry.data, is_query=True)
                                    )
                            elif isinstance(case, dict):
                                case_id = case.get("id") if isinstance(case.get("id"), str) else None
                                uses.append(CaseUse(path, ref, case_id, source, ref, case))
                    elif key != "query":
                        walk(item, path + (key,))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, path + (i,))

        walk(source.data, ())
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
        return Document(source, kind, fields, uses)

    # -- the run ------------------------------------------------------------------------------

    def run(self, sources: list[SourceFile]) -> list[Finding]:
        wordlist, wordlist_findings = self.wordlist()
        context = self.context()
        findings = list(self.findings) + list(wordlist_findings)
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
            if is_document_kind(kind):
                document = self.document(source, kind)
                for rule in DOCUMENT_RULES:
                    findings.extend(rule.check(document, context))
        return sorted_findings(findings)


def _query(query, library: dict[str, LibraryCase]) -> list[tuple[str, LibraryCase]]:
    """Return the library cases a `query:` selects, as the build selects them (oldest first, the newest `limit`)."""
    if not isinstance(query, dict):
        return []
    found = []
    for case_id, entry in library.items():
        case = entry.data
        if query.get("front_line") and case.get("front_line") != query["front_line"]:
            continue
        if query.get("region") and case.get("region") != query["region"]:
            continue
        tags = query.get("tags") or []
        if tags and not (isinstance(case.get("tags"), list) and set(map(str, tags)) <= set(map(str, case["tags"]))):
            continue
        date = case.get("date")
        if query.get("from") and not (
            hasattr(date, "year") and hasattr(query["from"], "year") and date >= query["from"]
        ):
            continue
        if query.get("to") and not (hasattr(date, "year") and hasattr(query["to"], "year") and date <= query["to"]):
            continue
        found.append((case_id, entry))
    found.sort(key=lambda item: (str(item[1].data.get("date")), item[0]))
    limit = query.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        found = found[-limit:]
    return found


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings without repeats, ordered by file, line, column and rule."""
    unique: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.location, finding.rule_id, finding.message)
        unique.setdefault(key, finding)
    return sorted(unique.values(), key=Finding.sort_key)


def lint_sources(
    sources: list[SourceFile], project: Project, *, library: list[SourceFile] | None = None
) -> list[Finding]:
    """Return the findings in files already loaded (the build's entries and case files).

    `library` is the case files to resolve case ids against; by default those under
    data/cases/ are read.
    """
    session = _Session(project, library)
    for source in list(sources) + list(library or []):
        session.add(source)
    return session.run(list(sources))


def lint_run(paths: list[Path], project: Project) -> LintRun:
    """Lint the entry files named by `paths` (files or folders; all under data/ when empty)."""
    session = _Session(project)
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
    from dataclasses import replace

    return [replace(f, severity=ERROR) if f.severity == WARNING else f for f in findings]


__all__ = [
    "FILE_RULE",
    "LOAD_RULE",
    "LintRun",
    "field_role",
    "lint_paths",
    "lint_run",
    "lint_sources",
    "sorted_findings",
    "strict_findings",
]
