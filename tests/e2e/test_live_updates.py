"""Two real API processes and real clients: a change made through one reaches the other's
subscribers, which only Redis connects.

Each process is `uvicorn qraph.app:create_app --factory`, on the test's own database clone.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from domain.db import make_engine, make_sessionmaker
from domain.identity.principal import Role
from tests.identity import SignedInUser, create_user
from tests.ws import CONNECTION_INIT, PROTOCOL, WAIT_S, complete, subscribe

ROOT = Path(__file__).parents[2]
STARTUP_S = 60.0
STOP_S = 10.0

FOLLOW = """
subscription Follow($name: String) {
  backendStatusChanged(name: $name) { name status statusReason }
}
"""

SET_STATUS = """
mutation SetStatus($name: String!, $status: BackendStatus!, $reason: String) {
  setBackendStatus(name: $name, status: $status, reason: $reason) {
    __typename
    ... on SetBackendStatusSuccess { backend { name status statusReason } }
  }
}
"""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "qraph.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:  # the child keeps its own descriptor
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    return Server(process, port, log)


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the API process exited early:\n{server.output()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.http}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    pytest.fail(f"the API process did not become healthy in {STARTUP_S} s:\n{server.output()}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def servers(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two API processes sharing the test's database and Redis, as two replicas would."""
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "QRAPH_LOG_LEVEL": "WARNING",
    }
    started: list[Server] = []
    try:
        for name in ("a", "b"):
            started.append(start(env, tmp_path / f"{name}.log"))
        for server in started:
            wait_until_healthy(server)
        yield started[0], started[1]
    finally:
        for server in started:
            stop(server)


async def receive(ws: ClientConnection) -> dict[str, Any]:
    """The next message, bounded so that a lost event fails the test instead of hanging it."""
    async with asyncio.timeout(WAIT_S):
        return json.loads(await ws.recv(decode=True))


async def _admin(database_url: str) -> SignedInUser:
    """An admin written straight to the shared database; both processes trust its token."""
    engine = make_engine(database_url)
    try:
        return await create_user(
            make_sessionmaker(engine), os.environ["QRAPH_JWT_SECRET"], Role.ADMIN
        )
    finally:
        await engine.dispose()


async def test_each_process_reports_its_database_and_redis(servers):
    # given two running API processes
    async with httpx.AsyncClient(timeout=WAIT_S) as http:
        for server in servers:
            # when /health is asked
            response = await http.get(f"{server.http}/health")
            # then the database and Redis are both reachable from that process
            assert response.status_code == 200
            body = response.json()
            assert body["database"]["ok"] is True
            assert body["redis"]["ok"] is True


async def test_a_change_made_through_one_process_reaches_a_subscriber_of_the_other(
    servers, database_url
):
    a, b = servers
    admin = await _admin(database_url)
    async with (
        connect(a.ws, subprotocols=[PROTOCOL], open_timeout=WAIT_S) as ws,
        httpx.AsyncClient(timeout=WAIT_S) as http,
    ):
        # given a client subscribed to fake_sherbrooke on process A, which saw its state first
        assert ws.subprotocol == PROTOCOL
        await ws.send(json.dumps(CONNECTION_INIT))
        assert await receive(ws) == {"type": "connection_ack"}
        await ws.send(json.dumps(subscribe("1", FOLLOW, {"name": "fake_sherbrooke"})))
        first = await receive(ws)
        assert first["payload"]["data"]["backendStatusChanged"]["status"] == "ONLINE"

        # when an admin sets it to MAINTENANCE through process B
        response = await http.post(
            f"{b.http}/graphql",
            json={
                "query": SET_STATUS,
                "variables": {
                    "name": "fake_sherbrooke",
                    "status": "MAINTENANCE",
                    "reason": "Cryostat warm-up",
                },
            },
            headers=admin.headers,
        )
        assert response.status_code == 200, response.text
        result = response.json()["data"]["setBackendStatus"]
        assert result["__typename"] == "SetBackendStatusSuccess"

        # then A's subscriber receives the change, through Redis
        assert await receive(ws) == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "backendStatusChanged": {
                        "name": "fake_sherbrooke",
                        "status": "MAINTENANCE",
                        "statusReason": "Cryostat warm-up",
                    }
                }
            },
        }
        await ws.send(json.dumps(complete("1")))
