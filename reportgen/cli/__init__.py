"""The command-line layer: every click command of `reportgen`, calling the stages' public functions."""

from . import documents, entries  # noqa: F401  (they add their commands to the group)
from .main import cli, main

__all__ = ["cli", "main"]
