"""The visible text of an exchange material, shared by the two baseline renderers.

Both baselines start from data that is already loaded and validated (a `Report`
and the `LibraryCase`s it names) and lay out the same paragraphs, in the same
order and wording, as the `exchange` template: title, headline, lead,
"一、theme，front line" headings, run-in points "一是key phrase。text如…。" and
the issuer and date at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.model import Figure, InlineCase, LibraryCase, QueryItem, Report, Section, validate_entry
from reportgen.source import load_yaml_file

TITLE = "title"
HEADLINE = "headline"
BODY = "body"
HEADING_1 = "heading1"
HEADING_2 = "heading2"
POINT = "point"
SIGNATURE = "signature"

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document: its role and its text, split into a lead-in and the rest.

    `lead_in` is the run-in key phrase of a point ("一是健全“作战体系”。"), set apart
    (in 楷体) from the `text` that follows; it is empty for other roles.
    """

    role: str
    text: str
    lead_in: str = ""

    @property
    def full_text(self) -> str:
        return self.lead_in + self.text


def chinese_ordinal(number: int) -> str:
    """Return 1..99 as Chinese numerals: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一."""
    if not 1 <= number <= 99:
        raise ValueError(f"ordinal {number} out of range 1..99")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    prefix = ("" if tens == 1 else _DIGITS[tens]) + "十"
    return prefix + (_DIGITS[units] if units else "")


def figure_text(figure: Figure) -> str:
    """Return a figure as written in the text: 79户, 100余人, 1万余元, 1.5万元."""
    value = figure.value / 10000 if figure.wan else figure.value
    if float(value).is_integer():
        number = str(int(value))
    else:
        number = f"{value:.4f}".rstrip("0").rstrip(".")
    return f"{number}{'万' if figure.wan else ''}{'余' if figure.approx else ''}{figure.unit}"


def case_text(case: LibraryCase | InlineCase) -> str:
    """Return a case as one clause: its unit, then its text with the figures filled in."""
    values = {name: figure_text(figure) for name, figure in case.figures.items()}
    return case.unit + case.text.format_map(values)


def chinese_date(value) -> str:
    """Return a date as 2023年1月10日 (no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def load_report(report_path: Path, cases_dir: Path) -> tuple[Report, dict[str, LibraryCase]]:
    """Return a validated report and the library cases it names by id.

    Raises ValueError with the located problems when a file does not load or validate.
    """
    report = _load(report_path, Report)
    cases: dict[str, LibraryCase] = {}
    for case_id in _case_ids(report.sections):
        if case_id not in cases:
            cases[case_id] = _load(cases_dir / f"{case_id}.yaml", LibraryCase)
    return report, cases


def _load(path: Path, model):
    source, problems = load_yaml_file(path)
    if source is not None:
        entry, problems = validate_entry(model, source)
        if entry is not None:
            return entry
    raise ValueError("\n".join(p.format() for p in problems))


def _case_ids(sections: list[Section]):
    for section in sections:
        for point in section.points:
            for item in point.cases:
                if isinstance(item, str):
                    yield item
        yield from _case_ids(section.subsections)


def report_paragraphs(report: Report, cases: dict[str, LibraryCase]) -> list[Paragraph]:
    """Return the paragraphs of the document, in order, with their visible text."""
    paragraphs: list[Paragraph] = []
    if report.title:
        paragraphs.append(Paragraph(TITLE, report.title))
    paragraphs.append(Paragraph(HEADLINE, report.headline))
    paragraphs.append(Paragraph(BODY, report.lead))
    for number, section in enumerate(report.sections, 1):
        _section_paragraphs(section, f"{chinese_ordinal(number)}、", HEADING_1, cases, paragraphs)
        for sub_number, subsection in enumerate(section.subsections, 1):
            _section_paragraphs(subsection, f"（{chinese_ordinal(sub_number)}）", HEADING_2, cases, paragraphs)
    if report.closing:
        paragraphs.append(Paragraph(BODY, report.closing))
    if report.issuer:
        paragraphs.append(Paragraph(SIGNATURE, report.issuer))
    paragraphs.append(Paragraph(SIGNATURE, chinese_date(report.date)))
    return paragraphs


def _section_paragraphs(section: Section, number: str, role: str, cases, paragraphs: list[Paragraph]) -> None:
    heading = section.theme + (f"，{section.front_line}" if section.front_line else "") + "。"
    paragraphs.append(Paragraph(role, number + heading))
    if section.intro:
        paragraphs.append(Paragraph(BODY, section.intro))
    for index, point in enumerate(section.points, 1):
        lead_in = f"{chinese_ordinal(index)}是{point.key_phrase}。"
        text = point.text
        examples = [case_text(_resolve(item, cases)) for item in point.cases]
        if examples:
            text += "如" + "，".join(examples) + "。"
        text += point.closing
        paragraphs.append(Paragraph(POINT, text, lead_in))


def _resolve(item, cases: dict[str, LibraryCase]):
    if isinstance(item, str):
        return cases[item]
    if isinstance(item, QueryItem):
        raise ValueError("case queries are not supported by the benchmark baselines; name cases by id")
    return item
