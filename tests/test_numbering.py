import pytest

from reportgen import numbering


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1000, "一千"),
        (1001, "一千零一"),
        (10000, "一万"),
        (10001, "一万零一"),
        (25719, "二万五千七百一十九"),
    ],
)
def test_cn_numeral(n, text):
    assert numbering.cn_numeral(n) == text


def test_section_numbers_go_past_ten():
    assert [numbering.section_number(n) for n in (1, 2, 10, 11, 12)] == ["一、", "二、", "十、", "十一、", "十二、"]


def test_deeper_levels():
    assert numbering.subsection_number(3) == "（三）"
    assert numbering.level3_number(2) == "2."
    assert numbering.level4_number(12) == "（12）"


def test_point_ordinals():
    assert [numbering.point_ordinal(n) for n in (1, 2, 3, 10, 11)] == ["一是", "二是", "三是", "十是", "十一是"]


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_cn_numeral_refuses_non_counts(bad):
    with pytest.raises(ValueError):
        numbering.cn_numeral(bad)


@pytest.mark.parametrize(
    "value, text",
    [(10000, "1万"), (75000, "7.5万"), (12345, "1.2345万"), (9999, "9999"), (250000, "25万")],
)
def test_wan(value, text):
    assert numbering.wan(value) == text


@pytest.mark.parametrize(
    "args, kwargs, text",
    [
        ((79, "户"), {}, "79户"),
        ((100, "人"), {"approx": True}, "100余人"),
        ((10000, "元"), {"approx": True, "in_wan": True}, "1万余元"),
        ((75000, "元"), {}, "75000元"),
        ((2222.0, "人次"), {}, "2222人次"),
    ],
)
def test_figure_text(args, kwargs, text):
    assert numbering.figure_text(*args, **kwargs) == text
