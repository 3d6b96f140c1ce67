"""The word-list rule: wording an office prefers, from data/wordlist.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import WARNING
from ...i18n import _
from ..findings import Finding, TextField
from .base import (
    FieldRule,
    LintContext,
    find_all,
    mark_spans,
    within,
)


class Wording(FieldRule):
    id = "wordlist"
    severity = WARNING
    reason = "wording listed in data/wordlist.yaml (banned → preferred, with a reason)"

    def check(self, text: TextField, context: LintContext) -> Iterator[Finding]:
        if context.wordlist is None or not context.wordlist.entries:
            return
        value = text.masked
        titles = mark_spans(value, {"《": "》"})
        names = [(s, s + len(n)) for n in context.names for s in find_all(value, n)]
        matches = []
        for entry in context.wordlist.entries:
            for word in entry.banned:
                for start in find_all(value, word):
                    matches.append((start, start + len(word), word, entry))
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        taken_until = -1
        for start, end, word, entry in matches:
            if start < taken_until:
                continue  # inside a longer banned word already reported
            if within(titles, start, end):
                continue  # a document's title is quoted as it is
            guards = names + [(s, s + len(w)) for w in entry.exceptions for s in find_all(value, w)]
            if any(a < end and start < b and not (start <= a and b <= end) for a, b in guards):
                continue  # the match cuts through a longer name or word
            if not self._bounded(value, start, end):
                continue
            taken_until = end
            severity = entry.severity
            message = _("'{word}': {reason}").format(word=word, reason=entry.reason)
            yield Finding(
                text.location(start), severity, self.id, message, _("write '{text}'").format(text=entry.preferred)
            )

    @staticmethod
    def _bounded(value: str, start: int, end: int) -> bool:
        """Return whether a match starting or ending in a Latin letter or digit stands alone (附件1 is not in 附件10万元)."""
        first, last = value[start], value[end - 1]
        before = value[start - 1] if start else ""
        after = value[end] if end < len(value) else ""
        if first.isascii() and first.isalnum() and before.isascii() and before.isalnum() and before:
            return False
        if last.isdigit() and (after.isdigit() or after in ".．万千百亿余多%"):
            return False
        return not (last.isascii() and last.isalpha() and after.isascii() and after.isalnum() and after)
