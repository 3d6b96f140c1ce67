"""Budgeted reading of Office Open XML packages (.docx, .xlsx): zip members and their XML.

A package is a zip of XML parts, and both layers can be hostile: a member that
inflates a thousandfold, XML that declares entities (billion laughs), nests
thousands of levels or holds millions of empty elements. Everything here reads as
a stream and counts as it goes, so that such a file is refused in time and memory
proportional to the budget, never to what it claims to hold:

- the inflated size of each member and of all members read, counted while
  inflating (the sizes a zip declares are checked first, then not trusted);
- XML parsed incrementally by lxml with entity expansion, DTD loading and network
  access off; a document type declaration is refused outright (Office never writes
  one); the element depth and the number of elements are bounded.

Errors are `ReportgenError`s located at the package (`x.docx`) or at the member,
line and column of the XML (`x.docx:word/document.xml:3:15`).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from ..errors import Location, Problem, ReportgenError
from ..i18n import _

MB = 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What one import may read: inflated bytes, XML depth and elements, zip members."""

    inflated_bytes: int = 50 * MB  # each member and all members read together
    xml_depth: int = 128
    xml_elements: int = 1_000_000  # per XML part
    members: int = 10_000
    paragraphs: int = 100_000  # a long report has a few thousand


DEFAULT_LIMITS = Limits()


def unreadable(display: str, reason: str) -> ReportgenError:
    return ReportgenError(
        [
            Problem(
                Location(display),
                _("not a readable .docx file ({error})").format(error=reason)
                if display.lower().endswith(".docx")
                else _("not a readable Office file ({error})").format(error=reason),
                hint=_("open it in Word or WPS and save it again as .docx")
                if display.lower().endswith(".docx")
                else _("open it in Excel or WPS and save it again as .xlsx"),
            )
        ]
    )


class Package:
    """An open zip package with an inflation budget shared by every member read."""

    def __init__(self, path: Path, display: str, limits: Limits = DEFAULT_LIMITS):
        self.display = display
        self.limits = limits
        self.inflated = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise unreadable(display, exc.__class__.__name__) from None
        infos = self.zip.infolist()
        if len(infos) > limits.members:
            self.close()
            message = _("the package holds {count} parts (the limit is {limit})").format(
                count=len(infos), limit=limits.members
            )
            raise ReportgenError([Problem(Location(display), message)])
        self.infos = {info.filename: info for info in infos}
        declared = 0
        for info in infos:
            if info.file_size > limits.inflated_bytes:
                self.close()
                raise self._too_large(info.filename, info.file_size)
            declared += info.file_size
        if declared > limits.inflated_bytes:
            self.close()
            raise self._too_large(None, declared)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _too_large(self, member: str | None, size: int) -> ReportgenError:
        limit = self.limits.inflated_bytes // MB
        if member is None:
            message = _(
                "the package inflates to more than {limit} MB ({size} MB); it is not an ordinary document"
            ).format(limit=limit, size=f"{size / MB:.0f}")
        else:
            message = _("the part {member} inflates to more than {limit} MB ({size} MB)").format(
                member=member, limit=limit, size=f"{size / MB:.0f}"
            )
        return ReportgenError(
            [Problem(Location(self.display), message, hint=_("a zip bomb, or a document too large to import"))]
        )

    def has(self, name: str) -> bool:
        return name in self.infos

    def chunks(self, name: str) -> Iterator[bytes]:
        """Yield the inflated bytes of member `name`, counting them against the budget."""
        info = self.infos.get(name)
        if info is None:
            raise unreadable(self.display, _("no part {name}").format(name=name))
        member_read = 0
        try:
            with self.zip.open(info) as handle:
                while True:
                    chunk = handle.read(CHUNK)
                    if not chunk:
                        return
                    member_read += len(chunk)
                    self.inflated += len(chunk)
                    if member_read > self.limits.inflated_bytes:
                        raise self._too_large(name, member_read)
                    if self.inflated > self.limits.inflated_bytes:
                        raise self._too_large(None, self.inflated)
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise unreadable(self.display, f"{name}: {exc.__class__.__name__}") from None
        except Exception as exc:  # zlib.error and the like from a corrupt stream
            if isinstance(exc, ReportgenError):
                raise
            raise unreadable(self.display, f"{name}: {exc.__class__.__name__}") from None

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def check_all(self) -> None:
        """Inflate every member once (discarding the bytes) and stream-check every XML part."""
        for name in self.infos:
            if name.endswith((".xml", ".rels")) or name == "[Content_Types].xml":
                for _element in self.iterparse(name, events=("end",)):
                    pass
            else:
                for _chunk in self.chunks(name):
                    pass

    def iterparse(
        self,
        name: str,
        events: tuple[str, ...] = ("start", "end"),
        keep: Callable[[etree._Element], bool] | None = None,
    ) -> Iterator[tuple[str, etree._Element]]:
        """Yield (event, element) for member `name`, parsed as a bounded stream.

        Elements are cleared after their "end" event unless `keep` says otherwise, so that
        memory stays small however long the part is; depth and element count are bounded.
        """
        yield from parse_stream(self.chunks(name), f"{self.display}:{name}", self.limits, events, keep)

    def resolve(self, source_part: str, target: str) -> str:
        """Return the member name a relationship target of `source_part` points at."""
        if target.startswith("/"):
            return target.lstrip("/")
        folder = posixpath.dirname(source_part)
        return posixpath.normpath(posixpath.join(folder, target))

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Return the relationships of `part` ('' for the package): id → (type, member name)."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        found: dict[str, tuple[str, str]] = {}
        if not self.has(rels):
            return found
        for _event, element in self.iterparse(rels, events=("end",)):
            if etree.QName(element).localname == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target") or ""
                found[element.get("Id") or ""] = (element.get("Type") or "", self.resolve(part or "/", target))
        return found


def _parser_error(location: str, exc: etree.XMLSyntaxError) -> ReportgenError:
    line, column = exc.position if exc.position else (0, 0)
    message = str(exc.msg or exc).split(", line ")[0]
    if "Excessive depth" in message or "depth" in message.lower():
        text = _("the XML nests deeper than {limit} levels").format(limit=DEFAULT_LIMITS.xml_depth)
    else:
        text = _("malformed XML: {reason}").format(reason=message)
    return ReportgenError(
        [
            Problem(
                Location(location, line or 0, column or 0),
                text,
                hint=_(
                    "the file is damaged or was not made by an office program; open it in Word or WPS and save it again"
                ),
            )
        ]
    )


def parse_stream(
    chunks: Iterator[bytes] | IO[bytes],
    location: str,
    limits: Limits = DEFAULT_LIMITS,
    events: tuple[str, ...] = ("start", "end"),
    keep: Callable[[etree._Element], bool] | None = None,
) -> Iterator[tuple[str, etree._Element]]:
    """Parse XML from `chunks` incrementally with lxml; yield its events within the limits."""
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    elements = 0
    first = True
    root_seen = False
    tail = b""
    lines = 0  # line breaks before the current chunk, while the root is not yet seen

    def refuse(element: etree._Element | None, message: str, line: int = 0) -> ReportgenError:
        if element is not None and element.sourceline:
            line = element.sourceline
        return ReportgenError(
            [
                Problem(
                    Location(location, line, 1 if line else 0),
                    message,
                    hint=_("an ordinary document never holds this; the file was made to break programs or is damaged"),
                )
            ]
        )

    def drain() -> Iterator[tuple[str, etree._Element]]:
        nonlocal depth, elements, root_seen
        for event, element in parser.read_events():
            if event == "start":
                root_seen = True
                depth += 1
                elements += 1
                if depth > limits.xml_depth:
                    raise refuse(element, _("the XML nests deeper than {limit} levels").format(limit=limits.xml_depth))
                if elements > limits.xml_elements:
                    raise refuse(
                        element, _("the XML holds more than {limit} elements").format(limit=limits.xml_elements)
                    )
                if "start" in events:
                    yield event, element
            else:
                depth -= 1
                if "end" in events:
                    yield event, element
                if keep is None or not keep(element):
                    _release(element)

    try:
        for chunk in chunks:
            first = False
            if not root_seen:
                # A document type declaration can only come before the root element.
                window = tail + chunk
                at = min((window.find(mark) for mark in _DECLARATIONS if mark in window), default=-1)
                if at >= 0:
                    raise refuse(
                        None,
                        _("the XML declares a document type (DOCTYPE), which Office files never do"),
                        line=lines + window.count(b"\n", 0, at) - tail.count(b"\n") + 1,
                    )
                lines += chunk.count(b"\n")
                tail = window[-24:]
            parser.feed(chunk)
            yield from drain()
        parser.close()
        yield from drain()
    except etree.XMLSyntaxError as exc:
        raise _parser_error(location, exc) from None
    if first or not root_seen:
        raise ReportgenError([Problem(Location(location, 1, 1), _("malformed XML: the part is empty"))])


_DECLARATIONS = tuple(
    mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def _release(element: etree._Element) -> None:
    """Free an element that has been handled, and the siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
