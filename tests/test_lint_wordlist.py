"""Tests for the wordlist rule and for data/wordlist.yaml itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.lint.wordlist import parse_wordlist
from reportgen.source import load_yaml_file

REPO = Path(__file__).resolve().parents[1]
CASE = "data/cases/c.yaml"


def case_yaml(text: str, unit: str = "测试单位") -> str:
    """Return a case whose text (a plain value) starts at line 4, column 7."""
    return f"id: c1\nunit: {unit}\ndate: 2023-01-05\ntext: {text}\n"


@pytest.fixture
def lint(lint_files, tmp_path):
    """Lint a project holding the given files and, unless one is given, the repository's word list."""

    def run(files: dict[str, str], *, rule: str | None = "wordlist") -> list[str]:
        if "data/wordlist.yaml" not in files:
            (tmp_path / "data").mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "data" / "wordlist.yaml", tmp_path / "data" / "wordlist.yaml")
        return lint_files(files, rule=rule)

    return run


def test_the_repository_word_list_is_valid():
    source, problems = load_yaml_file(REPO / "data" / "wordlist.yaml")
    assert problems == []
    wordlist, findings = parse_wordlist(source)
    assert findings == []
    assert len(wordlist.entries) >= 10
    assert all(entry.reason and entry.preferred for entry in wordlist.entries)


def test_banned_word_with_its_reason_and_preferred_wording(lint):
    assert lint({CASE: case_yaml("截止目前，已动员志愿者")}) == [
        f"{CASE}:4:7: warning wordlist '截止目前': 截止 means \"to close at a deadline\"; \"up to now\" is 截至 (write '截至目前')",
    ]


def test_preferred_wording_is_not_reported(lint):
    assert lint({CASE: case_yaml("截至目前，已动员志愿者，报名截止日期为1月10日")}) == []


def test_honorific(lint):
    assert lint({CASE: case_yaml("感谢贵局的大力支持")}) == [
        f"{CASE}:4:9: warning wordlist '贵局': an exchange material or brief addresses no one; name the unit instead of using the honorific 贵 (write '单位全称')",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "向贵阳市财政局报送材料",  # a city's bureau, not the honorific
        "积累了宝贵市场经验",  # 宝贵 + 市场: 贵市 straddles two words
        "贵州省贵阳市贵安新区",  # place names
    ],
)
def test_words_inside_longer_words_and_names(lint, text):
    assert lint({CASE: case_yaml(text)}) == []


def test_a_case_unit_protects_its_own_name(lint):
    files = {
        "data/wordlist.yaml": "words:\n  - banned: 阳市\n    preferred: x\n    reason: test entry\n",
        CASE: case_yaml("与贵阳市财政局联合开展", unit="贵阳市财政局"),
    }
    assert lint(files) == []


def test_wording_inside_a_document_title_is_left_as_quoted(lint):
    assert lint({CASE: case_yaml("印发《关于其它事项的通知》，其它单位参照执行")}) == [
        f"{CASE}:4:21: warning wordlist '其它': official documents write 其他 for people and things alike (write '其他')",
    ]


def test_the_longest_banned_word_is_reported_once(lint):
    files = {
        "data/wordlist.yaml": (
            "words:\n"
            "  - banned: 做出\n    preferred: 作出\n    reason: short entry\n"
            "  - banned: 做出贡献\n    preferred: 作出贡献\n    reason: long entry\n"
        ),
        CASE: case_yaml("为防控做出贡献"),
    }
    assert lint(files) == [f"{CASE}:4:10: warning wordlist '做出贡献': long entry (write '作出贡献')"]


ATTACHMENT_LIST = "words:\n  - banned: 附件1\n    preferred: 附件：1\n    reason: attachment note\n    severity: error\n  - banned: APP\n    preferred: 客户端\n    reason: Latin abbreviation\n"


def test_a_banned_word_ending_in_a_digit(lint):
    assert lint({"data/wordlist.yaml": ATTACHMENT_LIST, CASE: case_yaml("详见附件1。")}) == [
        f"{CASE}:4:9: error wordlist '附件1': attachment note (write '附件：1')",
    ]


@pytest.mark.parametrize("text", ["购置附件10万元", "附件1.5万元", "附件12份"])
def test_a_banned_word_ending_in_a_digit_does_not_match_inside_a_number(lint, text):
    assert lint({"data/wordlist.yaml": ATTACHMENT_LIST, CASE: case_yaml(text)}) == []


def test_latin_words_match_whole(lint):
    files = {"data/wordlist.yaml": ATTACHMENT_LIST, CASE: case_yaml("下载APP与APPLE手机的WeChatAPP")}
    assert lint(files) == [f"{CASE}:4:9: warning wordlist 'APP': Latin abbreviation (write '客户端')"]


# -- mistakes in the word list itself -------------------------------------------------------------


def test_word_list_mistakes_are_located(lint):
    text = (
        "words:\n"
        "  - banned: 其它\n"
        "    reason: no preferred\n"
        "  - banned: 截止\n"
        "    preferred: 截止日期\n"
        "    reason: contains itself\n"
        "  - banned: 部份\n"
        "    preferd: 部分\n"
        "    preferred: 部分\n"
        "    reason: typo in a key\n"
        "  - banned: 部份\n"
        "    preferred: 部分\n"
        "    reason: twice\n"
        "colours: []\n"
    )
    assert lint({"data/wordlist.yaml": text}, rule="wordlist-file") == [
        "data/wordlist.yaml:2:5: error wordlist-file entry 1 has no preferred (every entry needs banned, preferred and reason)",
        "data/wordlist.yaml:4:13: error wordlist-file the preferred wording '截止日期' contains the banned '截止' (the check would flag the fix itself)",
        "data/wordlist.yaml:8:5: error wordlist-file unknown key 'preferd' in entry 3 (allowed keys: banned, preferred, reason, except, severity)",
        "data/wordlist.yaml:11:13: error wordlist-file '部份' is listed twice (first at line 7) (keep one entry)",
        "data/wordlist.yaml:14:1: error wordlist-file unknown key 'colours' (allowed keys: words, names, set_phrases, variants)",
    ]


def test_word_list_that_is_not_yaml(lint):
    assert lint({"data/wordlist.yaml": "words: [\n"}, rule=None)[0].startswith(
        "data/wordlist.yaml:2:1: error yaml YAML syntax error"
    )


def test_the_word_list_is_not_checked_as_prose(lint):
    assert lint({}, rule=None) == []
