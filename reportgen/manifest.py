"""What each output was built from, so that a build redoes only what is out of date."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

MANIFEST_NAME = ".reportgen-manifest.json"
FORMAT = 1


def _key(path: Path, root: str) -> str:
    """Return the manifest's name for `path`: relative to the project root (an absolute path) when inside it."""
    absolute = os.path.abspath(path)
    if absolute.startswith(root + os.sep):
        return Path(absolute[len(root) + 1 :]).as_posix()
    return Path(absolute).as_posix()


@dataclass
class FileStamp:
    """A file's size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        # Stat before reading: a file changed in between then looks changed next time,
        # never unchanged.
        stat = path.stat()
        data = path.read_bytes()
        return cls(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        """Return whether `path` still has this content (by size and time, else by hash)."""
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != self.size:
            return False
        if stat.st_mtime_ns == self.mtime_ns:
            return True
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256
        except OSError:
            return False

    def as_json(self) -> list:
        return [self.size, self.mtime_ns, self.sha256]


@dataclass
class Record:
    """How one output was built."""

    source: str
    inputs: dict[str, FileStamp]
    output: FileStamp
    cases: list[str]
    case_listing: str | None  # digest of the case folder's file names, for query reports
    version: str = __version__
    source_date_epoch: str | None = None  # the dates in core properties come from it


@dataclass
class Manifest:
    """The records of an output folder, keyed by output file name."""

    root: Path
    records: dict[str, Record] = field(default_factory=dict)
    damaged: str | None = None  # the manifest file, when it could not be read: every output is rebuilt

    @classmethod
    def load(cls, output_dir: Path, root: Path) -> Manifest:
        """Read the manifest of `output_dir`; a damaged one counts as none (and says so in `damaged`)."""
        manifest = cls(root=root)
        path = output_dir / MANIFEST_NAME
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return manifest
        except OSError:
            manifest.damaged = str(path)
            return manifest
        try:
            raw = json.loads(text.decode("utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise ValueError("not a manifest of this format")
            outputs = raw.get("outputs") or {}
            if not isinstance(outputs, dict):
                raise ValueError("outputs is not a mapping")
            records = {str(name): _record(item) for name, item in outputs.items()}
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            manifest.damaged = str(path)
            return manifest
        manifest.records = records
        return manifest

    def save(self, output_dir: Path) -> None:
        """Write the manifest (atomically)."""
        from .outputs import write_atomically

        data = {
            "format": FORMAT,
            "outputs": {
                name: {
                    "source": r.source,
                    "version": r.version,
                    "inputs": {k: v.as_json() for k, v in sorted(r.inputs.items())},
                    "output": r.output.as_json(),
                    "cases": r.cases,
                    "case_listing": r.case_listing,
                    "source_date_epoch": r.source_date_epoch,
                }
                for name, r in sorted(self.records.items())
            },
        }
        write_atomically(output_dir / MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def source_key(self, path: Path) -> str:
        root = self.__dict__.get("_root_abs")
        if root is None:
            root = self.__dict__["_root_abs"] = os.path.abspath(self.root)
        return _key(path, root)

    def records_for(self, source: Path) -> list[tuple[str, Record]]:
        key = self.source_key(source)
        return [(name, r) for name, r in self.records.items() if r.source == key]

    def is_current(self, name: str, record: Record, output_dir: Path, case_listing: str) -> bool:
        """Return whether `name` in `output_dir` is complete and built from unchanged inputs."""
        if record.version != __version__:
            return False
        if record.source_date_epoch != source_date_epoch():
            return False
        if record.case_listing is not None and record.case_listing != case_listing:
            return False
        if not record.output.matches(output_dir / name):
            return False
        for key, stamp in record.inputs.items():
            path = Path(key) if os.path.isabs(key) else self.root / key
            if not stamp.matches(path):
                return False
        return True

    def stamp(self, paths: list[Path], stamps: dict[str, FileStamp]) -> None:
        """Add to `stamps` the stamps of those `paths` that exist and are not in it yet."""
        for path in paths:
            key = self.source_key(path)
            if key not in stamps:
                try:
                    stamps[key] = FileStamp.of(path)
                except OSError:
                    pass

    def record(
        self,
        name: str,
        source: Path,
        inputs: list[Path],
        output: Path,
        cases: list[str],
        case_listing: str | None,
        stamps: dict[str, FileStamp] | None = None,
    ) -> None:
        """Record how `name` was built; `stamps` holds the inputs' stamps taken before they were read."""
        stamps = stamps or {}
        self.records[name] = Record(
            source=self.source_key(source),
            inputs={self.source_key(p): stamps.get(self.source_key(p)) or FileStamp.of(p) for p in inputs},
            output=FileStamp.of(output),
            cases=cases,
            case_listing=case_listing,
            source_date_epoch=source_date_epoch(),
        )


def _stamp(value) -> FileStamp:
    size, mtime_ns, sha256 = value
    if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha256, str)):
        raise TypeError("a file stamp is [size, mtime_ns, sha256]")
    return FileStamp(size, mtime_ns, sha256)


def _text_or_none(value) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _record(item) -> Record:
    """Return the record written as `item`; raise ValueError, KeyError or TypeError if it is not one."""
    if not isinstance(item, dict) or not isinstance(item["inputs"], dict):
        raise TypeError("a record is a mapping with inputs")
    cases = item.get("cases", [])
    if not isinstance(cases, list) or not all(isinstance(c, str) for c in cases):
        raise TypeError("cases is a list of ids")
    source = item["source"]
    if not isinstance(source, str):
        raise TypeError("source is a path")
    return Record(
        source=source,
        inputs={str(k): _stamp(v) for k, v in item["inputs"].items()},
        output=_stamp(item["output"]),
        cases=list(cases),
        case_listing=_text_or_none(item.get("case_listing")),
        version=_text_or_none(item.get("version")) or "",
        source_date_epoch=_text_or_none(item.get("source_date_epoch")),
    )


def case_listing_digest(case_files: list[Path]) -> str:
    """Return a digest of which case files exist (not their content)."""
    names = "\n".join(sorted(p.as_posix() for p in case_files))
    return hashlib.sha256(names.encode("utf-8")).hexdigest()


def source_date_epoch() -> str | None:
    """Return SOURCE_DATE_EPOCH as set (or None): outputs built under another value differ."""
    return os.environ.get("SOURCE_DATE_EPOCH") or None
