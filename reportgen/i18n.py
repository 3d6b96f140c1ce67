"""Messages in Chinese or English, through gettext catalogs.

The catalogs live in `reportgen/locale/<lang>/LC_MESSAGES/reportgen.po`; Babel
extracts the messages into `reportgen/locale/reportgen.pot` and compiles the
`.po` files into `.mo` files when the package is built or installed (see
setup.py). Messages are Chinese unless English is asked for: `--lang en` (before
or after the command), REPORTGEN_LANG=en, or a locale (LC_ALL, LC_MESSAGES, LANG,
the first one set) that starts with `en`. A locale of C, POSIX or none at all, as
on most servers, gives Chinese.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path
from typing import Any

DOMAIN = "reportgen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")
_CATALOG_NAMES = {"zh": "zh_CN", "en": "en"}

_current: dict[str, Any] = {"language": None, "translations": None}


def language_from_environment(environ=None) -> str:
    """Return 'zh' or 'en' from REPORTGEN_LANG, else the POSIX locale variables; Chinese by default."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("REPORTGEN_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def language_in_arguments(argv: list[str]) -> str | None:
    """Return the value of `--lang` anywhere in `argv` (before or after the command), or None.

    The language must be known before click parses the arguments, so that its
    help texts and usage errors come out in it; the options themselves are
    declared on the group and on every command (see cli.LazyGroup).
    """
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found.strip().lower() if found and found.strip().lower() in LANGUAGES else None


def _load(language: str):
    catalog = _CATALOG_NAMES[language]
    mo = LOCALE_DIR / catalog / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.is_file():
        with open(mo, "rb") as handle:
            return _gettext.GNUTranslations(handle)
    po = mo.with_suffix(".po")
    if po.is_file():
        # A source checkout that was never built: compile the catalog in memory.
        try:
            import io

            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:
            return _gettext.NullTranslations()
        with open(po, "rb") as handle:
            parsed = read_po(handle, locale=catalog)
        buffer = io.BytesIO()
        write_mo(buffer, parsed)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


def set_language(language: str | None) -> str:
    """Use `language` ('zh' or 'en'; None: from the environment) for messages from now on."""
    language = (language or language_from_environment()).lower()
    if language not in LANGUAGES:
        language = "zh"
    if language != _current["language"]:
        _current["language"] = language
        _current["translations"] = _load(language)
        # Worker processes started afresh (spawn) read this.
        os.environ["REPORTGEN_LANG"] = language
        # click's own words (Usage:, Options:, its error messages) come through
        # gettext's default domain; our catalogs hold them too.
        os.environ["LANGUAGE"] = _CATALOG_NAMES[language]
        _gettext.bindtextdomain("messages", str(LOCALE_DIR))
    return language


def current_language() -> str:
    if _current["language"] is None:
        set_language(None)
    return _current["language"]


def _(message: str) -> str:
    """Return `message` in the current language."""
    if _current["translations"] is None:
        set_language(None)
    return _current["translations"].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message for `n`, in the current language."""
    if _current["translations"] is None:
        set_language(None)
    return _current["translations"].ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; translate it with `_` where it is shown."""
    return message
