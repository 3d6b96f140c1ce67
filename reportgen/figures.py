"""A document's declared figures: written into its own text, and checked against its cases.

A report or brief may declare a figure (`figures: NAME: …`) that its paragraphs refer
to as {NAME}, and declare it the sum of its cases' figures (`sum_of`). The one check
of such a total is here: the build warns with what it returns, and the proofreader
reports the same (rule consistency-total).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import numbering
from .errors import WARNING, Problem
from .i18n import _, ngettext
from .model import placeholders
from .prose import PARAGRAPH, prose_field_names

if TYPE_CHECKING:
    from .library import CaseLibrary
    from .source import SourceFile


def check_declared_totals(figures: dict, library: CaseLibrary, source: SourceFile) -> list[Problem]:
    """Return warnings where a declared total disagrees with the sum of its cases' figures.

    The one check of declared totals: the build and the proofreader (consistency-total)
    both report what it returns. A total or a part written with 余 is a lower bound, so
    such a total may be larger than the sum, never smaller.
    """
    problems: list[Problem] = []
    for name, figure in figures.items():
        if figure.sum_of is None:
            continue
        parts: list[float] = []
        approx = figure.approx
        complete = True
        for i, case_id in enumerate(figure.sum_of.cases):
            where = source.location(("figures", name, "sum_of", "cases", i))
            entry = library.get(case_id)
            if entry is None and case_id in library.broken:
                complete = False  # the case's own errors are reported where it stands
                continue
            if entry is None:
                problems.append(
                    Problem(where, _("unknown case id '{id}' in the sum for '{name}'").format(id=case_id, name=name))
                )
                complete = False
                continue
            part = entry.case.figures.get(figure.sum_of.figure)
            if part is None:
                problems.append(
                    Problem(
                        where,
                        _("case '{id}' has no figure '{figure}' to add to '{name}'").format(
                            id=case_id, figure=figure.sum_of.figure, name=name
                        ),
                        severity=WARNING,
                    )
                )
                complete = False
                continue
            if part.unit != figure.unit:
                problems.append(
                    Problem(
                        where,
                        _("case '{id}' counts '{figure}' in {unit}, but '{name}' is in {total_unit}").format(
                            id=case_id, figure=figure.sum_of.figure, unit=part.unit, name=name, total_unit=figure.unit
                        ),
                        severity=WARNING,
                    )
                )
            parts.append(part.value)
            approx = approx or part.approx
        total = sum(parts)
        if not complete or not parts:
            continue
        wrong = figure.value < total - 1e-9 if approx else abs(figure.value - total) > 1e-9
        if wrong:
            shown = numbering.format_number(total)
            value_path = ("figures", name, "value")
            problems.append(
                Problem(
                    source.location(value_path if value_path in source.value_marks else ("figures", name)),
                    ngettext(
                        "'{name}' is {total}{unit}, but the '{figure}' figure of its {count} case adds up to {sum} = {expected}{unit}",
                        "'{name}' is {total}{unit}, but the '{figure}' figures of its {count} cases add up to {sum} = {expected}{unit}",
                        len(parts),
                    ).format(
                        name=name,
                        total=numbering.format_number(figure.value),
                        unit=figure.unit,
                        figure=figure.sum_of.figure,
                        count=len(parts),
                        sum=" + ".join(numbering.format_number(v) for v in parts),
                        expected=shown,
                    ),
                    severity=WARNING,
                    hint=_("write {total}, or check the cases listed in sum_of").format(total=shown),
                )
            )
    return problems


def placeholder_fields() -> frozenset[str]:
    """Return the names of a document's own fields that take {figure} placeholders: its paragraphs.

    They are the fields the models of the registered document kinds mark as Prose(PARAGRAPH).
    """
    from .kinds import document_kinds

    return prose_field_names(tuple(kind.model_class() for kind in document_kinds()), (PARAGRAPH,))


def fill_declared_figures(context, figures: dict, source: SourceFile, path: tuple = ()) -> list[Problem]:
    """Write declared figures into {name} placeholders of the document's own text fields."""
    problems: list[Problem] = []
    if isinstance(context, dict):
        text_fields = placeholder_fields()
        for key, value in context.items():
            if key in text_fields and isinstance(value, str) and "{" in value:
                try:
                    names = placeholders(value)
                except ValueError as exc:
                    problems.append(Problem(source.location(path + (key,)), str(exc)))
                    continue
                unknown = [n for n in names if n not in figures]
                if unknown:
                    known = ", ".join(figures) or _("none")
                    problems.append(
                        Problem(
                            source.location(path + (key,)),
                            _("text uses {placeholder} but figures has no '{name}' (figures: {known})").format(
                                placeholder="{" + unknown[0] + "}", name=unknown[0], known=known
                            ),
                        )
                    )
                    continue
                context[key] = value.format_map(
                    {
                        n: numbering.figure_text(f.value, f.unit, approx=f.approx, in_wan=f.wan)
                        for n, f in figures.items()
                    }
                )
            elif isinstance(value, (dict, list)):
                problems.extend(fill_declared_figures(value, figures, source, path + (key,)))
    elif isinstance(context, list):
        for i, item in enumerate(context):
            problems.extend(fill_declared_figures(item, figures, source, path + (i,)))
    return problems
