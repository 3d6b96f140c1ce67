"""Turn a template's rendered markup into document blocks: roles, with runs of text.

Templates produce CommonMark with attributes (markdown-it-py and its attrs plugins):
`# 标题` is the headline, `## …` a level-1 heading and so on, a blank line ends a
paragraph, `{.kicker}` on the line before a block gives it a role, and
`[一是…。]{.point-lead}` gives a run a role. The docx writer maps roles to Word styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .i18n import _

_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")

TAB = "tab"
BREAK = "break"
RULE = "rule"


@dataclass
class Run:
    """A stretch of text with one character role (None: the paragraph's own style)."""

    text: str
    role: str | None = None


@dataclass
class Block:
    """A paragraph-level element of the document, with its role."""

    role: str
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text if r.role not in (TAB, BREAK) else ("\t" if r.role == TAB else "\n") for r in self.runs)


@dataclass
class TableBlock:
    """A table: rows of cells (each a list of runs), the first row its header.

    `widths` are relative column widths, `numeric` the columns that hold numbers,
    `aligns` each column's alignment, `total` whether the last row is a total row.
    """

    rows: list[list[list[Run]]]
    aligns: list[str]
    widths: list[float]
    numeric: frozenset[int] = frozenset()
    total: bool = False
    role: str = "table"

    @property
    def text(self) -> str:
        return "\n".join("\t".join("".join(r.text for r in cell) for cell in row) for row in self.rows)


@dataclass
class PhotoBlock:
    """One photo, or two side by side: the keys of checked photos, and a caption (runs) for each."""

    keys: list[str]
    captions: list[list[Run]]
    role: str = "photo"

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in caption) for caption in self.captions)


PHOTO_ROLES = ("photo", "photo-pair")
CAPTION_ROLE = "photo-caption"


def group_photos(blocks: list) -> list:
    """Return `blocks` with each photo block and the caption blocks after it made one PhotoBlock."""
    out: list = []
    pending: PhotoBlock | None = None
    for block in blocks:
        if pending is not None and isinstance(block, Block) and block.role == CAPTION_ROLE:
            pending.captions.append(block.runs)
            if len(pending.captions) == len(pending.keys):
                pending = None
            continue
        pending = None
        if isinstance(block, Block) and block.role in PHOTO_ROLES:
            pending = PhotoBlock(block.text.split(), [], block.role)
            out.append(pending)
            continue
        out.append(block)
    return out


class MarkupError(ValueError):
    """The template produced markup that cannot become a document."""


def escape_markup(text: str) -> str:
    """Return `text` with every markup character escaped, so it reads as itself."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A line break in user text must not start a new block or a list item; the
    # markup parser reads a carriage return as a line break too.
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin

    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.enable("table")
    md.disable(["image", "html_block", "html_inline", "autolink", "code", "fence", "lheading"])
    md.use(attrs_plugin, spans=True, allowed=["class"])
    md.use(attrs_block_plugin)
    return md


# Characters XML 1.0, and so a Word document, cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_blocks(markup: str) -> list[Block | TableBlock]:
    """Return the blocks of rendered template markup."""
    bad = _NOT_XML.search(markup)
    if bad is not None:
        line = markup.count("\n", 0, bad.start()) + 1
        raise MarkupError(
            _(
                "the template's output holds the control character U+{code:04X} (on line {line} of the output), which a Word document cannot hold; remove it from the template"
            ).format(code=ord(bad.group()), line=line)
        )
    tokens = _parser().parse(markup)
    blocks: list[Block | TableBlock] = []
    role_stack: list[str] = []
    pending_role: str | None = None
    table: TableBlock | None = None
    for token in tokens:
        kind = token.type
        if table is not None:
            if kind == "table_close":
                _finish_table(table)
                blocks.append(table)
                table = None
            elif kind == "tr_open":
                table.rows.append([])
            elif kind in ("th_open", "td_open") and len(table.rows) == 1:
                style = str(token.attrs.get("style", "")) if token.attrs else ""
                table.aligns.append(style.rpartition(":")[2] or "left")
            elif kind == "inline":
                table.rows[-1].append(_inline_runs(token.children or []))
            continue
        if kind == "table_open":
            table = _table_from_attrs(token)
        elif kind == "heading_open":
            pending_role = _class_of(token) or f"h{int(token.tag[1:])}"
        elif kind == "paragraph_open":
            pending_role = _class_of(token) or (role_stack[-1] if role_stack else "paragraph")
        elif kind == "inline":
            blocks.append(Block(pending_role or "paragraph", _inline_runs(token.children or [])))
            pending_role = None
        elif kind == "hr":
            blocks.append(Block(_class_of(token) or RULE))
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            role_stack.append(_class_of(token) or "paragraph")
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            role_stack.pop()
        elif kind in ("list_item_open", "list_item_close", "paragraph_close", "heading_close"):
            continue
        elif kind == "code_block":
            raise MarkupError(
                _("indented text is read as a code block; do not indent lines in the template's output by 4 spaces")
            )
    return blocks


def _table_from_attrs(token) -> TableBlock:
    attrs = token.attrs or {}
    try:
        widths = [float(w) for w in str(attrs.get("widths", "")).split(",") if w.strip()]
        numeric = frozenset(int(i) for i in str(attrs.get("numeric", "")).split(",") if i.strip())
    except ValueError:
        raise MarkupError(
            _(
                "a table's widths and numeric attributes must be comma-separated numbers, as the table filter writes them"
            )
        ) from None
    if any(not 0 < w <= 1000 for w in widths):
        raise MarkupError(_("a table's column widths must be numbers between 0 and 1000"))
    return TableBlock(
        [], [], widths, numeric, total=str(attrs.get("total", "")) == "1", role=_class_of(token) or "table"
    )


def _finish_table(table: TableBlock) -> None:
    columns = len(table.aligns)
    if len(table.widths) != columns:
        table.widths = [1.0] * columns
    for row in table.rows:
        row.extend([] for _missing in range(columns - len(row)))


def _class_of(token) -> str | None:
    value = token.attrs.get("class") if token.attrs else None
    if not value:
        return None
    return str(value).split()[0]


def _inline_runs(children) -> list[Run]:
    runs: list[Run] = []
    roles: list[str | None] = []

    def add(text: str) -> None:
        role = roles[-1] if roles else None
        if runs and runs[-1].role == role and role not in (TAB, BREAK):
            runs[-1].text += text
        else:
            runs.append(Run(text, role))

    for child in children:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add("" if _joins_without_space(runs) else " ")
        elif kind == "hardbreak":
            runs.append(Run("", BREAK))
        elif kind == "span_open":
            role = _class_of(child)
            roles.append(role if role else (roles[-1] if roles else None))
            if role == TAB:
                runs.append(Run("", TAB))
        elif kind == "span_close":
            roles.pop()
        elif kind == "strong_open":
            roles.append("strong")
        elif kind == "em_open":
            roles.append("emphasis")
        elif kind in ("strong_close", "em_close"):
            roles.pop()
        elif kind == "code_inline":
            add(child.content)
        elif kind in ("link_open", "link_close"):
            continue
        else:
            add(child.content)
    return [r for r in runs if r.text or r.role in (TAB, BREAK)]


def _joins_without_space(runs: list[Run]) -> bool:
    # Chinese text broken over two template lines joins without a space.
    last = runs[-1].text[-1:] if runs and runs[-1].text else ""
    return bool(last and _CJK_CHAR.match(last))
