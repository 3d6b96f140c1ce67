"""Photos of cases in the documents: upright, within the type area, stored once, the same bytes every build."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

EMU_PER_MM = 36000
TYPE_WIDTH = 156 * EMU_PER_MM
MAX_HEIGHT = 100 * EMU_PER_MM  # the example profiles' photos.max_height

needs_soffice = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed (CI installs it)"
)


def _extents(xml: str) -> list[tuple[int, int]]:
    return [(int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)]


def _parts(docx: Path) -> tuple[str, dict[str, bytes]]:
    with zipfile.ZipFile(docx) as archive:
        media = {n: archive.read(n) for n in archive.namelist() if n.startswith("word/media/")}
        return archive.read("word/document.xml").decode("utf-8"), media


def test_the_example_brief_shows_two_photos_side_by_side_stored_once_upright_and_small(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    docx = project / "output/2023-01.docx"
    assert docx.stat().st_size < 1.5 * 1024 * 1024
    xml, media = _parts(docx)
    # the case with the photos is printed once (its lead article names it by id): the pair, two stored images
    extents = _extents(xml)
    assert len(extents) == 2
    assert len(media) == 2
    cell = (TYPE_WIDTH // 2) - 4 * EMU_PER_MM  # half the type area, less the gap
    for cx, cy in extents:
        assert 0 < cx <= cell + EMU_PER_MM // 10 and 0 < cy <= MAX_HEIGHT
    sizes = sorted(Image.open(io.BytesIO(data)).size for data in media.values())
    # downscaled to 1600 px on the long side, and the EXIF orientation applied: the goods photo stands upright
    assert sizes == [(1200, 1600), (1600, 1200)]
    for data in media.values():
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and not image.getexif()
    # each photo's aspect kept
    ratios = sorted(round(cx / cy, 2) for cx, cy in extents)
    assert ratios == [0.75, 1.33]
    import docx as python_docx

    document = python_docx.Document(str(docx))
    pair = next(t for t in document.tables if len(t.rows) == 2 and "官寨村" in t.rows[1].cells[0].text)
    captions = [p for cell in pair.rows[1].cells for p in cell.paragraphs if p.text]
    assert [p.style.name for p in captions] == ["图注", "图注"]
    assert captions[0].text == "志愿者在紫薇镇官寨村开展“文明村寨暖冬行动”（共青团印江自治县委供图）"
    assert captions[1].text == "爱心企业捐赠的物资运抵官寨村（2023年1月9日）"
    assert 'w:tblBorders><w:top w:val="nil"/>' in xml  # borderless


def test_the_exchange_material_shows_each_photo_centred_within_the_type_area(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    import docx as python_docx

    path = project / "output/three-front-lines.docx"
    xml, media = _parts(path)
    extents = _extents(xml)
    assert len(extents) == 1 and len(media) == 1  # the template places the case's first photo
    for cx, cy in extents:
        assert cx <= TYPE_WIDTH and cy <= MAX_HEIGHT
    assert extents[0][0] < (1600 * 9525)  # shrunk to fit, not shown at its own size
    document = python_docx.Document(str(path))
    paragraphs = document.paragraphs
    at = [i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing")]
    pictures = [paragraphs[i] for i in at]
    assert [p.style.name for p in pictures] == ["图片"]
    assert all(p.style.paragraph_format.alignment == 1 for p in pictures)  # centred
    follows = [paragraphs[i + 1] for i in at]
    assert [p.style.name for p in follows] == ["图注"]


def test_photos_are_the_same_bytes_every_build(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    first = (project / "output/2023-01.docx").read_bytes()
    assert run_cli("build", "-j", "1", "--force").exit_code == 0
    assert (project / "output/2023-01.docx").read_bytes() == first


def test_a_small_photo_is_never_enlarged_and_a_png_stays_png(project, run_cli):
    Image.new("RGB", (200, 100), (200, 30, 30)).save(project / "data/cases/small.png")
    case = project / "data/cases/yinjiang-youth-league.yaml"
    text = case.read_text(encoding="utf-8")
    text = text[: text.index("photos:")] + "photos:\n  - path: small.png\n    caption: 小图\n"
    case.write_text(text, encoding="utf-8")
    assert run_cli("build", "-j", "1").exit_code == 0
    xml, media = _parts(project / "output/three-front-lines.docx")
    assert _extents(xml) == [(200 * 9525, 100 * 9525)]
    assert [n.rsplit(".", 1)[1] for n in media] == ["png"]


@pytest.mark.libreoffice
@needs_soffice
def test_on_the_pdf_page_the_photos_sit_inside_the_type_area(project, run_cli, tmp_path):
    import subprocess

    import pdfplumber

    assert run_cli("build", "-j", "1").exit_code == 0
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(project / "output/2023-01.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    mm = 72 / 25.4
    left, right, top, bottom = 28 * mm, (210 - 26) * mm, 37 * mm, (297 - 35) * mm
    found = 0
    with pdfplumber.open(tmp_path / "2023-01.pdf") as pdf:
        for page in pdf.pages:
            for image in page.images:
                found += 1
                assert image["x0"] >= left - 1 and image["x1"] <= right + 1, image
                assert image["top"] >= top - 1 and image["bottom"] <= bottom + 1, image
                assert image["x1"] - image["x0"] > 50 * mm  # shown, not a speck
    assert found == 2


# -- bad photos: a located error, exit 1, earlier outputs untouched ---------------------------------


def _png_header(width: int, height: int) -> bytes:
    """Return a PNG that claims `width` × `height` pixels and holds a few bytes: a pixel bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((800, 600), 40).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 2]


BAD_PHOTOS = [
    ("missing", None, "missing.jpg", "photo not found: missing.jpg"),
    ("truncated-jpeg", _truncated_jpeg, "half.jpg", "the image cannot be read ("),
    ("pixel-bomb-png", lambda: _png_header(30000, 30000), "bomb.png", "the image is larger than 50 megapixels"),
    (
        "svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        "logo.svg",
        "photos must be JPEG or PNG files, not '.svg'",
    ),
    ("text-named-jpg", lambda: "这不是图片".encode(), "note.jpg", "not an image reportgen can read"),
    ("outside-the-project", None, "../../../../etc/hostname", "a photo's path must be inside the project"),
]


@pytest.mark.parametrize(("name", "content", "path", "message"), BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS])
def test_a_bad_photo_is_a_located_error_and_nothing_is_overwritten(project, run_cli, name, content, path, message):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = {p.name: p.read_bytes() for p in (project / "output").glob("*.docx")}
    if content is not None:
        (project / "data/images" / path).write_bytes(content())
    case = project / "data/cases/yinjiang-youth-league.yaml"
    text = case.read_text(encoding="utf-8").replace("path: relief-goods.jpg", f"path: {path}")
    case.write_text(text, encoding="utf-8")
    line = text[: text.index(f"path: {path}")].count("\n") + 1
    column = text.splitlines()[line - 1].index(path) + 1
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"data/cases/yinjiang-youth-league.yaml:{line}:{column}: {message}" in result.output, result.output
    after = {p.name: p.read_bytes() for p in (project / "output").glob("*.docx")}
    assert after == before
