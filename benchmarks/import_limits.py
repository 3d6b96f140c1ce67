"""How fast, and in how little memory, `reportgen import` refuses hostile documents and reads long ones.

    python benchmarks/import_limits.py            # all rows (building the 4.8 GB bomb takes ~20 s)
    python benchmarks/import_limits.py --quick    # without the 4.8 GB bomb

Each row runs `reportgen import FILE --check` in a fresh process, through a wrapper
whose only child is reportgen (so that RUSAGE_CHILDREN is reportgen's own peak), and
prints the exit status, the wall time, the child's CPU time and its peak memory,
with the target. A second table times the stages of the long imports in-process.
It never fails on a timing; it prints figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import hostile_docx  # noqa: E402

MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "reportgen", "import", sys.argv[1], "--check"],
                            capture_output=True, text=True, encoding="utf-8")
    elapsed = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    print(result.returncode, elapsed, usage.ru_utime + usage.ru_stime, peak)
    lines = (result.stderr or result.stdout).strip().splitlines()
    sys.stderr.write((lines[0] if lines else "") + "\\n")
    """
)

MB = 1024 * 1024


def measure(path: Path) -> tuple[int, float, float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("REPORTGEN_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, path.name],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    status, elapsed, cpu, peak = done.stdout.split()
    return int(status), float(elapsed), float(cpu), int(peak), done.stderr.strip()


def stages(path: Path) -> list[tuple[str, float, float]]:
    """Time the stages of one import in this process: (stage, wall seconds, CPU seconds).

    CPU time is the fair figure on a shared machine, where wall time includes waiting for a core.
    """
    from reportgen.importer import command, noise, structure
    from reportgen.importer.mapped import Ledger
    from reportgen.importer.readers import read_source

    out = []
    clock = [time.perf_counter(), time.process_time()]

    def lap(stage: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        out.append((stage, now[0] - clock[0], now[1] - clock[1]))
        clock[:] = now

    document = read_source(path)
    lap("read")
    ledger = Ledger()
    buffer = noise.clean(document, ledger)
    lap("clean")
    structure.recognise(document, buffer, ledger)
    lap("recognise")
    command.import_document(path, cases_dir=path.parent / "cases")
    lap("whole import (read to validated YAML)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="leave out the 4.8 GB zip bomb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-limits-") as folder:
        root = Path(folder)
        rows = []
        if not args.quick:
            rows.append(
                (
                    "zip bomb: 4.8 GB in a ~5 MB .docx",
                    hostile_docx.zip_bomb(root / "bomb.docx", 4.8),
                    "refused < 2 s, < 200 MB",
                )
            )
        rows += [
            ("zip bomb: 1 GB", hostile_docx.zip_bomb(root / "bomb1.docx", 1.0), "refused < 2 s, < 200 MB"),
            ("100 MB of <w:p/>", hostile_docx.empty_paragraphs(root / "p100.docx", 100), "refused fast"),
            ("8 MB of <w:p/> (1.4 M paragraphs)", hostile_docx.empty_paragraphs(root / "p8.docx", 8), "refused fast"),
            ("5,000 nested tables", hostile_docx.nested_tables(root / "nested.docx", 5000), "located error"),
            ("billion laughs", hostile_docx.billion_laughs(root / "laughs.docx"), "located error"),
            ("malformed XML", hostile_docx.malformed(root / "broken.docx"), "located error"),
            ("20,000 paragraphs (.docx)", hostile_docx.many_paragraphs(root / "long.docx", 20000), "< 2 s"),
            ("20,000 lines (.txt)", hostile_docx.many_lines_text(root / "long.txt", 20000), "< 2 s"),
        ]
        print(f"{'input':38} {'size':>9} {'exit':>4} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  target; first line")
        for label, path, target in rows:
            status, elapsed, cpu, peak, first = measure(path)
            size = path.stat().st_size
            shown = f"{size / MB:.1f} MB" if size > MB else f"{size / 1024:.0f} KB"
            print(
                f"{label:38} {shown:>9} {status:>4} {elapsed:7.2f} {cpu:6.2f} {peak / MB:8.0f}  {target}; {first[:110]}"
            )
        print()
        print("stages of the long imports, in this process (wall s / CPU s):")
        for name in ("long.docx", "long.txt"):
            laps = stages(root / name)
            print(f"  {name}: " + ", ".join(f"{stage} {wall:.2f}/{cpu:.2f}" for stage, wall, cpu in laps))


if __name__ == "__main__":
    main()
