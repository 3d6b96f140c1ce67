"""Recognise a document's structure from text as offices write it.

The headline and lead; level-1 sections 一、二、…; level-2 （一）, level-3 1. and
level-4 （1） headings; run-in points 一是/二是/… with their key phrase; example
cases introduced by 如…, with unit, place and figures. Word styles, where the
source has them, settle what the text alone leaves open.

Recognition runs twice over the cleaned text: the first pass finds the points and
repairs what extraction lost (closing quotes, full stops), the second splits the
repaired text into the report's parts. Splitting only cuts the text, so the report
holds every character of it; `check_faithful` proves that at the end.
"""

from __future__ import annotations

from ..i18n import _
from .assemble import Assembler
from .mapped import DOUBT, Ledger, MappedText
from .noise import apply_splices, lines_of
from .readers import SourceDocument
from .repairs import repair_key_phrases, repair_open_quotes
from .result import FigureNote, ImportedCase, ImportedPoint, ImportedReport, ImportedSection
from .tokens import KIND_RE, Hints, Tokeniser, tail_roles
from .units import case_text_with_figures, figures_in, place_in_text, region_and_place

__all__ = [
    "FigureNote",
    "ImportedCase",
    "ImportedPoint",
    "ImportedReport",
    "ImportedSection",
    "check_faithful",
    "figures_in",
    "linearise",
    "recognise",
]

# -- the whole recognition ----------------------------------------------------------------


def recognise(document: SourceDocument, buffer: MappedText, ledger: Ledger) -> tuple[ImportedReport, MappedText]:
    """Return the report recognised in the cleaned text, and the text it holds (repaired, less what it left out)."""
    hints = Hints(document, buffer)
    tail = tail_roles(buffer, hints)
    first = Tokeniser(buffer, hints, ledger, repair=True, tail=tail)
    tokens = first.run()
    edits = list(first.edits)
    edits += repair_key_phrases(buffer, tokens, ledger)
    buffer = apply_splices(buffer, edits)
    buffer = apply_splices(buffer, repair_open_quotes(buffer, ledger))
    hints = Hints(document, buffer)
    tail = tail_roles(buffer, hints)
    tokens = Tokeniser(buffer, hints, tail=tail).run()
    assembler = Assembler(document, buffer, ledger)
    report = assembler.build(tokens)
    if assembler.dropped:
        keep = [i for i, o in enumerate(buffer.origins) if o not in assembler.dropped]
        buffer = MappedText("".join(buffer.text[i] for i in keep), [buffer.origins[i] for i in keep])
    report.kind = _kind_of(report)
    for section in _walk(report.sections):
        for point in section.points:
            for case in point.cases:
                top = _front_line_of(report, section)
                case.front_line = top
                case.text, case.figures = case_text_with_figures(case.body.text)
                case.region, case.place = region_and_place(case.unit.text)
                if case.place is None:
                    case.place = place_in_text(case.body.text)
    return report, buffer


def _kind_of(report: ImportedReport) -> str | None:
    if report.title is not None:
        match = KIND_RE.search(report.title.text)
        if match:
            return match.group(0) if match.group(0) != "交流材料" else "经验交流材料"
    return None


def _walk(sections: list[ImportedSection]):
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def _front_line_of(report: ImportedReport, section: ImportedSection) -> str | None:
    for top in report.sections:
        if top is section or section in list(_walk(top.subsections)):
            if section.front_line is not None and len(section.front_line):
                return section.front_line.text
            return top.front_line.text if top.front_line is not None and len(top.front_line) else None
    return None


# -- the faithfulness check ---------------------------------------------------------------


def linearise(report: ImportedReport) -> list[tuple[str, bool]]:
    """Return the report's text as the template writes it, in pieces: (text, optional)."""
    from .. import numbering

    out: list[tuple[str, bool]] = []

    def add(text: str, optional: bool = False) -> None:
        if text:
            out.append((text, optional))

    if report.title is not None:
        add(report.title.text)
    if report.headline is not None:
        add(report.headline.text)
    add(report.lead.text)

    def section_text(section: ImportedSection, depth: int, n: int) -> None:
        number = [
            numbering.section_number,
            numbering.subsection_number,
            numbering.level3_number,
            numbering.level4_number,
        ][min(depth, 3)](n)
        add(number)
        add(section.theme.text)
        if section.front_line is not None:
            add("，" + section.front_line.text)
        add("。", optional=not section.has_stop)
        add(section.intro.text)
        for i, point in enumerate(section.points, start=1):
            add(numbering.point_ordinal(i))
            add(point.key_phrase.text)
            add("。", optional=not point.has_stop)
            add(point.text.text)
            if point.cases:
                add("如")
                add("，".join(case.rendered() for case in point.cases) + "。")
            add(point.closing.text)
        for i, sub in enumerate(section.subsections, start=1):
            section_text(sub, depth + 1, i)

    for i, section in enumerate(report.sections, start=1):
        section_text(section, 0, i)
    add(report.closing.text)
    if report.issuer is not None:
        add(report.issuer.text)
    if report.date_text is not None:
        add(report.date_text.text)
    return out


def check_faithful(report: ImportedReport, buffer: MappedText, ledger: Ledger) -> bool:
    """Return whether the report reads back as the cleaned text; note where it does not."""
    expected = MappedText.join([buffer[s:e].strip() for s, e in lines_of(buffer)])
    text = expected.text
    position = 0
    for piece, optional in linearise(report):
        if text.startswith(piece, position):
            position += len(piece)
        elif not optional:
            ledger.add(
                DOUBT,
                expected.origin(position),
                _(
                    "the report does not read back as the source from here ('{source}…' became '{report}…'); check this place"
                ).format(source=text[position : position + 12], report=piece[:12]),
                category="check",
            )
            return False
    if position != len(text):
        message = _("text from here was not placed in the report: '{text}…'").format(
            text=text[position : position + 20]
        )
        ledger.add(DOUBT, expected.origin(position), message, category="check")
        return False
    return True
