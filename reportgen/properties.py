"""Document properties (Word's File > Properties) from a template folder's `properties.yaml`.

Each value is a piece of Jinja text rendered with the document's context, so the
wording of a kind (工作简报, 经验交流材料) lives beside its template:

    title: "{{ brief.name }}（第{{ brief.issue }}期）"
    subject: 工作简报

A template folder without the file takes the one of its kind's default template
folder; without either, the properties are empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem
from .i18n import _

if TYPE_CHECKING:
    from jinja2 import Environment

PROPERTIES_FILE = "properties.yaml"
FIELDS = ("title", "author", "subject", "keywords", "category")
MAX_PROPERTY_CHARS = 10_000


def properties_file(template_dir: Path, default_dir: Path | None) -> Path | None:
    """Return the properties file a document of `template_dir` uses (its own, else its kind's default), or None."""
    for folder in (template_dir, default_dir):
        if folder is not None and (folder / PROPERTIES_FILE).is_file():
            return folder / PROPERTIES_FILE
    return None


def render_properties(path: Path | None, env: Environment, context: dict) -> tuple[dict[str, str], list[Problem]]:
    """Return the rendered properties of `path` (each of FIELDS, "" when not given) and the problems found."""
    values = dict.fromkeys(FIELDS, "")
    if path is None:
        return values, []
    import jinja2

    from .source import load_yaml_file

    source, problems = load_yaml_file(path)
    if source is None:
        return values, problems
    data = source.data if source.data is not None else {}
    if not isinstance(data, dict):
        return values, [Problem(source.location(()), _("expected a mapping of keys (key: value lines)"))]
    plain = env.overlay(finalize=lambda value: "" if value is None else str(value))
    for key, text in data.items():
        where = source.location((key,))
        if key not in FIELDS:
            problems.append(
                Problem(
                    source.location((key,), key=True),
                    _("unknown document property '{key}'").format(key=key),
                    hint=_("use one of: {names}").format(names=", ".join(FIELDS)),
                )
            )
            continue
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        try:
            value = plain.from_string(text).render(context)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(where, _("template error: {error}").format(error=exc.message)))
            continue
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
            problems.append(Problem(where, _("template error: {error}").format(error=exc)))
            continue
        if len(value) > MAX_PROPERTY_CHARS:
            problems.append(
                Problem(
                    where, _("document property is longer than {limit:,} characters").format(limit=MAX_PROPERTY_CHARS)
                )
            )
            continue
        values[key] = value
    return values, problems
