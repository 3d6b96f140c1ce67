"""Unit tests of reportgen/source.py, yaml_errors.py and encoding.py: YAML read with positions, slips explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.encoding import detect_encoding
from reportgen.source import MAX_DEPTH, FileTooLarge, load_yaml_file, load_yaml_text, read_limited


def load(text: str):
    return load_yaml_text(text.encode("utf-8"), Path("x.yaml"), "x.yaml")


def messages(text: str) -> list[str]:
    source, problems = load(text)
    assert source is None, "expected the file to be refused"
    return [problem.format() for problem in problems]


def test_positions_of_keys_and_values():
    source, problems = load("id: a\nfigures:\n  people: 3人\ntags: [x, y]\n")
    assert problems == []
    assert source.data == {"id": "a", "figures": {"people": "3人"}, "tags": ["x", "y"]}
    assert str(source.location(("figures", "people"))) == "x.yaml:3:11"
    assert str(source.location(("figures", "people"), key=True)) == "x.yaml:3:3"
    assert str(source.location(("tags", 1))) == "x.yaml:4:11"
    assert str(source.location(("no", "such"))) == "x.yaml:1:1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: a\nregion：江口县\n",
            "x.yaml:2:7: YAML syntax error: a full-width colon '：' (U+FF1A) follows the key 'region' "
            "(write a half-width colon and a space: `region: 江口县`)",
        ),
        (
            "id: a\nfigures:\n  people：3人\nb: 1\n",
            "x.yaml:3:9: a full-width colon '：' (U+FF1A) follows the key 'people'",
        ),
        ("id: a\nfigures:\n\u3000\u3000people: 3人\n", "x.yaml:3:1: a full-width space '\u3000' (U+3000) is used"),
        ("id: a\nregion 江口县\nunit: x\n", "x.yaml:2:7: YAML syntax error: the key 'region' has no colon after it"),
        ('id: a\ntext: "你好\nunit: x\n', 'x.yaml:2:7: YAML syntax error: the quote " opened here is never closed'),
        ("id: a\ntext: '你好\nunit: x\n", "x.yaml:2:7: YAML syntax error: the quote ' opened here is never closed"),
        ("id: a\nfigures:\n\tpeople: 3人\n", "x.yaml:3:1: YAML syntax error: a tab character is used for indentation"),
        ("id: a\ntags:\n  -志愿服务\n  - 物资\n", "x.yaml:3:3: the list dash '-' has no space after it"),
    ],
)
def test_typing_slips_are_found_where_they_are(text, expected):
    assert any(line.startswith(expected) for line in messages(text)), messages(text)


def test_text_that_only_looks_like_a_slip_is_read():
    source, problems = load("id: a\ntext: >-\n  主要做法：一是\n  -10度的天气\nunit: 单位：某某\n")
    assert problems == []
    assert source.data["text"] == "主要做法：一是 -10度的天气"


def test_depth_is_bounded_before_the_recursion_runs_out():
    assert messages("a: " + "[" * 500 + "]" * 500 + "\n")[0].startswith(
        f"x.yaml:1:{3 + MAX_DEPTH}: values are nested more than {MAX_DEPTH} levels deep here"
    )
    assert "levels deep" in messages("a:\n" + "- " * 300 + "x\n")[0]
    source, problems = load("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n")
    assert problems == [] and source is not None


def test_a_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(1024**3)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(FileTooLarge):
        read_limited(path)
    source, problems = load_yaml_file(path)
    assert source is None
    assert problems[0].message.startswith("file is too large (1,073,741,824 bytes")


def test_a_folder_or_a_symlink_loop_cannot_be_read(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    for name in ("folder.yaml", "loop.yaml"):
        source, problems = load_yaml_file(tmp_path / name)
        assert source is None and problems[0].message.startswith("cannot read file: "), problems


@pytest.mark.parametrize(
    ("text", "encoding", "family"),
    [
        ("unit: 思南县红十字会\ntext: 联合思南农商行开展宣讲活动，为群众送去口罩、大米等物资\n", "gb18030", "gb18030"),
        ("unit: 思南縣紅十字會\ntext: 聯合思南農商行開展宣講活動，為群眾送去口罩、大米等物資\n", "big5", "big5"),
        (
            "unit: 東京都の赤十字\ntext: マスクと米を配りました。地域の皆さんに物資を届けました\n",
            "shift_jis",
            "shift_jis",
        ),
    ],
)
def test_the_encoding_of_a_file_that_is_not_utf8_is_named(text, encoding, family):
    raw = text.encode(encoding)
    assert detect_encoding(raw) == family
    source, problems = load_yaml_text(raw, Path("x.yaml"), "x.yaml")
    assert source is None
    assert problems[0].location.line == 1 and problems[0].location.column == 7
    assert problems[0].message.startswith("file is not UTF-8 (it looks like")
