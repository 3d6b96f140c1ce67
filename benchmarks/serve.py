"""Measure the editor: its idle memory, and how fast it answers the case list of a large library.

    python benchmarks/serve.py [--cases 1000] [--rounds 20]

Writes a project with N generated cases (a copy of the repository's templates and
entries beside them), starts `reportgen serve --no-browser` in a subprocess on a free
loopback port, and prints:
- the server's resident memory after start and after the first page (target: under 80 MB idle);
- the time to answer GET /cases for the whole library, first and then the median and
  the slowest of the next rounds (target: under 200 ms).
It prints figures; it never fails on a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
UNITS = ("区总工会", "团委", "妇联", "红十字会", "文联", "科协", "志愿服务队", "残联")
REGIONS = ("碧江区", "万山区", "江口县", "玉屏县", "石阡县", "思南县", "印江县", "德江县", "沿河县", "松桃县")
FRONT_LINES = ("干部下沉到一线", "凝聚资源到一线", "服务群众在一线")
TAGS = ("志愿服务", "送医送药", "防疫宣传", "春节慰问", "助老助残")


def write_project(root: Path, count: int, seed: int = 8) -> None:
    """Write a project whose library holds `count` generated cases."""
    rng = random.Random(seed)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    for folder in ("reports", "briefs"):
        shutil.copytree(REPO_ROOT / "data" / folder, root / "data" / folder)
    cases = root / "data" / "cases"
    cases.mkdir(parents=True)
    start = dt.date(2023, 1, 1)
    for index in range(count):
        region = rng.choice(REGIONS)
        unit = region + rng.choice(UNITS)
        tags = ", ".join(rng.sample(TAGS, 2))
        people = rng.randint(5, 900)
        text = (
            f"# 生成的案例 {index}\n"
            f"id: case-{index:05d}\n"
            f"unit: {unit}\n"
            f"region: {region}\n"
            f"place: 第{index % 40 + 1}村\n"
            f"date: {start + dt.timedelta(days=index % 60)}\n"
            f"front_line: {rng.choice(FRONT_LINES)}\n"
            f"tags: [{tags}]\n"
            "text: >-\n"
            f"  组织{{people}}志愿者深入第{index % 40 + 1}村开展走访服务，发放宣传资料并登记群众需求\n"
            "figures:\n"
            f"  people: {people}人\n"
        )
        (cases / f"case-{index:05d}.yaml").write_text(text, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Return the resident memory of process `pid` in MB (Linux: /proc; elsewhere psutil if installed)."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import psutil  # type: ignore[import-not-found]

    return psutil.Process(pid).memory_info().rss / 1024 / 1024


def get(port: int, path: str) -> tuple[int, int, float]:
    """Return the status, body size and seconds of one GET."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, len(body), time.perf_counter() - began


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-serve-"))
    server = None
    try:
        write_project(work, args.cases)
        port = free_port()
        command = [sys.executable, "-m", "reportgen", "serve", "--no-browser", "--port", str(port)]
        server = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/static/editor.css")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the editor did not start") from None
                time.sleep(0.1)
        time.sleep(0.5)
        started = rss_mb(server.pid)
        status, size, first = get(port, "/cases")
        times = [get(port, "/cases")[2] for _ in range(args.rounds)]
        time.sleep(1.0)
        idle = rss_mb(server.pid)
        print(f"reportgen serve, {args.cases} cases, Python {sys.version.split()[0]} on {os.cpu_count()} cores")
        print()
        print("| measure | figure | target |")
        print("| --- | --- | --- |")
        print(f"| resident memory after start | {started:.1f} MB | < 80 MB |")
        print(f"| resident memory idle after the case list | {idle:.1f} MB | < 80 MB |")
        print(f"| GET /cases, first (loads the library) | {first * 1000:.0f} ms | |")
        print(f"| GET /cases, median of {args.rounds} | {statistics.median(times) * 1000:.0f} ms | < 200 ms |")
        print(f"| GET /cases, slowest of {args.rounds} | {max(times) * 1000:.0f} ms | |")
        print(f"| answer | HTTP {status}, {size / 1024:.0f} KB of HTML | |")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
