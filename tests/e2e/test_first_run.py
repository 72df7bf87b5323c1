"""A newcomer's first `qraph serve`, on a fresh data dir, as the README tells it: "ready" only
once /health answers, a quiet log, the sign-up flow through the development mailbox ending in a
completed job, and Ctrl-C that stops everything without a traceback.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.e2e.test_live_updates import ROOT, free_port
from tests.ws import CONNECTION_INIT, PROTOCOL, WAIT_S, subscribe

READY_S = 240.0  # a fresh data dir: initdb, migrations, and the imports, on a loaded machine
CATALOG_S = 300.0
JOB_S = 120.0
STOP_S = 60.0
PASSWORD = "a first-run passphrase 7"
BELL = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n'  # noqa: E501

REGISTER = """mutation R($email: String!, $username: String!, $password: String!) {
  register(email: $email, username: $username, password: $password) { __typename } }"""
LOGIN = """mutation L($login: String!, $password: String!) {
  login(login: $login, password: $password) { __typename ... on LoginSuccess { accessToken } } }"""
CREATE_KEY = """mutation K {
  createApiKey(input: {name: "laptop", scopes: [JOBS_READ, JOBS_WRITE]}) {
    __typename ... on CreateApiKeySuccess { secret } ... on Error { code }
  }
}"""
SUBMIT = """mutation S($input: SubmitJobInput!) { submitJob(input: $input) {
  __typename ... on SubmitJobSuccess { job { id } } ... on Error { code message } } }"""
JOB = "query J($id: ID!) { job(id: $id) { status result { counts { bitstring count } } } }"
BACKENDS = "{ backends(first: 100) { totalCount edges { node { name } } } }"
FOLLOW = 'subscription { backendStatusChanged(name: "aer_simulator") { name status } }'


@dataclass
class Serve:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    """`qraph serve` as `make run` starts it: development, default log level, fresh data."""
    data_dir = Path(tempfile.mkdtemp(prefix="qraph-first-run-"))  # see test_supervision.py
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "QRAPH_LOG_LEVEL", "QRAPH_PUBLIC_URL")
        and not k.startswith("OTEL_")
    }
    env |= {"QRAPH_ENV": "development", "QRAPH_MUTATION_RATE_LIMIT": "100000"}
    port = free_port()
    log = tmp_path_factory.mktemp("first-run") / "serve.log"
    command = [sys.executable, "-m", "qraph", "serve", "--port", str(port), "--processes", "1"]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--data-dir", str(data_dir)], cwd=ROOT, env=env, stdout=sink, stderr=sink
        )
    server = Serve(process, port, log)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def _wait(server: Serve, condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"serve exited ({server.process.returncode}):\n{server.output()[-6000:]}")
        try:
            found = condition()
        except (httpx.TransportError, OSError, ValueError, KeyError):
            found = None
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"not {what} within {timeout} s:\n{server.output()[-6000:]}")


def _gql(
    server: Serve, query: str, variables: dict[str, Any] | None = None, token: str = ""
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{server.http}/graphql",
        json={"query": query, "variables": variables or {}},
        headers=headers,
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_ready_is_said_once_health_answers_with_the_urls_and_the_admin_header(serve):
    # when serve says it is ready
    _wait(serve, lambda: "qraph: ready" in serve.output(), READY_S, "ready")
    # then /health already answers (no wait, no retry)
    health = httpx.get(f"{serve.http}/health", timeout=5)
    assert health.status_code == 200
    banner = serve.output()[serve.output().index("qraph: ready") :]
    assert f"http://127.0.0.1:{serve.port}/graphql" in banner
    assert f"http://127.0.0.1:{serve.port}/dev/mailbox" in banner
    assert '{"Authorization": "Bearer qk_' in banner
    # and the catalog, loading in the background, is reported; backends answer meanwhile
    assert health.json()["catalog"]["status"] in ("loading", "ready")
    assert _gql(serve, BACKENDS)["backends"]["totalCount"] >= 0


def test_sign_up_through_the_mailbox_to_a_completed_job(serve):
    _wait(serve, lambda: "qraph: ready" in serve.output(), READY_S, "ready")
    _wait(
        serve,
        lambda: httpx.get(f"{serve.http}/health", timeout=5).json()["status"] == "ok",
        CATALOG_S,
        "healthy with the catalog loaded",
    )
    # register, then the mailbox
    name = f"newcomer{os.getpid()}"
    email = f"{name}@example.org"
    variables = {"email": email, "username": name, "password": PASSWORD}
    assert _gql(serve, REGISTER, variables)["register"]["__typename"] == "RegisterSuccess"
    mailbox = httpx.get(f"{serve.http}/dev/mailbox", params={"to": email}, timeout=10).text
    links = [html.unescape(u) for u in re.findall(r'href="([^"]+)"', mailbox)]
    link = next(u for u in links if urlsplit(u).path == "/verify-email")
    assert urlsplit(link).port == serve.port  # the served port, not a default
    # unverified: signed in, but no key yet
    token = _gql(serve, LOGIN, {"login": name, "password": PASSWORD})["login"]["accessToken"]
    refused = _gql(serve, CREATE_KEY, token=token)["createApiKey"]
    assert refused == {"__typename": "EmailNotVerifiedError", "code": "EMAIL_NOT_VERIFIED"}
    # open the link and press the button
    page = httpx.get(link, timeout=10).text
    mailed = html.unescape(re.search(r'name=token value="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    confirmed = httpx.post(f"{serve.http}/verify-email", data={"token": mailed}, timeout=10)
    assert confirmed.status_code == 200
    # sign in again, create a key, submit with the key, and watch it complete
    token = _gql(serve, LOGIN, {"login": name, "password": PASSWORD})["login"]["accessToken"]
    key = _gql(serve, CREATE_KEY, token=token)["createApiKey"]["secret"]
    job = {"backend": "aer_simulator", "circuit": BELL, "shots": 200}
    submitted = _gql(serve, SUBMIT, {"input": job}, token=key)["submitJob"]
    assert submitted["__typename"] == "SubmitJobSuccess", submitted
    job_id = submitted["job"]["id"]
    done = _wait(
        serve,
        lambda: _gql(serve, JOB, {"id": job_id}, token=key)["job"]["status"] == "COMPLETED",
        JOB_S,
        "completed",
    )
    assert done


def test_the_log_is_quiet(serve):
    _wait(serve, lambda: "qraph: ready" in serve.output(), READY_S, "ready")
    time.sleep(11)  # two reconciler passes and a worker heartbeat, at least
    lines = serve.output().splitlines()
    chatter = [
        line
        for line in lines
        if '"logger":"qiskit' in line.replace(" ", "")
        or "cron:reconcile_jobs" in line
        or "recording health" in line
        or '"logger":"alembic' in line.replace(" ", "")
    ]
    assert not chatter, "\n".join(chatter[:20])


def test_ctrl_c_stops_everything_without_a_traceback(serve):
    _wait(serve, lambda: "qraph: ready" in serve.output(), READY_S, "ready")
    pids = json.loads((Path(_data_dir(serve)) / "serve.json").read_text())["children"]

    async def hold_a_subscription_then_interrupt() -> None:
        ws_url = f"ws://127.0.0.1:{serve.port}/graphql"
        async with connect(ws_url, subprotocols=[PROTOCOL], open_timeout=WAIT_S) as ws:
            await ws.send(json.dumps(CONNECTION_INIT))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps(subscribe("1", FOLLOW)))
            assert json.loads(await ws.recv())["type"] == "next"
            # given a live subscription, when Ctrl-C reaches serve
            serve.process.send_signal(signal.SIGINT)
            await asyncio.sleep(0)
            # the server closes the socket as it stops (a timeout here fails the test)
            with pytest.raises(ConnectionClosed):
                async with asyncio.timeout(STOP_S):
                    while True:
                        await ws.recv()

    asyncio.run(hold_a_subscription_then_interrupt())
    # then serve exits cleanly, and says nothing alarming on the way
    assert serve.process.wait(timeout=STOP_S) == 0, serve.output()[-6000:]
    output = serve.output()
    assert "Traceback" not in output, output[-6000:]
    assert "CancelledError" not in output, output[-6000:]
    assert "qraph: stopped" in output
    # and none of its children is left
    for name, pid in pids.items():
        if pid is not None:
            assert not _running(int(pid)), name


def _data_dir(serve: Serve) -> str:
    command = serve.process.args
    assert isinstance(command, list)
    return str(command[command.index("--data-dir") + 1])


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
