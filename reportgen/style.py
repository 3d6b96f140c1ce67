"""Style profiles: the format numbers of a document kind (page, fonts, sizes, spacing).

The types only: a profile is a data file, `templates/<kind>/style.yaml`, read and
validated by reportgen/style_loader.py, so that the docx writer, which uses these
types, depends on neither YAML nor the entry model.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .i18n import _

# Chinese font-size names (字号) in points.
SIZE_NAMES = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
    "六号": 7.5,
    "小六": 6.5,
}
COLOR_NAMES = {"red": "FF0000", "black": "000000", "红": "FF0000", "黑": "000000"}


def _size(value):
    if isinstance(value, str):
        if value in SIZE_NAMES:
            return SIZE_NAMES[value]
        raise ValueError(
            _("'{value}' is not a font size; use points (16) or a size name ({names})").format(
                value=value, names=", ".join(SIZE_NAMES)
            )
        )
    return value


def _color(value):
    if value is None:
        return None
    text = str(value)
    text = COLOR_NAMES.get(text, text).lstrip("#").upper()
    if len(text) != 6 or any(c not in "0123456789ABCDEF" for c in text):
        raise ValueError(_("'{value}' is not a colour; use red, black or a hex value like C00000").format(value=value))
    return text


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Border(Profile):
    color: str = "000000"
    width: Annotated[float, Field(gt=0, le=6, description="line width in points")] = 0.75
    space: Annotated[float, Field(ge=0, le=31, description="distance from the text in points")] = 1

    @field_validator("color", mode="before")
    @classmethod
    def check_color(cls, value):
        return _color(value)


class Borders(Profile):
    top: Border | None = None
    bottom: Border | None = None


class TabStop(Profile):
    position: Literal["right", "center"] | float = "right"
    align: Literal["left", "center", "right"] = "right"


class TextStyle(Profile):
    """Character formatting shared by paragraph and character styles."""

    name: str
    font: str | None = None
    latin_font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    letter_spacing: float | None = None

    @field_validator("size", mode="before")
    @classmethod
    def check_size(cls, value):
        return _size(value)

    @field_validator("color", mode="before")
    @classmethod
    def check_color(cls, value):
        return _color(value)


class ParagraphStyle(TextStyle):
    align: Literal["left", "center", "right", "justify", "distribute"] | None = None
    first_line_chars: float | None = None
    indent_left_chars: float | None = None
    indent_right_chars: float | None = None
    line_spacing: float | None = None
    line_rule: Literal["exact", "at_least", "multiple"] = "exact"
    space_before: float | None = None
    space_after: float | None = None
    outline_level: Annotated[int | None, Field(ge=1, le=9)] = None
    keep_with_next: bool | None = None
    page_break_before: bool | None = None
    borders: Borders | None = None
    tab_stops: list[TabStop] = []
    bottom_of_page: bool = False


class CharacterStyle(TextStyle):
    pass


class Page(Profile):
    width: float = 210
    height: float = 297
    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26
    header_distance: float = 15
    footer_distance: float = 24
    grid_lines: Annotated[int, Field(ge=1)] = 22
    grid_chars: Annotated[int, Field(ge=1)] = 28
    # true: Word's character grid (exact in Word and WPS, too wide in LibreOffice);
    # false: a line grid, with letter spacing that fits grid_chars a line everywhere.
    char_grid: bool = False


class PageNumbers(Profile):
    enabled: bool = True
    before: str = "— "
    after: str = " —"
    style: str = "page_number"
    odd: Literal["left", "center", "right"] = "right"
    even: Literal["left", "center", "right"] = "left"
    indent_chars: float = 1


class TableFormat(Profile):
    """How tables are set: rules, cell margins, number grouping and wide tables."""

    thousands_separator: bool = False  # 千分位: 25,719
    border_width: Annotated[float, Field(gt=0, le=6, description="rule width in points")] = 0.5
    cell_margin: Annotated[float, Field(ge=0, le=10, description="space left and right in a cell, mm")] = 1.5
    # A table wider than the type area gets a landscape page (横排表格).
    landscape: bool = True


class PhotoFormat(Profile):
    """How photos are set: the largest height, the stored size and quality, the gap between two."""

    max_height: Annotated[float, Field(gt=10, le=225, description="largest height on the page, mm")] = 100
    max_pixels: Annotated[int, Field(ge=200, le=6000, description="longest side stored, pixels")] = 1600
    quality: Annotated[int, Field(ge=30, le=95, description="JPEG quality of stored photos")] = 85
    gap: Annotated[float, Field(ge=0, le=30, description="space between two photos side by side, mm")] = 4


class Defaults(Profile):
    font: str = "仿宋_GB2312"
    latin_font: str = "Times New Roman"
    size: float = 16
    language: str = "zh-CN"

    @field_validator("size", mode="before")
    @classmethod
    def check_size(cls, value):
        return _size(value)


class StyleProfile(Profile):
    """The format of one document kind: page, default font, styles, and role → style map."""

    page: Page = Page()
    defaults: Defaults = Defaults()
    paragraph_styles: dict[str, ParagraphStyle]
    character_styles: dict[str, CharacterStyle] = {}
    roles: dict[str, str]
    page_numbers: PageNumbers = PageNumbers()
    tables: TableFormat | None = None
    photos: PhotoFormat | None = None
