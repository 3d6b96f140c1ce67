"""Tables as data: columns, rows and a total row, validated, and written out as table markup.

A report, a brief, an article or a case can hold tables under `tables:`, each a
mapping of a name to a table; a template places one with the `table` filter
(`{{ report.tables.by_district|table }}`). The filter writes a pipe table in the
markup, with its title as a paragraph above it and the column widths, numeric
columns and total row as block attributes; `blocks` reads it back and the docx
writer sets it in the profile's table styles.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .i18n import _
from .prose import PHRASE, Prose

# Word cannot hold more than 63 columns in a table.
MAX_COLUMNS = 63
MAX_ROWS = 5000
MAX_CELL_CHARS = 2000
_NUMERIC_FORMATS = ("integer", "decimal", "percent")


def _cell_text(value: str) -> str:
    return " ".join(value.split())


# Table text is prose of the phrase kind (a name, a place, a heading): lint and diff read it.
CellText = Annotated[str, AfterValidator(_cell_text), Field(max_length=MAX_CELL_CHARS), Prose(PHRASE)]
Cell = Annotated[int | float | Annotated[str, Prose(PHRASE)] | None, Field(union_mode="left_to_right")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(_Strict):
    """One column: its header text, alignment and number format."""

    header: Annotated[CellText, Field(min_length=1, title="表头", description="列标题 / the column's header text")]
    format: Annotated[
        Literal["text", "integer", "decimal", "percent"],
        Field(
            title="格式",
            description="text 文字、integer 整数、decimal 小数、percent 百分数 / how the cells are written",
        ),
    ] = "text"
    decimals: Annotated[
        int, Field(ge=0, le=6, title="小数位", description="小数位数（decimal、percent） / digits after the point")
    ] = 1
    align: Annotated[
        Literal["left", "center", "right"] | None,
        Field(title="对齐", description="left、center、right；数字默认右对齐 / alignment; numbers right by default"),
    ] = None
    width: Annotated[
        float | None,
        Field(gt=0, le=100, title="列宽", description="相对列宽（字数） / relative width, in characters"),
    ] = None

    @property
    def numeric(self) -> bool:
        return self.format in _NUMERIC_FORMATS


class TableTotal(_Strict):
    """The total row: computed from the rows, or declared and checked against them."""

    label: Annotated[CellText, Field(min_length=1, title="名称", description="合计行的名称 / the row's label")] = "合计"
    values: Annotated[
        list[Cell] | None,
        Field(
            title="合计值",
            description="按列写出的合计，与各行之和核对；不写则自动计算 / declared totals, checked against the rows",
        ),
    ] = None


def _total_from_short(value: Any) -> Any:
    """Accept `total: true` (a computed row named 合计) and `total: 总计` (a computed row of that name)."""
    if value is True:
        return {}
    if value is False:
        return None
    if isinstance(value, str):
        return {"label": value}
    return value


class Table(_Strict):
    """A table of figures: a title, columns, rows and an optional total row."""

    title: Annotated[CellText | None, Field(title="表题", description="表格标题，置于表上 / title above the table")] = (
        None
    )
    columns: Annotated[
        list[Column], Field(min_length=1, max_length=MAX_COLUMNS, title="列", description="各列 / the columns")
    ]
    rows: Annotated[
        list[list[Cell]],
        Field(max_length=MAX_ROWS, title="行", description="各行，每行按列写出 / the rows, one value per column"),
    ] = []
    total: Annotated[
        TableTotal | None,
        BeforeValidator(_total_from_short, json_schema_input_type=bool | str | TableTotal | None),
        Field(
            title="合计",
            description="true（自动计算合计行）、合计行名称，或写出 label 和 values / the total row",
        ),
    ] = None
    widths: Annotated[
        Literal["data", "balanced"],
        Field(title="列宽方式", description="data 按内容、balanced 等宽 / column widths from the data or equal"),
    ] = "data"

    @model_validator(mode="after")
    def _check_rows(self) -> Table:
        errors: list[InitErrorDetails] = []
        width = len(self.columns)
        for r, row in enumerate(self.rows):
            if len(row) != width:
                errors.append(
                    _error(
                        ("rows", r),
                        row,
                        _("row {row} has {count} cells, but the table has {width} columns").format(
                            row=r + 1, count=len(row), width=width
                        ),
                    )
                )
                continue
            for c, (column, value) in enumerate(zip(self.columns, row)):
                if column.numeric and value is not None and (isinstance(value, (str, bool)) or value != value):
                    errors.append(
                        _error(
                            ("rows", r, c),
                            value,
                            _("column '{header}' holds numbers, not '{value}'").format(
                                header=column.header, value=value
                            ),
                        )
                    )
        if not errors and self.total is not None and self.total.values is not None:
            errors.extend(self._check_declared_total(self.total.values))
        if errors:
            raise ValidationError.from_exception_data("Table", errors)
        return self

    def _check_declared_total(self, values: list) -> list[InitErrorDetails]:
        if len(values) != len(self.columns):
            return [
                _error(
                    ("total", "values"),
                    values,
                    _("the total row has {count} values, but the table has {width} columns").format(
                        count=len(values), width=len(self.columns)
                    ),
                )
            ]
        errors = []
        sums = self.column_sums()
        for c, (column, declared) in enumerate(zip(self.columns, values)):
            if declared is None or not column.numeric:
                continue
            if isinstance(declared, (str, bool)):
                errors.append(
                    _error(
                        ("total", "values", c),
                        declared,
                        _("a total must be a number, not '{value}'").format(value=declared),
                    )
                )
            elif abs(declared - sums[c]) > 1e-9 * max(1.0, abs(sums[c])):
                errors.append(
                    _error(
                        ("total", "values", c),
                        declared,
                        _("the total of '{header}' is declared {declared}, but its rows add up to {actual}").format(
                            header=column.header,
                            declared=format_cell(column, declared),
                            actual=format_cell(column, sums[c]),
                        ),
                    )
                )
        return errors

    def column_sums(self) -> list[float]:
        """Return the sum of each column's numbers (0 for text columns)."""
        sums = [0.0] * len(self.columns)
        for row in self.rows:
            for c, (column, value) in enumerate(zip(self.columns, row)):
                if column.numeric and isinstance(value, (int, float)):
                    sums[c] += value
        return sums

    def total_row(self) -> list[str] | None:
        """Return the cells of the total row, or None without one."""
        if self.total is None:
            return None
        sums = self.column_sums()
        cells = []
        for c, column in enumerate(self.columns):
            declared = self.total.values[c] if self.total.values is not None else None
            if column.numeric:
                cells.append(format_cell(column, declared if declared is not None else sums[c]))
            elif c == 0:
                cells.append(self.total.label)
            else:
                cells.append("" if declared is None else str(declared))
        return cells

    def text_cells(self) -> list[str]:
        """Return every piece of text of the table (title, headers, text cells), for proofreading."""
        texts = [self.title] if self.title else []
        texts.extend(column.header for column in self.columns)
        for row in self.rows:
            texts.extend(value for value in row if isinstance(value, str) and value)
        if self.total is not None:
            texts.append(self.total.label)
        return texts


def _error(loc: tuple, value: Any, message: str) -> InitErrorDetails:
    # The message is already translated; braces would be read as its placeholders.
    template = message.replace("{", "{{").replace("}", "}}")
    return InitErrorDetails(type=PydanticCustomError("table", template), loc=loc, input=value)


def format_cell(column: Column, value: Any) -> str:
    """Return a cell's value as written in the markup: numbers plain, without group separators.

    The docx writer adds 千分位 separators when the style profile asks for them.
    """
    if value is None:
        return ""
    if not column.numeric or isinstance(value, str):
        return str(value)
    if column.format == "integer":
        return str(int(round(value)))
    text = f"{value:.{column.decimals}f}"
    return text + "%" if column.format == "percent" else text


def _display_width(text: str) -> float:
    """Return the width of `text` in characters: a Chinese character 1, a Latin letter or digit ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def column_widths(table: Table) -> list[float]:
    """Return relative column widths: declared, else from the longest cell (balanced: all equal)."""
    if table.widths == "balanced" and not any(c.width for c in table.columns):
        return [1.0] * len(table.columns)
    cells = [[c.header for c in table.columns]]
    cells.extend([format_cell(col, v) for col, v in zip(table.columns, row)] for row in table.rows)
    total = table.total_row()
    if total:
        cells.append(total)
    widths = []
    for c, column in enumerate(table.columns):
        if column.width:
            widths.append(column.width)
            continue
        # Width in characters of the longest cell, the header included, and one for the margins.
        longest_body = max((_display_width(row[c]) for row in cells[1:]), default=0.0)
        header = _display_width(cells[0][c])
        widths.append(max(2.0, longest_body, header) + 1)
    return widths


def _escape_cell(text: str) -> str:
    from .blocks import escape_markup

    return escape_markup(text) or " "


def table_markup(value: Any) -> Markup:
    """Return the markup of a table (a Table, or the dict a template sees): title, then a pipe table."""
    table = value if isinstance(value, Table) else Table.model_validate(value)
    columns = table.columns
    aligns = [c.align or ("right" if c.numeric else "left") for c in columns]
    widths = column_widths(table)
    lines = []
    if table.title:
        lines += ["{.table-title}", _escape_cell(table.title), ""]
    numeric = ",".join(str(i) for i, c in enumerate(columns) if c.numeric)
    attrs = [".table", f'widths="{",".join(f"{w:g}" for w in widths)}"']
    if numeric:
        attrs.append(f'numeric="{numeric}"')
    if table.total is not None:
        attrs.append('total="1"')
    lines.append("{" + " ".join(attrs) + "}")
    lines.append("| " + " | ".join(_escape_cell(c.header) for c in columns) + " |")
    marks = {"left": ":---", "center": ":---:", "right": "---:"}
    lines.append("| " + " | ".join(marks[a] for a in aligns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(_escape_cell(format_cell(col, v)) for col, v in zip(columns, row)) + " |")
    total = table.total_row()
    if total is not None:
        lines.append("| " + " | ".join(_escape_cell(t) for t in total) + " |")
    return Markup("\n".join(lines) + "\n\n")


TableField = Annotated[
    dict[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")], Table],
    Field(
        title="表格",
        description="表格，按名称引用，模板用 table 过滤器放置 / tables by name; a template places one with the table filter",
    ),
]
