"""What the import recognised: the report, its sections, points and cases, with their source text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import Location
from .mapped import MappedText


@dataclass
class FigureNote:
    """A figure found in a point's text, kept in the text and shown alongside it."""

    text: str
    value: float | int
    unit: str


@dataclass
class ImportedCase:
    unit: MappedText
    body: MappedText  # the clause(s) after the unit, without final punctuation
    text: str = ""  # body with {name} placeholders
    figures: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    place: str | None = None
    front_line: str | None = None
    id: str | None = None
    reused: bool = False  # an identical case already in the library
    file: str | None = None
    stop: MappedText | None = None  # the 。 ending its sentence, while a next sentence may continue it

    def rendered(self) -> str:
        """Return the case as the template writes it: unit, then text with figures filled in."""
        return self.unit.text + self.body.text


@dataclass
class ImportedPoint:
    key_phrase: MappedText
    text: MappedText
    cases: list[ImportedCase] = field(default_factory=list)
    closing: MappedText = field(default_factory=lambda: MappedText("", []))
    figures: list[FigureNote] = field(default_factory=list)
    has_stop: bool = True  # a 。 followed the key phrase in the source
    offset: int | None = None


@dataclass
class ImportedSection:
    level: int
    theme: MappedText
    front_line: MappedText | None = None
    intro: MappedText = field(default_factory=lambda: MappedText("", []))
    points: list[ImportedPoint] = field(default_factory=list)
    subsections: list[ImportedSection] = field(default_factory=list)
    has_stop: bool = True  # the heading ended with 。 in the source
    offset: int | None = None


@dataclass
class ImportedReport:
    title: MappedText | None = None
    headline: MappedText | None = None
    lead: MappedText = field(default_factory=lambda: MappedText("", []))
    sections: list[ImportedSection] = field(default_factory=list)
    closing: MappedText = field(default_factory=lambda: MappedText("", []))
    issuer: MappedText | None = None
    date_text: MappedText | None = None
    date: dt.date | None = None
    author: str | None = None
    kind: str | None = None

    def all_cases(self) -> list[ImportedCase]:
        found = []

        def walk(sections):
            for section in sections:
                for point in section.points:
                    found.extend(point.cases)
                walk(section.subsections)

        walk(self.sections)
        return found

    def all_points(self) -> list[ImportedPoint]:
        found = []

        def walk(sections):
            for section in sections:
                found.extend(section.points)
                walk(section.subsections)

        walk(self.sections)
        return found


@dataclass
class CaseDraft:
    """A case read by intake (from a submission or a 台账 row), before it is checked against the library."""

    location: Location  # where it starts in the source
    unit: str
    body: str
    date: dt.date
    region: str | None = None
    place: str | None = None
    front_line: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    heading: str | None = None
