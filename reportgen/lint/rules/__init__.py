"""The proofreading rules, by family: each has an id, a severity, a one-line reason and a check.

Field rules read one text value at a time (characters, punctuation, paired marks,
dates, numbers, wording). Document rules read a validated report or brief together
with the library cases it includes (mixed numerals, consistency, declared totals).
A new rule is a class in its family's module and an entry in one of the tables below.
"""

from __future__ import annotations

from .base import CaseUse, Document, DocumentRule, FieldRule, LintContext, Rule
from .characters import BidiControl, InvisibleCharacter
from .consistency import DeclaredTotal, FrontLineConsistency, UnitSpelling
from .dates import DateFormat, DateInvalid
from .numbers import MixedNumerals, ThousandsSeparator
from .pairs import CrossedPairs, UnbalancedPairs
from .punctuation import (
    FieldEnd,
    HalfWidthPunctuation,
    HalfWidthQuotes,
    MissingFullStop,
    RepeatedPunctuation,
    SpaceBetweenChinese,
)
from .wording import Wording

FIELD_RULES: tuple[FieldRule, ...] = (
    BidiControl(),
    InvisibleCharacter(),
    HalfWidthPunctuation(),
    HalfWidthQuotes(),
    RepeatedPunctuation(),
    MissingFullStop(),
    FieldEnd(),
    SpaceBetweenChinese(),
    UnbalancedPairs(),
    CrossedPairs(),
    DateFormat(),
    DateInvalid(),
    ThousandsSeparator(),
    Wording(),
)
DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    MixedNumerals(),
    FrontLineConsistency(),
    UnitSpelling(),
    DeclaredTotal(),
)
ALL_RULES: tuple[Rule, ...] = FIELD_RULES + DOCUMENT_RULES

__all__ = [
    "ALL_RULES",
    "DOCUMENT_RULES",
    "FIELD_RULES",
    "CaseUse",
    "Document",
    "LintContext",
]
