"""Write translations into a catalog: `python tools/translate.py zh_CN FILE.py`, where
FILE.py defines ZH = {msgid: msgstr, (singular, plural): (form,)}. Existing
translations are replaced only for the ids given."""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]

locale, source = sys.argv[1], sys.argv[2]
table = runpy.run_path(source)["ZH"]
path = ROOT / "reportgen" / "locale" / locale / "LC_MESSAGES" / "reportgen.po"
with open(path, "rb") as handle:
    catalog = read_po(handle, locale=locale)
unknown = []
for key, value in table.items():
    message = catalog.get(key if isinstance(key, str) else key[0])
    if message is None:
        unknown.append(key)
        continue
    message.string = value
    message.flags.discard("fuzzy")
with open(path, "wb") as handle:
    write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)
for key in unknown:
    print(f"not in the catalog: {key!r}")
