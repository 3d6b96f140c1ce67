"""Keep the message catalogs in step with the code.

    python tools/catalogs.py           # extract messages, update zh_CN and en catalogs
    python tools/catalogs.py --check   # exit 1 when a catalog lacks a message or a translation

Extraction and the .po files are Babel's; the English catalog repeats each
message as its own translation, so that both catalogs hold every message id.
Translations are written by hand into reportgen/locale/zh_CN/LC_MESSAGES/reportgen.po;
the .mo files are compiled when the package is built (setup.py).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "reportgen" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = {"zh_CN": "zh_CN", "en": "en"}


def extract() -> Catalog:
    """Return a catalog of every message marked in reportgen/ (and click's words we translate)."""
    # A fixed creation date keeps the files from changing when the messages do not.
    template = Catalog(
        project="reportgen",
        version="",
        charset="utf-8",
        creation_date=datetime(2023, 1, 1),
        revision_date=datetime(2023, 1, 1),
    )
    method_map = [("**.py", "python"), ("serve/templates/**.html", "jinja2")]
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "reportgen", method_map, keywords=KEYWORDS
    ):
        template.add(message, None, [(f"reportgen/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def load(path: Path, locale: str) -> Catalog:
    if path.exists():
        with open(path, "rb") as handle:
            return read_po(handle, locale=locale)
    return Catalog(
        locale=locale,
        project="reportgen",
        version="",
        charset="utf-8",
        creation_date=datetime(2023, 1, 1),
        revision_date=datetime(2023, 1, 1),
    )


def save(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False, ignore_obsolete=True)


def update() -> int:
    template = extract()
    save(template, LOCALE / "reportgen.pot")
    for locale in LANGUAGES:
        path = LOCALE / locale / "LC_MESSAGES" / "reportgen.po"
        catalog = load(path, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = template.creation_date
        catalog.revision_date = template.revision_date
        if locale == "en":
            for message in catalog:
                if message.id and (
                    not message.string or (isinstance(message.string, tuple) and not all(message.string))
                ):
                    message.string = message.id
        save(catalog, path)
    return check(template)


def missing(template: Catalog, locale: str) -> list[str]:
    """Return the message ids of `template` that the locale's catalog lacks or leaves untranslated."""
    catalog = load(LOCALE / locale / "LC_MESSAGES" / "reportgen.po", locale)
    result = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        if found is None or not strings or (isinstance(strings, tuple) and not all(strings)) or found.fuzzy:
            result.append(message.id if isinstance(message.id, str) else message.id[0])
    return result


def check(template: Catalog | None = None) -> int:
    template = template or extract()
    status = 0
    for locale in LANGUAGES:
        gaps = missing(template, locale)
        for message_id in gaps:
            print(f"{locale}: no translation for {message_id!r}")
        status |= bool(gaps)
    return status


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args()
    sys.exit(check() if args.check else update())
