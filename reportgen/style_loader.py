"""Read a template folder's style profile (`style.yaml`): YAML with positions, validated with located messages."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .i18n import _
from .source import load_yaml_file
from .style import StyleProfile
from .validation import validate_entry

STYLE_FILE = "style.yaml"


def load_style_profile(template_dir: Path) -> tuple[StyleProfile | None, list[Problem]]:
    """Load and validate `style.yaml` of a template folder; return it or the problems found."""
    source, problems = load_yaml_file(template_dir / STYLE_FILE)
    if source is None:
        return None, problems
    profile, problems = validate_entry(StyleProfile, source)
    if profile is None:
        return None, problems
    known = set(profile.paragraph_styles) | set(profile.character_styles)
    for role, style_key in profile.roles.items():
        if style_key not in known:
            problems.append(
                Problem(
                    source.location(("roles", role)),
                    _("role '{role}' names style '{style}', which the profile does not define").format(
                        role=role, style=style_key
                    ),
                )
            )
    if profile.page_numbers.enabled and profile.page_numbers.style not in profile.character_styles:
        problems.append(
            Problem(
                source.location(("page_numbers", "style")),
                _("page number style '{style}' is not a character style of the profile").format(
                    style=profile.page_numbers.style
                ),
            )
        )
    if profile.photos is not None:
        for role in ("photo", "photo-caption"):
            if profile.roles.get(role) not in profile.paragraph_styles:
                problems.append(
                    Problem(
                        source.location(("photos",), key=True),
                        _("photos: needs the role '{role}' mapped to a paragraph style under roles:").format(role=role),
                    )
                )
    if profile.tables is not None:
        for role in ("table-header", "table-cell", "table-title"):
            if profile.roles.get(role) not in profile.paragraph_styles:
                problems.append(
                    Problem(
                        source.location(("tables",), key=True),
                        _("tables: needs the role '{role}' mapped to a paragraph style under roles:").format(role=role),
                    )
                )
    return (None if problems else profile), problems
