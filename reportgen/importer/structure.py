"""Recognise a document's structure from text as offices write it.

The headline and lead; level-1 sections 一、二、…; level-2 （一）, level-3 1. and
level-4 （1） headings; run-in points 一是/二是/… with their key phrase; example
cases introduced by 如…, with unit, place and figures. Word styles, where the
source has them, settle what the text alone leaves open.

Recognition runs twice over the cleaned text: the first pass finds the points and
repairs what extraction lost (closing quotes, full stops), the second splits the
repaired text into the report's parts. Splitting only cuts the text, so the report
holds every character of it; `check_faithful` proves that at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..i18n import _
from . import numerals
from .mapped import ADDED, CHANGED, DOUBT, REMOVED, Ledger, MappedText, is_han
from .noise import Edit, apply_edits, lines_of
from .readers import SourceDocument

_NUM = "[一二三四五六七八九十]{1,3}"
L1_RE = re.compile(rf"({_NUM})、")
L2_RE = re.compile(rf"（({_NUM})）")
L3_RE = re.compile(r"(\d{1,2})[.．](?![\d])")
L3_START_RE = re.compile(r"(\d{1,2})[.．、](?![\d])")
L4_RE = re.compile(r"（(\d{1,2})）")
POINT_RE = re.compile(rf"({_NUM})是")

SENTENCE_ENDS = "。！？"
CLOSERS = "”’）」』"
# the characters a heading or point marker can follow inside a line
_MARKER_PLACE = re.compile(f"[{SENTENCE_ENDS}{CLOSERS}，：]")

TITLE_STYLES = {"眉题"}
HEADLINE_STYLES = {"标题", "Title"}
SIGNATURE_STYLES = {"落款"}
DATE_STYLES = {"成文日期"}
HEADING_STYLES = {
    "一级标题": 1,
    "二级标题": 2,
    "三级标题": 3,
    "四级标题": 4,
    "Heading 1": 1,
    "Heading 2": 2,
    "Heading 3": 3,
    "Heading 4": 4,
}

KIND_WORDS = (
    "经验交流材料",
    "交流材料",
    "典型材料",
    "经验材料",
    "汇报材料",
    "典型经验",
    "工作汇报",
    "情况汇报",
    "工作总结",
    "情况报告",
)
_KIND_RE = re.compile("|".join(KIND_WORDS))
_LEAD_OPENERS = re.compile(
    r"连日来|近日|近年来|今年以来|去年以来|近期以来|近期|日前|当前|年初以来|入冬以来|入春以来|疫情发生以来|"
    r"自.{1,15}?以来|为(?:进一步|深入|全面|切实|有效|更好|认真|扎实)|\d{4}年"
)
_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_CN_DATE_RE = re.compile(
    r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)
_ISSUER_ENDINGS = (
    "委",
    "部",
    "局",
    "办",
    "室",
    "会",
    "厅",
    "院",
    "中心",
    "组",
    "处",
    "政府",
    "公司",
    "街道",
    "镇",
    "乡",
    "村",
    "县",
    "区",
    "市",
    "队",
    "站",
    "所",
    "团",
    "联",
)

UNIT_SUFFIXES = (
    "委",
    "会",
    "局",
    "院",
    "团",
    "联",
    "部",
    "办",
    "所",
    "站",
    "中心",
    "组织",
    "公司",
    "街道",
    "队",
    "馆",
    "校",
    "行",
    "社",
    "厅",
    "处",
    "科",
    "室",
    "村",
    "镇",
    "乡",
    "县",
    "区",
    "市",
    "宫",
    "组",
    "基地",
    "集团",
    "企业",
)
ACTION_WORDS = (
    "积极",
    "主动",
    "联合",
    "组织",
    "招募",
    "向",
    "为",
    "在",
    "与",
    "深入",
    "开展",
    "发放",
    "迅速",
    "及时",
    "通过",
    "围绕",
    "依托",
    "动员",
    "带领",
    "筹集",
    "捐赠",
    "捐款",
    "捐助",
    "成立",
    "组建",
    "发动",
    "协调",
    "利用",
    "投入",
    "先后",
    "累计",
    "共",
    "已",
    "充分",
    "持续",
    "第一时间",
    "派出",
    "选派",
    "送去",
    "走访",
    "慰问",
    "以",
    "把",
    "将",
    "对",
    "针对",
    "结合",
    "牵头",
    "推动",
    "创新",
    "建立",
    "设立",
    "加强",
    "坚持",
    "落实",
    "全力",
    "号召",
    "发出",
    "携手",
    "会同",
    "邀请",
    "整合",
    "广泛",
    "聚焦",
    "立足",
    "率先",
    "自发",
    "专门",
    "面向",
    "赴",
    "到",
    "前往",
    "走进",
    "来到",
    "安排",
    "抽调",
    "募集",
    "购买",
    "采购",
    "设置",
    "启动",
    "印发",
    "下发",
    "制定",
    "出台",
    "举办",
    "召开",
    "实施",
    "推出",
    "打造",
    "引导",
    "帮助",
    "协助",
    "参与",
    "投身",
    "坚守",
    "全面",
    "扎实",
    "认真",
    "精心",
    "大力",
    "着力",
    "切实",
    "努力",
    "不断",
    "始终",
    "还",
    "也",
    "又",
    "均",
    "都",
    "从",
    "由",
    "按照",
    "根据",
    "克服",
    "多措并举",
    "紧扣",
    "用心",
    "因地制宜",
    "创造性",
    "第一",
    "率",
    "抢抓",
    "组成",
    "分别",
    "争取",
    "筹措",
    "争当",
    "牵线",
    "搭建",
    "探索",
    "推行",
    "走出",
    "提供",
    "深化",
    "强化",
    "优化",
    "完善",
    "统筹",
    "选树",
    "评选",
)
_NOT_UNIT_START = (
    "该",
    "其",
    "各",
    "全",
    "本",
    "这",
    "此",
    "为",
    "在",
    "对",
    "向",
    "与",
    "把",
    "将",
    "从",
    "以",
    "按照",
    "通过",
    "他",
    "她",
    "我",
)
_COMMON_RU_WORDS = (
    "如期",
    "如实",
    "如何",
    "如果",
    "如今",
    "如此",
    "如下",
    "如同",
    "如数",
    "如愿",
    "如若",
    "如火如荼",
    "如一",
    "如有",
    "如需",
    "如遇",
    "如发现",
)
_UNIT_PREFIXES = ("共青团", "中共")
_MASKS = "*＊×"
_NOT_REGION = {
    "城市",
    "都市",
    "社区",
    "园区",
    "景区",
    "街区",
    "城区",
    "辖区",
    "片区",
    "小区",
    "地区",
    "市区",
    "郊区",
    "山区",
    "县城",
    "全市",
    "全县",
    "全区",
}
_PLACE_RE = re.compile(
    r"(?:在|与|到|赴|于|走进|深入|前往|来到)([\u4e00-\u9fff]{2,5}?(?:街道|镇|乡)(?:[\u4e00-\u9fff]{1,5}?村)?)"
)
_PLACE_STOP = ("各", "全", "本", "辖", "所", "乡镇", "城乡", "村镇")
_CONTINUATION_OPENERS = ("该", "其", "此次", "此举", "这", "他们", "活动", "期间", "当天", "随后", "之后", "并")
_CLOSING_OPENERS = (
    "截至",
    "目前",
    "全市",
    "全县",
    "全区",
    "全省",
    "各",
    "总之",
    "据统计",
    "同时",
    "此外",
    "通过",
    "共",
    "累计",
    "今年以来",
    "下一步",
)


# -- the report as recognised ----------------------------------------------------------


@dataclass
class FigureNote:
    """A figure found in a point's text, kept in the text and shown alongside it."""

    text: str
    value: float | int
    unit: str


@dataclass
class ImportedCase:
    unit: MappedText
    body: MappedText  # the clause(s) after the unit, without final punctuation
    text: str = ""  # body with {name} placeholders
    figures: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    place: str | None = None
    front_line: str | None = None
    id: str | None = None
    reused: bool = False  # an identical case already in the library
    file: str | None = None
    stop: MappedText | None = None  # the 。 ending its sentence, while a next sentence may continue it

    def rendered(self) -> str:
        """Return the case as the template writes it: unit, then text with figures filled in."""
        return self.unit.text + self.body.text


@dataclass
class ImportedPoint:
    key_phrase: MappedText
    text: MappedText
    cases: list[ImportedCase] = field(default_factory=list)
    closing: MappedText = field(default_factory=lambda: MappedText("", []))
    figures: list[FigureNote] = field(default_factory=list)
    has_stop: bool = True  # a 。 followed the key phrase in the source
    offset: int | None = None


@dataclass
class ImportedSection:
    level: int
    theme: MappedText
    front_line: MappedText | None = None
    intro: MappedText = field(default_factory=lambda: MappedText("", []))
    points: list[ImportedPoint] = field(default_factory=list)
    subsections: list[ImportedSection] = field(default_factory=list)
    has_stop: bool = True  # the heading ended with 。 in the source
    offset: int | None = None


@dataclass
class ImportedReport:
    title: MappedText | None = None
    headline: MappedText | None = None
    lead: MappedText = field(default_factory=lambda: MappedText("", []))
    sections: list[ImportedSection] = field(default_factory=list)
    closing: MappedText = field(default_factory=lambda: MappedText("", []))
    issuer: MappedText | None = None
    date_text: MappedText | None = None
    date: dt.date | None = None
    author: str | None = None
    kind: str | None = None

    def all_cases(self) -> list[ImportedCase]:
        found = []

        def walk(sections):
            for section in sections:
                for point in section.points:
                    found.extend(point.cases)
                walk(section.subsections)

        walk(self.sections)
        return found

    def all_points(self) -> list[ImportedPoint]:
        found = []

        def walk(sections):
            for section in sections:
                found.extend(section.points)
                walk(section.subsections)

        walk(self.sections)
        return found


# -- tokens ----------------------------------------------------------------------------


@dataclass
class Block:
    """A stretch of the text with its role: text, heading, point, title, headline, signature or date."""

    kind: str
    start: int  # content start (after a marker)
    end: int  # content end (a heading's final 。 excluded)
    para_start: bool = False
    level: int = 0
    number: int = 0
    marker_start: int = 0
    has_stop: bool = True
    from_style: bool = False


@dataclass
class _Counters:
    levels: dict = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    point: int = 0

    def heading(self, level: int, number: int) -> None:
        self.levels[level] = number
        for lower in range(level + 1, 5):
            self.levels[lower] = 0
        self.point = 0


def _number(text: str) -> int:
    return int(text) if text.isdigit() else (numerals.parse_cn_numeral(text) or 0)


class _Hints:
    """What Word's styles say about the paragraph holding a buffer position."""

    def __init__(self, document: SourceDocument, buffer: MappedText):
        self.document = document
        self.buffer = buffer

    def paragraph(self, start: int, end: int):
        if self.document.kind != "docx":
            return None
        for i in range(start, end):
            origin = self.buffer.origins[i]
            if origin is not None:
                return self.document.paragraph_at(origin)
        return None

    def role(self, start: int, end: int) -> tuple[str | None, int]:
        paragraph = self.paragraph(start, end)
        if paragraph is None:
            return None, 0
        style = paragraph.style or ""
        if style in TITLE_STYLES:
            return "title", 0
        if style in HEADLINE_STYLES:
            return "headline", 0
        if style in SIGNATURE_STYLES:
            return "signature", 0
        if style in DATE_STYLES:
            return "date", 0
        if style in HEADING_STYLES:
            return "heading", HEADING_STYLES[style]
        if paragraph.outline_level and paragraph.outline_level <= 4:
            return "heading", paragraph.outline_level
        return None, 0


def _at_sentence_start(text: str, line_start: int, i: int) -> bool:
    if i == line_start:
        return True
    before = text[i - 1]
    if before in SENTENCE_ENDS:
        return True
    return before in CLOSERS and i - 2 >= line_start and text[i - 2] in SENTENCE_ENDS


def _heading_end(text: str, start: int, end: int) -> tuple[int, bool]:
    """Return where a run-in heading's text ends, and whether a 。 (or ！？) ends it."""
    for j in range(start, end):
        if text[j] in SENTENCE_ENDS:
            return j, True
        match = POINT_RE.match(text, j)
        if match and _number(match.group(1)) == 1 and j > start:
            return j, False
    return end, False


class Tokeniser:
    """Split the buffer into blocks, following the numbering of headings and points."""

    def __init__(
        self,
        buffer: MappedText,
        hints: _Hints,
        ledger: Ledger | None = None,
        *,
        repair: bool = False,
        tail: dict | None = None,
    ):
        self.buffer = buffer
        self.text = buffer.text
        self.hints = hints
        self.ledger = ledger
        self.repair = repair
        self.edits: list[Edit] = []
        self.counters = _Counters()
        self.tail = tail or {}

    def run(self) -> list[Block]:
        blocks: list[Block] = []
        for start, end in lines_of(self.buffer):
            if start == end or not self.text[start:end].strip():
                continue
            role, level = self.hints.role(start, end)
            role = self.tail.get(start, role)
            if role in ("title", "headline", "signature", "date"):
                blocks.append(Block(role, start, end, para_start=True, from_style=True))
            elif role == "heading":
                blocks.append(self._styled_heading(start, end, level))
            else:
                blocks.extend(self._scan(start, end))
        return blocks

    def _styled_heading(self, start: int, end: int, level: int) -> Block:
        text = self.text
        number = self.counters.levels[level] + 1
        content = start
        for pattern in (L1_RE, L2_RE, L3_START_RE, L4_RE):
            match = pattern.match(text, start)
            if match:
                number = _number(match.group(1))
                content = match.end()
                break
        stop = end
        has_stop = False
        if end > content and text[end - 1] in SENTENCE_ENDS:
            stop, has_stop = end - 1, True
        self.counters.heading(level, number)
        return Block(
            "heading",
            content,
            stop,
            para_start=True,
            level=level,
            number=number,
            marker_start=start,
            has_stop=has_stop,
            from_style=True,
        )

    def _expected_point(self, text: str, i: int, line_start: int) -> re.Match | None:
        match = POINT_RE.match(text, i)
        if not match:
            return None
        number = _number(match.group(1))
        if number != self.counters.point + 1:
            return None
        if _at_sentence_start(text, line_start, i):
            return match
        before = text[i - 1]
        if number == 1 and before in "：":
            return match
        if number >= 2 and before in "，：":
            if self.repair and self.ledger is not None:
                self.edits.append(Edit(i - 1, i, MappedText.replacing("。", self.buffer.origins[i - 1])))
                self.ledger.add(
                    CHANGED,
                    self.buffer.origin(i - 1),
                    _("'{mark}' before {point} read as a lost full stop '。'").format(
                        mark=before, point=match.group(0)
                    ),
                    text=before,
                    category="stop",
                )
            return match
        return None

    def _heading_marker(self, text: str, i: int, line_start: int) -> tuple[int, re.Match] | None:
        if not _at_sentence_start(text, line_start, i):
            return None
        at_start = i == line_start
        for level, pattern in ((2, L2_RE), (4, L4_RE), (1, L1_RE), (3, L3_START_RE if at_start else L3_RE)):
            match = pattern.match(text, i)
            if match and _number(match.group(1)) == self.counters.levels[level] + 1:
                if level > 1 and not any(self.counters.levels[k] for k in range(1, level)) and not at_start:
                    continue
                return level, match
        return None

    def _note_unexpected_number(self, start: int) -> None:
        """Note a line that starts like a heading or point whose number is out of sequence."""
        text = self.text
        for level, pattern in ((2, L2_RE), (4, L4_RE), (1, L1_RE), (3, L3_START_RE)):
            match = pattern.match(text, start)
            if match:
                expected = self.counters.levels[level] + 1
                break
        else:
            match = POINT_RE.match(text, start)
            expected = self.counters.point + 1
        if match and _number(match.group(1)) != expected and self.ledger is not None:
            self.ledger.add(
                DOUBT,
                self.buffer.origin(start),
                _("the line starts like '{marker}' but number {expected} comes next here; kept as text").format(
                    marker=match.group(0), expected=expected
                ),
                category="structure",
            )

    def _scan(self, start: int, end: int) -> list[Block]:
        text = self.text
        blocks: list[Block] = []
        current: Block | None = None
        i = start
        while i < end:
            heading = self._heading_marker(text, i, start)
            point = None if heading else self._expected_point(text, i, start)
            if i == start and not heading and not point and self.repair:
                self._note_unexpected_number(start)
            if heading or point:
                if current is not None:
                    current.end = i
                    blocks.append(current)
                    current = None
                if heading:
                    level, match = heading
                    number = _number(match.group(1))
                    stop, has_stop = _heading_end(text, match.end(), end)
                    self.counters.heading(level, number)
                    blocks.append(
                        Block(
                            "heading",
                            match.end(),
                            stop,
                            para_start=i == start,
                            level=level,
                            number=number,
                            marker_start=i,
                            has_stop=has_stop,
                        )
                    )
                    i = stop + 1 if has_stop else stop
                    continue
                number = _number(point.group(1))
                self.counters.point = number
                current = Block("point", point.end(), end, para_start=i == start, number=number, marker_start=i)
                i = point.end()
                continue
            if current is None:
                current = Block("text", i, end, para_start=i == start, marker_start=i)
            # Markers stand only after a sentence end, a closing quote or a comma or colon:
            # jump to the next such place instead of trying every character.
            found = _MARKER_PLACE.search(text, i, end)
            i = found.end() if found else end
        if current is not None:
            current.end = end
            blocks.append(current)
        return blocks


# -- repairs of lost quotes and full stops --------------------------------------------

_QUOTED_RE = re.compile(r"“([^“”。！？\n]{1,20})”")
_PUNCT_DELIMS = "，：；。,:;"


def _quoted_phrases(text: str) -> set[str]:
    return {m.group(1) for m in _QUOTED_RE.finditer(text)}


def _key_quote(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Return (opening quote, closing quote or -1, closed) of a point's key phrase, or None."""
    stop = text.find("。", start, end)
    opening = text.find("“", start, min(end, start + 9))
    if opening < 0 or (0 <= stop < opening):
        return None
    closing = text.find("”", opening + 1, end)
    next_open = text.find("“", opening + 1, end)
    closed = closing >= 0 and (next_open < 0 or closing < next_open) and (stop < 0 or closing < stop)
    return opening, (closing if closed else -1), closed


def repair_key_phrases(buffer: MappedText, blocks: list[Block], ledger: Ledger) -> list[Edit]:
    """Return edits that restore the lost closing quote and full stop after points' key phrases."""
    text = buffer.text
    quoted = _quoted_phrases(text)
    lengths: list[tuple[int, int]] = []  # (section number, length of a closed key-phrase quote)
    section = 0
    found = []
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            section += 1
        if block.kind != "point":
            continue
        quote = _key_quote(text, block.start, block.end)
        if quote is None:
            continue
        opening, closing, closed = quote
        if closed:
            lengths.append((section, closing - opening - 1))
        found.append((section, block, opening, closing, closed))
    edits: list[Edit] = []
    for section, block, opening, closing, closed in found:
        if closed:
            after = closing + 1
            if after < block.end and text[after] != "。":
                stop = text.find("。", after, block.end)
                if text[after] in "，：；":
                    edits.append(Edit(after, after + 1, MappedText.replacing("。", buffer.origins[after])))
                    message = _("'{mark}' after the key phrase {phrase} read as its lost full stop '。'").format(
                        mark=text[after], phrase=text[block.start : after]
                    )
                    ledger.add(CHANGED, buffer.origin(after), message, text=text[after], category="stop")
                elif buffer.gap_after(closing) and (stop < 0 or stop - closing > 12):
                    edits.append(Edit(after, after, MappedText.added("。")))
                    phrase = text[block.start : after]
                    ledger.add(
                        ADDED,
                        buffer.origin(after),
                        _("full stop '。' restored after the key phrase {phrase}").format(phrase=phrase),
                        text="。",
                        category="stop",
                    )
                    message = _(
                        "the key phrase {phrase} had no full stop; one was added where a space was removed, check it"
                    ).format(phrase=phrase)
                    ledger.add(DOUBT, buffer.origin(after), message, category="stop")
            continue
        same = [n for s, n in lengths if s == section] or [n for _s, n in lengths]
        _repair_open_key_quote(buffer, block, opening, quoted, same, ledger, edits)
    return edits


def _repair_open_key_quote(
    buffer: MappedText,
    block: Block,
    opening: int,
    quoted: set[str],
    sibling_lengths: list[int],
    ledger: Ledger,
    edits: list[Edit],
) -> None:
    text = buffer.text
    rest_start = opening + 1
    rest = text[rest_start : block.end]
    by_punct = next((j for j, ch in enumerate(rest[:11]) if ch in _PUNCT_DELIMS), None)
    if by_punct is not None and by_punct < 1:
        by_punct = None
    by_phrase = max((len(q) for q in quoted if len(q) >= 2 and rest.startswith(q)), default=None)
    by_siblings = None
    if sibling_lengths:
        length = Counter(sibling_lengths).most_common(1)[0][0]
        if length < len(rest) and not any(ch in _PUNCT_DELIMS + "“”" for ch in rest[:length]):
            by_siblings = length
    by_gap = next((j + 1 for j in range(min(10, len(rest) - 1)) if buffer.gap_after(rest_start + j)), None)
    sure = True
    if by_punct is not None:
        length, how = by_punct, _("the '{mark}' after it").format(mark=rest[by_punct])
    elif by_phrase is not None:
        length, how = by_phrase, _("“{phrase}” elsewhere in the text").format(phrase=rest[:by_phrase])
    elif by_siblings is not None:
        length = by_siblings
        sure = by_gap == by_siblings
        how = (
            _("the length of the other key phrases and a removed space")
            if sure
            else _("the length of the other key phrases")
        )
    elif by_gap is not None:
        length, how, sure = by_gap, _("a removed space"), False
    else:
        message = _("the key phrase's opening quote “ has no closing quote and its end cannot be told; kept as written")
        ledger.add(DOUBT, buffer.origin(opening), message, text="“", category="quote")
        return
    cut = rest_start + length
    phrase = text[block.start : cut]
    if text[cut] == "。":
        edits.append(Edit(cut, cut, MappedText.added("”")))
        ledger.add(
            ADDED,
            buffer.origin(cut),
            _("lost closing quote restored: {phrase}”。 (from {how})").format(phrase=phrase, how=how),
            text="”",
            category="quote",
        )
    elif text[cut] in _PUNCT_DELIMS:
        edits.append(Edit(cut, cut + 1, MappedText.replacing("”。", buffer.origins[cut])))
        message = _("'{mark}' after {phrase} read as the lost closing quote and full stop: {phrase}”。").format(
            mark=text[cut], phrase=phrase
        )
        ledger.add(CHANGED, buffer.origin(cut), message, text=text[cut], category="quote")
    else:
        edits.append(Edit(cut, cut, MappedText.added("”。")))
        message = _("lost closing quote and full stop restored: {phrase}”。 (from {how})").format(
            phrase=phrase, how=how
        )
        ledger.add(ADDED, buffer.origin(cut), message, text="”。", category="quote")
    if not sure:
        ledger.add(
            DOUBT,
            buffer.origin(cut),
            _("where the key phrase {phrase}” ends was guessed from {how}; check it").format(phrase=phrase, how=how),
            category="quote",
        )


def repair_open_quotes(buffer: MappedText, ledger: Ledger) -> list[Edit]:
    """Return edits closing quotes left open, where the same phrase is quoted elsewhere."""
    text = buffer.text
    quoted = _quoted_phrases(text)
    edits: list[Edit] = []
    for start, end in lines_of(buffer):
        opening = -1
        for i in range(start, end + 1):
            ch = text[i] if i < end else ""
            if ch == "“":
                if opening >= 0:
                    _close_quote(buffer, opening, i, quoted, ledger, edits)
                opening = i
            elif ch == "”":
                if opening < 0:
                    ledger.add(
                        DOUBT,
                        buffer.origin(i),
                        _("closing quote ” without an opening quote; kept as written"),
                        text="”",
                        category="quote",
                    )
                opening = -1
            elif (ch in SENTENCE_ENDS and not text[i + 1 : i + 2] == "”") or ch == "":
                if opening >= 0:
                    _close_quote(buffer, opening, i, quoted, ledger, edits)
                opening = -1
    return edits


def _close_quote(
    buffer: MappedText, opening: int, stop: int, quoted: set[str], ledger: Ledger, edits: list[Edit]
) -> None:
    text = buffer.text
    rest = text[opening + 1 : stop]
    phrase = max((q for q in quoted if len(q) >= 2 and rest.startswith(q)), key=len, default=None)
    if phrase is None:
        message = _("opening quote “ with no closing quote ({text}…); kept as written").format(
            text=text[opening : opening + 12]
        )
        ledger.add(DOUBT, buffer.origin(opening), message, text="“", category="quote")
        return
    cut = opening + 1 + len(phrase)
    edits.append(Edit(cut, cut, MappedText.added("”")))
    ledger.add(
        ADDED,
        buffer.origin(cut),
        _("lost closing quote restored: “{phrase}” (quoted so elsewhere in the text)").format(phrase=phrase),
        text="”",
        category="quote",
    )
    if cut != stop:
        message = _("the quote “{phrase}” was closed where the same words are quoted elsewhere; check it").format(
            phrase=phrase
        )
        ledger.add(DOUBT, buffer.origin(cut), message, category="quote")


# -- splitting into the report's parts ---------------------------------------------


def split_sentences(text: MappedText) -> list[MappedText]:
    """Return the sentences of `text`, each with its final 。！？ and any closing quote after it."""
    sentences = []
    start = 0
    s = text.text
    i = 0
    while i < len(s):
        if s[i] in SENTENCE_ENDS:
            j = i + 1
            while j < len(s) and s[j] in CLOSERS:
                j += 1
            sentences.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < len(s):
        sentences.append(text[start:])
    return sentences


def _split_clauses(text: MappedText) -> list[tuple[MappedText, MappedText]]:
    """Return the clauses of a sentence between top-level full-width commas, each with the comma before it."""
    clauses = []
    depth = 0
    start = 0
    comma = MappedText("", [])
    for i, ch in enumerate(text.text):
        if ch in "“（《「":
            depth += 1
        elif ch in "”）》」":
            depth = max(0, depth - 1)
        elif ch == "，" and depth == 0:
            clauses.append((comma, text[start:i]))
            comma = text[i : i + 1]
            start = i + 1
    clauses.append((comma, text[start:]))
    return clauses


def recognise_unit(clause: str, *, figure_after: bool = True) -> str | None:
    """Return the unit a case clause starts with (碧江区总工会 in 碧江区总工会积极…), or None.

    The unit's name must be followed by what it did (积极、联合、组织…) or, when
    `figure_after`, by a figure (玉屏县大龙街道工青妇组织100余人…).
    """
    # an anonymised name starts with a placeholder: *县茶叶协会
    masked = 1 if clause[:1] in _MASKS else 0
    if not clause or clause.startswith(_NOT_UNIT_START) or not is_han(clause[masked : masked + 1]):
        return None
    for j in range(2 + masked, min(len(clause), 26)):
        head = clause[masked:j]
        if not all(is_han(ch) or ch.isalnum() or ch == "·" for ch in head):
            return None
        head = clause[:j]
        if not head.endswith(UNIT_SUFFIXES):
            continue
        rest = clause[j:]
        if rest and (rest.startswith(ACTION_WORDS) or (figure_after and rest[0].isdigit())):
            return head
    return None


def _same_unit(unit: str, current: str) -> bool:
    return unit == current or current.endswith(unit) or unit in current


def region_and_place(unit: str) -> tuple[str | None, str | None]:
    """Return the county or district, and the town or street, that a unit's name gives."""
    name = unit
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    region = None
    match = re.match(r"^([\u4e00-\u9fff]{2,6}?(?:自治县|自治州|县|区|市|州|旗))", name)
    if match and match.group(1) not in _NOT_REGION and match.group(1)[-2:] not in _NOT_REGION:
        region = match.group(1)
        name = name[len(region) :]
    place = None
    match = re.match(r"^([\u4e00-\u9fff]{2,5}?(?:街道|镇|乡))", name)
    if match and not match.group(1).startswith(_PLACE_STOP):
        place = match.group(1)
    return region, place


def place_in_text(text: str) -> str | None:
    """Return the town or village a case text names after 在/与/到…, or None."""
    for match in _PLACE_RE.finditer(text):
        place = match.group(1)
        if not place.startswith(_PLACE_STOP):
            return place
    return None


class Assembler:
    """Build the report from the blocks of the repaired text."""

    def __init__(self, document: SourceDocument, buffer: MappedText, ledger: Ledger):
        self.document = document
        self.buffer = buffer
        self.text = buffer.text
        self.ledger = ledger
        self.report = ImportedReport(author=document.author)
        self.dropped: set[int] = set()  # source offsets left out on purpose, each with a note
        self._pending: dict[tuple[int, str], tuple[object, str, list[MappedText]]] = {}

    def _append(self, owner: object, attribute: str, piece: MappedText) -> None:
        """Add `piece` to a text of the report; the pieces are joined once, at the end (linear time)."""
        key = (id(owner), attribute)
        if key not in self._pending:
            self._pending[key] = (owner, attribute, [getattr(owner, attribute)])
        self._pending[key][2].append(piece)

    def _length(self, owner: object, attribute: str) -> int:
        pending = self._pending.get((id(owner), attribute))
        if pending is None:
            return len(getattr(owner, attribute))
        return sum(len(p) for p in pending[2])

    def _flush(self) -> None:
        for owner, attribute, pieces in self._pending.values():
            setattr(owner, attribute, MappedText.join(pieces))
        self._pending.clear()

    def piece(self, start: int, end: int) -> MappedText:
        return self.buffer[start:end].strip()

    def doubt(self, offset: int | None, message: str, category: str = "structure") -> None:
        self.ledger.add(DOUBT, offset, message, category=category)

    def build(self, blocks: list[Block]) -> ImportedReport:
        first_body = next((i for i, b in enumerate(blocks) if b.kind in ("heading", "point")), len(blocks))
        head = [b for b in blocks[:first_body] if b.kind not in ("signature", "date")]
        self._head(head)
        stack: list[ImportedSection] = []
        body = blocks[first_body:]
        last_structural = max((i for i, b in enumerate(body) if b.kind in ("heading", "point")), default=-1)
        for index, block in enumerate(body):
            if block.kind == "heading":
                self._heading(block, stack)
            elif block.kind == "point":
                self._point(block, stack)
            elif block.kind == "text":
                self._text(block, stack, trailing=index > last_structural)
            elif block.kind == "signature":
                self._signature(block)
            elif block.kind == "date":
                self._date(block)
            elif block.kind in ("title", "headline"):
                if block.kind == "title":
                    message = _("a title paragraph after the sections; kept in the text")
                else:
                    message = _("a headline paragraph after the sections; kept in the text")
                self.doubt(self.buffer.origin(block.start), message)
                self._text(block, stack, trailing=index > last_structural)
        for block in blocks[:first_body]:
            if block.kind == "signature":
                self._signature(block)
            elif block.kind == "date":
                self._date(block)
        self._flush()
        return self.report

    # head: title, headline, lead

    def _head(self, blocks: list[Block]) -> None:
        report = self.report
        pieces = [(b, self.piece(b.start, b.end)) for b in blocks]
        pieces = [(b, p) for b, p in pieces if len(p)]
        titles = [p for b, p in pieces if b.kind == "title"]
        headlines = [p for b, p in pieces if b.kind == "headline"]
        texts = [(b, p) for b, p in pieces if b.kind not in ("title", "headline")]
        if titles or headlines:
            report.title = titles[0] if titles else None
            report.headline = headlines[0] if headlines else None
            if len(titles) > 1 or len(headlines) > 1:
                self.doubt(
                    self.buffer.origin(pieces[0][0].start),
                    _("more than one title or headline paragraph; the first is used, the others join the lead"),
                )
                texts = [(b, p) for b, p in pieces if p not in (report.title, report.headline)]
            self._set_lead([p for _b, p in texts])
            return
        paragraphs = [p for _b, p in texts]
        if not paragraphs:
            return
        short = [len(p) <= 60 and not any(ch in p.text for ch in "。，") for p in paragraphs]
        if len(paragraphs) >= 3 and short[0] and short[1]:
            report.title, report.headline = paragraphs[0], paragraphs[1]
            if not _KIND_RE.search(paragraphs[0].text):
                self.doubt(
                    paragraphs[0].origin(),
                    _(
                        "two short lines open the document; the first is taken as the title line, the second as the headline"
                    ),
                )
            self._set_lead(paragraphs[2:])
        elif len(paragraphs) >= 2 and short[0]:
            report.headline = paragraphs[0]
            self._set_lead(paragraphs[1:])
        else:
            self._split_run_together(paragraphs[0])
            rest = paragraphs[1:]
            if rest:
                self._set_lead([report.lead] + rest if len(report.lead) else rest)

    def _split_run_together(self, paragraph: MappedText) -> None:
        """Split a first paragraph holding title, headline and lead run together."""
        text = paragraph.text
        clause_end = min([i for i in (text.find("，"), text.find("。")) if i >= 0] or [len(text)])
        title_end = 0
        for match in _KIND_RE.finditer(text[:clause_end]):
            if match.end() <= 40 and match.end() < clause_end - 4:
                title_end = match.end()
                break
        if title_end:
            self.report.title = paragraph[:title_end]
        opener = None
        for match in _LEAD_OPENERS.finditer(text, title_end, clause_end):
            if match.start() >= title_end + 4:
                opener = match
                break
        if opener is not None:
            self.report.headline = paragraph[title_end : opener.start()]
            self.report.lead = paragraph[opener.start() :]
            self.doubt(
                paragraph.origin(opener.start()),
                _("headline and lead were run together; the lead is taken to begin at '{opener}'").format(
                    opener=opener.group(0)
                ),
                category="head",
            )
        elif clause_end < len(text):
            self.report.headline = paragraph[title_end:clause_end]
            self.report.lead = paragraph[clause_end:].strip("，")
            if text[clause_end] == "，":
                self.report.headline = paragraph[title_end:clause_end]
                self.report.lead = paragraph[clause_end + 1 :]
                comma = paragraph.origins[clause_end]
                if comma is not None:
                    self.dropped.add(comma)
                message = _("the comma ending the first clause was taken as the end of the headline")
                self.ledger.add(REMOVED, paragraph.origin(clause_end), message, text="，", category="head")
            message = _(
                "could not tell where the headline ends and the lead begins; the first clause is taken as the headline"
            )
            self.doubt(paragraph.origin(title_end), message, category="head")
        else:
            self.report.headline = paragraph[title_end:]
            self.doubt(
                paragraph.origin(), _("the document has no lead paragraph before its first section"), category="head"
            )

    def _set_lead(self, paragraphs: list[MappedText]) -> None:
        if not paragraphs:
            return
        if len(paragraphs) > 1:
            self.doubt(
                paragraphs[1].origin(),
                _("{count} paragraphs before the first section are joined into one lead").format(count=len(paragraphs)),
            )
        self.report.lead = MappedText.join(paragraphs)

    # body

    def _heading(self, block: Block, stack: list[ImportedSection]) -> None:
        content = self.piece(block.start, block.end)
        comma = content.text.find("，")
        if comma > 0:
            theme, front_line = content[:comma], content[comma + 1 :]
        else:
            theme, front_line = content, None
        section = ImportedSection(
            block.level, theme, front_line, has_stop=block.has_stop, offset=self.buffer.origin(block.marker_start)
        )
        if not len(theme):
            self.doubt(section.offset, _("a heading with no text"))
        if len(content) > 60:
            self.doubt(
                section.offset,
                _("a {count}-character heading; check that body text did not run into it").format(count=len(content)),
            )
        while stack and stack[-1].level >= block.level:
            stack.pop()
        if stack:
            parent = stack[-1]
            if block.level - parent.level > 1:
                message = _(
                    "a level-{level} heading directly under a level-{parent} one; it is built one level below it"
                ).format(level=block.level, parent=parent.level)
                self.doubt(section.offset, message)
            parent.subsections.append(section)
        else:
            if block.level != 1:
                message = _(
                    "a level-{level} heading with no level-1 section (一、) above it; taken as a section, which the template numbers 一、二、…"
                ).format(level=block.level)
                self.doubt(section.offset, message)
            self.report.sections.append(section)
        stack.append(section)

    def _point(self, block: Block, stack: list[ImportedSection]) -> None:
        offset = self.buffer.origin(block.marker_start)
        if not stack:
            self.doubt(offset, _("a point (一是…) before the first section heading; kept in the lead"))
            self._append(self.report, "lead", self.buffer[block.marker_start : block.end])
            return
        point = self.parse_point(self.buffer[block.start : block.end], offset)
        section = stack[-1]
        if section.subsections:
            self.doubt(offset, _("a point after the subsections of its section; it is placed in the last subsection"))
            section = section.subsections[-1]
        section.points.append(point)

    def _text(self, block: Block, stack: list[ImportedSection], *, trailing: bool) -> None:
        piece = self.piece(block.start, block.end)
        if not len(piece):
            return
        offset = piece.origin()
        if not stack:
            self._append(self.report, "lead", piece)
            return
        section = stack[-1]
        if not section.points and not section.subsections:
            if self._length(section, "intro"):
                self.doubt(offset, _("a second paragraph under the heading is joined to the first"))
            self._append(section, "intro", piece)
            return
        if trailing and block.para_start and section is self._last_section():
            if self._length(self.report, "closing"):
                self.doubt(offset, _("a second closing paragraph is joined to the first"))
            self._append(self.report, "closing", piece)
            return
        if section.points:
            point = section.points[-1]
            self.doubt(offset, _("a paragraph after a point is joined to that point's closing"))
            self._append(point, "closing", piece)
        else:
            self.doubt(offset, _("a paragraph after the subsections is kept in the closing of the document"))
            self._append(self.report, "closing", piece)

    def _last_section(self) -> ImportedSection | None:
        section = self.report.sections[-1] if self.report.sections else None
        while section is not None and section.subsections:
            section = section.subsections[-1]
        return section

    def _signature(self, block: Block) -> None:
        piece = self.piece(block.start, block.end)
        if not len(piece):
            return
        if _parse_date(piece.text):
            self._date(block)
            return
        if self.report.issuer is not None:
            self.doubt(piece.origin(), _("a second signature line is joined to the first"))
            self._append(self.report, "issuer", piece)
        else:
            self.report.issuer = piece

    def _date(self, block: Block) -> None:
        piece = self.piece(block.start, block.end)
        date = _parse_date(piece.text)
        if date is None:
            self.doubt(
                piece.origin(),
                _("'{text}' is not a date such as 2023年1月10日; kept in the closing").format(text=piece.text),
            )
            self._append(self.report, "closing", piece)
            return
        self.report.date = date
        self.report.date_text = piece

    # points and cases

    def parse_point(self, body: MappedText, offset: int | None) -> ImportedPoint:
        """Return a point from the text after its 一是: key phrase, text, cases and closing."""
        stop = body.text.find("。")
        if stop < 0:
            point = ImportedPoint(body.strip(), MappedText("", []), has_stop=False, offset=offset)
            self.doubt(offset, _("a point without a full stop; all of it is taken as the key phrase"))
            return point
        key = body[:stop].strip()
        point = ImportedPoint(key, MappedText("", []), offset=offset)
        if len(key) > 30:
            self.doubt(
                offset,
                _("a {count}-character key phrase (the text up to the first 。); check it").format(count=len(key)),
            )
        rest = body[stop + 1 :].strip()
        sentences = split_sentences(rest)
        case_index = None
        cases: list[ImportedCase] = []
        for i, sentence in enumerate(sentences):
            if sentence.text.startswith("如") and not sentence.text.startswith(_COMMON_RU_WORDS):
                cases = self.parse_cases(sentence)
                if cases:
                    case_index = i
                    break
                message = _(
                    "a sentence starting with 如 names no unit that can be recognised; kept in the text as written"
                )
                self.doubt(sentence.origin(), message, category="case")
        if case_index is None:
            point.text = MappedText.join(sentences)
            point.figures = figures_in(point.text.text)
            self._chinese_counts(point.text)
            return point
        point.text = MappedText.join(sentences[:case_index])
        after = sentences[case_index + 1 :]
        while after and self._continues_case(after[0], cases[-1]):
            sentence = after.pop(0)
            last = cases[-1]
            last.body = last.body + last.stop + sentence[:-1]
            last.stop = sentence[-1:]
        point.cases = cases
        point.closing = MappedText.join(after)
        for sentence in after:
            if sentence.text.startswith("如") and recognise_unit(sentence.text[1:]):
                self.doubt(
                    sentence.origin(),
                    _("a second example sentence (如…) in one point; kept in the point's closing"),
                    category="case",
                )
        point.figures = figures_in(point.text.text) + figures_in(point.closing.text)
        self._chinese_counts(point.text)
        self._chinese_counts(point.closing)
        for case in cases:
            self._chinese_counts(case.body)
        return point

    def _continues_case(self, sentence: MappedText, case: ImportedCase) -> bool:
        text = sentence.text
        if not text.endswith("。") or case.stop is None:
            return False
        unit = case.unit.text
        short = unit[-3:] if len(unit) > 3 else unit
        if text.startswith(_CONTINUATION_OPENERS) or short in text:
            return True
        if text.startswith(_CLOSING_OPENERS):
            return False
        self.doubt(
            sentence.origin(),
            _("the sentence after the example may belong to it; it is taken as the point's closing"),
            category="case",
        )
        return False

    def parse_cases(self, sentence: MappedText) -> list[ImportedCase]:
        """Return the cases of a 如… sentence, or [] when it does not name a unit first."""
        if not sentence.text.endswith("。"):
            return []
        clauses = _split_clauses(sentence[1:-1])
        first = clauses[0][1]
        unit = recognise_unit(first.text)
        if unit is None:
            return []
        cases = [ImportedCase(first[: len(unit)], first[len(unit) :])]
        for comma, clause in clauses[1:]:
            other = recognise_unit(clause.text, figure_after=False)
            if other and not _same_unit(other, cases[-1].unit.text):
                cases.append(ImportedCase(clause[: len(other)], clause[len(other) :]))
            else:
                cases[-1].body = cases[-1].body + comma + clause
        if any(not len(c.body) for c in cases):
            return []
        cases[-1].stop = sentence[-1:]
        return cases

    def _chinese_counts(self, text: MappedText) -> None:
        s = text.text
        for match in numerals.CN_FIGURE_RE.finditer(s):
            if s.count("“", 0, match.start()) > s.count("”", 0, match.start()):
                continue  # inside quotes: a name such as “三支队伍”
            if match.group(1)[0] in "万千百":
                continue  # 万家, 千方百计: words, not counts
            value = numerals.parse_cn_numeral(match.group(1))
            if (
                value is None
                or value < 2
                or (
                    len(match.group(1)) < 2
                    and value < 10
                    and match.group(3) in ("次", "家", "处", "件", "本", "条", "张", "天")
                )
            ):
                continue
            arabic = f"{value}{match.group(2) or ''}{match.group(3)}"
            self.ledger.add(
                DOUBT,
                text.origin(match.start()),
                _(
                    "count written in Chinese numerals '{written}' ({arabic}); kept as written, though counts are usually written in Arabic numerals"
                ).format(written=match.group(0), arabic=arabic),
                text=match.group(0),
                category="numeral",
            )


def figures_in(text: str) -> list[FigureNote]:
    """Return the figures (number and unit) in a text."""
    found = []
    for match in numerals.FIGURE_RE.finditer(text):
        short = numerals.figure_short_form(*match.groups())
        if short is None:
            continue
        value, unit = numerals.figure_value(short)
        found.append(FigureNote(short, value, unit))
    return found


def case_text_with_figures(body: str) -> tuple[str, dict[str, str]]:
    """Return a case text with its figures replaced by {name} placeholders, and the figures."""
    body = body.replace("{", "{{").replace("}", "}}")
    figures: dict[str, str] = {}
    pieces = []
    position = 0
    for match in numerals.FIGURE_RE.finditer(body):
        short = numerals.figure_short_form(*match.groups())
        if short is None:
            continue
        unit = match.group(4)
        name = (
            "value"
            if body[max(0, match.start() - 2) : match.start()] == "价值"
            else numerals.FIGURE_NAMES.get(unit, "figure")
        )
        base, n = name, 2
        while name in figures:
            name = f"{base}_{n}"
            n += 1
        figures[name] = short
        pieces.append(body[position : match.start()])
        pieces.append("{" + name + "}")
        position = match.end()
    pieces.append(body[position:])
    return "".join(pieces), figures


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    match = _DATE_RE.match(text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE_RE.match(text)
        if match:
            year = numerals.parse_cn_numeral(match.group(1).replace("○", "〇"))
            month = numerals.parse_cn_numeral(match.group(2))
            day = numerals.parse_cn_numeral(match.group(3))
            if year and month and day:
                return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _tail_roles(buffer: MappedText, hints: _Hints) -> dict[int, str]:
    """Return the roles of a plain text's last lines when they are the issuer and the date."""
    spans = [(s, e) for s, e in lines_of(buffer) if buffer.text[s:e].strip()]
    roles: dict[int, str] = {}
    if not spans or hints.document.kind == "docx":
        return roles
    start, end = spans[-1]
    if _parse_date(buffer.text[start:end]):
        roles[start] = "date"
        if len(spans) >= 2:
            s, e = spans[-2]
            line = buffer.text[s:e].strip()
            if len(line) <= 30 and not any(ch in line for ch in "。，；：") and line.endswith(_ISSUER_ENDINGS):
                roles[s] = "signature"
    return roles


# -- the whole recognition ----------------------------------------------------------------


def recognise(document: SourceDocument, buffer: MappedText, ledger: Ledger) -> tuple[ImportedReport, MappedText]:
    """Return the report recognised in the cleaned text, and the text it holds (repaired, less what it left out)."""
    hints = _Hints(document, buffer)
    tail = _tail_roles(buffer, hints)
    first = Tokeniser(buffer, hints, ledger, repair=True, tail=tail)
    blocks = first.run()
    edits = list(first.edits)
    edits += repair_key_phrases(buffer, blocks, ledger)
    buffer = apply_edits(buffer, edits)
    buffer = apply_edits(buffer, repair_open_quotes(buffer, ledger))
    hints = _Hints(document, buffer)
    tail = _tail_roles(buffer, hints)
    blocks = Tokeniser(buffer, hints, tail=tail).run()
    assembler = Assembler(document, buffer, ledger)
    report = assembler.build(blocks)
    if assembler.dropped:
        keep = [i for i, o in enumerate(buffer.origins) if o not in assembler.dropped]
        buffer = MappedText("".join(buffer.text[i] for i in keep), [buffer.origins[i] for i in keep])
    report.kind = _kind_of(report)
    for section in _walk(report.sections):
        for point in section.points:
            for case in point.cases:
                top = _front_line_of(report, section)
                case.front_line = top
                case.text, case.figures = case_text_with_figures(case.body.text)
                case.region, case.place = region_and_place(case.unit.text)
                if case.place is None:
                    case.place = place_in_text(case.body.text)
    return report, buffer


def _kind_of(report: ImportedReport) -> str | None:
    if report.title is not None:
        match = _KIND_RE.search(report.title.text)
        if match:
            return match.group(0) if match.group(0) != "交流材料" else "经验交流材料"
    return None


def _walk(sections: list[ImportedSection]):
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def _front_line_of(report: ImportedReport, section: ImportedSection) -> str | None:
    for top in report.sections:
        if top is section or section in list(_walk(top.subsections)):
            if section.front_line is not None and len(section.front_line):
                return section.front_line.text
            return top.front_line.text if top.front_line is not None and len(top.front_line) else None
    return None


# -- the faithfulness check ---------------------------------------------------------------


def linearise(report: ImportedReport) -> list[tuple[str, bool]]:
    """Return the report's text as the template writes it, in pieces: (text, optional)."""
    from .. import numbering

    out: list[tuple[str, bool]] = []

    def add(text: str, optional: bool = False) -> None:
        if text:
            out.append((text, optional))

    if report.title is not None:
        add(report.title.text)
    if report.headline is not None:
        add(report.headline.text)
    add(report.lead.text)

    def section_text(section: ImportedSection, depth: int, n: int) -> None:
        number = [
            numbering.section_number,
            numbering.subsection_number,
            numbering.level3_number,
            numbering.level4_number,
        ][min(depth, 3)](n)
        add(number)
        add(section.theme.text)
        if section.front_line is not None:
            add("，" + section.front_line.text)
        add("。", optional=not section.has_stop)
        add(section.intro.text)
        for i, point in enumerate(section.points, start=1):
            add(numbering.point_ordinal(i))
            add(point.key_phrase.text)
            add("。", optional=not point.has_stop)
            add(point.text.text)
            if point.cases:
                add("如")
                add("，".join(case.rendered() for case in point.cases) + "。")
            add(point.closing.text)
        for i, sub in enumerate(section.subsections, start=1):
            section_text(sub, depth + 1, i)

    for i, section in enumerate(report.sections, start=1):
        section_text(section, 0, i)
    add(report.closing.text)
    if report.issuer is not None:
        add(report.issuer.text)
    if report.date_text is not None:
        add(report.date_text.text)
    return out


def check_faithful(report: ImportedReport, buffer: MappedText, ledger: Ledger) -> bool:
    """Return whether the report reads back as the cleaned text; note where it does not."""
    expected = MappedText.join([buffer[s:e].strip() for s, e in lines_of(buffer)])
    text = expected.text
    position = 0
    for piece, optional in linearise(report):
        if text.startswith(piece, position):
            position += len(piece)
        elif not optional:
            ledger.add(
                DOUBT,
                expected.origin(position),
                _(
                    "the report does not read back as the source from here ('{source}…' became '{report}…'); check this place"
                ).format(source=text[position : position + 12], report=piece[:12]),
                category="check",
            )
            return False
    if position != len(text):
        message = _("text from here was not placed in the report: '{text}…'").format(
            text=text[position : position + 20]
        )
        ledger.add(DOUBT, expected.origin(position), message, category="check")
        return False
    return True
