"""The typed model of reportgen's entries: cases, reports (exchange materials) and briefs.

Entries are validated with pydantic on load; every error is mapped back to the
file, line and column of the YAML key or value it concerns.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .i18n import N_, _
from .names import ID_PATTERN, WINDOWS_RESERVED
from .photos import PhotoField
from .prose import CLAUSE, FIGURE, HEADING, PARAGRAPH, PHRASE, Prose
from .tables import TableField
from .validation import PredicateError, describe, long_text_warnings, validate_entry  # noqa: F401

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_LINE_JOIN = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def normalise_text(value: str) -> str:
    """Return text stripped, a line break between two Chinese characters dropped, any other made one space."""
    value = value.strip()
    value = _LINE_JOIN.sub("", value)
    return re.sub(r"[ \t]*\n[ \t]*", " ", value)


def _check_id(value: str) -> str:
    if value.split(".")[0].upper() in WINDOWS_RESERVED:
        raise ValueError(_("'{value}' is a reserved file name on Windows").format(value=value))
    if value.endswith("."):
        raise ValueError(_("an id may not end with '.'"))
    return value


def _not_a_timestamp(value: Any) -> Any:
    # pydantic would read 20230108 as seconds since 1970
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PredicateError(_("should be a date such as 2023-01-10, not a number '{value}'").format(value=value))
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_timestamp)]
Text = Annotated[str, AfterValidator(normalise_text)]
NonEmptyText = Annotated[str, AfterValidator(normalise_text), Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=80), AfterValidator(_check_id)]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False)


# -- figures ---------------------------------------------------------------------------

_FIGURE_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万)?\s*(余)?\s*(\S.*?)\s*$")
# A figure has at most 15 digits (a thousand trillion, exact in a float); more is a paste accident.
MAX_FIGURE_DIGITS = 15


def _too_many_digits(number: str) -> ValueError:
    count = sum(c.isdigit() for c in number)
    return PredicateError(
        _("has {count:,} digits; a figure has at most {limit}").format(count=count, limit=MAX_FIGURE_DIGITS)
    )


def _figure_from_text(value: Any) -> Any:
    """Accept the short form "1万余元" / "79户" for a figure mapping."""
    if isinstance(value, str):
        match = _FIGURE_TEXT.match(value)
        if not match:
            raise ValueError(
                _("'{value}' is not a figure; write a number and its unit, e.g. 79户 or 1万余元").format(value=value)
            )
        number, wan, approx, unit = match.groups()
        if len(number.split(".")[0]) > MAX_FIGURE_DIGITS:
            raise _too_many_digits(number)
        amount = float(number) * (10000 if wan else 1)
        return {
            "value": int(amount) if amount == int(amount) else amount,
            "unit": unit,
            "approx": bool(approx),
            "wan": bool(wan),
        }
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(_("a figure needs its unit: write e.g. 79户, or value: 79 and unit: 户"))
    return value


class Figure(Entry):
    """A named number with its unit, e.g. 79户 or 1万余元."""

    value: Annotated[
        int | float,
        Prose(FIGURE),
        Field(title="数值", description="数值 / the number (not negative)", json_schema_extra={"minimum": 0}),
    ]
    unit: Annotated[
        str,
        Prose(FIGURE),
        Field(min_length=1, title="单位", description="计量单位，如 人、人次、户、元 / unit of the number"),
    ]
    approx: Annotated[
        bool, Field(title="约数", description="数字后加“余”（如 100余人） / an approximate number, written with 余")
    ] = False
    wan: Annotated[bool, Field(title="以万计", description="以“万”为单位书写（如 1万） / write the number in 万")] = (
        False
    )

    @field_validator("value", mode="before")
    @classmethod
    def _number_only(cls, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PredicateError(_("must be a number, not {kind}").format(kind=describe(value)))
        if value < 0:
            raise PredicateError(_("must not be negative, not {value}").format(value=value))
        if value != value or value in (float("inf"), float("-inf")):
            raise PredicateError(_("must be a finite number"))
        if value >= 10**MAX_FIGURE_DIGITS:
            raise _too_many_digits(str(int(value)) if isinstance(value, int) else f"{value:.0f}")
        return value


FigureField = Annotated[
    Figure,
    Prose(FIGURE),
    BeforeValidator(
        _figure_from_text,
        json_schema_input_type=Annotated[
            str,
            Field(
                pattern=r"^\s*\d+(\.\d+)?\s*万?\s*余?\s*\S.*$",
                description="数字和单位，如 79户、1万余元 / a number and its unit, e.g. 79户 or 1万余元",
            ),
        ]
        | Figure,
    ),
]


class SumOf(Entry):
    """Which cases' figure a declared total adds up."""

    figure: Annotated[
        str,
        Field(
            min_length=1,
            title="数字名称",
            description="案例中数字的名称，如 volunteers / the figure's name in the cases",
        ),
    ]
    cases: Annotated[
        list[Identifier], Field(min_length=1, title="案例", description="参与求和的案例编号 / ids of the cases summed")
    ]


class DeclaredFigure(Figure):
    """A figure written in a report's text, optionally declared as a sum over cases."""

    sum_of: Annotated[
        SumOf | None,
        Field(
            title="求和",
            description="声明此数为若干案例数字之和，不一致时警告 / declare it the sum of cases' figures; a warning when they disagree",
        ),
    ] = None


def _declared_from_text(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("value"), str) and "unit" not in value:
        parsed = _figure_from_text(value["value"])
        return {**parsed, **{k: v for k, v in value.items() if k != "value"}}
    return _figure_from_text(value)


DeclaredFigureField = Annotated[
    DeclaredFigure,
    Prose(FIGURE),
    BeforeValidator(
        _declared_from_text,
        json_schema_input_type=Annotated[str, Field(pattern=r"^\s*\d+(\.\d+)?\s*万?\s*余?\s*\S.*$")] | DeclaredFigure,
    ),
]


# -- cases -----------------------------------------------------------------------------

_FORMATTER = string.Formatter()


def placeholders(text: str) -> list[str]:
    """Return the figure names a case text refers to as {name}."""
    names = []
    for _literal, name, spec, conversion in _FORMATTER.parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(
                _("'{placeholder}' is not a figure placeholder; write {{name}} with a figure's name").format(
                    placeholder="{" + name + "}"
                )
            )
        names.append(name)
    return names


class CaseFields(Entry):
    unit: Annotated[
        NonEmptyText,
        Prose(PHRASE),
        Field(title="单位", description="开展工作的单位，如 碧江区总工会 / the unit that did the work"),
    ]
    region: Annotated[
        Text | None, Prose(PHRASE), Field(title="区县", description="所在区县，如 碧江区 / district or county")
    ] = None
    place: Annotated[
        Text | None, Prose(PHRASE), Field(title="地点", description="乡镇、村等地点 / town, village or other place")
    ] = None
    front_line: Annotated[
        Text | None,
        Prose(PHRASE),
        Field(title="所属一线", description="所属举措（一线），如 干部下沉到一线 / the initiative the case belongs to"),
    ] = None
    tags: Annotated[
        list[NonEmptyText], Prose(PHRASE), Field(title="标签", description="标签 / tags for selecting cases")
    ] = []
    figures: Annotated[
        dict[str, FigureField], Field(title="数字", description="有名称的数字及单位 / named figures with their units")
    ] = {}
    text: Annotated[
        NonEmptyText,
        Prose(CLAUSE),
        Field(
            title="事迹",
            description="做了什么，接在单位名称之后；{名称} 引用下面的数字 / what the unit did, read after its name; {name} inserts a figure",
        ),
    ]
    source: Annotated[
        Text | None, Prose(PHRASE), Field(title="来源", description="信息来源 / where the case was reported")
    ] = None
    tables: TableField = {}

    @field_validator("text")
    @classmethod
    def _placeholders_exist(cls, text: str, info: ValidationInfo) -> str:
        names = placeholders(text)
        if "figures" not in info.data:
            return text  # the figures have errors of their own
        figures = info.data["figures"]
        for name in names:
            if name not in figures:
                known = ", ".join(figures) or _("none")
                raise ValueError(
                    _("text uses {placeholder} but figures has no '{name}' (figures: {known})").format(
                        placeholder="{" + name + "}", name=name, known=known
                    )
                )
        return text


class LibraryCase(CaseFields):
    """A case entry in data/cases/."""

    entry_name: ClassVar[str] = N_("case")

    id: Annotated[
        Identifier, Field(title="编号", description="案例编号，报告按编号引用 / the id reports use to include the case")
    ]
    date: Annotated[Date, Field(title="日期", description="日期，如 2023-01-10 / date of the work")]
    photos: PhotoField = []


class InlineCase(CaseFields):
    """A case written inside a report rather than in the library."""

    id: Annotated[Identifier | None, Field(title="编号", description="编号（可选） / optional id")] = None
    date: Annotated[Date | None, Field(title="日期", description="日期（可选） / optional date")] = None


class CaseQuery(Entry):
    """Select library cases by initiative, tags, region and dates."""

    front_line: Annotated[
        Text | None, Field(title="所属一线", description="只选这一线的案例 / only cases of this initiative")
    ] = None
    tags: Annotated[
        list[NonEmptyText], Field(title="标签", description="案例须带全部这些标签 / cases must carry all of these tags")
    ] = []
    region: Annotated[
        Text | None, Field(title="区县", description="只选这一区县的案例 / only cases of this region")
    ] = None
    date_from: Annotated[
        Date | None, Field(alias="from", title="起始日期", description="不早于此日期 / on or after this date")
    ] = None
    date_to: Annotated[
        Date | None, Field(alias="to", title="截止日期", description="不晚于此日期 / on or before this date")
    ] = None
    limit: Annotated[
        int | None, Field(ge=1, title="数量上限", description="最多选几个（最新的） / at most this many, the newest")
    ] = None
    exclude_used: Annotated[
        bool,
        Field(
            title="不重复选取",
            description="不选本文档前文已用过的案例 / skip the cases used earlier in the document",
        ),
    ] = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class QueryItem(Entry):
    query: CaseQuery


def _case_item_kind(value: Any) -> str:
    if isinstance(value, str):
        return "id"
    if isinstance(value, dict) and "query" in value:
        return "query"
    return "inline"


CaseItem = Annotated[
    Annotated[Identifier, Tag("id")] | Annotated[QueryItem, Tag("query")] | Annotated[InlineCase, Tag("inline")],
    Discriminator(_case_item_kind),
]


# -- reports ---------------------------------------------------------------------------


class Point(Entry):
    """A run-in point: 一是 + key phrase + 。 + text, then example cases (如…)."""

    key_phrase: Annotated[
        NonEmptyText,
        Prose(CLAUSE),
        Field(title="要点", description="要点短语，如 健全“作战体系” / the key phrase after 一是"),
    ]
    text: Annotated[
        Text, Prose(PARAGRAPH), Field(title="正文", description="要点之后的文字 / the text after the key phrase")
    ] = ""
    cases: Annotated[
        list[CaseItem],
        Field(title="案例", description="案例编号、查询或直接写出的案例 / case ids, a query, or inline cases"),
    ] = []
    closing: Annotated[
        Text, Prose(PARAGRAPH), Field(title="结语", description="案例之后的文字 / text after the cases")
    ] = ""


class Section(Entry):
    """A level-1 section (一、), or a level-2 subsection (（一）) inside one."""

    theme: Annotated[
        NonEmptyText,
        Prose(CLAUSE),
        Field(title="主题", description="标题的主题部分，如 践行初心使命 / the theme clause of the heading"),
    ]
    front_line: Annotated[
        Text | None,
        Prose(CLAUSE),
        Field(title="所属一线", description="这一部分对应的一线，如 干部下沉到一线 / the front line of this section"),
    ] = None
    intro: Annotated[
        Text, Prose(PARAGRAPH), Field(title="导语", description="标题下、要点前的段落 / paragraph under the heading")
    ] = ""
    points: Annotated[list[Point], Field(title="要点", description="一是、二是…… / the run-in points")] = []
    subsections: Annotated[list[Section], Field(title="子部分", description="（一）（二）…… / subsections")] = []

    @model_validator(mode="after")
    def _not_empty(self):
        if not self.points and not self.subsections and not self.intro:
            raise ValueError(_("section has no points, subsections or intro; add at least one point"))
        return self


class Report(Entry):
    """An experience-exchange material (经验交流材料)."""

    entry_name: ClassVar[str] = N_("report")

    id: Annotated[
        Identifier | None,
        Field(title="编号", description="输出文件名（默认为 YAML 文件名） / output name; the file's stem by default"),
    ] = None
    template: Annotated[
        str,
        Field(pattern=r"^[a-z][a-z0-9_-]*$", title="模板", description="templates/ 下的模板名 / template folder name"),
    ] = "exchange"
    kind: Annotated[
        NonEmptyText, Prose(PHRASE), Field(title="文种", description="文种，如 经验交流材料 / document kind")
    ] = "经验交流材料"
    title: Annotated[
        Text | None,
        Prose(HEADING),
        Field(title="题目", description="材料题目，标题之上一行 / the document's title line"),
    ] = None
    headline: Annotated[NonEmptyText, Prose(HEADING), Field(title="标题", description="标题 / the headline")]
    issuer: Annotated[
        Text | None, Prose(PHRASE), Field(title="发文单位", description="发文单位，写在文末 / issuing body, at the end")
    ] = None
    author: Annotated[
        Text | None,
        Prose(PHRASE),
        Field(title="作者", description="文档属性中的作者 / author in the document properties"),
    ] = None
    date: Annotated[Date, Field(title="日期", description="成文日期 / date of the document")]
    lead: Annotated[NonEmptyText, Prose(PARAGRAPH), Field(title="导语", description="开头段落 / the lead paragraph")]
    sections: Annotated[list[Section], Field(min_length=1, title="部分", description="一、二、…… / the sections")]
    closing: Annotated[Text, Prose(PARAGRAPH), Field(title="结尾", description="结尾段落 / closing paragraph")] = ""
    tables: TableField = {}
    figures: Annotated[
        dict[str, DeclaredFigureField],
        Field(title="数字", description="正文中用 {名称} 引用的数字 / figures the text refers to as {name}"),
    ] = {}


class Recipients(Entry):
    bao: Annotated[list[NonEmptyText], Prose(PHRASE), Field(title="报", description="报送（上级） / sent up to")] = []
    song: Annotated[
        list[NonEmptyText], Prose(PHRASE), Field(title="送", description="送（平级） / sent across to")
    ] = []
    fa: Annotated[list[NonEmptyText], Prose(PHRASE), Field(title="发", description="发（下级） / sent down to")] = []


class Article(Entry):
    title: Annotated[NonEmptyText, Prose(HEADING), Field(title="标题", description="文章标题 / the article's title")]
    lead: Annotated[Text, Prose(PARAGRAPH), Field(title="导语", description="导语段落 / opening paragraph")] = ""
    cases: Annotated[
        list[CaseItem],
        Field(title="案例", description="案例编号、查询或直接写出的案例 / case ids, a query, or inline cases"),
    ] = []
    closing: Annotated[Text, Prose(PARAGRAPH), Field(title="结语", description="结尾段落 / closing paragraph")] = ""
    tables: TableField = {}


class Brief(Entry):
    """A work brief (工作简报)."""

    entry_name: ClassVar[str] = N_("brief")

    id: Annotated[
        Identifier | None, Field(title="编号", description="输出文件名（默认为 YAML 文件名） / output name")
    ] = None
    template: Annotated[
        str, Field(pattern=r"^[a-z][a-z0-9_-]*$", title="模板", description="模板名 / template folder name")
    ] = "brief"
    name: Annotated[
        NonEmptyText, Prose(PHRASE), Field(title="简报名称", description="报头名称，如 工作简报 / masthead name")
    ] = "工作简报"
    issue: Annotated[int, Field(ge=1, title="期数", description="第N期 / issue number")]
    total_issue: Annotated[int | None, Field(ge=1, title="总期数", description="总第N期（可选） / running total")] = (
        None
    )
    compiler: Annotated[NonEmptyText, Prose(PHRASE), Field(title="编印单位", description="编印单位 / compiling unit")]
    date: Annotated[Date, Field(title="日期", description="印发日期 / date")]
    author: Annotated[Text | None, Prose(PHRASE), Field(title="作者", description="文档属性中的作者 / author")] = None
    articles: Annotated[
        list[Article], Field(min_length=1, title="文章", description="文章，首篇为头条 / articles, the lead one first")
    ]
    recipients: Annotated[Recipients, Field(title="报送范围", description="报、送、发 / recipients")] = Recipients()
    extra_recipients: Annotated[
        Text | None, Prose(PHRASE), Field(title="本期增发", description="本期增发 / added for this issue")
    ] = None
    copies: Annotated[int, Field(ge=1, title="印数", description="共印N份 / copies printed")]
    tables: TableField = {}
    figures: Annotated[
        dict[str, DeclaredFigureField],
        Field(title="数字", description="正文中用 {名称} 引用的数字 / figures the text refers to as {name}"),
    ] = {}


class CaseFile(Entry):
    """A file in data/cases/ holding several cases."""

    entry_name: ClassVar[str] = N_("case file")

    cases: Annotated[list[LibraryCase], Field(min_length=1, title="案例", description="案例 / cases")]
