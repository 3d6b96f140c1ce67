"""The package's structure: no import circles, and the CLI layer on top (nothing below imports it).

The same check runs as `python tools/import_cycles.py` (exit 1 on a circle).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import import_cycles  # noqa: E402


def test_no_import_circles_in_reportgen():
    graph = import_cycles.import_graph(REPO)
    assert len(graph) > 30
    assert import_cycles.cycles(graph) == []


def test_nothing_below_the_cli_layer_imports_it():
    def in_cli(name: str) -> bool:
        return name == "reportgen.cli" or name.startswith("reportgen.cli.")

    graph = import_cycles.import_graph(REPO)
    # `python -m reportgen` starts the CLI: the one module above it
    below = {name: deps for name, deps in graph.items() if not in_cli(name) and name != "reportgen.__main__"}
    assert {name: sorted(d for d in deps if in_cli(d)) for name, deps in below.items()} == {name: [] for name in below}


def test_the_check_finds_a_circle_through_a_function_level_import(tmp_path):
    package = tmp_path / "reportgen"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from .high import g\n    return g\n")
    (package / "high.py").write_text("from . import low\n\ndef g():\n    return low\n")
    (package / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .high import g\nfrom .low import f\n"
    )
    graph = import_cycles.import_graph(tmp_path)
    assert graph["reportgen.typed"] == {"reportgen.low"}  # TYPE_CHECKING imports never run
    assert import_cycles.cycles(graph) == [["reportgen.high", "reportgen.low"]]
