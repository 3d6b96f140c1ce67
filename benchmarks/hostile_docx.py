"""Hostile and large .docx files for the import's limits: built in a few seconds, written to a path.

Used by `benchmarks/import_limits.py` (which measures how fast and in how little memory
they are refused or read) and by the bad-input corpus in tests/test_bad_inputs.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
TAIL = "</w:body></w:document>"


def _package(path: Path, document_chunks, *, level: int = 9) -> Path:
    """Write a minimal .docx whose document.xml is the concatenation of `document_chunks` (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            for chunk in document_chunks:
                member.write(chunk)
    return path


def zip_bomb(path: Path, inflated_gb: float = 4.8) -> Path:
    """A .docx of about 5 MB whose document.xml inflates to `inflated_gb` GB of blanks inside a paragraph."""
    block = b" " * (16 * 1024 * 1024)
    count = int(inflated_gb * 1024 / 16)

    def chunks():
        yield (HEAD + "<w:p><w:r><w:t>").encode()
        for _ in range(count):
            yield block
        yield ("</w:t></w:r></w:p>" + TAIL).encode()

    return _package(path, chunks())


def empty_paragraphs(path: Path, inflated_mb: int = 100) -> Path:
    """A small .docx whose document.xml holds `inflated_mb` MB of `<w:p/>`."""
    block = b"<w:p/>" * (1024 * 1024 // 6)

    def chunks():
        yield HEAD.encode()
        for _ in range(inflated_mb):
            yield block
        yield TAIL.encode()

    return _package(path, chunks())


def nested_tables(path: Path, depth: int = 5000) -> Path:
    """A .docx with `depth` tables each inside the only cell of the one before."""
    opening = "<w:tbl><w:tr><w:tc>" * depth
    closing = "<w:p/></w:tc></w:tr></w:tbl>" * depth
    return _package(path, [(HEAD + opening + "<w:p><w:r><w:t>深处</w:t></w:r></w:p>" + closing + TAIL).encode()])


def billion_laughs(path: Path) -> Path:
    """A .docx whose document.xml declares the nested "lol" entities and uses the last one."""
    entities = ['<!ENTITY lol "lol">']
    entities += [f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)]
    doctype = "<!DOCTYPE w:document [" + "".join(entities) + "]>"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + doctype
        + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _package(path, [xml.encode()])


def malformed(path: Path) -> Path:
    """A .docx whose document.xml breaks off inside a paragraph's run (line 2)."""
    return _package(path, [(HEAD + "\n<w:p><w:r><w:t>正文</w:t></w:r>").encode() + b"<w:p><w:r><w:t>\xe6\xad</w:r>"])


def report_lines(count: int) -> list[str]:
    """Return `count` lines of a report as offices write it: sections, subsections, points with cases."""
    lines = ["“网格化”服务经验交流材料", "近年来，*市坚持把网格化服务作为基层治理的抓手，推动服务力量下沉。"]
    section = 0
    while len(lines) < count:
        section += 1
        lines.append(f"{_cn(section)}、强化第{section}项保障，夯实基层基础")
        for sub in range(1, 5):
            lines.append(f"（{_cn(sub)}）抓好第{sub}方面工作")
            for point in range(1, 100):
                if len(lines) >= count:
                    return lines
                example = (
                    f"如第{section}街道社区居委会组织网格员{point + 5}名走访群众{point * 3}户。" if point == 1 else ""
                )
                lines.append(
                    f"{_cn(point)}是抓好“第{point}项任务”。全市组织志愿者{point * 10}人开展服务，"
                    f"累计走访群众{point * 30}户。{example}"
                )
    return lines


def many_paragraphs(path: Path, count: int = 20000) -> Path:
    """A well-formed .docx report of `count` paragraphs (see `report_lines`), made with python-docx."""
    import docx

    document = docx.Document()
    for line in report_lines(count):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def many_lines_text(path: Path, count: int = 20000) -> Path:
    """A .txt of `count` lines, the same report as `many_paragraphs`."""
    path.write_text("\n".join(report_lines(count)) + "\n", encoding="utf-8")
    return path


def _cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
