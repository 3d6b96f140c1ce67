"""Document kinds as a registry: a new kind (a small 通知) is a model, a template folder and a registry entry."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Annotated

import docx
import pytest
from pydantic import Field

from reportgen.kinds import EntryKind, document_kinds, entry_kinds, register_kind, unregister_kind
from reportgen.model import Date, Entry, NonEmptyText

NOTICE_TEMPLATE = """\
# {{ notice.title }}

{% for paragraph in notice.body %}
{{ paragraph }}

{% endfor %}
{.signature}
{{ notice.issuer }}
"""

NOTICE_STYLE = """\
page: {width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26}
defaults: {font: 仿宋_GB2312, latin_font: Times New Roman, size: 三号}
paragraph_styles:
  title: {name: 通知标题, font: 方正小标宋简体, size: 二号, align: center, line_spacing: 36, space_after: 24}
  body: {name: 通知正文, font: 仿宋_GB2312, size: 三号, align: justify, first_line_chars: 2, line_spacing: 28.95}
  signature: {name: 落款, font: 仿宋_GB2312, size: 三号, align: right, line_spacing: 28.95}
roles: {h1: title, paragraph: body, signature: signature}
page_numbers: {enabled: false}
"""

NOTICE_PROPERTIES = """\
title: "{{ notice.title }}"
author: "{{ notice.issuer }}"
subject: 通知
category: 通知
"""

NOTICE_ENTRY = """\
title: 关于做好春节期间疫情防控工作的通知
issuer: "*市委宣传部"
date: 2023-01-18
body:
  - 各区县委宣传部，市直各单位：
  - 春节将至，请各单位认真做好节日期间疫情防控工作，确保群众过一个平安祥和的春节。
"""


class Notice(Entry):
    """A 通知: a title, paragraphs and the issuing body (the test's own model)."""

    template: str = "notice"
    title: Annotated[NonEmptyText, Field(title="标题")]
    issuer: Annotated[NonEmptyText, Field(title="发文单位")]
    date: Annotated[Date, Field(title="日期")]
    body: Annotated[list[NonEmptyText], Field(min_length=1, title="正文")]


@pytest.fixture
def notice_kind(tmp_path):
    skeleton = tmp_path / "notice-skeleton.yaml"
    skeleton.write_text("title: 通知标题\nissuer: 发文单位\ndate: {date}\nbody:\n  - 正文。\n", encoding="utf-8")
    kind = register_kind(
        EntryKind(
            "notice",
            folder="notices",
            model=Notice,
            schema_title="通知 / notice entry (data/notices/*.yaml)",
            skeleton=skeleton,
            template="notice",
            context_name="notice",
        )
    )
    yield kind
    unregister_kind("notice")


@pytest.fixture
def notice_project(project, notice_kind):
    folder = project / "templates" / "notice"
    folder.mkdir()
    (folder / "document.md.j2").write_text(NOTICE_TEMPLATE, encoding="utf-8")
    (folder / "style.yaml").write_text(NOTICE_STYLE, encoding="utf-8")
    (folder / "properties.yaml").write_text(NOTICE_PROPERTIES, encoding="utf-8")
    (project / "data" / "notices").mkdir()
    (project / "data" / "notices" / "spring-festival.yaml").write_text(NOTICE_ENTRY, encoding="utf-8")
    return project


def test_the_built_in_kinds_are_registered():
    assert [k.name for k in entry_kinds()][:3] == ["case", "report", "brief"]
    assert [k.name for k in document_kinds()][:2] == ["report", "brief"]


def test_a_new_kind_builds_with_its_own_template_styles_and_wording(notice_project, run_cli):
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    output = notice_project / "output" / "spring-festival.docx"
    document = docx.Document(str(output))
    shown = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert shown == [
        ("通知标题", "关于做好春节期间疫情防控工作的通知"),
        ("通知正文", "各区县委宣传部，市直各单位："),
        ("通知正文", "春节将至，请各单位认真做好节日期间疫情防控工作，确保群众过一个平安祥和的春节。"),
        ("落款", "*市委宣传部"),
    ]
    title_style = document.styles["通知标题"]
    assert title_style.font.size.pt == 22  # 二号
    east_asian = title_style.element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    assert east_asian == "方正小标宋简体"
    properties = document.core_properties
    assert (properties.title, properties.subject, properties.category, properties.author) == (
        "关于做好春节期间疫情防控工作的通知",
        "通知",
        "通知",
        "*市委宣传部",
    )
    # the other kinds are built beside it, unchanged
    assert (notice_project / "output" / "three-front-lines.docx").is_file()
    assert (notice_project / "output" / "2023-01.docx").is_file()
    # and the second build finds it up to date
    again = run_cli("build", "-j", "1")
    assert "0 built, 3 up to date" in again.output


def test_a_new_kind_is_validated_named_and_located(notice_project, run_cli):
    path = notice_project / "data" / "notices" / "spring-festival.yaml"
    path.write_text(NOTICE_ENTRY.replace("date: 2023-01-18", "date: 2023-01-32"), encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "data/notices/spring-festival.yaml:3:7" in result.output


def test_new_and_schema_loop_over_the_kinds(notice_project, run_cli):
    result = run_cli("new", "notice", "second")
    assert result.exit_code == 0, result.output
    text = (notice_project / "data" / "notices" / "second.yaml").read_text(encoding="utf-8")
    assert text.startswith("title: 通知标题\n") and "date: 20" in text
    result = run_cli("schema", "-o", "schemas")
    assert result.exit_code == 0, result.output
    schema = (notice_project / "schemas" / "notice.schema.json").read_text(encoding="utf-8")
    assert '"title": "通知 / notice entry (data/notices/*.yaml)"' in schema
    assert '"body"' in schema


def test_the_brief_wording_is_in_its_template_folder(project, run_cli):
    properties = project / "templates" / "brief" / "properties.yaml"
    properties.write_text(
        properties.read_text(encoding="utf-8").replace("subject: 工作简报", "subject: 情况通报"), encoding="utf-8"
    )
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "output" / "2023-01.docx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "<dc:subject>情况通报</dc:subject>" in core
    assert "<cp:category>工作简报</cp:category>" in core


def test_no_python_module_names_a_kind_s_wording():
    package = Path(__file__).resolve().parents[1] / "reportgen"
    for name in ("build.py", "gather.py", "rendering.py", "library.py"):
        assert "工作简报" not in (package / name).read_text(encoding="utf-8"), name
