"""The one sandboxed Jinja environment that turns a report into markup."""

from __future__ import annotations

import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from . import numbering
from .blocks import escape_markup
from .errors import Location, Problem
from .i18n import _
from .photos import photo_markup, photo_pair_markup
from .tables import table_markup
from .template_limits import RenderTimeout, check_brace_format, check_percent_format, render_bounds

TEMPLATE_NAME = "document.md.j2"
_HEADING_NUMBERS = {
    1: numbering.section_number,
    2: numbering.subsection_number,
    3: numbering.level3_number,
    4: numbering.level4_number,
}
MAX_OUTPUT_CHARS = 2_000_000
MAX_RENDER_SECONDS = 10.0
# Memory a render may take beyond what the process already holds (POSIX only).
MAX_RENDER_MEMORY = 512 * 1024 * 1024
# The largest power a template may compute, in bits of the result.
MAX_POWER_BITS = 4096


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
        raise ValueError(_("headings go 4 levels deep (一、 （一） 1. （1）), not {level}").format(level=level))
    return Markup("#" * (level + 1) + " ")


def _heading_number(n: int, level: int) -> str:
    """Return the number of the n-th heading at `level`: 一、 （一） 1. （1）."""
    if not 1 <= level <= 4:
        raise ValueError(_("headings go 4 levels deep (一、 （一） 1. （1）), not {level}").format(level=level))
    return _HEADING_NUMBERS[level](n)


def _bounded_format(value, *args, **kwargs) -> str:
    """The `format` filter, refusing widths too large to print."""
    check_percent_format(str(value))
    return jinja2.filters.do_format(value, *args, **kwargs)


class _Refused(jinja2.TemplateSyntaxError):
    """A format in the template that the limits refuse, found while compiling."""


class _RuntimeOnlyCodeGenerator(CodeGenerator):
    """Jinja's code generator, evaluating no expression while compiling.

    Jinja folds the constant children of an output (`{{ 'x' % 1 }}`, `{{ 'x'|center(99) }}`)
    at compile time, even with the optimizer off, outside the render's budget and
    the sandbox's operator checks. Here only literal template text is folded;
    everything else runs when the template renders, inside both.
    """

    def _output_child_to_const(self, node, frame, finalize):
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    # A format written out in the template is checked here, so that `validate`,
    # which compiles but does not render, reports it at its line.

    def _check_constant(self, check, node, lineno: int) -> None:
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            try:
                check(node.value)
            except SecurityError as exc:
                raise _Refused(str(exc), lineno, self.name, self.filename) from None
            except ValueError:  # a malformed format: the render reports it
                pass

    def visit_Mod(self, node, frame):
        self._check_constant(check_percent_format, node.left, node.lineno)
        super().visit_Mod(node, frame)

    def visit_Filter(self, node, frame):
        if node.name == "format":
            self._check_constant(check_percent_format, node.node, node.lineno)
        super().visit_Filter(node, frame)

    def visit_Call(self, node, frame, forward_caller: bool = False) -> None:
        if isinstance(node.node, nodes.Getattr) and node.node.attr in ("format", "format_map"):
            self._check_constant(check_brace_format, node.node.node, node.lineno)
        super().visit_Call(node, frame, forward_caller=forward_caller)


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with `*`, `**` and `%` refusing results too large to print."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = _RuntimeOnlyCodeGenerator

    def wrap_str_format(self, value):
        """Sandbox `'…'.format(…)` as Jinja does, refusing a width too large to print."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = str(value.__self__)

        def checked(*args, **kwargs):
            check_brace_format(text)
            return wrapped(*args, **kwargs)

        return checked

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):
            check_percent_format(left)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(times, int)
                    and len(seq) * times > MAX_OUTPUT_CHARS
                ):
                    raise SecurityError(
                        _("repeating a value {times:,} times makes more than {limit:,} items").format(
                            times=times, limit=MAX_OUTPUT_CHARS
                        )
                    )
        elif (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right > 0
            and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS
        ):
            raise SecurityError(_("{left} ** {right} is too large a number").format(left=left, right=right))
        return super().call_binop(context, operator, left, right)


def make_environment(template_dir: Path) -> ImmutableSandboxedEnvironment:
    """Return the sandboxed environment for one template folder."""
    env = _BoundedSandbox(
        loader=jinja2.FileSystemLoader(str(template_dir), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A long-running process (watch, or a second build in one process) must see
        # edited templates; checking costs one stat per template per render.
        auto_reload=True,
        # No constant folding: it would run filters such as center(10**10) while
        # compiling, outside the render's time and memory bounds.
        optimized=False,
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
        table=table_markup,
        format=_bounded_format,
        photo=photo_markup,
        photo_pair=photo_pair_markup,
    )
    return env


@dataclass
class Renderer:
    """Renders the markup of one template folder; loading and compiling happen once."""

    template_dir: Path

    def __post_init__(self):
        self.env = make_environment(self.template_dir)
        self._template = None

    def compile(self):
        """Load and compile the folder's templates, within the render's time and memory budget.

        Raise TemplateProblem for a template that cannot be compiled; `validate` calls this.
        """
        with self._budget():
            return self._load()

    def _load(self):
        if self._template is None or not self._template.is_up_to_date:
            path = self.template_dir / TEMPLATE_NAME
            if not path.is_file():
                raise TemplateProblem(
                    Problem(
                        Location(_shown(path)),
                        _("template not found: {file}").format(file=_shown(path)),
                        hint=_("each template folder needs a document.md.j2"),
                    )
                )
            template = self._compile(TEMPLATE_NAME)
            # Compile the included files too, so that `validate` finds their errors.
            try:
                names = self.env.list_templates(filter_func=lambda name: name.endswith(".j2"))
            except OSError as exc:
                raise TemplateProblem(_unreadable_problem(Path(exc.filename or self.template_dir), exc)) from None
            for name in names:
                self._compile(name)
            self._template = template
        return self._template

    def _compile(self, name: str):
        """Return the compiled template `name`; raise TemplateProblem located in its file."""
        path = self.template_dir / name
        try:
            return self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(self._syntax_problem(exc)) from None
        except UnicodeDecodeError as exc:
            raise TemplateProblem(_not_utf8_problem(_file_being_read(exc) or path)) from None
        except OSError as exc:  # unreadable, a symlink loop, a folder named *.j2
            raise TemplateProblem(_unreadable_problem(Path(exc.filename or path), exc)) from None
        except (ValueError, OverflowError) as exc:  # a number literal of thousands of digits
            raise TemplateProblem(_literal_problem(path, exc)) from None
        except RecursionError:
            raise TemplateProblem(
                Problem(
                    Location(_shown(path)),
                    _("template is nested too deeply to compile"),
                    hint=_("look for brackets or blocks opened many times over"),
                )
            ) from None

    def render(self, context: dict) -> str:
        """Return the markup the template produces for `context`, within size, time and memory bounds.

        Compiling (on first use, or after a template changed) counts against the same budget.
        """
        pieces: list[str] = []
        size = 0
        deadline = time.monotonic() + MAX_RENDER_SECONDS
        with self._budget():
            template = self._load()
            for piece in template.generate(**context):
                pieces.append(piece)
                size += len(piece)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateProblem(
                        Problem(
                            Location(self._template_display()),
                            _("template output is larger than {limit:,} characters").format(limit=MAX_OUTPUT_CHARS),
                            hint=_("check the template for a loop that repeats too often"),
                        )
                    )
                if time.monotonic() > deadline:
                    raise RenderTimeout()
        return "".join(pieces)

    @contextmanager
    def _budget(self):
        """Run the enclosed compiling or rendering within the time and memory bounds; map errors to problems."""
        try:
            with render_bounds(MAX_RENDER_SECONDS, MAX_RENDER_MEMORY):
                yield
        except TemplateProblem:
            raise
        except RenderTimeout as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    _("template took longer than {seconds:g} seconds").format(seconds=MAX_RENDER_SECONDS),
                    hint=_("check the template for a loop that does not end"),
                )
            ) from None
        except MemoryError as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    _("template needed more than {size} MB of memory").format(size=MAX_RENDER_MEMORY // (1024 * 1024)),
                    hint=_("check the template for a value repeated or padded to an enormous size"),
                )
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(self._syntax_problem(exc)) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    _("template not found: {file}").format(file=exc.name),
                    hint=_("the file must be in {folder}").format(folder=_shown(self.template_dir)),
                )
            ) from None
        except UnicodeDecodeError as exc:
            raise TemplateProblem(_not_utf8_problem(_file_being_read(exc) or self.template_dir)) from None
        except OSError as exc:  # an included template that cannot be read
            raise TemplateProblem(_unreadable_problem(Path(exc.filename or self.template_dir), exc)) from None
        except SecurityError as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    _("template tried something the sandbox forbids: {error}").format(error=str(exc).rstrip(".")),
                    hint=_("templates may only use the report's data and the documented filters"),
                )
            ) from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(
                Problem(
                    self._runtime_location(exc),
                    _("template error: {error}").format(error=exc.message),
                    hint=_("check the name's spelling against the report's fields"),
                )
            ) from None
        except (
            jinja2.TemplateError,
            TypeError,
            ValueError,
            AttributeError,
            KeyError,
            IndexError,
            ZeroDivisionError,
            OverflowError,
            RecursionError,
        ) as exc:
            raise TemplateProblem(
                Problem(self._runtime_location(exc), _("template error: {error}").format(error=exc))
            ) from None

    def _template_display(self) -> str:
        return _shown(self.template_dir / TEMPLATE_NAME)

    def _syntax_problem(self, exc: jinja2.TemplateSyntaxError) -> Problem:
        path = exc.filename or str(self.template_dir / (exc.name or TEMPLATE_NAME))
        return Problem(
            Location(_shown(Path(path)), exc.lineno or 0, 1),
            _("template error: {error}").format(error=exc.message)
            if isinstance(exc, _Refused)
            else _("template syntax error: {error}").format(error=exc.message),
            hint=_("write a smaller width") if isinstance(exc, _Refused) else "",
        )

    def _runtime_location(self, exc: BaseException) -> Location:
        """Return the template file and line where `exc` was raised, from its traceback."""
        tb = exc.__traceback__
        found = None
        root = str(self.template_dir)
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(root):
                line = tb.tb_lineno
                # Jinja rewrites the frames of the errors it handles to template lines;
                # a timeout or a memory error arrives with the compiled code's lines.
                template = tb.tb_frame.f_globals.get("__jinja_template__")
                if template is not None:
                    line = template.get_corresponding_lineno(line)
                found = Location(_shown(Path(filename)), line, 1)
            tb = tb.tb_next
        return found or Location(self._template_display())


def _file_being_read(exc: BaseException) -> Path | None:
    """Return the file the loader was reading when `exc` was raised (an included template)."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_locals.get("filename")
        if isinstance(filename, str) and tb.tb_frame.f_code.co_name == "get_source":
            found = Path(filename)
        tb = tb.tb_next
    return found


def _unreadable_problem(path: Path, exc: OSError) -> Problem:
    return Problem(
        Location(_shown(path)),
        _("cannot read template: {reason}").format(reason=exc.strerror or exc),
        hint=_("check that the file exists and may be read"),
    )


# Python refuses to read integers longer than this (CVE-2020-10735); 0 means no limit.
_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_LONG_NUMBER = re.compile(rf"\d{{{_MAX_DIGITS + 1},}}")


def _literal_problem(path: Path, exc: Exception) -> Problem:
    """Return the problem of a template holding a number too long for Python (4,300 digits and more)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    match = _LONG_NUMBER.search(text)
    if match is None:
        return Problem(Location(_shown(path)), _("template error: {error}").format(error=str(exc).split(";")[0]))
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Problem(
        Location(_shown(path), line, column),
        _("a number in the template has {count:,} digits").format(count=len(match.group())),
        hint=_("a template may hold numbers of up to {limit:,} digits; check for a paste accident").format(
            limit=_MAX_DIGITS
        ),
    )


def _not_utf8_problem(path: Path) -> Problem:
    return Problem(
        Location(_shown(path)),
        _("template is not UTF-8") if path.is_file() else _("a template in this folder is not UTF-8"),
        hint=_("save it as UTF-8: in Notepad, File > Save As, Encoding: UTF-8"),
    )


def _shown(path: Path) -> str:
    from .source import display_path

    return display_path(path)
