"""Issued documents: a lock in issued/<name>.lock.yaml freezes what a document was made from.

`reportgen issue NAME` writes the lock: the entry's text, the template folder's
files and a copy of every library case the document used, as validated, each with
its sha256, and a digest of the whole lock. Gathering then builds an issued document
from its lock alone, so adding a case that its query would match, editing a case it
used, its entry or its template does not change it: the bytes stay those issued.
Such an edit is a warning naming the document; re-issuing (`reportgen issue NAME
--again`) takes the current files.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from .errors import WARNING, Location, Problem
from .i18n import _
from .model import Date, Entry, Identifier, LibraryCase
from .project import Project, display_path

if TYPE_CHECKING:
    from .library import CaseLibrary
    from .source import SourceFile

ISSUED_DIR = "issued"
LOCK_SUFFIX = ".lock.yaml"
FORMAT = 1
_TEMPLATE_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


# -- the lock's shape ------------------------------------------------------------------------


class LockedEntry(Entry):
    file: Annotated[str, Field(min_length=1, title="文件", description="the entry file, from the project folder")]
    sha256: Annotated[str, Field(title="摘要", description="sha256 of text")]
    text: Annotated[str, Field(title="内容", description="the entry file's text when it was issued")]


class LockedTemplate(Entry):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", title="模板", description="the template folder's name")]
    sha256: Annotated[str, Field(title="摘要", description="sha256 of the files")]
    files: Annotated[dict[str, str], Field(title="文件", description="each file of the folder and its text")]


class LockedCase(Entry):
    file: Annotated[str, Field(title="文件", description="the case file it came from")]
    sha256: Annotated[str, Field(title="摘要", description="sha256 of the validated case")]
    case: Annotated[LibraryCase, Field(title="案例", description="the case as validated when issued")]


class IssueLock(Entry):
    """The lock of one issued document."""

    format: Annotated[Literal[1], Field(title="格式")]
    document: Annotated[Identifier, Field(title="文件名", description="the output's name")]
    issued_on: Annotated[Date, Field(title="印发日期", description="the day `reportgen issue` was run")]
    entry: Annotated[LockedEntry, Field(title="条目")]
    template: Annotated[LockedTemplate, Field(title="模板")]
    cases: Annotated[list[LockedCase], Field(default_factory=list, title="案例")]
    sha256: Annotated[str, Field(title="摘要", description="sha256 of everything above")]


# -- digests ---------------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def case_digest(case: LibraryCase) -> str:
    """Return the digest of a validated case's content (not of its file's formatting)."""
    return _sha256(json.dumps(case.model_dump(mode="json"), ensure_ascii=False, sort_keys=True))


def files_digest(files: dict[str, str]) -> str:
    return _sha256(json.dumps(files, ensure_ascii=False, sort_keys=True))


def _lock_digest(data: object) -> str:
    rest = {k: v for k, v in data.items() if k != "sha256"} if isinstance(data, dict) else data
    return _sha256(json.dumps(rest, ensure_ascii=False, sort_keys=True, default=str))


def lock_path(project: Project, name: str) -> Path:
    return project.root / ISSUED_DIR / f"{name}{LOCK_SUFFIX}"


def _project_key(project: Project, path: Path) -> str:
    """Return `path` relative to the project folder, with forward slashes (as locks name files)."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def template_files(template_dir: Path) -> dict[str, str]:
    """Return the text of each file of a template folder, by its path inside the folder."""
    files = {}
    for path in sorted(template_dir.rglob("*")):
        relative = path.relative_to(template_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            files[relative.as_posix()] = path.read_text(encoding="utf-8")
    return files


# -- reading locks ---------------------------------------------------------------------------


@dataclass
class Pinned:
    """A valid lock, read: what gathering builds an issued document from."""

    lock: IssueLock
    source: SourceFile
    path: Path
    _template_dir: Path | None = None

    @property
    def display(self) -> str:
        return self.source.display

    def entry_source(self, entry_path: Path) -> tuple[SourceFile | None, list[Problem]]:
        """Return the entry as it was issued, read as if from its file."""
        from .source import load_yaml_text

        return load_yaml_text(self.lock.entry.text.encode("utf-8"), entry_path, display_path(entry_path))

    def library(self) -> CaseLibrary:
        """Return a library holding only the issued copies of the document's cases.

        A query run on it selects what it selected when the document was issued: every
        case it chose then is here, and no case that was not in the library then.
        """
        from .library import CaseLibrary, LibraryEntry, case_view

        library = CaseLibrary()
        root = self.path.resolve().parent.parent  # issued/NAME.lock.yaml sits in the project folder's issued/
        for i, locked in enumerate(self.lock.cases):
            where = self.source.location(("cases", i, "case"))
            photos: tuple = ()
            if locked.case.photos:
                from .photos import check_photos

                # The photos are read from their files, found as from the case file they came from.
                views, found = check_photos(
                    locked.case.photos,
                    root / locked.file,
                    root,
                    lambda k, n=i: self.source.location(("cases", n, "case", "photos", k, "path")),
                )
                if found:
                    library.broken[locked.case.id] = self.source.display
                photos = tuple(views)
            library.entries[locked.case.id] = LibraryEntry(
                locked.case, case_view(locked.case, where, photos), self.source, ("cases", i, "case")
            )
        return library

    def template_dir(self) -> Path:
        """Return a folder holding the template files as issued (made once per process)."""
        if self._template_dir is None:
            folder = _snapshot_root() / self.lock.template.sha256[:32] / self.lock.template.name
            if not folder.is_dir():
                for name, text in self.lock.template.files.items():
                    target = folder / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
            self._template_dir = folder
        return self._template_dir


_SNAPSHOTS: dict[str, Path] = {}


def _snapshot_root() -> Path:
    root = _SNAPSHOTS.get("root")
    if root is None:
        root = _SNAPSHOTS["root"] = Path(tempfile.mkdtemp(prefix="reportgen-issued-"))
        atexit.register(shutil.rmtree, root, True)
    return root


def read_lock(path: Path) -> tuple[Pinned | None, list[Problem]]:
    """Read and verify one lock file; return it, or located problems."""
    from .model import validate_entry
    from .source import load_yaml_file

    source, problems = load_yaml_file(path)
    if source is None:
        return None, problems
    lock, problems = validate_entry(IssueLock, source)
    if lock is None:
        return None, problems
    hint = _("undo the edit (e.g. git checkout -- {file}), or issue the document again: reportgen issue {name} --again")
    hint = hint.format(file=source.display, name=lock.document)
    problems = []
    expected = path.name[: -len(LOCK_SUFFIX)] if path.name.endswith(LOCK_SUFFIX) else path.stem
    if lock.document != expected:
        problems.append(
            Problem(
                source.location(("document",)),
                _("this lock is for '{document}', but its file is named {file}").format(
                    document=lock.document, file=path.name
                ),
                hint=_("name it {file}").format(file=f"{lock.document}{LOCK_SUFFIX}"),
            )
        )
    for name in lock.template.files:
        if not _TEMPLATE_FILE.match(name) or ".." in name.split("/"):
            problems.append(
                Problem(
                    source.location(("template", "files", name), key=True),
                    _("'{name}' is not a file name inside a template folder").format(name=name),
                    hint=hint,
                )
            )
    checks: list[tuple[tuple, str, str]] = [(("entry",), lock.entry.sha256, _sha256(lock.entry.text))]
    checks.append((("template",), lock.template.sha256, files_digest(lock.template.files)))
    checks += [(("cases", i), c.sha256, case_digest(c.case)) for i, c in enumerate(lock.cases)]
    for where, stated, actual in checks:
        if stated != actual:
            problems.append(
                Problem(
                    source.location(where),
                    _("this part of the lock was changed after it was written (its sha256 does not match)"),
                    hint=hint,
                )
            )
    if not problems and lock.sha256 != _lock_digest(source.data):
        problems.append(
            Problem(
                source.location(("sha256",)),
                _("the lock was changed after it was written (its sha256 does not match its content)"),
                hint=hint,
            )
        )
    ids = [c.case.id for c in lock.cases]
    for i, case_id in enumerate(ids):
        if case_id in ids[:i]:
            problems.append(
                Problem(
                    source.location(("cases", i, "case", "id")), _("case '{id}' is locked twice").format(id=case_id)
                )
            )
    if problems:
        return None, problems
    return Pinned(lock, source, path), []


@dataclass
class IssuedDocuments:
    """Every lock of a project: the valid ones by entry file, and the names whose lock has errors."""

    by_entry: dict[str, Pinned] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)  # document name -> lock file shown
    problems: list[Problem] = field(default_factory=list)
    project: Project | None = None

    def for_entry(self, path: Path) -> Pinned | None:
        if self.project is None or not self.by_entry:
            return None
        return self.by_entry.get(_project_key(self.project, path))

    def broken_lock(self, name: str, where: Location) -> Problem | None:
        """Return an error if the document `name` is issued but its lock cannot be used."""
        shown = self.broken.get(name)
        if shown is None:
            return None
        return Problem(
            where,
            _("{name} is issued, but its lock {file} has errors; it is not built until they are fixed").format(
                name=name, file=shown
            ),
        )

    @classmethod
    def load(cls, project: Project) -> IssuedDocuments:
        issued = cls(project=project)
        folder = project.root / ISSUED_DIR
        if not folder.is_dir():
            return issued
        for path in sorted(folder.glob(f"*{LOCK_SUFFIX}")):
            pinned, problems = read_lock(path)
            issued.problems.extend(problems)
            name = path.name[: -len(LOCK_SUFFIX)]
            if pinned is None:
                issued.broken[name] = display_path(path)
                continue
            key = pinned.lock.entry.file
            if key in issued.by_entry:
                issued.problems.append(
                    Problem(
                        pinned.source.location(("entry", "file")),
                        _("{file} is already locked by {other}").format(file=key, other=issued.by_entry[key].display),
                        hint=_("delete one of the two locks"),
                    )
                )
                issued.broken[name] = display_path(path)
                continue
            issued.by_entry[key] = pinned
        return issued

    def change_warnings(self, library: CaseLibrary) -> list[Problem]:
        """Return a warning for each entry, template or case changed since a document using it was issued."""
        if self.project is None:
            return []
        problems: list[Problem] = []
        for pinned in self.by_entry.values():
            lock = pinned.lock
            again = _("to put the change into {name}, issue it again: reportgen issue {name} --again").format(
                name=lock.document
            )
            entry_path = self.project.root / lock.entry.file
            try:
                live = entry_path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
            except (OSError, UnicodeDecodeError):
                live = None
            if live is None:
                problems.append(
                    Problem(
                        pinned.source.location(("entry", "file")),
                        _("{file}, the entry of issued document {name}, cannot be read").format(
                            file=lock.entry.file, name=lock.document
                        ),
                        severity=WARNING,
                        hint=_("restore it, or delete {lock} if the document is withdrawn").format(lock=pinned.display),
                    )
                )
            elif live != lock.entry.text:
                problems.append(
                    Problem(
                        Location(display_path(entry_path), _first_different_line(live, lock.entry.text), 1),
                        _("changed after {name} was issued; {name} is built as issued ({lock})").format(
                            name=lock.document, lock=pinned.display
                        ),
                        severity=WARNING,
                        hint=again,
                    )
                )
            template_dir = self.project.templates_dir / lock.template.name
            try:
                live_files = template_files(template_dir) if template_dir.is_dir() else {}
            except (OSError, UnicodeDecodeError):
                live_files = {}
            if live_files != lock.template.files:
                problems.append(
                    Problem(
                        Location(display_path(template_dir)),
                        _("template changed after {name} was issued; {name} keeps the template as issued").format(
                            name=lock.document
                        ),
                        severity=WARNING,
                        hint=again,
                    )
                )
            for locked in lock.cases:
                entry = library.get(locked.case.id)
                if entry is not None and case_digest(entry.case) != locked.sha256:
                    problems.append(
                        Problem(
                            entry.view.location,
                            _("case '{id}' changed after {name} was issued; {name} keeps the case as issued").format(
                                id=locked.case.id, name=lock.document
                            ),
                            severity=WARNING,
                            hint=again,
                        )
                    )
        return problems


def _first_different_line(a: str, b: str) -> int:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), start=1):
        if x != y:
            return number
    return min(len(a.splitlines()), len(b.splitlines())) + 1


# -- writing a lock --------------------------------------------------------------------------


class _Dumper:
    """PyYAML's safe dumper, writing text with line breaks as literal blocks (|)."""

    @staticmethod
    def dump(data: dict) -> str:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        def text(dumper, value: str):
            style = "|" if "\n" in value and not _unsafe_for_block(value) else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, text)
        return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _unsafe_for_block(value: str) -> bool:
    # A literal block cannot keep trailing blanks on a line, tabs or a text without a final newline reliably
    return any(line != line.rstrip() for line in value.split("\n")) or "\t" in value or "\r" in value


def lock_text(project: Project, target, library: CaseLibrary, today: dt.date) -> str:
    """Return the text of the lock for a gathered target, resolved against `library`."""
    from .source import load_yaml_text

    cases = []
    for case_id in target.cases_used:
        entry = library.get(case_id)
        if entry is None:  # pragma: no cover - gathering resolved it from this library
            continue
        cases.append(
            {
                "file": _project_key(project, entry.source.path),
                "sha256": case_digest(entry.case),
                "case": entry.case.model_dump(mode="json", by_alias=True, exclude_defaults=True),
            }
        )
    entry_text = target.source.text
    files = template_files(project.templates_dir / target.template_dir.name)
    data = {
        "format": FORMAT,
        "document": target.name,
        "issued_on": today.isoformat(),
        "entry": {"file": _project_key(project, target.source.path), "sha256": _sha256(entry_text), "text": entry_text},
        "template": {"name": target.template_dir.name, "sha256": files_digest(files), "files": files},
        "cases": cases,
    }
    body = _Dumper.dump(data)
    # The digest is of the data as it reads back, the way a build will read it.
    source, problems = load_yaml_text(body.encode("utf-8"), Path("lock.yaml"), "lock.yaml")
    if source is None:  # pragma: no cover - what we dump, we can read
        raise ValueError("; ".join(p.format() for p in problems))
    header = _(
        "# {name} is issued: builds reproduce it from this file, whatever changes in data/ and templates/.\n"
        "# Written by `reportgen issue {name}`; keep it in git and do not edit it.\n"
        "# To issue it again with the current entry, cases and template: reportgen issue {name} --again\n"
    ).format(name=target.name)
    return header + body + f"sha256: {_lock_digest(source.data)}\n"
