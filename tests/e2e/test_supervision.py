"""Fault drills on a real `qraph serve`: kill -9 its worker, its Redis or its PostgreSQL.

One `qraph serve` (embedded PostgreSQL and Redis, two API processes, one worker) serves the
module, because starting one migrates and loads the catalog. Each drill checks that the
supervisor brought the dead process back and touched nothing else, that the API kept answering,
and that every job submitted before and after the fault completed exactly once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from tests.e2e.test_live_updates import ROOT, free_port

STARTUP_S = 180.0  # migrations and the first catalog load, on a loaded machine
RECOVERY_S = 60.0
JOBS_S = 90.0  # a restarted worker imports Qiskit before it takes its first job
JOBS = 3

SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename ... on SubmitJobSuccess { job { id } } ... on Error { code message }
  }
}
"""
JOBS_BY_TAG = """
query Tagged($tag: String!) {
  jobs(filter: {tags: [$tag]}, first: 100) {
    edges { node { id status statusHistory { status } } }
  }
}
"""
BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""


@dataclass
class Serve:
    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> dict[str, int]:
        state = json.loads((self.data_dir / "serve.json").read_text())
        return {name: int(pid) for name, pid in state["children"].items()}

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {(self.data_dir / 'dev-admin-key').read_text()}"}

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    """`qraph serve` on embedded services, in development (so it creates the local admin)."""
    directory = tmp_path_factory.mktemp("serve")
    # Not under pytest's tmp dir: as root, pgserver runs PostgreSQL as another user and opens
    # the path to it, and any pytest session that starts meanwhile makes its base 0700 again.
    data_dir = Path(tempfile.mkdtemp(prefix="qraph-supervision-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {
        "QRAPH_ENV": "development",
        "QRAPH_LOG_LEVEL": "WARNING",
        "QRAPH_MUTATION_RATE_LIMIT": "100000",
    }
    port = free_port()
    command = [sys.executable, "-m", "qraph", "serve", "--port", str(port), "--processes", "2"]
    command += ["--data-dir", str(data_dir)]
    log = directory / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    server = Serve(process, port, data_dir, log)
    try:
        _wait_for(server, lambda: _health(server).get("status") == "ok", STARTUP_S, "healthy")
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
    assert process.returncode == 0, server.output()


def _wait_for(server: Serve, condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"qraph serve exited ({server.process.returncode}):\n{server.output()}")
        with contextlib.suppress(httpx.TransportError, OSError, ValueError, KeyError):
            if condition():
                return
        time.sleep(0.2)
    pytest.fail(f"not {what} within {timeout} s:\n{server.output()}")


def _health(server: Serve) -> dict[str, Any]:
    return httpx.get(f"{server.http}/health", timeout=5).json()  # type: ignore[no-any-return]


def _submit(server: Serve, tag: str, count: int = JOBS) -> list[str]:
    ids = []
    with httpx.Client(base_url=server.http, headers=server.headers(), timeout=30) as http:
        for index in range(count):
            job = {"backend": "aer_simulator", "circuit": BELL, "shots": 100, "tags": [tag]}
            variables = {"input": job | {"name": f"{tag}-{index}"}}
            response = http.post("/graphql", json={"query": SUBMIT, "variables": variables})
            outcome = response.json()["data"]["submitJob"]
            assert outcome["__typename"] == "SubmitJobSuccess", outcome
            ids.append(outcome["job"]["id"])
    return ids


def _jobs(server: Serve, tag: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{server.http}/graphql",
        json={"query": JOBS_BY_TAG, "variables": {"tag": tag}},
        headers=server.headers(),
        timeout=10,
    )
    return [edge["node"] for edge in response.json()["data"]["jobs"]["edges"]]


def _assert_each_completed_once(server: Serve, tag: str, ids: list[str]) -> None:
    def finished() -> bool:
        jobs = _jobs(server, tag)
        failed = [job for job in jobs if job["status"] in ("FAILED", "CANCELLED")]
        assert not failed, failed
        return len(jobs) == len(ids) and all(job["status"] == "COMPLETED" for job in jobs)

    _wait_for(server, finished, JOBS_S, f"all of {tag}'s jobs completed")
    jobs = _jobs(server, tag)
    assert sorted(job["id"] for job in jobs) == sorted(ids)
    for job in jobs:
        history = [change["status"] for change in job["statusHistory"]]
        assert history.count("COMPLETED") == 1, history
        assert "FAILED" not in history, history


def _restarted(server: Serve, name: str, old_pid: int) -> bool:
    pid = server.pids()[name]
    return pid != old_pid and psutil.pid_exists(pid)


def _tag() -> str:
    return f"drill-{uuid.uuid4().hex[:8]}"


def test_a_killed_worker_is_restarted_and_every_job_completes_once(serve):
    # given jobs that already ran, and a worker that is idle again
    tag = _tag()
    before = _submit(serve, tag)
    _assert_each_completed_once(serve, tag, before)
    pids = serve.pids()
    # when the worker is killed, and more jobs are submitted while it is down
    os.kill(pids["worker"], signal.SIGKILL)
    during = _submit(serve, tag)
    # then the API kept answering, the supervisor started a new worker, and nothing else moved
    assert _health(serve)["database"]["ok"] is True
    _wait_for(serve, lambda: _restarted(serve, "worker", pids["worker"]), RECOVERY_S, "restarted")
    assert {k: v for k, v in serve.pids().items() if k != "worker"} == {
        k: v for k, v in pids.items() if k != "worker"
    }
    # and every job, from before and during the outage, completed exactly once
    _assert_each_completed_once(serve, tag, before + during)


def test_redis_killed_is_restarted_and_the_worker_reconnects(serve):
    # given jobs just submitted, which may still be queued or running
    tag = _tag()
    before = _submit(serve, tag)
    pids = serve.pids()
    # when Redis is killed
    os.kill(pids["redis"], signal.SIGKILL)
    # then the supervisor starts it again, and every API process and the worker reconnect
    _wait_for(serve, lambda: _restarted(serve, "redis", pids["redis"]), RECOVERY_S, "restarted")
    _wait_for(serve, lambda: _health(serve)["status"] == "ok", RECOVERY_S, "healthy again")
    after = _submit(serve, tag)
    _assert_each_completed_once(serve, tag, before + after)
    # and the worker and the API processes reconnected instead of being restarted
    assert {k: v for k, v in serve.pids().items() if k != "redis"} == {
        k: v for k, v in pids.items() if k != "redis"
    }


def test_postgres_killed_is_restarted_and_no_job_fails_for_it(serve):
    # given jobs just submitted, which may still be queued or running
    tag = _tag()
    before = _submit(serve, tag)
    pids = serve.pids()
    # when the PostgreSQL postmaster is killed
    os.kill(pids["postgres"], signal.SIGKILL)
    # then the API still answers (a 503 from /health while the database is down is an answer)
    assert httpx.get(f"{serve.http}/health", timeout=10).status_code in (200, 503)
    # and the supervisor starts PostgreSQL again, and everything reconnects to it
    _wait_for(
        serve, lambda: _restarted(serve, "postgres", pids["postgres"]), RECOVERY_S, "restarted"
    )
    _wait_for(serve, lambda: _health(serve)["status"] == "ok", RECOVERY_S, "healthy again")
    after = _submit(serve, tag)
    _assert_each_completed_once(serve, tag, before + after)
    assert {k: v for k, v in serve.pids().items() if k != "postgres"} == {
        k: v for k, v in pids.items() if k != "postgres"
    }


def test_serve_refuses_a_port_in_use_before_starting_anything(tmp_path: Path):
    # given a port someone else listens on
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when serve is asked for it
        command = [sys.executable, "-m", "qraph", "serve", "--port", str(port)]
        result = subprocess.run(
            [*command, "--data-dir", str(tmp_path / "data")],
            check=False,
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
    # then it says so and exits, with no embedded service started
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr.decode()
    assert not (tmp_path / "data").exists()
