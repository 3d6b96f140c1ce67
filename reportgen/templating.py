"""The one sandboxed Jinja environment that turns a report into markup."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from . import numbering
from .blocks import escape_markup
from .errors import Location, Problem

TEMPLATE_NAME = "document.md.j2"
_HEADING_NUMBERS = {
    1: numbering.section_number,
    2: numbering.subsection_number,
    3: numbering.level3_number,
    4: numbering.level4_number,
}
MAX_OUTPUT_CHARS = 2_000_000
MAX_RENDER_SECONDS = 10.0


class TemplateProblem(Exception):
    """A template that cannot be rendered; carries a located problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _finalize(value):
    """Escape every value a template prints, unless the template marked it as markup."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return escape_markup(str(value))


def _sum_figure(cases, name: str):
    total = 0
    for case in cases:
        figure = case.figures.get(name)
        if figure is not None:
            total += figure.value
    return total


def _count_units(cases) -> int:
    return len({case.unit for case in cases})


def _count_regions(cases) -> int:
    return len({case.region for case in cases if case.region})


def _cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _heading_marks(level: int) -> Markup:
    """Return the markup that opens a heading of `level` (1 is 一、, under the headline)."""
    if not 1 <= level <= 4:
        raise ValueError(f"headings go 4 levels deep (一、 （一） 1. （1）), not {level}")
    return Markup("#" * (level + 1) + " ")


def _heading_number(n: int, level: int) -> str:
    """Return the number of the n-th heading at `level`: 一、 （一） 1. （1）."""
    if not 1 <= level <= 4:
        raise ValueError(f"headings go 4 levels deep (一、 （一） 1. （1）), not {level}")
    return _HEADING_NUMBERS[level](n)


def make_environment(template_dir: Path) -> ImmutableSandboxedEnvironment:
    """Return the sandboxed environment for one template folder."""
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        cn_numeral=numbering.cn_numeral,
        section_number=numbering.section_number,
        subsection_number=numbering.subsection_number,
        level3_number=numbering.level3_number,
        level4_number=numbering.level4_number,
        point_ordinal=numbering.point_ordinal,
        wan=numbering.wan,
        number=numbering.format_number,
        figure=lambda f: numbering.figure_text(f.value, f.unit, approx=f.approx, in_wan=f.wan),
        sum_figure=_sum_figure,
        count_units=_count_units,
        count_regions=_count_regions,
        cn_date=_cn_date,
        heading_marks=_heading_marks,
        heading_number=_heading_number,
    )
    return env


@dataclass
class Renderer:
    """Renders the markup of one template folder; loading and compiling happen once."""

    template_dir: Path

    def __post_init__(self):
        self.env = make_environment(self.template_dir)
        self._template = None

    def _load(self):
        if self._template is None:
            path = self.template_dir / TEMPLATE_NAME
            if not path.is_file():
                raise TemplateProblem(
                    Problem(Location(_shown(path)), f"template not found: {_shown(path)}", hint="each template folder needs a document.md.j2")
                )
            try:
                self._template = self.env.get_template(TEMPLATE_NAME)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateProblem(self._syntax_problem(exc)) from None
        return self._template

    def render(self, context: dict) -> str:
        """Return the markup the template produces for `context`, within size and time bounds."""
        template = self._load()
        pieces: list[str] = []
        size = 0
        deadline = time.monotonic() + MAX_RENDER_SECONDS
        try:
            for piece in template.generate(**context):
                pieces.append(piece)
                size += len(piece)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateProblem(
                        Problem(
                            Location(self._template_display()),
                            f"template output is larger than {MAX_OUTPUT_CHARS:,} characters",
                            hint="check the template for a loop that repeats too often",
                        )
                    )
                if time.monotonic() > deadline:
                    raise TemplateProblem(
                        Problem(
                            Location(self._template_display()),
                            f"template took longer than {MAX_RENDER_SECONDS:.0f} seconds",
                            hint="check the template for a loop that does not end",
                        )
                    )
        except TemplateProblem:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(self._syntax_problem(exc)) from None
        except SecurityError as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    f"template tried something the sandbox forbids: {exc}",
                    hint="templates may only use the report's data and the documented filters",
                )
            ) from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(
                Problem(self._runtime_location(exc), f"template error: {exc.message}", hint="check the name's spelling against the report's fields")
            ) from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError, RecursionError) as exc:
            raise TemplateProblem(Problem(self._runtime_location(exc), f"template error: {exc}")) from None
        return "".join(pieces)

    def _template_display(self) -> str:
        return _shown(self.template_dir / TEMPLATE_NAME)

    def _syntax_problem(self, exc: jinja2.TemplateSyntaxError) -> Problem:
        path = exc.filename or str(self.template_dir / (exc.name or TEMPLATE_NAME))
        return Problem(Location(_shown(Path(path)), exc.lineno or 0, 1), f"template syntax error: {exc.message}")

    def _runtime_location(self, exc: BaseException) -> Location:
        """Return the template file and line where `exc` was raised, from its traceback."""
        tb = exc.__traceback__
        found = None
        root = str(self.template_dir)
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(root):
                found = Location(_shown(Path(filename)), tb.tb_lineno, 1)
            tb = tb.tb_next
        return found or Location(self._template_display())


def _shown(path: Path) -> str:
    from .source import display_path

    return display_path(path)
