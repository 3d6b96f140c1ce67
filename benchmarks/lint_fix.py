"""Measure `reportgen lint --fix` on one case file with many fixable findings.

    python benchmarks/lint_fix.py [--edits 40000] [--old]

Writes a case whose text holds EDITS half-width commas between Chinese characters
(each one a `punct-halfwidth` finding with a fix), then times, in a fresh process,
choosing the edits that do not overlap and writing them (the fixer's own work), and
the whole `reportgen lint --fix` run. `--old` also times the overlap check as it was
(every edit against every edit chosen before it), for comparison. It prints figures;
it never fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def write_project(root: Path, edits: int) -> Path:
    (root / "data" / "cases").mkdir(parents=True)
    text = "队员" + "".join("走访,群众" for _ in range(edits)) + "。"
    case = root / "data" / "cases" / "many.yaml"
    case.write_text(
        f"id: many\nunit: 碧江区总工会\ndate: 2023-01-10\ntext: {text}\n",
        encoding="utf-8",
    )
    return case


def _quadratic(findings):
    chosen, taken = [], []
    for finding in sorted(findings, key=lambda f: (f.edit.start, f.edit.end)):
        a, b = finding.edit.start, finding.edit.end
        if any(a < y and x < b for x, y in taken):
            continue
        chosen.append(finding)
        taken.append((a, b))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40_000)
    parser.add_argument("--old", action="store_true", help="time the old quadratic overlap check too")
    args = parser.parse_args()

    from reportgen.lint.engine import lint_run
    from reportgen.lint.fix import _without_overlaps, apply_fixes
    from reportgen.project import Project

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        case = write_project(root, args.edits)
        original = case.read_text(encoding="utf-8")

        os.chdir(root)
        start = time.perf_counter()
        run = lint_run([], Project(Path(".")))
        lint_seconds = time.perf_counter() - start
        fixable = [f for f in run.findings if f.edit is not None]
        start = time.perf_counter()
        chosen = _without_overlaps(fixable)
        choose_seconds = time.perf_counter() - start
        start = time.perf_counter()
        applied, problems = apply_fixes(run.findings, run.sources)
        fix_seconds = time.perf_counter() - start
        assert not problems, problems
        print(f"| case file with {args.edits} fixable findings | seconds |")
        print("| --- | ---: |")
        print(f"| lint (finding them) | {lint_seconds:.2f} |")
        print(f"| choosing {len(chosen)} non-overlapping edits | {choose_seconds:.3f} |")
        print(f"| applying and checking {len(applied)} edits, writing the file | {fix_seconds:.2f} |")
        if args.old:
            start = time.perf_counter()
            _quadratic(fixable)
            print(f"| choosing them the old way (each against all chosen) | {time.perf_counter() - start:.2f} |")
        case.write_text(original, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reportgen", "lint", "--fix", "data/cases"],
            cwd=root,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        seconds = time.perf_counter() - start
        print(f"| `reportgen lint --fix`, whole process (lint, fix, lint again) | {seconds:.2f} |")


if __name__ == "__main__":
    main()
