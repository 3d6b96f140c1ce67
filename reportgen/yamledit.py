"""Edit YAML entries in place: the one comment-keeping YAML writer.

A file is loaded round-trip with ruamel.yaml, together with the digest of its bytes.
Values are set, added or removed at a key path; comments, key order, quoting and
block styles of untouched fields stay as they were, and lines that were not edited
come back byte for byte (even where ruamel.yaml would lay them out differently, see
`_merge`). Saving goes through the one atomic writer, and is refused when the file
changed on disk since it was loaded, so that a second editor's save never silently
undoes the first one's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from .errors import Location, Problem, ReportgenError
from .i18n import _
from .outputs import write_atomically

KeyPath = tuple  # keys (str) and list indexes (int)

# Indentations tried, in order, for a file's layout: (mapping, sequence, dash offset).
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0), (2, 3, 1))
_WIDTH = 4096  # never re-wrap a long line
FOLD_LONGER_THAN = 40  # a new text value longer than this is written as a folded block (>-)
_SAVE_LOCK = threading.Lock()


class EditConflict(ReportgenError):
    """The file changed on disk since it was loaded; the save was refused."""


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """Return the digest of the file's bytes now, or None when it does not exist."""
    try:
        return digest_of(path.read_bytes())
    except FileNotFoundError:
        return None


@dataclass
class EditableYaml:
    """A YAML file loaded for editing: its round-trip data and what is needed to write it back."""

    path: Path
    data: Any
    digest: str | None  # of the bytes loaded; None for a file not written yet
    original: str  # the text as loaded (without a byte-order mark, with \n line ends)
    baseline: str  # the text ruamel.yaml writes for the unedited data
    layout: tuple[int, int, int]
    newline: str = "\n"
    bom: bool = False

    # -- reading -------------------------------------------------------------------------

    def get(self, path: KeyPath, default: Any = None) -> Any:
        """Return the value at `path`, or `default` where any step is missing."""
        current = self.data
        for part in path:
            try:
                current = current[part]
            except (KeyError, IndexError, TypeError):
                return default
        return current

    # -- editing ---------------------------------------------------------------------------

    def set(self, path: KeyPath, value: Any) -> None:
        """Set the value at `path`, creating missing mappings on the way; a new key goes last."""
        if not path:
            raise ValueError("an empty key path names the whole file")
        parent = self._parent(path, create=True)
        key = path[-1]
        if isinstance(parent, list) and isinstance(key, int) and key == len(parent):
            parent.append(_fresh(value))
            return
        old = _child(parent, key)
        if old is _MISSING:
            if isinstance(key, int):
                raise IndexError(f"index {key} is past the end of the list at {path[:-1]}")
            parent[key] = _fresh(value)
            return
        if _same(old, value):
            return
        parent[key] = _update(old, value)

    def remove(self, path: KeyPath) -> bool:
        """Remove the key or list item at `path`; return whether there was one."""
        parent = self._parent(path, create=False)
        if parent is None or _child(parent, path[-1]) is _MISSING:
            return False
        key = path[-1]
        if isinstance(parent, CommentedMap):
            _keep_leading_comment(parent, key)
        del parent[key]
        return True

    def _parent(self, path: KeyPath, *, create: bool):
        current = self.data
        for index, part in enumerate(path[:-1]):
            child = _child(current, part)
            if child is _MISSING or child is None:
                if not create or isinstance(part, int) or not isinstance(current, dict):
                    return None
                child = CommentedMap()
                current[part] = child
            elif not isinstance(child, (dict, list)):
                if not create:
                    return None
                raise TypeError(f"{path[: index + 1]} holds a value, not a mapping or list")
            current = child
        if not isinstance(current, (dict, list)):
            raise TypeError(f"{path[:-1]} holds a value, not a mapping or list")
        return current

    # -- writing -------------------------------------------------------------------------------

    def text(self) -> str:
        """Return the file's text with the edits made: unedited lines as they were loaded."""
        edited = _dump(self.data, self.layout)
        if self.baseline == self.original:
            return edited
        return _merge(self.original, self.baseline, edited)

    def to_bytes(self) -> bytes:
        text = self.text()
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")

    def save(self) -> str:
        """Write the file atomically if it is unchanged on disk since loading; return the new digest."""
        data = self.to_bytes()
        with _SAVE_LOCK:
            now = file_digest(self.path)
            if now != self.digest:
                raise EditConflict([conflict_problem(self.path, exists=now is not None)])
            write_atomically(self.path, data, exclusive=self.digest is None)
        self.digest = digest_of(data)
        self.original = self.baseline = data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
        return self.digest


def conflict_problem(path: Path, *, exists: bool) -> Problem:
    if exists:
        message = _("{file} was changed by someone else since you opened it; nothing was saved").format(file=path.name)
        hint = _("reload the page to see the other change, then make yours again")
    else:
        message = _("{file} was deleted or moved since you opened it; nothing was saved").format(file=path.name)
        hint = _("reload the page")
    return Problem(Location(path.as_posix()), message, hint=hint)


# -- loading ------------------------------------------------------------------------------


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.allow_duplicate_keys = False
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(data: Any, layout: tuple[int, int, int]) -> str:
    stream = io.StringIO()
    _yaml(layout).dump(data, stream)
    return stream.getvalue()


def parse(text: str, path: Path, *, digest: str | None) -> EditableYaml:
    """Return `text` loaded for editing as the file `path`."""
    bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    try:
        data = _yaml(_LAYOUTS[0]).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(path.as_posix(), mark.line + 1, mark.column + 1) if mark else Location(path.as_posix())
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReportgenError([Problem(where, _("cannot read the YAML: {problem}").format(problem=problem))]) from None
    baseline = ""
    chosen = _LAYOUTS[0]
    for layout in _LAYOUTS:
        dumped = _dump(data, layout)
        if not baseline or dumped == text:
            baseline, chosen = dumped, layout
        if dumped == text:
            break
    return EditableYaml(path, data, digest, text, baseline, chosen, newline, bom)


def load(path: Path) -> EditableYaml:
    """Load the entry file at `path` for editing, with the digest of its bytes."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportgenError(
            [
                Problem(
                    Location(path.as_posix()), _("the file is not UTF-8 text (byte {offset})").format(offset=exc.start)
                )
            ]
        ) from None
    return parse(text, path, digest=digest_of(raw))


def new_file(path: Path, text: str = "") -> EditableYaml:
    """Return an editor for a file not written yet, starting from `text` (a skeleton); saving never overwrites."""
    editable = parse(text or "{}\n", path, digest=None)
    if editable.data is None:
        editable.data = CommentedMap()
    return editable


# -- values -----------------------------------------------------------------------------------

_MISSING = object()


def _child(container: Any, key: Any) -> Any:
    try:
        return container[key]
    except (KeyError, IndexError, TypeError):
        return _MISSING


def _same(old: Any, new: Any) -> bool:
    """Return whether `new` equals `old` in value and kind (so that nothing needs writing)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return list(old) == list(new) and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == str(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return isinstance(old, int) == isinstance(new, int) and old == new
    if isinstance(old, dt.datetime) or isinstance(new, dt.datetime):
        return type(old) is type(new) and old == new
    return type(old) is type(new) and old == new


def _fresh(value: Any) -> Any:
    """Return a new value for the file: long texts folded, mappings and lists as ruamel containers."""
    if isinstance(value, Mapping):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = _fresh(item)
        return result
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_fresh(item) for item in value)
        if all(isinstance(item, str) and len(item) <= FOLD_LONGER_THAN for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and type(value) is str and _foldable(value):
        return FoldedScalarString(value)
    return value


def _foldable(text: str) -> bool:
    return len(text) > FOLD_LONGER_THAN and "\n" not in text and text == text.strip() and "  " not in text


def _update(old: Any, new: Any) -> Any:
    """Return `new` in `old`'s clothes: its block style or quotes, its comments, its flow style."""
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        for key in [k for k in old if k not in new]:
            _keep_leading_comment(old, key)
            del old[key]
        for key, item in new.items():
            if key in old:
                if not _same(old[key], item):
                    old[key] = _update(old[key], item)
            else:
                old[key] = _fresh(item)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, Sequence) and not isinstance(new, str):
        for index, item in enumerate(new):
            if index < len(old):
                if not _same(old[index], item):
                    old[index] = _update(old[index], item)
            else:
                old.append(_fresh(item))
        del old[len(new) :]
        return old
    if isinstance(new, str) and type(new) is str:
        if isinstance(old, (FoldedScalarString, LiteralScalarString)) and "\n" not in new.strip("\n"):
            return type(old)(new)
        if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)) and old != "":
            return type(old)(new)
        if isinstance(old, str) and type(old) is str:
            return new
    return _fresh(new)


def _keep_leading_comment(mapping: CommentedMap, key: Any) -> None:
    """Before `key` is removed, hand the comment lines standing above it to the key after it."""
    entry = mapping.ca.items.get(key)
    if not entry or not entry[1]:
        return
    keys = list(mapping)
    after = keys.index(key) + 1
    if after >= len(keys):
        return
    following = mapping.ca.items.setdefault(keys[after], [None, None, None, None])
    following[1] = list(entry[1]) + list(following[1] or [])


# -- keeping unedited lines byte for byte -------------------------------------------------------


def _merge(original: str, baseline: str, edited: str) -> str:
    """Apply the change from `baseline` to `edited` to `original`.

    `baseline` is ruamel.yaml's layout of the unedited data, which can differ from the file
    (spacing, indentation of a comment); where a stretch of lines is untouched by the edit,
    the file's own lines are kept.
    """
    a, b, c = original.splitlines(True), baseline.splitlines(True), edited.splitlines(True)
    kept = [True] * len(b)
    inserted: dict[int, list[str]] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b, c, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            kept[index] = False
        inserted.setdefault(i1, []).extend(c[j1:j2])
    out: list[str] = []
    emitted: set[int] = set()

    def insert_at(j: int) -> None:
        if j not in emitted:
            emitted.add(j)
            out.extend(inserted.get(j, ()))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for offset, line in enumerate(a[i1:i2]):
                insert_at(j1 + offset)
                if kept[j1 + offset]:
                    out.append(line)
            continue
        untouched = all(kept[j1:j2]) and not any(inserted.get(j) for j in range(j1 + 1, j2))
        if j1 < j2:
            insert_at(j1)
        if untouched:
            out.extend(a[i1:i2])
        else:
            for j in range(j1, j2):
                insert_at(j)
                if kept[j]:
                    out.append(b[j])
    insert_at(len(b))
    return "".join(out)
