"""Jobs across processes: submitted through one API process, run by either of two real
workers, and followed live by a subscriber of the other API process (only Redis joins them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from domain.db import make_engine, make_sessionmaker
from domain.identity.principal import Role
from tests.e2e.test_live_updates import (
    ROOT,
    STOP_S,
    Server,
    receive,
    start,
    stop,
    wait_until_healthy,
)
from tests.identity import create_user
from tests.ws import PROTOCOL, subscribe

FOLLOW = "subscription Follow { jobUpdates { id status } }"
SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename ... on SubmitJobSuccess { job { id } } ... on Error { code message }
  }
}
"""
RESULT = """
query Result($id: ID!) {
  job(id: $id) { status result { shots counts { bitstring count } } kpis { fidelity }
    statusHistory { status } }
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
ORDER = {"QUEUED": 0, "RUNNING": 1, "COMPLETED": 2}
JOBS = 6


@pytest.fixture
def cluster(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two API processes and two workers on the test's database and Redis."""
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "QRAPH_LOG_LEVEL": "WARNING",
    }
    servers: list[Server] = []
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for name in ("a", "b"):
            servers.append(start(env, tmp_path / f"{name}.log"))
        for index in range(2):
            with (tmp_path / f"worker{index}.log").open("wb") as sink:
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "qraph", "worker"],
                        cwd=ROOT,
                        env=env,
                        stdout=sink,
                        stderr=sink,
                    )
                )
        for server in servers:
            wait_until_healthy(server)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            stop(server)
        for worker in workers:
            worker.terminate()
            try:
                worker.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                worker.kill()


async def test_jobs_submitted_through_one_process_are_followed_live_on_the_other(
    cluster, database_url
):
    a, b = cluster
    engine = make_engine(database_url)
    try:
        owner = await create_user(
            make_sessionmaker(engine), os.environ["QRAPH_JWT_SECRET"], Role.CONSUMER
        )
    finally:
        await engine.dispose()
    init = {"type": "connection_init", "payload": {"authorization": owner.headers["Authorization"]}}
    async with (
        connect(a.ws, subprotocols=[PROTOCOL]) as ws,
        httpx.AsyncClient(base_url=b.http, headers=owner.headers, timeout=30) as http,
    ):
        # given a subscriber on process A following its owner's jobs
        await ws.send(json.dumps(init))
        assert await receive(ws) == {"type": "connection_ack"}
        await ws.send(json.dumps(subscribe("1", FOLLOW, {})))
        # when Bell jobs are submitted through process B
        submitted = []
        for index in range(JOBS):
            variables = {
                "input": {"backend": "aer_simulator", "circuit": BELL, "name": f"b{index}"}
            }
            body = await http.post("/graphql", json={"query": SUBMIT, "variables": variables})
            result = body.json()["data"]["submitJob"]
            assert result["__typename"] == "SubmitJobSuccess", result
            submitted.append(result["job"]["id"])
        # then A's subscriber sees each job move forward only, to COMPLETED
        seen: dict[str, list[str]] = {job: [] for job in submitted}
        while any(not s or s[-1] != "COMPLETED" for s in seen.values()):
            message = await receive(ws)
            assert message["type"] == "next", message
            update = message["payload"]["data"]["jobUpdates"]
            seen[update["id"]].append(update["status"])
        for statuses in seen.values():
            ranks = [ORDER[s] for s in statuses]
            assert ranks == sorted(ranks), statuses
        # and the results, read back through B, are full Bell distributions
        for job in submitted:
            body = await http.post("/graphql", json={"query": RESULT, "variables": {"id": job}})
            data = body.json()["data"]["job"]
            assert [h["status"] for h in data["statusHistory"]] == [
                "QUEUED",
                "RUNNING",
                "COMPLETED",
            ]
            counts = {c["bitstring"]: c["count"] for c in data["result"]["counts"]}
            assert sum(counts.values()) == data["result"]["shots"]
            assert set(counts) <= {"00", "11"}
            assert data["kpis"]["fidelity"] > 0.95
