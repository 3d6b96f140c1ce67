"""The proofreading gate: `reportgen lint` and the checks `reportgen build` runs on what it builds.

Names are imported on first use, so that importing the build's hook costs nothing
until a document is actually linted.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "LintRun": ".engine",
    "lint_paths": ".engine",
    "lint_run": ".engine",
    "lint_sources": ".engine",
    "sorted_findings": ".engine",
    "strict_findings": ".engine",
    "Edit": ".findings",
    "Finding": ".findings",
    "TextField": ".findings",
    "build_lint_hook": ".gate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
