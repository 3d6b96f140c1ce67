"""Measure reportgen beside a python-docx baseline, a docxtpl baseline and the zip floor.

    python benchmarks/run.py [--n 1000] [--quick]

In one run: generates N seed-sized reports (and a tenth as many for the memory
comparison), times in-process rendering of one document for each renderer,
times whole processes (startup, `reportgen --help`, builds) in subprocesses,
and prints Markdown tables of figures, then each target of issue 8 as a ratio
marked met / not met. It prints figures; it never fails on a timing.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.baseline_docxtpl import render_docxtpl  # noqa: E402
from benchmarks.baseline_python_docx import render_python_docx  # noqa: E402
from benchmarks.generate import DEFAULT_SEED, generate_project  # noqa: E402
from benchmarks.report_text import load_report, report_paragraphs  # noqa: E402

SEED_REPORT = Path("data/reports/three-front-lines.yaml")
IN_PROCESS_REPORTS = 20  # distinct reports cycled through by the in-process timings
NOT_AVAILABLE = "reportgen API not available"

# Targets of issue 8.
IN_PROCESS_RATIO_LIMIT = 0.5  # reportgen / docxtpl
PARALLEL_DOCS_PER_SECOND = 150
MEMORY_GROWTH_LIMIT = 1.5  # peak(N) / peak(N/10)
NO_OP_BUILD_SECONDS = 0.5
HELP_RATIO_LIMIT = 1.5  # reportgen --help / python -c "import click"
SEED_BUILD_MARGIN_MS = 40  # over python -c "import docx, jinja2, yaml, click"


@dataclass
class Settings:
    n: int
    small_n: int
    in_process_docs: int
    warmup_docs: int
    startup_runs: int
    seed_build_runs: int
    no_op_runs: int
    full_build_runs: int
    jobs: int = 2


def settings_for(args) -> Settings:
    if args.quick:
        n = args.n or 100
        return Settings(
            n,
            max(10, n // 10),
            in_process_docs=20,
            warmup_docs=3,
            startup_runs=5,
            seed_build_runs=3,
            no_op_runs=3,
            full_build_runs=1,
        )
    n = args.n or 1000
    return Settings(
        n,
        max(10, n // 10),
        in_process_docs=200,
        warmup_docs=10,
        startup_runs=20,
        seed_build_runs=10,
        no_op_runs=5,
        full_build_runs=3,
    )


# -- in-process timing -----------------------------------------------------------------


@dataclass
class InProcessResult:
    name: str
    times: list[float] = field(default_factory=list)  # seconds per document
    peak_traced: int | None = None  # bytes, tracemalloc peak for one document
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.times)

    @property
    def docs_per_second(self) -> float:
        return len(self.times) / sum(self.times)


def time_renderer(name: str, render, inputs: list, docs: int, warmup: int) -> InProcessResult:
    """Return per-document times of `render(input)` over `inputs`, cycled, after a warm-up."""
    result = InProcessResult(name)
    for i in range(warmup):
        render(inputs[i % len(inputs)])
    gc.collect()
    for i in range(docs):
        item = inputs[i % len(inputs)]
        start = time.perf_counter()
        render(item)
        result.times.append(time.perf_counter() - start)
    tracemalloc.start()
    render(inputs[0])
    result.peak_traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result


def zip_parts(docx: bytes) -> list[tuple[str, bytes]]:
    """Return the parts of a .docx, in order, as (name, bytes)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_zip(parts: list[tuple[str, bytes]]) -> bytes:
    """Return a deflated zip of finished parts: the floor under any .docx writer."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def load_reportgen_api():
    """Return (render_report, Project), or None when reportgen's build API is not there yet."""
    try:
        from reportgen.build import render_report
        from reportgen.project import Project
    except ImportError:
        return None
    return render_report, Project


def docx_paragraph_texts(docx: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def compare_text(reportgen_docx: bytes, report, cases) -> str:
    """Return "same" or where reportgen's visible text first differs from the baselines'."""
    expected = [p.full_text for p in report_paragraphs(report, cases)]
    actual = [t for t in docx_paragraph_texts(reportgen_docx) if t.strip()]
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            return f"paragraph {index + 1}: reportgen {got[:40]!r}… / baselines {want[:40]!r}…"
    if len(expected) != len(actual):
        return f"reportgen has {len(actual)} non-empty paragraphs, the baselines {len(expected)}"
    return "same"


# Each renderer is timed in a fresh process of its own, so that none pays for another's
# heap (the cyclic garbage collector's full passes grow with every object alive) or
# profits from another's caches.
RENDERERS = {
    "reportgen": "reportgen render_report (from the YAML path; project of {reports} reports)",
    "reportgen-seed": "reportgen render_report (the seed report, in a project of its own)",
    "python-docx": "python-docx baseline (from loaded data)",
    "docxtpl": "docxtpl baseline (from loaded data)",
    "zip-reportgen": "zip floor (reportgen's finished parts)",
    "zip-python-docx": "zip floor (python-docx baseline's parts)",
    "load": "load + validate a report and its cases (source + model)",
}
NEEDS_REPORTGEN = {"reportgen", "reportgen-seed", "zip-reportgen"}


def renderer_under_test(key: str, project: Path, seed_project: Path):
    """Return (render, inputs) for one renderer; reportgen's run with the project as working folder."""
    report_paths = sorted((project / "data" / "reports").glob("*.yaml"))
    cases_dir = project / "data" / "cases"
    if key in NEEDS_REPORTGEN:
        render_report, Project = load_reportgen_api()
        if key == "reportgen-seed":
            os.chdir(seed_project)
            seed = Project(seed_project.resolve())
            return (lambda path: render_report(path, seed)), [(seed_project / SEED_REPORT).resolve()]
        os.chdir(project)
        whole = Project(project.resolve())
        paths = [p.resolve() for p in report_paths]
        if key == "reportgen":
            return (lambda path: render_report(path, whole)), paths
        return write_zip, [zip_parts(render_report(path, whole)) for path in paths[:10]]
    if key == "load":
        return (lambda path: load_report(path, cases_dir)), report_paths
    loaded = [load_report(path, cases_dir) for path in report_paths]
    if key == "python-docx":
        return (lambda rc: render_python_docx(*rc)), loaded
    if key == "docxtpl":
        return (lambda rc: render_docxtpl(*rc)), loaded
    return write_zip, [zip_parts(render_python_docx(*rc)) for rc in loaded[:10]]


def child_main(key: str, project: Path, seed_project: Path, docs: int, warmup: int) -> None:
    """Time one renderer in this process and print the result as JSON (run by run_in_process)."""
    render, inputs = renderer_under_test(key, project, seed_project)
    result = time_renderer(key, render, inputs, docs, warmup)
    print(json.dumps({"times": result.times, "peak_traced": result.peak_traced}))


def run_in_process(
    project: Path, seed_project: Path, settings: Settings, api, bytecode_cache: Path
) -> tuple[list[InProcessResult], dict]:
    """Time each renderer over the reports of `project`, cycled, each in a process of its own."""
    report_paths = sorted((project / "data" / "reports").glob("*.yaml"))
    cases_dir = project / "data" / "cases"
    extra: dict = {"reports": len(report_paths), "cases": len(list(cases_dir.glob("*.yaml")))}
    results = []
    for key, label in RENDERERS.items():
        label = label.format(**extra)
        if key in NEEDS_REPORTGEN and api is None:
            if key == "reportgen":
                results.append(InProcessResult("reportgen render_report", note=NOT_AVAILABLE))
            continue
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            key,
            "--child-project",
            str(project),
            "--child-seed-project",
            str(seed_project),
            "--child-docs",
            str(settings.in_process_docs),
            "--child-warmup",
            str(settings.warmup_docs),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, env=subprocess_env(bytecode_cache))
        if done.returncode != 0:
            lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
            results.append(
                InProcessResult(label, note=f"failed: {lines[-1][:150] if lines else f'exit {done.returncode}'}")
            )
            continue
        data = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(InProcessResult(label, data["times"], data["peak_traced"]))

    loaded = [load_report(path, cases_dir) for path in report_paths]
    extra["chars"] = statistics.fmean(sum(len(p.full_text) for p in report_paragraphs(*rc)) for rc in loaded)
    if api is not None:
        _check_reportgen_text(api, project, report_paths, loaded, extra)
    extra["python-docx_size"] = len(render_python_docx(*loaded[0]))
    extra["docxtpl_size"] = len(render_docxtpl(*loaded[0]))
    return results, extra


def _check_reportgen_text(api, project: Path, report_paths: list[Path], loaded: list, extra: dict) -> None:
    render_report, Project = api
    previous = Path.cwd()
    try:
        os.chdir(project)
        whole = Project(project.resolve())
        outputs = [render_report(p.resolve(), whole) for p in report_paths]
    except Exception as exc:  # the API is new: say what failed and go on
        extra["text_check"] = f"could not render: {type(exc).__name__}: {str(exc)[:120]}"
        return
    finally:
        os.chdir(previous)
    differences = [compare_text(docx, *rc) for docx, rc in zip(outputs, loaded)]
    same = sum(1 for d in differences if d == "same")
    first = next((f"{path.name}: {d}" for path, d in zip(report_paths, differences) if d != "same"), "")
    extra["text_check"] = f"{same} of {len(outputs)} the same" + (f"; first difference, {first}" if first else "")
    extra["reportgen_size"] = len(outputs[0])


# -- whole-process timing --------------------------------------------------------------


@dataclass
class ProcessResult:
    label: str
    times: list[float] = field(default_factory=list)
    max_rss: list[int] = field(default_factory=list)  # bytes, sampled peak of the largest single process
    tree_rss: list[int] = field(default_factory=list)  # bytes, sampled peak of the sum over the process tree
    failure: str = ""
    rewritten: int | None = None  # outputs rewritten by the last run (no-op build)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


class TreeMemorySampler:
    """Sample a process and its descendants from /proc: the peak of their summed resident
    memory, and the largest high-water mark (VmHWM) of any one of them.

    `ru_maxrss` from wait4 cannot be used here: a child forked from this (large)
    process starts with this process's high-water mark, so every command would
    seem to need as much memory as the benchmark itself.
    """

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.tree_peak = 0
        self.largest_process = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
        tree = {self.pid}
        grew = True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        total = 0
        for pid in tree:
            rss, hwm = _status_kib(pid)
            total += rss
            self.largest_process = max(self.largest_process, hwm * 1024)
        self.tree_peak = max(self.tree_peak, total * 1024)


def _status_kib(pid: int) -> tuple[int, int]:
    """Return (VmRSS, VmHWM) of a process in KiB, or zeros once it has gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, hwm


def run_process(
    cmd: list[str], cwd: Path, env: dict, *, sample_memory: bool = False
) -> tuple[float, int, int, int, str]:
    """Run `cmd`; return wall seconds, exit code, largest process peak and process tree peak (bytes), stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeMemorySampler(process.pid) if sample_memory else None
        if sampler:
            sampler.start()
        code = process.wait()
        elapsed = time.perf_counter() - start
        if sampler:
            sampler.stop()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    largest, tree = (sampler.largest_process, sampler.tree_peak) if sampler else (0, 0)
    return elapsed, code, largest, tree, stderr


def measure(
    label: str,
    cmd: list[str],
    cwd: Path,
    env: dict,
    runs: int,
    *,
    warmup: int = 1,
    before_each=None,
    sample_memory: bool = False,
) -> ProcessResult:
    """Return the timings of `runs` runs of `cmd` after `warmup` untimed ones (hyperfine-like)."""
    result = ProcessResult(label)
    for i in range(warmup + runs):
        if before_each:
            before_each()
        elapsed, code, max_rss, tree_peak, stderr = run_process(cmd, cwd, env, sample_memory=sample_memory)
        if code != 0:
            lines = [line for line in stderr.strip().splitlines() if line.strip()]
            result.failure = f"exit {code}: {lines[-1][:150] if lines else 'no message'}"
            return result
        if i >= warmup:
            result.times.append(elapsed)
            if sample_memory:
                result.max_rss.append(max_rss)
                result.tree_rss.append(tree_peak)
    return result


def reportgen_command() -> list[str]:
    """Return the command that runs reportgen: the installed script, else `python -m reportgen`."""
    script = shutil.which("reportgen")
    return [script] if script else [sys.executable, "-m", "reportgen"]


def subprocess_env(bytecode_cache: Path | None = None) -> dict:
    """Return the environment of the measured processes.

    With `bytecode_cache`, compiled modules are written there and read back
    (PYTHONPYCACHEPREFIX), even where PYTHONDONTWRITEBYTECODE is set, so that
    after the warm-up run no process compiles reportgen's modules again, as
    none does on an installed copy; the repository itself is left untouched.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONTRACEMALLOC", None)
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def output_stamps(project: Path) -> dict[str, int]:
    out = project / "output"
    if not out.is_dir():
        return {}
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*.docx")}


def make_seed_project(root: Path) -> Path:
    """Write a project holding only the repository's seed report, its cases and templates."""
    (root / "data" / "reports").mkdir(parents=True)
    shutil.copy(REPO_ROOT / SEED_REPORT, root / SEED_REPORT)
    shutil.copytree(REPO_ROOT / "data" / "cases", root / "data" / "cases")
    if (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", root / "templates")
    return root


def run_processes(
    big: Path, small: Path, seed_project: Path, settings: Settings, bytecode_cache: Path
) -> tuple[list[ProcessResult], dict[str, ProcessResult], str]:
    env = subprocess_env(bytecode_cache)
    py = sys.executable
    rg = reportgen_command()
    here = REPO_ROOT
    startup = [
        ("python -c pass", [py, "-c", "pass"]),
        ('python -c "import click"', [py, "-c", "import click"]),
        ("reportgen --help", rg + ["--help"]),
        ('python -c "import docx, jinja2, yaml, click"', [py, "-c", "import docx, jinja2, yaml, click"]),
    ]
    results = [measure(label, cmd, here, env, settings.startup_runs) for label, cmd in startup]

    builds: dict[str, ProcessResult] = {}
    probe = subprocess.run(rg + ["build", "--help"], cwd=here, env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        note = f"reportgen build not available ({(probe.stderr.strip().splitlines() or ['no message'])[-1][:120]})"
        return results, builds, note
    has_force = "--force" in probe.stdout
    force = ["--force"] if has_force else []
    note = "" if has_force else "build has no --force: the output folder is deleted before each full build"

    def clean(project: Path):
        def remove():
            if not has_force:
                shutil.rmtree(project / "output", ignore_errors=True)

        return remove

    builds["seed"] = measure(
        "reportgen build of the seed report",
        rg + ["build", str(SEED_REPORT)] + force,
        seed_project,
        env,
        settings.seed_build_runs,
        before_each=clean(seed_project),
        sample_memory=True,
    )
    jobs = ["-j", str(settings.jobs)]
    builds["small"] = measure(
        f"reportgen build -j {settings.jobs}, {settings.small_n} reports",
        rg + ["build"] + jobs + force,
        small,
        env,
        settings.full_build_runs,
        before_each=clean(small),
        sample_memory=True,
    )
    builds["big"] = measure(
        f"reportgen build -j {settings.jobs}, {settings.n} reports",
        rg + ["build"] + jobs + force,
        big,
        env,
        settings.full_build_runs,
        before_each=clean(big),
        sample_memory=True,
    )
    # The outputs of the last full build are up to date: a second plain build has nothing to do.
    before = output_stamps(big)
    builds["no_op"] = measure(
        f"reportgen build (no-op), {settings.n} reports", rg + ["build"], big, env, settings.no_op_runs, warmup=0
    )
    after = output_stamps(big)
    builds["no_op"].rewritten = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return results, builds, note


# -- report ----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def mib(size: float) -> str:
    return f"{size / 1024 / 1024:.1f}"


def machine_lines() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in ("python-docx", "docxtpl", "lxml", "Jinja2", "PyYAML", "click", "pydantic"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return [
        f"- machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable}); {', '.join(versions)}",
        f"- load average at the start: {load_average()}",
        "- measured processes cache compiled modules in the work folder (PYTHONPYCACHEPREFIX), so only warm-up runs compile",
    ]


def load_average() -> str:
    """Return the 1- and 5-minute load averages: other work on the machine skews the timings."""
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def seed_characters() -> int:
    report, cases = load_report(REPO_ROOT / SEED_REPORT, REPO_ROOT / "data" / "cases")
    return sum(len(p.full_text) for p in report_paragraphs(report, cases))


def print_in_process(results: list[InProcessResult], settings: Settings, extra: dict) -> None:
    python_docx = first_result(results, "python-docx baseline")
    docxtpl = first_result(results, "docxtpl baseline")
    print(
        f"\n## In-process, one document at a time ({settings.in_process_docs} documents after {settings.warmup_docs} warm-up, cycling through {extra['reports']} reports with {extra['cases']} cases)\n"
    )
    print("| renderer | median ms/doc | mean ms/doc | docs/s | traced peak MiB/doc | × python-docx | × docxtpl |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if not r.times:
            print(f"| {r.name} | {r.note} | | | | | |")
            continue
        to_pd = f"{r.median / python_docx.median:.2f}" if python_docx else ""
        to_tpl = f"{r.median / docxtpl.median:.2f}" if docxtpl else ""
        print(
            f"| {r.name} | {ms(r.median)} | {ms(r.mean)} | {r.docs_per_second:.0f} | {mib(r.peak_traced or 0)} | {to_pd} | {to_tpl} |"
        )
    print(
        f"\nGenerated reports: {extra['chars']:.0f} characters of visible text on average (the seed report: {seed_characters()})."
    )
    sizes = ", ".join(f"{k.replace('_size', '')} {v / 1024:.0f} KiB" for k, v in extra.items() if k.endswith("_size"))
    print(f".docx size of the first report: {sizes}.")
    if "text_check" in extra:
        print(f"Visible text, reportgen against the baselines: {extra['text_check']}.")


def print_processes(
    results: list[ProcessResult], builds: dict[str, ProcessResult], note: str, settings: Settings
) -> None:
    print("\n## Whole process (subprocess wall time, median of the runs after one warm-up)\n")
    print("| command | median ms | min ms | runs |")
    print("|---|---:|---:|---:|")
    for r in results:
        if r.failure:
            print(f"| {r.label} | {r.failure} | | |")
        else:
            print(f"| {r.label} | {ms(r.median)} | {ms(min(r.times))} | {len(r.times)} |")
    print("\n## Builds (run in the generated project folder)\n")
    if note:
        print(f"{note}\n")
    if not builds:
        return
    print("| build | median s | docs/s | runs | largest process peak RSS MiB | process tree peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    counts = {"seed": 1, "small": settings.small_n, "big": settings.n, "no_op": None}
    for key, r in builds.items():
        if r.failure:
            print(f"| {r.label} | {r.failure} | | | | |")
            continue
        count = counts[key]
        rate = f"{count / r.median:.0f}" if count else ""
        largest = mib(max(r.max_rss)) if r.max_rss else ""
        tree = mib(max(r.tree_rss)) if r.tree_rss else ""
        print(f"| {r.label} | {r.median:.3f} | {rate} | {len(r.times)} | {largest} | {tree} |")
    no_op = builds.get("no_op")
    if no_op and no_op.rewritten is not None and not no_op.failure:
        print(f"\nThe no-op builds rewrote {no_op.rewritten} of the {settings.n} outputs.")


def first_result(results: list[InProcessResult], prefix: str) -> InProcessResult | None:
    """Return the first measured result whose name starts with `prefix`."""
    return next((r for r in results if r.times and r.name.startswith(prefix)), None)


def status(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT MET")


def print_targets(
    in_process: list[InProcessResult],
    processes: list[ProcessResult],
    builds: dict[str, ProcessResult],
    settings: Settings,
) -> None:
    rg = first_result(in_process, "reportgen render_report (from")
    rg_seed = first_result(in_process, "reportgen render_report (the seed")
    tpl = first_result(in_process, "docxtpl baseline")
    load = first_result(in_process, "load + validate")
    proc = {r.label: r for r in processes if not r.failure}
    rows = []

    if rg and tpl:
        ratio = rg.median / tpl.median
        rows.append(
            (
                "in-process render, reportgen / docxtpl",
                f"{ratio:.2f} ({ms(rg.median)} / {ms(tpl.median)} ms)",
                f"≤ {IN_PROCESS_RATIO_LIMIT}",
                status(ratio <= IN_PROCESS_RATIO_LIMIT),
            )
        )
        if load:
            fair = rg.median / (tpl.median + load.median)
            rows.append(
                (
                    "  same, docxtpl charged the YAML load too",
                    f"{fair:.2f} ({ms(rg.median)} / {ms(tpl.median + load.median)} ms)",
                    f"≤ {IN_PROCESS_RATIO_LIMIT}",
                    status(fair <= IN_PROCESS_RATIO_LIMIT),
                )
            )
        if rg_seed:
            ratio = rg_seed.median / tpl.median
            rows.append(
                (
                    "  same, reportgen on the seed report alone",
                    f"{ratio:.2f} ({ms(rg_seed.median)} / {ms(tpl.median)} ms)",
                    f"≤ {IN_PROCESS_RATIO_LIMIT}",
                    status(ratio <= IN_PROCESS_RATIO_LIMIT),
                )
            )
    else:
        rows.append(("in-process render, reportgen / docxtpl", NOT_AVAILABLE, f"≤ {IN_PROCESS_RATIO_LIMIT}", "n/a"))

    big, small, no_op, seed = (builds.get(k) for k in ("big", "small", "no_op", "seed"))
    if big and not big.failure:
        rate = settings.n / big.median
        rows.append(
            (
                f"build -j {settings.jobs}, {settings.n} reports",
                f"{rate:.0f} docs/s",
                f"≥ {PARALLEL_DOCS_PER_SECOND}",
                status(rate >= PARALLEL_DOCS_PER_SECOND),
            )
        )
        if small and not small.failure and small.tree_rss and big.tree_rss:
            growth = max(big.tree_rss) / max(small.tree_rss)
            rows.append(
                (
                    f"peak memory, {settings.n} / {settings.small_n} reports (process tree)",
                    f"{growth:.2f} ({mib(max(big.tree_rss))} / {mib(max(small.tree_rss))} MiB)",
                    f"≤ {MEMORY_GROWTH_LIMIT}",
                    status(growth <= MEMORY_GROWTH_LIMIT),
                )
            )
            single = max(big.max_rss) / max(small.max_rss)
            rows.append(
                (
                    "  same, largest single process",
                    f"{single:.2f} ({mib(max(big.max_rss))} / {mib(max(small.max_rss))} MiB)",
                    f"≤ {MEMORY_GROWTH_LIMIT}",
                    status(single <= MEMORY_GROWTH_LIMIT),
                )
            )
    else:
        rows.append(
            (
                f"build -j {settings.jobs}, {settings.n} reports",
                big.failure if big else "not measured",
                f"≥ {PARALLEL_DOCS_PER_SECOND} docs/s",
                "n/a",
            )
        )
    if no_op and not no_op.failure:
        rows.append(
            (
                f"no-op build, {settings.n} reports",
                f"{no_op.median:.3f} s",
                f"< {NO_OP_BUILD_SECONDS} s",
                status(no_op.median < NO_OP_BUILD_SECONDS),
            )
        )
    else:
        rows.append(
            (
                f"no-op build, {settings.n} reports",
                no_op.failure if no_op else "not measured",
                f"< {NO_OP_BUILD_SECONDS} s",
                "n/a",
            )
        )

    help_, click_ = proc.get("reportgen --help"), proc.get('python -c "import click"')
    if help_ and click_:
        ratio = help_.median / click_.median
        rows.append(
            (
                "reportgen --help / import click",
                f"{ratio:.2f} ({ms(help_.median)} / {ms(click_.median)} ms)",
                f"≤ {HELP_RATIO_LIMIT}",
                status(ratio <= HELP_RATIO_LIMIT),
            )
        )
    else:
        rows.append(("reportgen --help / import click", "not measured", f"≤ {HELP_RATIO_LIMIT}", "n/a"))

    imports = proc.get('python -c "import docx, jinja2, yaml, click"')
    if seed and not seed.failure and imports:
        over = (seed.median - imports.median) * 1000
        rows.append(
            (
                "build of the seed report − import docx, jinja2, yaml, click",
                f"{over:+.0f} ms ({ms(seed.median)} − {ms(imports.median)} ms)",
                f"≤ +{SEED_BUILD_MARGIN_MS} ms",
                status(over <= SEED_BUILD_MARGIN_MS),
            )
        )
    else:
        rows.append(
            (
                "build of the seed report − import docx, jinja2, yaml, click",
                seed.failure if seed else "not measured",
                f"≤ +{SEED_BUILD_MARGIN_MS} ms",
                "n/a",
            )
        )

    print("\n## Targets (issue 8)\n")
    print("| target | measured | limit | status |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=None, help="reports in the large build (default 1000; 100 with --quick)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="small N and few repeats, for a smoke test (under a minute)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed of the generated reports (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--workdir", type=Path, help="write the generated projects here and keep them (default: a temporary folder)"
    )
    for hidden in ("--child", "--child-project", "--child-seed-project", "--child-docs", "--child-warmup"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(
            args.child,
            Path(args.child_project),
            Path(args.child_seed_project),
            int(args.child_docs),
            int(args.child_warmup),
        )
        return
    settings = settings_for(args)

    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"# reportgen benchmark: {settings.n} reports (and {settings.small_n} for memory), seed {args.seed}\n")
    print(f"- command: `{command.strip()}`")
    print("\n".join(machine_lines()))
    api = load_reportgen_api()
    print(
        f"- reportgen: in-process API {'found' if api else 'not available'}; CLI `{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(reportgen_command()))}`"
    )
    sys.stdout.flush()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    # A stopped run still removes its temporary projects.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        big, small, seed_project = workdir / f"n{settings.n}", workdir / f"n{settings.small_n}", workdir / "seed"
        for path in (big, small, seed_project):
            shutil.rmtree(path, ignore_errors=True)
        start = time.perf_counter()
        generate_project(big, settings.n, args.seed)
        generate_project(small, settings.small_n, args.seed)
        make_seed_project(seed_project)
        print(
            f"- generated {settings.n} + {settings.small_n} reports in {time.perf_counter() - start:.1f} s under {workdir}"
        )
        sys.stdout.flush()

        in_process_project = workdir / f"n{IN_PROCESS_REPORTS}-in-process"
        shutil.rmtree(in_process_project, ignore_errors=True)
        generate_project(in_process_project, IN_PROCESS_REPORTS, args.seed)
        bytecode_cache = workdir / "pycache"
        in_process, extra = run_in_process(in_process_project, seed_project, settings, api, bytecode_cache)
        print_in_process(in_process, settings, extra)
        sys.stdout.flush()
        processes, builds, note = run_processes(big, small, seed_project, settings, bytecode_cache)
        print_processes(processes, builds, note, settings)
        print_targets(in_process, processes, builds, settings)
        print(f"\nLoad average at the end: {load_average()}.")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
