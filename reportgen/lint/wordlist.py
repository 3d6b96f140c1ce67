"""The project's word list (data/wordlist.yaml): wording to avoid, and names the checks must respect."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ERROR, WARNING, Location
from ..i18n import N_, _
from ..source import SourceFile
from .findings import Finding

FILE_RULE = "wordlist-file"
_TOP_KEYS = ("words", "names", "set_phrases", "variants")
_ENTRY_KEYS = ("banned", "preferred", "reason", "except", "severity")
# What a list of the word list holds, as its messages name it.
WORDS, NAMES, PHRASES, SPELLINGS, LONGER_WORDS = (
    N_("words"),
    N_("names"),
    N_("phrases"),
    N_("spellings"),
    N_("longer words"),
)


@dataclass(frozen=True)
class WordEntry:
    """Words to avoid, the wording to use instead, and why."""

    banned: tuple[str, ...]
    preferred: str
    reason: str
    exceptions: tuple[str, ...] = ()
    severity: str = WARNING


@dataclass
class Wordlist:
    """Everything data/wordlist.yaml declares."""

    entries: list[WordEntry] = field(default_factory=list)
    names: tuple[str, ...] = ()
    set_phrases: tuple[str, ...] = ()
    variants: list[tuple[str, ...]] = field(default_factory=list)
    source: SourceFile | None = None


def _file_finding(location: Location, message: str, suggestion: str = "") -> Finding:
    return Finding(location, ERROR, FILE_RULE, message, suggestion)


def _string_list(source: SourceFile, value, path: tuple, what: str, findings: list[Finding]) -> tuple[str, ...]:
    """Return `value` as a tuple of non-empty strings (`what`: WORDS, NAMES …); report anything else."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        findings.append(
            _file_finding(
                source.location(path),
                _("'{key}' should be a list of {what}").format(key=path[-1], what=_(what)),
                _("write [一, 二] or one '- item' per line"),
            )
        )
        return ()
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            findings.append(
                _file_finding(
                    source.location(path + (i,)),
                    _("item {number} of '{key}' should be non-empty text").format(number=i + 1, key=path[-1]),
                )
            )
            continue
        items.append(item.strip())
    return tuple(items)


def parse_wordlist(source: SourceFile) -> tuple[Wordlist, list[Finding]]:
    """Return the word list a loaded wordlist.yaml declares, and the mistakes found in it."""
    findings: list[Finding] = []
    wordlist = Wordlist(source=source)
    data = source.data
    if not isinstance(data, dict):
        findings.append(
            _file_finding(
                source.location(()),
                _("the word list should be a mapping with a 'words:' list"),
                _("see data/wordlist.yaml in the reportgen repository"),
            )
        )
        return wordlist, findings
    for key in data:
        if key not in _TOP_KEYS:
            findings.append(
                _file_finding(
                    source.location((key,), key=True),
                    _("unknown key '{key}'").format(key=key),
                    _("allowed keys: {keys}").format(keys=", ".join(_TOP_KEYS)),
                )
            )
    words = data.get("words", [])
    if not isinstance(words, list):
        findings.append(
            _file_finding(
                source.location(("words",)),
                _("'words' should be a list of entries"),
                _("one '- banned: …' entry per word"),
            )
        )
        words = []
    seen: dict[str, tuple[int, int]] = {}
    for i, item in enumerate(words):
        path = ("words", i)
        if not isinstance(item, dict):
            findings.append(
                _file_finding(
                    source.location(path),
                    _("entry {number} should be a mapping with banned, preferred and reason").format(number=i + 1),
                )
            )
            continue
        for key in item:
            if key not in _ENTRY_KEYS:
                findings.append(
                    _file_finding(
                        source.location(path + (key,), key=True),
                        _("unknown key '{key}' in entry {number}").format(key=key, number=i + 1),
                        _("allowed keys: {keys}").format(keys=", ".join(_ENTRY_KEYS)),
                    )
                )
        missing = [k for k in ("banned", "preferred", "reason") if k not in item]
        if missing:
            findings.append(
                _file_finding(
                    source.location(path),
                    _("entry {number} has no {keys}").format(number=i + 1, keys=_(" or ").join(missing)),
                    _("every entry needs banned, preferred and reason"),
                )
            )
            continue
        banned = _string_list(source, item["banned"], path + ("banned",), WORDS, findings)
        preferred, reason = item["preferred"], item["reason"]
        if not isinstance(preferred, str) or not preferred.strip():
            findings.append(
                _file_finding(
                    source.location(path + ("preferred",)),
                    _("'preferred' of entry {number} should be non-empty text").format(number=i + 1),
                )
            )
            continue
        if not isinstance(reason, str) or not reason.strip():
            findings.append(
                _file_finding(
                    source.location(path + ("reason",)),
                    _("'reason' of entry {number} should be non-empty text").format(number=i + 1),
                    _("say in one line why the word is avoided"),
                )
            )
            continue
        severity = item.get("severity", WARNING)
        if severity not in (ERROR, WARNING):
            findings.append(
                _file_finding(
                    source.location(path + ("severity",)),
                    _("severity should be 'error' or 'warning', not '{severity}'").format(severity=severity),
                )
            )
            severity = WARNING
        exceptions = _string_list(source, item.get("except", []), path + ("except",), LONGER_WORDS, findings)
        good = []
        for j, word in enumerate(banned):
            where = source.location(path + ("banned",) + ((j,) if isinstance(item["banned"], list) else ()))
            if word in seen:
                findings.append(
                    _file_finding(
                        where,
                        _("'{word}' is listed twice (first at line {line})").format(word=word, line=seen[word][0]),
                        _("keep one entry"),
                    )
                )
                continue
            if word in preferred.strip():
                findings.append(
                    _file_finding(
                        where,
                        _("the preferred wording '{preferred}' contains the banned '{word}'").format(
                            preferred=preferred.strip(), word=word
                        ),
                        _("the check would flag the fix itself"),
                    )
                )
                continue
            seen[word] = (where.line, where.column)
            good.append(word)
        if good:
            wordlist.entries.append(
                WordEntry(tuple(good), preferred.strip(), " ".join(reason.split()), exceptions, severity)
            )
    if "names" in data:
        wordlist.names = _string_list(source, data["names"], ("names",), NAMES, findings)
    if "set_phrases" in data:
        wordlist.set_phrases = _string_list(source, data["set_phrases"], ("set_phrases",), PHRASES, findings)
    groups = data.get("variants", [])
    if not isinstance(groups, list):
        findings.append(
            _file_finding(
                source.location(("variants",)),
                _("'variants' should be a list of groups"),
                _("each group lists the spellings of one thing: [公里, 千米]"),
            )
        )
        groups = []
    for i, group in enumerate(groups):
        spellings = _string_list(source, group, ("variants", i), SPELLINGS, findings)
        if len(spellings) < 2:
            findings.append(
                _file_finding(
                    source.location(("variants", i)),
                    _("variant group {number} needs at least two spellings").format(number=i + 1),
                )
            )
            continue
        wordlist.variants.append(spellings)
    return wordlist, findings
