"""Broken and hostile input: every bad input gets a clear, located error, exit status 1, no traceback.

The corpus is a table. Each entry mutates a copy of the small project in
`tests/fixtures/bad/base/` (its line numbers are part of the expectations, so
edit that project only together with this table), runs a command, and names the
`path:line:col` and the start of the message the user must see.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_example_project

from reportgen import rendering as rendering_module

BASE = Path(__file__).resolve().parent / "fixtures" / "bad" / "base"
CASE = "data/cases/sinan-red-cross.yaml"
REPORT = "data/reports/three-front-lines.yaml"
BRIEF = "data/briefs/2023-01.yaml"
DOCUMENT = "templates/exchange/document.md.j2"
POINT = "templates/exchange/point.md.j2"
STYLE = "templates/exchange/style.yaml"

Mutation = Callable[[Path], None]


# -- mutations -----------------------------------------------------------------------------


def edit(relative: str, old: str, new: str) -> Mutation:
    """Return a mutation replacing the first `old` in a file with `new`."""

    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer holds {old!r}; update the corpus"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(relative: str, content: str | bytes) -> Mutation:
    """Return a mutation writing a whole file (text as UTF-8, or bytes as they are)."""

    def apply(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def reencode(relative: str, encoding: str, transform: Callable[[str], str] = lambda text: text) -> Mutation:
    """Return a mutation saving a file in another encoding, as a Windows editor would."""

    def apply(root: Path) -> None:
        path = root / relative
        path.write_bytes(transform(path.read_text(encoding="utf-8")).encode(encoding))

    return apply


def prepend(relative: str, line: str) -> Mutation:
    """Return a mutation putting `line` first in a file, so that it is line 1."""

    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(line + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    return apply


def rename(relative: str, new_relative: str) -> Mutation:
    def apply(root: Path) -> None:
        (root / relative).rename(root / new_relative)

    return apply


def patch(target: str, value) -> Callable:
    """Return a setup step that sets a module attribute for the test (e.g. a lower limit)."""
    module_name, attribute = target.rsplit(".", 1)

    def apply(monkeypatch) -> None:
        import importlib

        monkeypatch.setattr(importlib.import_module(module_name), attribute, value)

    return apply


def alias_bomb(levels: int = 9) -> str:
    """Return the "billion laughs" YAML: 9**(levels + 1) strings from a few hundred bytes."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def with_photo(path: str, content) -> Mutation:
    """Return a mutation giving the case a photo at `path` (line 15, column 11), written as `content`."""

    def apply(root: Path) -> None:
        import io
        import struct
        import zlib

        from PIL import Image

        data = content
        if content == "truncated-jpeg":
            out = io.BytesIO()
            Image.effect_noise((800, 600), 40).convert("RGB").save(out, "JPEG", quality=90)
            data = out.getvalue()[: len(out.getvalue()) // 2]
        elif content == "pixel-bomb":  # a PNG that claims 30000 × 30000 pixels in a few bytes

            def chunk(kind: bytes, body: bytes) -> bytes:
                crc = zlib.crc32(kind + body) & 0xFFFFFFFF
                return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

            header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
            data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        if data is not None:
            target = root / "data/images" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        case = root / CASE
        case.write_text(
            case.read_text(encoding="utf-8") + f"photos:\n  - path: {path}\n    caption: 图注\n", encoding="utf-8"
        )

    return apply


@dataclass(frozen=True)
class Bad:
    """One bad input: what to break, the command to run, and what the user must see."""

    name: str
    mutate: Mutation
    where: str  # path:line:col, or the path alone for a problem with a whole file
    message: str  # the start of the message after "where: "
    command: tuple[str, ...] = ("validate",)
    setup: tuple = ()  # monkeypatch steps, e.g. a lower limit to keep the test fast
    not_written: str | None = None  # an output the failed build must not create
    marks: tuple = ()


BUILD = ("build", "-j", "1")

CORPUS = [
    # -- YAML ----------------------------------------------------------------------------------
    Bad(
        "yaml-unclosed-flow-list",
        edit(CASE, "tags: [物资, 红十字会]", "tags: [物资, 红十字会"),
        f"{CASE}:9:5",
        "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence) (the [ at line 8, column 7 is not closed with ])",
    ),
    Bad(
        "yaml-colon-in-plain-value",
        edit(CASE, "unit: 思南县红十字会", "unit: 思南县: 红十字会"),
        f"{CASE}:3:10",
        "YAML syntax error: mapping values are not allowed here (a value that contains ': ' must be quoted",
    ),
    Bad(
        "yaml-tab-indentation",
        edit(CASE, "  households: 79户", "\thouseholds: 79户"),
        f"{CASE}:12:1",
        "YAML syntax error: a tab character is used for indentation",
    ),
    Bad(
        "yaml-tab-indentation-in-a-list",
        edit(REPORT, "    front_line: 干部下沉到一线", "\tfront_line: 干部下沉到一线"),
        f"{REPORT}:11:1",
        "YAML syntax error: a tab character is used for indentation",
    ),
    Bad(
        "yaml-duplicate-key",
        edit(CASE, "region: 思南县\n", "region: 思南县\nunit: 思南县妇联\n"),
        f"{CASE}:5:1",
        "duplicate key 'unit' (already given at line 3) (keep one of the two)",
    ),
    Bad(
        "yaml-duplicate-key-nested",
        edit(CASE, "  goods: 4700元", "  goods: 4700元\n  households: 80户"),
        f"{CASE}:14:3",
        "duplicate key 'households' (already given at line 12)",
    ),
    Bad(
        "yaml-duplicate-key-in-a-list-item",
        edit(REPORT, "        text: 构建市级统筹", "        key_phrase: 重复\n        text: 构建市级统筹"),
        f"{REPORT}:14:9",
        "duplicate key 'key_phrase' (already given at line 13)",
    ),
    Bad(
        "yaml-empty-file",
        write(CASE, ""),
        f"{CASE}:1:1",
        "file is empty (it holds no YAML values, only blanks or comments)",
    ),
    Bad("yaml-only-a-comment", write(REPORT, "# 待补充\n# to be written\n"), f"{REPORT}:1:1", "file is empty"),
    Bad(
        "yaml-scalar-not-mapping",
        write(CASE, "思南县红十字会\n"),
        f"{CASE}:1:1",
        "expected a mapping of keys (key: value lines), found text",
    ),
    Bad(
        "yaml-list-not-mapping",
        write(REPORT, "- headline: 标题\n- date: 2023-01-10\n"),
        f"{REPORT}:1:1",
        "expected a mapping of keys (key: value lines), found a list",
    ),
    Bad(
        "yaml-list-where-section-mapping",
        edit(REPORT, "  - theme: 践行初心使命\n", "  - [践行初心使命]\n  - theme: 践行初心使命\n"),
        f"{REPORT}:10:5",
        "'sections' should be a mapping (key: value lines), not a list",
    ),
    Bad(
        "yaml-two-documents",
        edit(REPORT, "title:", "---\ntitle:"),
        f"{REPORT}:3:1",
        "YAML syntax error: but found another document (expected a single document in the stream)",
    ),
    Bad("yaml-alias-bomb", write(CASE, alias_bomb()), f"{CASE}:2:10", "YAML aliases (*name) are not allowed"),
    Bad(
        "yaml-alias",
        edit(REPORT, 'issuer: "*市委宣传部"', 'issuer: &who "*市委宣传部"\nauthor: *who'),
        f"{REPORT}:6:9",
        "YAML aliases (*name) are not allowed",
    ),
    Bad(
        "yaml-unquoted-star",
        edit(REPORT, 'issuer: "*市委宣传部"', "issuer: *市委宣传部"),
        f"{REPORT}:5:10",
        "YAML syntax error: a value that starts with * or & is read as a YAML alias or anchor (put the value in quotes",
    ),
    Bad(
        "yaml-merge-key",
        edit(REPORT, "title: 农村", "<<: {author: 某某}\ntitle: 农村"),
        f"{REPORT}:3:1",
        "YAML merge keys (<<) are not allowed",
    ),
    Bad(
        "yaml-complex-key",
        edit(REPORT, "title: 农村", "? [a, b]\n: x\ntitle: 农村"),
        f"{REPORT}:3:3",
        "a key must be a plain word",
    ),
    Bad(
        "yaml-python-tag",
        write(CASE, '!!python/object/apply:os.system ["echo owned"]\n'),
        f"{CASE}:1:1",
        "YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    Bad(
        "yaml-python-tag-in-a-value",
        edit(CASE, "unit: 思南县红十字会", "unit: !!python/name:os.system ''"),
        f"{CASE}:3:7",
        "YAML tag '!!python/name:os.system' is not allowed",
    ),
    Bad(
        "yaml-unknown-local-tag",
        edit(REPORT, "title: 农村", "title: !include 农村"),
        f"{REPORT}:3:8",
        "YAML tag '!include' is not allowed",
    ),
    Bad(
        "yaml-binary-tag",
        edit(CASE, "place: 凉水井镇水晶村", "place: !!binary aGVsbG8="),
        f"{CASE}:5:8",
        "YAML tag '!!binary' is not allowed",
    ),
    Bad(
        "yaml-file-too-large",
        write(CASE, "id: sinan-red-cross\n" + "# " + "很" * 400_000 + "\n"),
        CASE,
        "file is too large (1,200,023 bytes; the limit is 1 MB)",
    ),
    Bad(
        "yaml-too-many-values",
        write(CASE, "[" + "1, " * 2000 + "1]\n"),
        f"{CASE}:1:2999",
        "file has more than 1000 YAML values (split it into several files)",
        setup=(patch("reportgen.source.MAX_NODES", 1000),),
    ),
    Bad(
        "yaml-digits-without-end",
        edit(BRIEF, "copies: 50", "copies: 1" + "0" * 5000),
        f"{BRIEF}:12:9",
        "'1000000000000000000000000000000000000000…' is not a valid whole number (it has 5001 digits)",
    ),
    Bad(
        "yaml-infinite-number",
        edit(CASE, "  households: 79户", "  households: {value: .inf, unit: 户}"),
        f"{CASE}:12:23",
        "'.inf' is not a number a document can print (write a finite number, e.g. 79 or 1.5)",
    ),
    # -- encodings ----------------------------------------------------------------------------
    Bad(
        "encoding-gbk",
        reencode(CASE, "gbk"),
        f"{CASE}:3:7",
        "file is not UTF-8 (it looks like GBK/GB18030, as Windows editors save Chinese text) (save it as UTF-8",
    ),
    Bad(
        "encoding-gb18030-four-byte",
        reencode(REPORT, "gb18030", lambda t: t.replace("农村疫情", "𠀀农村疫情", 1)),
        f"{REPORT}:3:8",
        "file is not UTF-8 (it looks like GBK/GB18030",
    ),
    Bad(
        "encoding-utf16",
        reencode(BRIEF, "utf-16"),
        f"{BRIEF}:1:1",
        "file is UTF-16 (Notepad calls it 'Unicode'), not UTF-8",
    ),
    Bad(
        "encoding-latin1-accent",
        reencode(CASE, "latin-1", lambda t: "# café\n" + t.encode("ascii", "replace").decode()),
        f"{CASE}:1:6",
        "file is not UTF-8 (save it as UTF-8",
    ),
    Bad(
        "control-nul",
        edit(CASE, "思南县红十字会", "思南县\x00红十字会"),
        f"{CASE}:3:10",
        "invisible control character U+0000 (NUL)",
    ),
    Bad(
        "control-vertical-tab-from-word",
        edit(REPORT, "构建市级统筹", "构建市级\x0b统筹"),
        f"{REPORT}:14:19",
        "invisible control character U+000B (vertical tab, a line break pasted from Word)",
    ),
    Bad(
        "control-form-feed-from-word",
        edit(CASE, "凉水井镇水晶村", "凉水井镇\x0c水晶村"),
        f"{CASE}:5:12",
        "invisible control character U+000C (form feed, a page break pasted from Word)",
    ),
    Bad(
        "control-unit-separator",
        edit(BRIEF, "现将近期", "现将\x1f近期"),
        f"{BRIEF}:8:13",
        "invisible control character U+001F (unit separator) (delete it; it often comes with text pasted from Word or WeChat)",
    ),
    Bad(
        "control-next-line",
        edit(CASE, "思南县红十字会", "思南县\x85红十字会"),
        f"{CASE}:3:10",
        "invisible control character U+0085 (next line",
    ),
    Bad(
        "control-line-separator",
        edit(CASE, "region: 思南县", "region: 思南县\u2028"),
        f"{CASE}:4:12",
        "invisible control character U+2028 (line separator)",
    ),
    Bad(
        "control-c1-character",
        edit(CASE, "思南县红十字会", "思南县\x81红十字会"),
        f"{CASE}:3:10",
        "invisible control character U+0081",
    ),
    Bad(
        "control-escaped-in-quotes",
        edit(CASE, "unit: 思南县红十字会", 'unit: "思南县\\v红十字会"'),
        f"{CASE}:3:11",
        "the escape here makes an invisible control character U+000B",
    ),
    Bad(
        "control-escaped-surrogate",
        edit(REPORT, "headline: “三个一线”组织群团力量筑牢农村疫情防控屏障", 'headline: "\\ud800“三个一线”"'),
        f"{REPORT}:4:12",
        "the escape here makes an invisible control character U+D800 (a lone surrogate)",
    ),
    # -- the model ----------------------------------------------------------------------------
    Bad(
        "model-missing-required",
        edit(CASE, "unit: 思南县红十字会\n", ""),
        f"{CASE}:2:1",
        "missing required key 'unit' (add `unit: …`)",
    ),
    Bad(
        "model-missing-required-in-list-item",
        edit(REPORT, "      - key_phrase: 健全“作战体系”\n        text:", "      - text:"),
        f"{REPORT}:13:9",
        "missing required key 'key_phrase'",
    ),
    Bad(
        "model-wrong-type-list",
        edit(REPORT, "key_phrase: 健全“作战体系”", "key_phrase: [健全, 作战体系]"),
        f"{REPORT}:13:21",
        "'key_phrase' should be text, not a list",
    ),
    Bad(
        "model-wrong-type-number",
        edit(CASE, "unit: 思南县红十字会", "unit: 123"),
        f"{CASE}:3:7",
        "'unit' should be text, not a number '123'",
    ),
    Bad(
        "model-wrong-type-bool",
        edit(CASE, "unit: 思南县红十字会", "unit: yes"),
        f"{CASE}:3:7",
        "'unit' should be text, not true/false",
    ),
    Bad(
        "model-wrong-type-scalar-for-list",
        edit(CASE, "tags: [物资, 红十字会]", "tags: 物资"),
        f"{CASE}:8:7",
        "'tags' should be a list (lines starting with '- '), not text '物资'",
    ),
    Bad(
        "model-unknown-key-did-you-mean",
        edit(CASE, "unit:", "unti:"),
        f"{CASE}:3:1",
        "unknown key 'unti' (did you mean 'unit'?)",
    ),
    Bad(
        "model-unknown-key-nested",
        edit(REPORT, "        text: 构建", "        txet: 构建"),
        f"{REPORT}:14:9",
        "unknown key 'txet' (did you mean 'text'?)",
    ),
    Bad(
        "model-unknown-key-no-match",
        edit(BRIEF, "copies: 50", "copies: 50\nprinter: 某某印刷厂"),
        f"{BRIEF}:13:1",
        "unknown key 'printer' (allowed keys: ",
    ),
    Bad(
        "model-bad-date",
        edit(CASE, "date: 2023-01-08", "date: 2023-02-30"),
        f"{CASE}:6:7",
        "'2023-02-30' is not a valid date (day is out of range for month) (dates are written YYYY-MM-DD",
    ),
    Bad(
        "model-bad-month",
        edit(REPORT, "date: 2023-01-10", "date: 2023-13-01"),
        f"{REPORT}:6:7",
        "'2023-13-01' is not a valid date (month must be in 1..12)",
    ),
    Bad(
        "model-negative-figure",
        edit(CASE, "  households: 79户", "  households: {value: -79.5, unit: 户}"),
        f"{CASE}:12:23",
        "'value' must not be negative, not -79.5",
    ),
    Bad(
        "model-negative-figure-short-form",
        edit(CASE, "  households: 79户", "  households: -79户"),
        f"{CASE}:12:15",
        "'-79户' is not a figure; write a number and its unit, e.g. 79户 or 1万余元",
    ),
    Bad(
        "model-non-numeric-figure",
        edit(CASE, "  goods: 4700元", "  goods: 许多元"),
        f"{CASE}:13:10",
        "'许多元' is not a figure",
    ),
    Bad(
        "model-figure-without-unit",
        edit(CASE, "  goods: 4700元", "  goods: 4700"),
        f"{CASE}:13:10",
        "a figure needs its unit: write e.g. 79户, or value: 79 and unit: 户",
    ),
    Bad(
        "model-non-numeric-count",
        edit(BRIEF, "copies: 50", "copies: 五十"),
        f"{BRIEF}:12:9",
        "'copies' should be a whole number, not text '五十'",
    ),
    Bad(
        "model-duplicate-case-id",
        write("data/cases/copy.yaml", (BASE / CASE).read_text(encoding="utf-8")),
        "data/cases/sinan-red-cross.yaml:2:5",
        "duplicate case id 'sinan-red-cross' (also used at data/cases/copy.yaml:2:5)",
    ),
    Bad(
        "model-dangling-case-id",
        edit(REPORT, "cases: [sinan-red-cross,", "cases: [sinan-red-crss,"),
        f"{REPORT}:20:17",
        "unknown case id 'sinan-red-crss' (did you mean 'sinan-red-cross'?)",
    ),
    Bad(
        "model-case-with-errors-used",
        edit(CASE, "unit: 思南县红十字会", "unit: 123"),
        f"{REPORT}:20:17",
        "case 'sinan-red-cross' cannot be used until the errors in data/cases/sinan-red-cross.yaml are fixed",
    ),
    Bad(
        "model-placeholder-without-figure",
        edit(CASE, "{households}群众", "{people}群众"),
        f"{CASE}:9:7",
        "text uses {people} but figures has no 'people' (figures: households, goods)",
    ),
    Bad(
        "model-placeholder-reaching-internals",
        edit(CASE, "{households}群众", "{households.__class__.__mro__}群众"),
        f"{CASE}:9:7",
        "'{households.__class__.__mro__}' is not a figure placeholder",
    ),
    Bad(
        "model-empty-section",
        edit(
            REPORT,
            "    points:\n      - key_phrase: 健全“作战体系”\n        text: 构建市级统筹、县级推动、乡镇落实的指挥体系。\n",
            "",
        ),
        f"{REPORT}:10:5",
        "section has no points, subsections or intro; add at least one point",
    ),
    Bad(
        "model-no-sections",
        edit(REPORT, "sections:\n", "sections: []\nold_sections:\n"),
        f"{REPORT}:9:11",
        "'sections' is empty (write at least one item)",
    ),
    Bad(
        "model-empty-required-text",
        edit(REPORT, "headline: “三个一线”组织群团力量筑牢农村疫情防控屏障", 'headline: "  "'),
        f"{REPORT}:4:11",
        "'headline' is empty",
    ),
    Bad(
        "model-id-leaves-output",
        edit(REPORT, "template: exchange", "template: exchange\nid: ../../etc/report"),
        f"{REPORT}:3:5",
        "'id' '../../etc/report' may only use letters, digits, '-', '_' and '.'",
    ),
    Bad(
        "model-id-absolute-path",
        edit(REPORT, "template: exchange", "template: exchange\nid: /tmp/report"),
        f"{REPORT}:3:5",
        "'id' '/tmp/report' may only use letters, digits, '-', '_' and '.'",
    ),
    Bad(
        "model-id-windows-path",
        edit(REPORT, "template: exchange", "template: exchange\nid: 'C:\\Windows\\report'"),
        f"{REPORT}:3:5",
        "'id' 'C:\\Windows\\report' may only use letters, digits, '-', '_' and '.'",
    ),
    Bad(
        "model-id-reserved-windows-name",
        edit(REPORT, "template: exchange", "template: exchange\nid: CON"),
        f"{REPORT}:3:5",
        "'CON' is a reserved file name on Windows",
    ),
    Bad(
        "model-id-reserved-windows-name-with-extension",
        edit(REPORT, "template: exchange", "template: exchange\nid: lpt1.report"),
        f"{REPORT}:3:5",
        "'lpt1.report' is a reserved file name on Windows",
    ),
    Bad(
        "model-case-id-leaves-output",
        edit(CASE, "id: sinan-red-cross", "id: ../sinan"),
        f"{CASE}:2:5",
        "'id' '../sinan' may only use letters, digits, '-', '_' and '.'",
    ),
    Bad(
        "model-file-name-reserved",
        rename(REPORT, "data/reports/NUL.yaml"),
        "data/reports/NUL.yaml:1:1",
        "file name 'NUL' cannot be used as an output file name (use letters, digits, '-' and '_' only (set `id:` to choose the name))",
    ),
    Bad(
        "model-file-name-with-space",
        rename(BRIEF, "data/briefs/2023 01.yaml"),
        "data/briefs/2023 01.yaml:1:1",
        "file name '2023 01' cannot be used as an output file name",
    ),
    Bad(
        "model-same-output-name",
        write(
            "data/reports/other.yaml",
            (BASE / REPORT)
            .read_text(encoding="utf-8")
            .replace("template: exchange", "template: exchange\nid: 2023-01"),
        ),
        "data/reports/other.yaml:3:5",
        "output name '2023-01' is already used by data/briefs/2023-01.yaml:1:1",
    ),
    Bad(
        "model-unknown-template",
        edit(REPORT, "template: exchange", "template: exchang"),
        f"{REPORT}:2:11",
        "no template folder templates/exchang/ (use one of: brief, exchange)",
    ),
    # -- templates ----------------------------------------------------------------------------
    Bad(
        "template-syntax-error",
        prepend(DOCUMENT, "{% if report.title %}{{ report.title }"),
        f"{DOCUMENT}:1:1",
        "template syntax error: unexpected '}'",
    ),
    Bad(
        "template-syntax-error-in-included-file",
        prepend(POINT, "{% for case in point.cases %}"),
        f"{POINT}:9:1",
        "template syntax error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
    ),
    Bad(
        "template-stray-end-tag",
        prepend(DOCUMENT, "{% endif %}"),
        f"{DOCUMENT}:1:1",
        "template syntax error: Encountered unknown tag 'endif'.",
    ),
    Bad(
        "template-undefined-name",
        prepend(DOCUMENT, "{{ report.headlin }}"),
        f"{DOCUMENT}:1:1",
        "template error: 'dict object' has no attribute 'headlin' (check the name's spelling",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-undefined-name-in-included-file",
        prepend(POINT, "{{ point.keyphrase }}"),
        f"{POINT}:1:1",
        "template error: 'dict object' has no attribute 'keyphrase'",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-reaches-class-and-mro",
        prepend(DOCUMENT, "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: access to attribute '__class__' of 'str' object is unsafe (templates may only use",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-reaches-globals",
        prepend(DOCUMENT, "{{ cycler.__init__.__globals__.os.system('echo owned') }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: access to attribute '__init__' of 'type' object is unsafe",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-reaches-data-internals",
        prepend(DOCUMENT, "{{ report.date.__class__.__subclasses__() }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: access to attribute '__class__' of 'date' object is unsafe",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-changes-data",
        prepend(DOCUMENT, "{{ report.sections.clear() }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: access to attribute 'clear' of 'list' object is unsafe",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-huge-range",
        prepend(DOCUMENT, "{% for i in range(10 ** 9) %}{% endfor %}"),
        f"{DOCUMENT}:1:1",
        "template error: Range too big.",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-huge-power",
        prepend(DOCUMENT, "{{ 10 ** 100000 }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: 10 ** 100000 is too large a number",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-huge-repeat",
        prepend(DOCUMENT, "{{ 'x' * 10 ** 10 }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: repeating a value 10,000,000,000 times makes more than 2,000,000 items",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-enormous-document",
        prepend(DOCUMENT, "{% for i in range(100000) %}{% for j in range(1000) %}很长{% endfor %}{% endfor %}"),
        DOCUMENT,
        "template output is larger than 2,000,000 characters (check the template for a loop that repeats too often)",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-endless-loop",
        prepend(DOCUMENT, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
        f"{DOCUMENT}:1:1",
        "template took longer than 0.5 seconds (check the template for a loop that does not end)",
        command=BUILD,
        setup=(patch("reportgen.templating.MAX_RENDER_SECONDS", 0.5),),
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-endless-recursion",
        prepend(DOCUMENT, "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(1) }}"),
        f"{DOCUMENT}:1:1",
        "template error: maximum recursion depth exceeded",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-missing-include",
        prepend(DOCUMENT, '{% include "nowhere.md.j2" %}'),
        f"{DOCUMENT}:1:1",
        "template not found: nowhere.md.j2 (the file must be in templates/exchange)",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad("template-not-utf8", reencode(POINT, "gbk"), POINT, "template is not UTF-8 (save it as UTF-8"),
    Bad(
        "template-prints-control-character",
        prepend(DOCUMENT, '{{ "\\x0b" }}'),
        DOCUMENT,
        "the template's output holds the control character U+000B (on line 1 of the output), which a Word document cannot hold",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-unknown-role",
        prepend(DOCUMENT, "{.no-such-role}\n正文\n"),
        DOCUMENT,
        "the template uses the paragraph role 'no-such-role', which style.yaml does not map to a paragraph style",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "template-style-tab-indentation",
        edit(STYLE, "page:\n", "page:\n\twidth: 210\n"),
        f"{STYLE}:5:1",
        "YAML syntax error: a tab character is used for indentation",
    ),  # -- photos: the error sits at the photo's path in the case file -----------------------------
    *[
        Bad(
            f"photo-{name}",
            with_photo(path, content),
            f"{CASE}:15:11",
            message,
            command=BUILD,
            not_written="three-front-lines.docx",
        )
        for name, path, content, message in (
            ("missing", "missing.jpg", None, "photo not found: missing.jpg"),
            ("truncated-jpeg", "half.jpg", "truncated-jpeg", "the image cannot be read ("),
            ("pixel-bomb-png", "bomb.png", "pixel-bomb", "the image is larger than 50 megapixels"),
            (
                "svg",
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                "photos must be JPEG or PNG files, not '.svg'",
            ),
            ("text-named-jpg", "note.jpg", "这不是图片".encode(), "not an image reportgen can read"),
            ("outside-the-project", "../../../../etc/hostname", None, "a photo's path must be inside the project"),
        )
    ],
]

# Messages that need a change in model.py or library.py (listed for the lead); strict, so
# that the change shows up here as an unexpected pass.
NEEDS_MODEL = "needs model.py: a clearer message or location for this pydantic error"
CORPUS += [
    Bad(
        "model-date-with-slashes",
        edit(CASE, "date: 2023-01-08", "date: 2023/01/08"),
        f"{CASE}:6:7",
        "'date' should be a date such as 2023-01-10, not text '2023/01/08'",
    ),
    Bad(
        "model-date-as-number",
        edit(CASE, "date: 2023-01-08", "date: 20230108"),
        f"{CASE}:6:7",
        "'date' should be a date such as 2023-01-10, not a number '20230108'",
    ),
    Bad(
        "model-date-with-time",
        edit(CASE, "date: 2023-01-08", "date: 2023-01-08 10:00:00"),
        f"{CASE}:6:7",
        "'date' should be a date without a time, not a date and time",
    ),
    Bad("model-issue-zero", edit(BRIEF, "issue: 1", "issue: 0"), f"{BRIEF}:3:8", "'issue' must be at least 1, not 0"),
    Bad(
        "model-fractional-count",
        edit(BRIEF, "copies: 50", "copies: 2.5"),
        f"{BRIEF}:12:9",
        "'copies' should be a whole number, not a number '2.5'",
    ),
    Bad(
        "model-placeholder-located-at-text",
        edit(CASE, "{households}群众", "{people}群众"),
        f"{CASE}:9:7",
        "text uses {people} but figures has no 'people'",
    ),
    Bad(
        "model-negative-figure-names-field",
        edit(CASE, "  households: 79户", "  households: {value: -79, unit: 户}"),
        f"{CASE}:12:23",
        "'value' must not be negative, not -79",
    ),
    Bad(
        "library-case-file-that-did-not-load",
        edit(CASE, "tags: [物资, 红十字会]", "tags: [物资, 红十字会"),
        f"{REPORT}:20:17",
        "case 'sinan-red-cross' cannot be used until the errors in data/cases/sinan-red-cross.yaml are fixed",
    ),
]

# -- the slips Chinese typists make (issue 12), and limits on every path (issue 18) ----------------
TRADITIONAL_CASE = "id: sinan-red-cross\nunit: 思南縣紅十字會\ndate: 2023-01-08\ntext: 聯合思南農商行開展宣講活動，為群眾送去口罩、大米等物資\n"
JAPANESE_CASE = "id: sinan-red-cross\nunit: 東京都の赤十字\ndate: 2023-01-08\ntext: マスクと米を配りました。地域の皆さんに物資を届けました\n"
NESTED_500 = "id: sinan-red-cross\ntags: " + "[" * 500 + "]" * 500 + "\n"
SLIPS = [
    Bad(
        "slip-full-width-colon",
        edit(CASE, "region: 思南县", "region：思南县"),
        f"{CASE}:4:7",
        "YAML syntax error: a full-width colon '：' (U+FF1A) follows the key 'region' (write a half-width colon and a space: `region: 思南县`)",
    ),
    Bad(
        "slip-full-width-colon-nested",
        edit(CASE, "  households: 79户", "  households：79户"),
        f"{CASE}:12:13",
        "YAML syntax error: a full-width colon '：' (U+FF1A) follows the key 'households'",
    ),
    Bad(
        "slip-full-width-colon-read-as-text",
        edit(CASE, "  households: 79户\n  goods: 4700元", "  households：79户"),
        f"{CASE}:12:13",
        "a full-width colon '：' (U+FF1A) follows the key 'households'",
    ),
    Bad(
        "slip-full-width-space-indentation",
        edit(CASE, "  households: 79户", "\u3000\u3000households: 79户"),
        f"{CASE}:12:1",
        "YAML syntax error: a full-width space '\u3000' (U+3000) is used for indentation (indent with half-width spaces",
    ),
    Bad(
        "slip-full-width-space-indentation-in-a-list",
        edit(REPORT, "  - theme: 强化责任担当", "\u3000\u3000- theme: 强化责任担当"),
        f"{REPORT}:15:1",
        "YAML syntax error: a full-width space '\u3000' (U+3000) is used for indentation",
    ),
    Bad(
        "slip-missing-colon",
        edit(CASE, "region: 思南县", "region 思南县"),
        f"{CASE}:4:7",
        "YAML syntax error: the key 'region' has no colon after it (write `region: 思南县`, with a half-width colon and a space)",
    ),
    Bad(
        "slip-unclosed-double-quote",
        edit(CASE, "unit: 思南县红十字会", 'unit: "思南县红十字会'),
        f"{CASE}:3:7",
        'YAML syntax error: the quote " opened here is never closed',
    ),
    Bad(
        "slip-unclosed-double-quote-closed-by-a-later-one",
        edit(CASE, "unit: 思南县红十字会\nregion: 思南县", 'unit: "思南县红十字会\nregion: "思南县"'),
        f"{CASE}:3:7",
        'YAML syntax error: the quote " opened here is never closed',
    ),
    Bad(
        "slip-unclosed-single-quote",
        edit(CASE, "unit: 思南县红十字会", "unit: '思南县红十字会"),
        f"{CASE}:3:7",
        "YAML syntax error: the quote ' opened here is never closed",
    ),
    Bad(
        "slip-unclosed-chinese-quote",
        edit(CASE, "“博爱送万家”", "“博爱送万家"),
        f"{CASE}:10:29",
        "error pair-unbalanced '“' is not closed",
        command=("lint",),
    ),
    Bad(
        "slip-chinese-quotes-around-a-colon",
        edit(CASE, "unit: 思南县红十字会", "unit: “思南县: 红十字会”"),
        f"{CASE}:3:11",
        "YAML syntax error: mapping values are not allowed here (Chinese quotes “ ” do not quote a YAML value",
    ),
    Bad(
        "slip-tab-after-spaces",
        edit(CASE, "  households: 79户", "  \thouseholds: 79户"),
        f"{CASE}:12:3",
        "YAML syntax error: a tab character is used for indentation",
    ),
    Bad(
        "slip-dash-without-space",
        edit(CASE, "tags: [物资, 红十字会]", "tags:\n  -物资\n  - 红十字会"),
        f"{CASE}:9:3",
        "the list dash '-' has no space after it (write `- 物资`: a dash, a space, then the item)",
    ),
    Bad(
        "slip-dash-without-space-after-an-item",
        edit(CASE, "tags: [物资, 红十字会]", "tags:\n  - 物资\n  -红十字会"),
        f"{CASE}:10:3",
        "YAML syntax error: the list dash '-' has no space after it",
    ),
    Bad(
        "limit-yaml-nested-500-levels",
        write(CASE, NESTED_500),
        f"{CASE}:2:56",
        "values are nested more than 50 levels deep here",
    ),
    Bad(
        "limit-yaml-nested-500-levels-build",
        write(CASE, NESTED_500),
        f"{CASE}:2:56",
        "values are nested more than 50 levels deep here",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-yaml-nested-500-levels-lint",
        write(CASE, NESTED_500),
        f"{CASE}:2:56",
        "error",
        command=("lint",),
    ),
    Bad(
        "limit-yaml-nested-block-list",
        write(CASE, "id: sinan-red-cross\ntags:\n" + "- " * 300 + "x\n"),
        f"{CASE}:3:99",
        "values are nested more than 50 levels deep here",
    ),
    Bad(
        "encoding-big5",
        lambda root: (root / CASE).write_bytes(TRADITIONAL_CASE.encode("big5")),
        f"{CASE}:2:7",
        "file is not UTF-8 (it looks like Big5, traditional Chinese as saved in Taiwan or Hong Kong) (save it as UTF-8",
    ),
    Bad(
        "encoding-shift-jis",
        lambda root: (root / CASE).write_bytes(JAPANESE_CASE.encode("shift_jis")),
        f"{CASE}:2:7",
        "file is not UTF-8 (it looks like Shift-JIS, Japanese text) (save it as UTF-8",
    ),
]
CORPUS += SLIPS


def unreadable(relative: str) -> Callable:
    """Return a setup step making the OS refuse to open `relative` (as chmod 000 would, but also as root)."""

    def apply(monkeypatch) -> None:
        import builtins

        real_open = builtins.open

        def refusing_open(file, *args, **kwargs):
            if str(file).replace(os.sep, "/").endswith(relative):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)

    return apply


TEMPLATE_LIMITS = [
    Bad(
        "limit-template-percent-format-folded",
        prepend(DOCUMENT, "{{ '%999999999d' % 1 }}"),
        f"{DOCUMENT}:1:1",
        "template error: a format pads to 999999999 characters, more than the 1000 allowed",
    ),
    Bad(
        "limit-template-percent-format-folded-build",
        prepend(DOCUMENT, "{{ '%999999999d' % 1 }}"),
        f"{DOCUMENT}:1:1",
        "template error: a format pads to 999999999 characters, more than the 1000 allowed",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-template-format-filter-folded",
        prepend(DOCUMENT, "{{ '%.999999999f'|format(1) }}"),
        f"{DOCUMENT}:1:1",
        "template error: a format pads to 999999999 characters",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-template-percent-format-of-data",
        prepend(DOCUMENT, "{% set f = '%' ~ '999999999d' %}{{ f % 1 }}"),
        f"{DOCUMENT}:1:1",
        "template tried something the sandbox forbids: a format pads to 999999999 characters",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-template-str-format-width",
        prepend(DOCUMENT, "{{ '{:>999999999}'.format(report.headline) }}"),
        f"{DOCUMENT}:1:1",
        "template error: a format pads to 999999999 characters",
    ),
    Bad(
        "limit-template-5000-digit-literal",
        prepend(DOCUMENT, "{{ " + "7" * 5000 + " }}"),
        f"{DOCUMENT}:1:4",
        "a number in the template has 5,000 digits",
    ),
    Bad(
        "limit-template-5000-digit-literal-build",
        prepend(DOCUMENT, "{{ " + "7" * 5000 + " }}"),
        f"{DOCUMENT}:1:4",
        "a number in the template has 5,000 digits",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-template-included-unreadable",
        lambda root: None,
        POINT,
        "cannot read template: Permission denied",
        setup=(unreadable(POINT),),
    ),
    Bad(
        "limit-template-included-unreadable-build",
        lambda root: None,
        POINT,
        "cannot read template: Permission denied",
        command=BUILD,
        setup=(unreadable(POINT),),
        not_written="three-front-lines.docx",
    ),
]
CORPUS += TEMPLATE_LIMITS


def sparse(relative: str, size: int) -> Mutation:
    """Return a mutation making `relative` a sparse file of `size` bytes (no disk used; reading it would take them all)."""

    def apply(root: Path) -> None:
        with open(root / relative, "wb") as handle:
            handle.truncate(size)

    return apply


def symlink_loop(relative: str) -> Mutation:
    def apply(root: Path) -> None:
        (root / relative).unlink(missing_ok=True)
        os.symlink(Path(relative).name, root / relative)

    return apply


FAKE_NAME = "data/cases/bad\nFAKE.yaml:1:1: error.yaml"
MODEL_LIMITS = [
    Bad(
        "limit-figure-4001-digits-in-wan",
        edit(CASE, "  households: 79户", "  households: {value: " + "9" * 4001 + ", unit: 户, wan: true}"),
        f"{CASE}:12:23",
        "'value' has 4,001 digits; a figure has at most 15",
    ),
    Bad(
        "limit-figure-4001-digits-in-wan-build",
        edit(CASE, "  households: 79户", "  households: {value: " + "9" * 4001 + ", unit: 户, wan: true}"),
        f"{CASE}:12:23",
        "'value' has 4,001 digits; a figure has at most 15",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-figure-4001-digits-written-with-wan",
        edit(CASE, "  households: 79户", "  households: " + "9" * 4001 + "万户"),
        f"{CASE}:12:15",
        "'households' has 4,001 digits; a figure has at most 15",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-figure-16-digits",
        edit(CASE, "  households: 79户", "  households: 1234567890123456户"),
        f"{CASE}:12:15",
        "'households' has 16 digits; a figure has at most 15",
    ),
    Bad(
        "limit-sparse-1gb-case-file",
        sparse(CASE, 1024**3),
        CASE,
        "file is too large (1,073,741,824 bytes; the limit is 1 MB)",
    ),
    Bad(
        "limit-sparse-1gb-case-file-build",
        sparse(CASE, 1024**3),
        CASE,
        "file is too large (1,073,741,824 bytes; the limit is 1 MB)",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "limit-symlink-loop-given-as-a-path",
        symlink_loop(REPORT),
        REPORT,
        "cannot read file: Too many levels of symbolic links",
        command=("validate", REPORT),
    ),
    Bad(
        "limit-symlink-loop-in-data",
        symlink_loop("data/reports/loop.yaml"),
        "data/reports/loop.yaml",
        "cannot read file: Too many levels of symbolic links",
        command=BUILD,
    ),
    Bad(
        "limit-symlink-loop-lint",
        symlink_loop(REPORT),
        REPORT,
        "error yaml cannot read file: Too many levels of symbolic links",
        command=("lint", REPORT),
    ),
    Bad(
        "name-newline-in-a-file-name-is-escaped",
        write(FAKE_NAME, "id: bad\n"),
        FAKE_NAME.replace("\n", "\\n") + ":1:1",
        "missing required key 'unit'",
    ),
    Bad(
        "name-trailing-newline-in-an-output-name",
        write("data/reports/trailing\n.yaml", (BASE / REPORT).read_text(encoding="utf-8")),
        "data/reports/trailing\\n.yaml:1:1",
        "file name 'trailing\\n' cannot be used as an output file name",
        command=BUILD,
        not_written="trailing\n.docx",
    ),
    Bad(
        "name-trailing-newline-in-an-id",
        edit(REPORT, "template: exchange", 'template: exchange\nid: "report\\n"'),
        f"{REPORT}:3:5",
        "'id' 'report\\n' may only use letters, digits",
    ),
]
CORPUS += MODEL_LIMITS


def hostile_docx(name: str, builder: str, **options) -> Mutation:
    """Return a mutation writing one of benchmarks/hostile_docx.py's hostile documents into the project."""

    def apply(root: Path) -> None:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from benchmarks import hostile_docx as builders

        getattr(builders, builder)(root / name, **options)

    return apply


def hostile_xlsx(name: str, *, doctype: bool = False, date: str = "2023-01-05") -> Mutation:
    """Return a mutation writing a one-row 台账 (openpyxl), its sheet's XML given a DOCTYPE if asked."""

    def apply(root: Path) -> None:
        import zipfile

        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["单位", "区县", "日期", "事迹"])
        book.active.append(["团市委", "", date, "招募志愿者1636人到村协助开展服务工作。"])
        book.save(root / name)
        if doctype:
            data = {i.filename: zipfile.ZipFile(root / name).read(i) for i in zipfile.ZipFile(root / name).infolist()}
            sheet = "xl/worksheets/sheet1.xml"
            data[sheet] = (
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>' + data[sheet]
            )
            with zipfile.ZipFile(root / name, "w", zipfile.ZIP_DEFLATED) as package:
                for member, content in data.items():
                    package.writestr(member, content)

    return apply


def disk_full_on_fsync(monkeypatch) -> None:
    """Make the disk full when a written file is synced: what a full disk does to the last block."""
    import errno

    from reportgen import outputs

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", full)


IMPORT_CHECK = ("import", "--check")
# Import holes of issue 18 (items 2, 7 and 12). Each failed on the code before the fix:
# the zip bomb reached a MemoryError (exit 3, after minutes), the 100 MB of <w:p/> ran for
# minutes, the deep tables and the malformed XML were lxml errors ending in "internal error"
# (exit 3), the entity declarations were parsed, and a full disk left an empty case file
# with an OSError traceback (exit 3). Each passes after.
CORPUS += [
    Bad(
        "import-docx-zip-bomb",
        hostile_docx("bomb.docx", "zip_bomb", inflated_gb=0.07),
        "bomb.docx",
        "the part word/document.xml inflates to more than 50 MB (64 MB)",
        command=(*IMPORT_CHECK, "bomb.docx"),
    ),
    Bad(
        "import-docx-100-mb-of-empty-paragraphs",
        hostile_docx("paragraphs.docx", "empty_paragraphs", inflated_mb=100),
        "paragraphs.docx",
        "the part word/document.xml inflates to more than 50 MB",
        command=(*IMPORT_CHECK, "paragraphs.docx"),
    ),
    Bad(
        "import-docx-empty-paragraphs-over-the-paragraph-limit",
        hostile_docx("paragraphs.docx", "empty_paragraphs", inflated_mb=8),
        "paragraphs.docx:word/document.xml:2:1",
        "the document holds more than 100000 paragraphs",
        command=(*IMPORT_CHECK, "paragraphs.docx"),
    ),
    Bad(
        "import-docx-5000-nested-tables",
        hostile_docx("nested.docx", "nested_tables", depth=5000),
        "nested.docx:word/document.xml:2:1706",
        "the XML nests deeper than 128 levels",
        command=(*IMPORT_CHECK, "nested.docx"),
    ),
    Bad(
        "import-docx-billion-laughs",
        hostile_docx("laughs.docx", "billion_laughs"),
        "laughs.docx:word/document.xml:2:1",
        "the XML declares a document type (DOCTYPE), which Office files never do",
        command=(*IMPORT_CHECK, "laughs.docx"),
    ),
    Bad(
        "import-docx-malformed-xml",
        hostile_docx("broken.docx", "malformed"),
        "broken.docx:word/document.xml:3:45",
        "malformed XML: ",
        command=(*IMPORT_CHECK, "broken.docx"),
    ),
    Bad(
        "import-xlsx-billion-laughs",
        hostile_xlsx("台账.xlsx", doctype=True),
        "台账.xlsx:xl/worksheets/sheet1.xml:1:1",
        "the XML declares a document type (DOCTYPE), which Office files never do",
        command=("import", "台账.xlsx", "--check"),
    ),
    Bad(
        "import-xlsx-bad-date",
        hostile_xlsx("台账.xlsx", date="2023-13-45"),
        "台账.xlsx:Sheet!C2",
        "row 2, column C (日期): '2023-13-45' is not a date",
        command=("import", "台账.xlsx", "--check"),
    ),
    Bad(
        "import-on-a-full-disk",
        write(
            "county.txt",
            "“网格”暖民心\n近日，*县开展服务。\n一、强化服务\n一是组建“服务队伍”。如*县团委组织志愿者20人开展服务。\n",
        ),
        "data/cases/县团委.yaml",
        "cannot write the file: the disk is full (free some space, then import again)",
        command=("import", "county.txt", "-o", "data/reports/county.yaml"),
        setup=(disk_full_on_fsync,),
    ),
]

# -- invisible and direction-changing characters (proofreading; the build refuses a direction control) ----
CORPUS += [
    Bad(
        "text-right-to-left-override",
        edit(CASE, "农商行在", "农商行\u202e在"),
        f"{CASE}:10:10",
        "error char-bidi direction control U+202E RIGHT-TO-LEFT OVERRIDE: the text after it is shown in another order",
        command=("lint",),
    ),
    Bad(
        "text-right-to-left-override-refused-by-build",
        edit(CASE, "农商行在", "农商行\u202e在"),
        f"{CASE}:10:10",
        "error char-bidi direction control U+202E RIGHT-TO-LEFT OVERRIDE",
        command=BUILD,
        not_written="three-front-lines.docx",
    ),
    Bad(
        "text-left-to-right-isolate",
        edit(CASE, "农商行在", "农商行\u2066在"),
        f"{CASE}:10:10",
        "error char-bidi direction control U+2066 LEFT-TO-RIGHT ISOLATE",
        command=("lint",),
    ),
    Bad(
        "text-zero-width-space",
        edit(CASE, "水晶村开展", "水晶村\u200b开展"),
        f"{CASE}:10:18",
        "error char-invisible invisible character U+200B ZERO WIDTH SPACE (delete it)",
        command=("lint",),
    ),
    Bad(
        "text-zero-width-joiner",
        edit(CASE, "水晶村开展", "水晶村\u200d开展"),
        f"{CASE}:10:18",
        "error char-invisible invisible character U+200D ZERO WIDTH JOINER",
        command=("lint",),
    ),
    Bad(
        "text-byte-order-mark-inside-text",
        edit(CASE, "水晶村开展", "水晶村\ufeff开展"),
        f"{CASE}:10:18",
        "error char-invisible invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE",
        command=("lint",),
    ),
    Bad(
        "text-tag-characters",
        edit(CASE, "春联等", "春联\U000e0041\U000e0042等"),
        f"{CASE}:10:68",
        "error char-invisible 2 invisible tag character(s) starting with U+E0041 TAG LATIN CAPITAL LETTER A",
        command=("lint",),
    ),
]

if sys.platform.startswith("linux"):
    CORPUS.append(
        Bad(
            "template-eats-memory",
            prepend(DOCUMENT, "{{ 'x'|center(10 ** 10) }}"),
            f"{DOCUMENT}:1:1",
            "template needed more than 512 MB of memory",
            command=BUILD,
            not_written="three-front-lines.docx",
        )
    )


@pytest.fixture
def bad_project(tmp_path, monkeypatch) -> Path:
    """A copy of the bad-input base project (the repository's templates), as the working directory."""
    root = copy_example_project(tmp_path / "project", data=BASE / "data")
    monkeypatch.chdir(root)
    # Compiled templates and style profiles are cached by their (relative) folder,
    # which is the same in every test project.
    rendering_module.clear_caches()
    return root


def test_corpus_is_large_and_names_are_unique():
    names = [bad.name for bad in CORPUS]
    assert len(names) == len(set(names))
    assert len([bad for bad in CORPUS if not bad.marks]) >= 40


def test_base_project_is_good(bad_project, run_cli):
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "ok: 2 documents, 2 cases"


@pytest.mark.parametrize("bad", [pytest.param(bad, marks=bad.marks, id=bad.name) for bad in CORPUS])
def test_bad_input_gives_a_located_error(bad, bad_project, run_cli, monkeypatch):
    for step in bad.setup:
        step(monkeypatch)
    bad.mutate(bad_project)
    result = run_cli(*bad.command)
    shown = result.output
    assert result.exit_code == 1, shown
    assert "Traceback" not in shown and "internal error" not in shown, shown
    expected = f"{bad.where}: {bad.message}"
    printed = result.stderr + (result.stdout if bad.command[0] == "lint" else "")  # lint's findings go to stdout
    located = [line for line in printed.splitlines() if line.startswith(f"{bad.where}: ")]
    assert any(line.startswith(expected) for line in located), (
        f"expected a line starting\n  {expected}\ngot\n{result.stderr}"
    )
    error_count = re.search(r"^(\d+) errors? found\.$", result.stderr, re.M)
    if bad.command[0] == "validate":
        assert error_count, result.stderr
    if bad.not_written:
        assert not (bad_project / "output" / bad.not_written).exists()
    assert not any(line.startswith("FAKE.yaml") for line in printed.splitlines()), printed


# -- through a real process: exit status and no traceback --------------------------------------


def run_reportgen(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DEBUG"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


SUBPROCESS_CASES = [
    "slip-full-width-colon",
    "limit-yaml-nested-500-levels-build",
    "limit-template-percent-format-folded-build",
    "limit-template-5000-digit-literal-build",
    "limit-figure-4001-digits-in-wan-build",
    "limit-symlink-loop-given-as-a-path",
    "name-newline-in-a-file-name-is-escaped",
    "encoding-big5",
    "yaml-duplicate-key",
    "encoding-gbk",
    "control-vertical-tab-from-word",
    "model-id-leaves-output",
    "template-reaches-globals",
]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_in_a_real_process(name, bad_project):
    bad = next(b for b in CORPUS if b.name == name)
    bad.mutate(bad_project)
    result = run_reportgen(bad_project, *bad.command)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert any(line.startswith(f"{bad.where}: {bad.message}") for line in result.stderr.splitlines()), result.stderr


PAYLOAD = "!!python/object/apply:os.system [\"touch '{marker}'\"]\n"


@pytest.mark.parametrize("command", [("validate",), ("build", "-j", "1")])
def test_python_tag_runs_nothing_and_creates_nothing(command, bad_project, tmp_path):
    marker = tmp_path / "owned"
    payload = PAYLOAD.format(marker=marker)
    # The payload is live: a loader that constructs Python objects runs it.
    yaml.unsafe_load(payload)
    assert marker.exists()
    marker.unlink()

    (bad_project / CASE).write_text(payload, encoding="utf-8")
    (bad_project / REPORT).write_text(
        f"headline: !!python/object/new:subprocess.check_output [[touch, '{marker}']]\n", encoding="utf-8"
    )
    result = run_reportgen(bad_project, *command)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{CASE}:1:1: YAML tag '!!python/object/apply:os.system' is not allowed" in result.stderr
    assert f"{REPORT}:1:11: YAML tag '!!python/object/new:subprocess.check_output' is not allowed" in result.stderr
    assert not marker.exists()
    assert not (bad_project / "output" / "three-front-lines.docx").exists()


MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "reportgen", "validate", sys.argv[1]], capture_output=True, text=True, encoding="utf-8")
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_bytes = peak if sys.platform == "darwin" else peak * 1024
    print(result.returncode, elapsed, peak_bytes)
    sys.stderr.write(result.stderr)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="peak memory of a child is measured with resource.getrusage")
def _measure(root: Path, *args: str) -> tuple[int, float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    status, elapsed, peak_bytes = measured.stdout.split()
    return int(status), float(elapsed), int(peak_bytes), measured.stderr


def test_alias_bomb_is_refused_quickly_in_little_memory(bad_project):
    """The billion-laughs file names 9**10 (3.5 billion) strings; expanded, it would need hundreds of GB.

    Measured in a fresh process (a wrapper whose only child is reportgen, so
    RUSAGE_CHILDREN is reportgen's own peak). Refusing it takes a Python start-up
    and a few hundred bytes of parsing: about 0.2 s and 40 MB on a laptop. The time
    is compared with validating the good file on the same machine at the same
    moment (a loaded CI machine starts Python slowly and unevenly): under three
    times that and 2 s; an expanded bomb would miss both bounds by orders of magnitude.
    """
    _status, baseline, _peak, _shown = _measure(bad_project, CASE)
    (bad_project / CASE).write_text(alias_bomb(), encoding="utf-8")
    status, elapsed, peak_bytes, stderr = _measure(bad_project, CASE)
    assert status == 1, stderr
    assert f"{CASE}:2:10: YAML aliases (*name) are not allowed" in stderr
    assert "Traceback" not in stderr
    assert elapsed < 3 * baseline + 2.0, f"took {elapsed:.2f} s (a good file: {baseline:.2f} s)"
    assert peak_bytes < 200 * 1024 * 1024, f"peak memory {peak_bytes / 1024 / 1024:.0f} MB"


def test_sparse_1gb_case_file_is_refused_by_its_size_unread(bad_project):
    """A sparse 1 GB case file is refused by its size: reading it (as the library's stamp once did) would take 1 GB."""
    sparse(CASE, 1024**3)(bad_project)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE.replace('"validate", sys.argv[1]', '"validate"'), CASE],
        cwd=bad_project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    status, _elapsed, peak_bytes = measured.stdout.split()
    assert int(status) == 1, measured.stderr
    assert f"{CASE}: file is too large (1,073,741,824 bytes; the limit is 1 MB)" in measured.stderr
    assert int(peak_bytes) < 200 * 1024 * 1024, f"peak memory {int(peak_bytes) / 1024 / 1024:.0f} MB"


# -- accepted inputs: what looks odd but is fine ------------------------------------------------


def document_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_utf8_bom_and_crlf_are_accepted(bad_project, run_cli):
    for relative in (CASE, REPORT):
        path = bad_project / relative
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    text = document_text(bad_project / "output" / "three-front-lines.docx")
    assert "“三个一线”组织群团力量筑牢农村疫情防控屏障" in text
    assert "思南县红十字会联合思南农商行" in text
    assert "\r" not in text and "\ufeff" not in text


def test_errors_in_a_crlf_file_have_the_lines_an_editor_shows(bad_project, run_cli):
    path = bad_project / CASE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"unit:", b"unti:").replace(b"\n", b"\r\n"))
    result = run_cli("validate")
    assert result.exit_code == 1
    assert f"{CASE}:3:1: unknown key 'unti' (did you mean 'unit'?)" in result.stderr


def test_gbk_case_never_reaches_a_document_as_mojibake(bad_project, run_cli):
    """A GBK file is refused by name and encoding; the build writes no document from it."""
    (bad_project / CASE).write_bytes((BASE / CASE).read_text(encoding="utf-8").encode("gbk"))
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert (
        f"{CASE}:3:7: file is not UTF-8 (it looks like GBK/GB18030, as Windows editors save Chinese text)"
        in result.stderr
    )
    output = bad_project / "output"
    assert not (output / "three-front-lines.docx").exists()
    assert not (output / "2023-01.docx").exists()


def test_text_that_looks_like_template_code_is_printed_as_it_is(bad_project, run_cli):
    """Data is never evaluated: Jinja syntax, markup and XML in a text read as themselves."""
    hostile = "{{ ''.__class__.__mro__ }}{% for x in range(9) %}<w:t>&amp;</w:t>[x]{.kicker} # *a*"
    path = bad_project / REPORT
    text = path.read_text(encoding="utf-8").replace(
        "headline: “三个一线”组织群团力量筑牢农村疫情防控屏障", "headline: " + json.dumps(hostile, ensure_ascii=False)
    )
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["headline"] == hostile
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert hostile in document_text(bad_project / "output" / "three-front-lines.docx").splitlines()


def test_text_so_long_it_is_a_paste_accident_is_a_warning(bad_project, run_cli):
    path = bad_project / CASE
    path.write_text(
        path.read_text(encoding="utf-8").replace("联合思南农商行", "联合思南农商行" + "很长的文字" * 1100, 1),
        encoding="utf-8",
    )
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert (
        f"{CASE}:9:7: warning: text is 5578 characters long; was more pasted than meant? (texts over 5000 characters are unusual)"
        in result.stderr
    )


# -- state files and caches: never trusted, never the end of a build (issue 18, items 5, 6 and 8) -------
#
# Each case below failed on the code before it: the poisoned cache put its text into the
# documents and `build --check` said "up to date"; an unreadable data/briefs/ was skipped
# with "ok: 1 document"; the damaged state files ended every build with exit status 3.


def outputs_of(root: Path) -> dict[str, bytes]:
    folder = root / "output"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}


def all_parts_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_a_poisoned_prepared_template_cache_is_detected_and_made_again(bad_project, run_cli):
    import base64
    import hashlib

    assert run_cli("build", "-j", "1").exit_code == 0
    before = outputs_of(bad_project)
    caches = sorted((bad_project / "output" / ".reportgen-cache").glob("prepared-*.json"))
    assert caches
    for cache in caches:
        envelope = json.loads(cache.read_text(encoding="utf-8"))
        payload = json.loads(envelope["payload"])
        parts = []
        for name, blob in payload["parts"]:
            data = base64.b64decode(blob)
            if name == "word/settings.xml":
                data = data.replace(b"</w:settings>", b'<w:attachedTemplate r:id="rIdEvil"/></w:settings>')
            if name.startswith("word/footer"):
                data = data.replace(b"</w:ftr>", b"<w:p><w:r><w:t>INJECTED</w:t></w:r></w:p></w:ftr>")
            parts.append([name, base64.b64encode(data).decode("ascii")])
        payload["parts"] = parts
        payload["document_head"] = payload["document_head"].replace(
            "<w:body>", "<w:body><w:p><w:r><w:t>INJECTED</w:t></w:r></w:p>"
        )
        envelope["payload"] = json.dumps(payload, ensure_ascii=False)
        # whoever edits the file can also recompute its content digest; not its signature
        envelope["content"] = hashlib.sha256(envelope["payload"].encode("utf-8")).hexdigest()
        cache.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    check = run_cli("build", "--check")
    assert check.exit_code == 1, check.output
    assert "out of date: output/three-front-lines.docx" in check.output
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    for name in before:
        text = all_parts_text(bad_project / "output" / name)
        assert "INJECTED" not in text and "attachedTemplate" not in text
    assert outputs_of(bad_project) == before  # the documents hold only what the templates and data say
    for cache in caches:
        assert "INJECTED" not in cache.read_text(encoding="utf-8")  # made again, silently
    assert run_cli("build", "--check").exit_code == 0


def test_a_prepared_template_cache_from_elsewhere_is_not_used(bad_project, run_cli, tmp_path, monkeypatch):
    """A cache file signed with another user's key (copied in, or planted) is made again."""
    assert run_cli("build", "-j", "1").exit_code == 0
    before = outputs_of(bad_project)
    monkeypatch.setenv("REPORTGEN_CACHE_KEY_FILE", str(tmp_path / "other-key"))
    result = run_cli("build", "-j", "1", "--force")
    assert result.exit_code == 0, result.output
    assert outputs_of(bad_project) == before


@pytest.mark.parametrize("command", [("validate",), ("build", "-j", "1"), ("lint",)])
def test_an_unreadable_data_folder_is_an_error_naming_it(command, bad_project, run_cli, monkeypatch):
    """data/briefs/ with chmod 000 (simulated: the tests run as root, whom permissions do not stop)."""
    assert run_cli("build", "-j", "1").exit_code == 0
    before = outputs_of(bad_project)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(os.fspath(path)).as_posix().endswith("data/briefs"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli(*command)
    assert result.exit_code == 1, result.output
    assert "data/briefs: cannot read this folder: Permission denied (check its permissions" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert outputs_of(bad_project) == before


DAMAGED_STATE = {
    "manifest-outputs-a-list": (".reportgen-manifest.json", b'{"format": 1, "outputs": [1]}'),
    "manifest-outputs-text": (".reportgen-manifest.json", b'{"format": 1, "outputs": "abc"}'),
    "manifest-record-garbage": (
        ".reportgen-manifest.json",
        b'{"format": 1, "outputs": {"2023-01.docx": {"source": 1, "inputs": [], "output": "x"}}}',
    ),
    "manifest-not-utf8": (".reportgen-manifest.json", '{"format": 1}'.encode("utf-16")),
    "library-state-not-utf8": (".reportgen-library", b"\xff\xfe\x00garbage"),
    "library-state-garbage": (".reportgen-library", b"not a digest"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_STATE))
def test_a_damaged_state_file_is_a_warning_and_a_full_rebuild(damage, bad_project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = outputs_of(bad_project)
    name, content = DAMAGED_STATE[damage]
    (bad_project / "output" / name).write_bytes(content)
    check = run_cli("build", "--check")
    assert check.exit_code == 1, check.output  # everything is rebuilt: the check says so
    assert "internal error" not in check.output
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (
        f"output/{name}: warning: this record of earlier builds is damaged; it is ignored and every document is rebuilt"
        in result.output
    )
    assert "2 built, 0 up to date, 0 failed" in result.output
    assert outputs_of(bad_project) == before
    again = run_cli("build", "-j", "1")
    assert "0 built, 2 up to date" in again.output and "damaged" not in again.output
