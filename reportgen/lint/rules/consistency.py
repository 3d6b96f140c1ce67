"""Consistency rules across a document: front lines named as the headings name them, units spelled one way."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator

from ...errors import WARNING
from ...figures import check_declared_totals
from ...i18n import _
from ...prose import PHRASE
from ..findings import Finding, TextField
from .base import (
    Document,
    DocumentRule,
    LintContext,
    find_all,
)


def _best_window(
    text: str, wanted: str, blocked: list[tuple[int, int]], around: tuple[int, int] | None, threshold: float
) -> tuple[int, int] | None:
    """Return [start, end) of the stretch of `text` most like `wanted`, if one is alike enough.

    A stretch as long as `wanted` (one word changed, as 汇聚 for 凝聚) is preferred to
    one a character shorter or longer.
    """
    for length in (len(wanted), len(wanted) - 1, len(wanted) + 1):
        best: tuple[float, tuple[int, int] | None] = (threshold, None)
        for start in range(0, len(text) - length + 1):
            end = start + length
            if length < 2 or any(a < end and start < b for a, b in blocked):
                continue
            if around is not None and not (around[0] - 2 <= end and start <= around[1] + 2):
                continue
            ratio = difflib.SequenceMatcher(None, text[start:end], wanted).ratio()
            if ratio >= best[0] and (best[1] is None or ratio > best[0]):
                best = (ratio, (start, end))
        if best[1] is not None:
            return best[1]
    return None


class FrontLineConsistency(DocumentRule):
    id = "consistency-front-line"
    severity = WARNING
    reason = "a lead that lists the front lines names them word for word as the section headings do"

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        sections = getattr(document.model, "sections", None)
        if not isinstance(sections, list):
            return
        lines = [(i, section.front_line) for i, section in enumerate(sections) if section.front_line]
        yield from self._cases_match_sections(document)
        lead = document.field_at(("lead",))
        if lead is None or len(lines) < 2:
            return
        value = lead.value
        hits = {i: value.find(line) for i, line in lines}
        found = [(hits[i], hits[i] + len(line)) for i, line in lines if hits[i] >= 0]
        missing = [(i, line) for i, line in lines if hits[i] < 0]
        region = (min(a for a, _b in found), max(b for _a, b in found)) if found else None
        for i, line in missing:
            window = _best_window(value, line, found, region, 0.6) if region is not None else None
            if window is None:
                window = _best_window(value, line, found, None, 0.75)
            heading = document.source.location(("sections", i, "front_line"))
            if window is not None:
                start, end = window
                yield lead.finding(
                    self,
                    start,
                    _(
                        "the lead lists '{written}' but the heading of section {number} (line {line}) says '{heading}'"
                    ).format(written=value[start:end], number=i + 1, line=heading.line, heading=line),
                    _("use the same words in both places"),
                )
            elif found:
                yield lead.finding(
                    self,
                    0,
                    _(
                        "the lead lists the other front lines but not '{heading}' (section {number}, line {line})"
                    ).format(heading=line, number=i + 1, line=heading.line),
                    _("name every front line in the lead, or none"),
                )
        if not missing:
            order = sorted(lines, key=lambda item: hits[item[0]])
            if [i for i, _line in order] != [i for i, _line in lines]:
                first = min(hits.values())
                yield lead.finding(
                    self,
                    first,
                    _("the lead lists the front lines in a different order from the sections"),
                    _("list them in the order of the sections"),
                )

    def _cases_match_sections(self, document: Document) -> Iterator[Finding]:
        for use in document.cases:
            if (
                use.is_query
                or use.case is None
                or use.case_id is None
                or len(use.container) < 2
                or use.container[0] != "sections"
            ):
                continue
            wanted = _section_front_line(document.model, use.container)
            own = use.case.front_line
            if wanted and own and wanted != own:
                yield Finding(
                    document.source.location(use.ref_path),
                    self.severity,
                    self.id,
                    _("case '{id}' belongs to '{front_line}' but is used under section {number}, '{section}'").format(
                        id=use.case_id, front_line=own, number=use.container[1] + 1, section=wanted
                    ),
                    _("move the case to its section, or correct its front_line"),
                )


def _section_front_line(model, path: tuple) -> str | None:
    """Return the front line of the innermost section (or subsection) on `path` that names one."""
    found = None
    current = model
    for i, part in enumerate(path):
        try:
            current = current[part] if isinstance(part, int) else getattr(current, part)
        except (AttributeError, IndexError, TypeError):
            return found
        if i >= 1 and path[i - 1] in ("sections", "subsections"):
            found = getattr(current, "front_line", None) or found
    return found


_NAME_FIELDS = ("unit", "issuer", "author", "compiler", "region", "place", "bao", "song", "fa")
_ABBREVIATIONS = (
    ("妇联", "妇女联合会"),
    ("文联", "文学艺术界联合会"),
    ("残联", "残疾人联合会"),
    ("科协", "科学技术协会"),
    ("侨联", "归国华侨联合会"),
)


def _name_key(name: str) -> str:
    """Return a spelling-blind key of a unit or place name (团江口县委 and 共青团江口县委 share one)."""
    key = "".join(unicodedata.normalize("NFKC", name).split())
    for short, full in _ABBREVIATIONS:
        key = key.replace(full, short)
    key = key.replace("自治县", "县")
    match = re.fullmatch(r"共青团(.+?)委", key) or re.fullmatch(r"团(.+?)委", key)
    if match and not key.endswith("团委"):
        key = match.group(1) + "团委"
    return key


def _name_variants(name: str) -> set[str]:
    """Return other ways the same unit or place is commonly written."""
    variants = set()
    body = re.fullmatch(r"共青团(.+?)委", name) or re.fullmatch(r"团(.+?)委", name)
    if body and not name.endswith("团委"):
        variants |= {body.group(1) + "团委", "共青团" + body.group(1) + "委", "团" + body.group(1) + "委"}
    body = re.fullmatch(r"(.+?)团委", name)
    if body:
        variants |= {"共青团" + body.group(1) + "委", "团" + body.group(1) + "委"}
    if "自治县" in name:
        variants |= {v.replace("自治县", "县") for v in variants | {name}}
    for short, full in _ABBREVIATIONS:
        if short in name:
            variants.add(name.replace(short, full))
        if full in name:
            variants.add(name.replace(full, short))
    variants.discard(name)
    return {v for v in variants if len(v) >= 3}


class UnitSpelling(DocumentRule):
    id = "consistency-unit"
    severity = WARNING
    reason = (
        "a unit, place or measure is written one way throughout a document (共青团江口县委 or 江口县团委, 公里 or 千米)"
    )

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        names: dict[str, tuple[TextField, str]] = {}
        declared: list[tuple[TextField, str]] = []
        for text in document.fields:
            if text.name in _NAME_FIELDS and text.role == PHRASE and text.value.strip():
                declared.append((text, text.value.strip()))
        for text, name in declared:
            key = _name_key(name)
            if key in names and names[key][1] != name:
                first, first_name = names[key]
                yield text.finding(
                    self,
                    0,
                    _("'{name}' is written '{first}' at {place}").format(
                        name=name, first=first_name, place=first.location(0)
                    ),
                    _("write the unit the same way everywhere"),
                )
            names.setdefault(key, (text, name))
        spelled = {name for _text, name in declared}
        reported = set()
        for _text, name in declared:
            for variant in sorted(_name_variants(name)):
                if variant in spelled:
                    continue
                for text in document.fields:
                    if text.role == PHRASE and text.name in _NAME_FIELDS:
                        continue
                    cover = [(s, s + len(n)) for n in spelled if variant in n for s in find_all(text.value, n)]
                    for start in find_all(text.value, variant):
                        end = start + len(variant)
                        if any(a <= start and end <= b for a, b in cover) or (text, start) in reported:
                            continue
                        reported.add((text, start))
                        first = next(t for t, n in declared if n == name)
                        yield text.finding(
                            self,
                            start,
                            _("'{variant}' here, but the unit is named '{name}' at {place}").format(
                                variant=variant, name=name, place=first.location(0)
                            ),
                            _("write the unit the same way everywhere"),
                        )
        if context.wordlist:
            for group in context.wordlist.variants:
                yield from self._variant_group(document, group)

    def _variant_group(self, document: Document, group: tuple[str, ...]) -> Iterator[Finding]:
        uses: list[tuple[TextField, int, str]] = []
        for text in document.fields:
            spans: list[tuple[int, int, str]] = []
            for spelling in sorted(group, key=len, reverse=True):
                for start in find_all(text.masked, spelling):
                    end = start + len(spelling)
                    if any(a <= start and end <= b for a, b, _spelling in spans):
                        continue
                    spans.append((start, end, spelling))
            uses.extend((text, start, spelling) for start, _end, spelling in sorted(spans))
        if len({spelling for _text, _start, spelling in uses}) < 2:
            return
        first_text, first_start, first_spelling = uses[0]
        for text, start, spelling in uses[1:]:
            if spelling != first_spelling:
                yield text.finding(
                    self,
                    start,
                    _("'{spelling}' here, but '{first}' at {place}").format(
                        spelling=spelling, first=first_spelling, place=first_text.location(first_start)
                    ),
                    _("write '{first}' throughout (or the other, but one of them)").format(first=first_spelling),
                )


class DeclaredTotal(DocumentRule):
    id = "consistency-total"
    severity = WARNING
    reason = "a total the document declares as the sum of its cases' figures (figures: NAME: sum_of) equals that sum"

    def check(self, document: Document, context: LintContext) -> Iterator[Finding]:
        figures = getattr(document.model, "figures", None)
        if not figures:
            return
        for problem in check_declared_totals(figures, document.library, document.source):
            yield Finding(problem.location, problem.severity, self.id, problem.message, problem.hint)
