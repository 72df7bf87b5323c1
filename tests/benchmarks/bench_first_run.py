"""Cold start: `qraph serve` from a fresh data dir to `/health` 200, and to a loaded catalog.

Run with `make bench` (or directly: `python tests/benchmarks/bench_first_run.py [--runs N]
[--processes N]`). Each run starts `qraph serve` (development, embedded PostgreSQL and Redis)
on a new data dir and a free port, and prints the seconds from the process start to:

- each line serve prints (services, migrations, ready, catalog loaded), as serve timed them;
- the first `/health` 200, polled here every 50 ms;
- `/health` saying the catalog is ready.

It also prints the CPU seconds the whole process tree used and the load average: wall-clock
figures on a shared machine move with everyone else's work, so compare runs on a calm machine,
or compare the CPU figure. A second run with the same data dir (`--warm`) shows a restart.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tree_cpu(process: psutil.Process, seen: dict[int, float]) -> float:
    """CPU seconds of the process and its live children (children that exited are lost, so
    this is sampled while the tree runs and the largest figure per pid is kept)."""
    with contextlib.suppress(psutil.Error):
        for member in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = member.cpu_times()
                seen[member.pid] = max(seen.get(member.pid, 0.0), times.user + times.system)
    return sum(seen.values())


def run_once(data_dir: Path, processes: int) -> dict[str, float]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"QRAPH_ENV": "development"}
    command = [sys.executable, "-m", "qraph", "serve", "--port", str(port)]
    command += ["--processes", str(processes), "--data-dir", str(data_dir)]
    log = data_dir.parent / f"{data_dir.name}.log"
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    tree, cpu = psutil.Process(process.pid), {}
    figures: dict[str, float] = {}
    try:
        while time.perf_counter() - started < 600:
            _tree_cpu(tree, cpu)
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()
            except (httpx.HTTPError, ValueError):
                body = None
            now = time.perf_counter() - started
            if body is not None:
                if "first /health 200" not in figures:
                    figures["first /health 200"] = now
                    figures["cpu seconds to /health 200"] = _tree_cpu(tree, cpu)
                if body.get("catalog", {}).get("status") == "ready":
                    figures["catalog ready"] = now
                    break
            if process.poll() is not None:
                raise SystemExit(f"serve exited:\n{log.read_text()[-3000:]}")
            time.sleep(0.05)
        figures["cpu seconds to catalog ready"] = _tree_cpu(tree, cpu)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("qraph: "):
            print(f"    serve said: {line}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--processes", type=int, default=0, help="API processes (0: per core)")
    parser.add_argument("--warm", action="store_true", help="Also time a restart on the data.")
    args = parser.parse_args()
    for run in range(args.runs):
        base = Path(tempfile.mkdtemp(prefix="qraph-bench-first-run-"))
        try:
            print(f"run {run + 1} (cold), load average {os.getloadavg()[0]:.2f}:")
            for name, value in run_once(base / "data", args.processes).items():
                print(f"  {name:32s} {value:7.1f}")
            if args.warm:
                print(f"run {run + 1} (warm restart), load average {os.getloadavg()[0]:.2f}:")
                for name, value in run_once(base / "data", args.processes).items():
                    print(f"  {name:32s} {value:7.1f}")
        finally:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
