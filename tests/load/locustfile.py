"""`make load`: simulated users against a running Qraph, each with a subscription open.

Every user holds one graphql-transport-ws socket with a `jobUpdates` (even users) or
`queueUpdated` (odd users) subscription, reads a mix of pages (backends page, jobs page, one job,
one backend) with about 5 s of think time between requests, and submits a Bell job every 30 s.
At the end it prints p50, p95 and p99 per operation, and every error.

Users share accounts (`QRAPH_LOAD_ACCOUNTS`, default 100), which the run registers as it needs
them (register, login, then an API key), so the server must allow that many registrations from
one address and must not throttle the load: `make load-server` starts one with the limits raised
(and `QRAPH_REQUIRE_VERIFIED_EMAIL=false`, since these accounts never open their mail).

    make load USERS=1000 DURATION=60s QRAPH_URL=http://127.0.0.1:8000

`jobUpdates: submit to COMPLETED` is the time from sending `submitJob` to the COMPLETED event
arriving on the submitting user's own subscription.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import sys
import time
import uuid
from typing import Any

import gevent
import websocket
from gevent.lock import Semaphore
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

ACCOUNTS = int(os.environ.get("QRAPH_LOAD_ACCOUNTS", "100"))
SUBMIT_EVERY_S = float(os.environ.get("QRAPH_LOAD_SUBMIT_EVERY_S", "30"))
THINK_S = float(os.environ.get("QRAPH_LOAD_THINK_S", "5"))
RUN = uuid.uuid4().hex[:6]
PASSWORD = "load-test-password-0123"

BACKENDS_PAGE = """
query BackendsPage { backends(first: 50) {
  totalCount edges { node { id name qubits provider status } } } }
"""
JOBS_PAGE = """
query JobsPage { jobs(first: 50) {
  edges { node { id status backend { name } kpis { fidelity } statusHistory { status } } } } }
"""
ONE_JOB = """
query OneJob($id: ID!) { job(id: $id) {
  id status shots result { counts { bitstring count } } kpis { fidelity } } }
"""
ONE_BACKEND = """
query OneBackend($name: String!) { backend(name: $name) {
  name qubits status calibration { medianT1Us medianTwoQubitError } } }
"""
SUBMIT = """
mutation SubmitJob($input: SubmitJobInput!) { submitJob(input: $input) {
  __typename ... on SubmitJobSuccess { job { id } } ... on Error { code message } } }
"""
REGISTER = """
mutation Register($email: String!, $username: String!, $password: String!) {
  register(email: $email, username: $username, password: $password) {
    __typename ... on Error { code message } } }
"""
LOGIN = """
mutation Login($login: String!, $password: String!) { login(login: $login, password: $password) {
  __typename ... on LoginSuccess { accessToken } ... on Error { code message } } }
"""
CREATE_KEY = """
mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename ... on CreateApiKeySuccess { secret } ... on Error { code message } } }
"""
JOB_UPDATES = "subscription JobUpdates { jobUpdates { id status } }"
QUEUE_UPDATED = "subscription QueueUpdated { queueUpdated { queued running } }"
BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
COMPLETED = "jobUpdates: submit to COMPLETED"
BACKENDS = ("aer_simulator", "fake_sherbrooke", "fake_brisbane", "fake_kyiv")


class Accounts:
    """API keys of the run's accounts, each registered once, by the first user that needs it."""

    def __init__(self) -> None:
        self._keys: dict[int, str] = {}
        self._locks: dict[int, Semaphore] = {}

    def key(self, user: FastHttpUser, index: int) -> str:
        with self._locks.setdefault(index, Semaphore()):  # greenlets: setdefault cannot yield
            if index not in self._keys:
                self._keys[index] = self._register(user, index)
            return self._keys[index]

    def _register(self, user: FastHttpUser, index: int) -> str:
        username = f"load-{RUN}-{index}"
        variables = {"email": f"{username}@load.example", "username": username}
        data = _setup_call(user, "register", REGISTER, variables | {"password": PASSWORD})
        _expect(data, "register", "RegisterSuccess")
        data = _setup_call(user, "login", LOGIN, {"login": username, "password": PASSWORD})
        _expect(data, "login", "LoginSuccess")
        token = data["login"]["accessToken"]
        key_input = {"name": "load", "scopes": ["JOBS_READ", "JOBS_WRITE"]}
        data = _setup_call(user, "createApiKey", CREATE_KEY, {"input": key_input}, token)
        _expect(data, "createApiKey", "CreateApiKeySuccess")
        return str(data["createApiKey"]["secret"])


ACCOUNTS_BY_RUN = Accounts()
USER_NUMBERS = itertools.count()
COMPLETIONS: dict[str, float] = {}  # job id -> when its submitJob was sent
EARLY: dict[str, float] = {}  # job id -> when its COMPLETED arrived, before submitJob answered
EVENTS: dict[str, int] = {}  # subscription -> events received


class SetupFailed(Exception):
    pass


def _setup_call(
    user: FastHttpUser, name: str, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": query, "variables": variables}
    with user.client.post(
        "/graphql", json=body, headers=headers, name=f"setup: {name}", catch_response=True
    ) as response:
        payload = _payload(response)
        if payload is None or payload.get("errors") or payload.get("data") is None:
            response.failure(f"{name}: {response.status_code} {str(payload)[:300]}")
            raise SetupFailed(name)
        return payload["data"]  # type: ignore[no-any-return]


def _expect(data: dict[str, Any], field: str, typename: str) -> None:
    if data[field]["__typename"] != typename:
        raise SetupFailed(f"{field}: {data[field]}")


def _payload(response: Any) -> dict[str, Any] | None:
    try:
        return json.loads(response.content or b"null")  # type: ignore[no-any-return]
    except ValueError:
        return None


def _fire(
    environment: Environment,
    kind: str,
    name: str,
    started: float,
    error: str | None,
    ended: float | None = None,
) -> None:
    environment.events.request.fire(
        request_type=kind,
        name=name,
        response_time=((ended or time.perf_counter()) - started) * 1000,
        response_length=0,
        exception=Exception(error) if error else None,
        context={},
    )


class QraphUser(FastHttpUser):
    """One signed-in user: a subscription, reads with think time, and a job every 30 s."""

    def wait_time(self) -> float:
        return random.uniform(THINK_S * 0.8, THINK_S * 1.2)

    def on_start(self) -> None:
        self.number = next(USER_NUMBERS)
        self.job_ids: list[str] = []
        self.socket: websocket.WebSocket | None = None
        self.greenlets: list[gevent.Greenlet] = []
        # Users 2k and 2k+1 share account k: one follows its jobs, the other the queues.
        self.follow_jobs = self.number % 2 == 0
        try:
            self.key = ACCOUNTS_BY_RUN.key(self, (self.number // 2) % ACCOUNTS)
        except SetupFailed:
            self.stop()
            return
        self.headers = {"Authorization": f"Bearer {self.key}"}
        self.open_subscription(JOB_UPDATES if self.follow_jobs else QUEUE_UPDATED)
        self.greenlets.append(gevent.spawn(self.submit_every))

    def on_stop(self) -> None:
        socket, self.socket = self.socket, None  # its reader now takes the close as ours
        for greenlet in self.greenlets:
            greenlet.kill(block=False)
        if socket is not None:
            with contextlib.suppress(Exception):  # the server may have dropped it already
                socket.close()

    # Queries, weighted: pages more than single objects.
    @task(3)
    def backends_page(self) -> None:
        self.graphql("backends page", BACKENDS_PAGE)

    @task(3)
    def jobs_page(self) -> None:
        self.graphql("jobs page", JOBS_PAGE)

    @task(2)
    def one_job(self) -> None:
        if self.job_ids:
            self.graphql("one job", ONE_JOB, {"id": random.choice(self.job_ids[-20:])})
        else:
            self.graphql("jobs page", JOBS_PAGE)

    @task(2)
    def one_backend(self) -> None:
        self.graphql("one backend", ONE_BACKEND, {"name": random.choice(BACKENDS)})

    def graphql(self, name: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = {"query": query, "variables": variables or {}}
        with self.client.post(
            "/graphql", json=body, headers=self.headers, name=name, catch_response=True
        ) as response:
            payload = _payload(response)
            if response.status_code == 0:  # no HTTP answer at all
                response.failure(f"connection: {response.error!r}")
                return None
            if response.status_code != 200 or payload is None:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
                return None
            if payload.get("errors"):
                codes = {
                    (error.get("extensions") or {}).get("code", "NO_CODE")
                    for error in payload["errors"]
                }
                response.failure(f"errors: {sorted(codes)} {payload['errors'][0].get('message')}")
                return None
            return payload.get("data")

    def submit_every(self) -> None:
        gevent.sleep(random.uniform(0, SUBMIT_EVERY_S))  # spread the users' submissions out
        while True:
            self.submit()
            gevent.sleep(SUBMIT_EVERY_S)

    def submit(self) -> None:
        job = {"backend": "aer_simulator", "circuit": BELL, "shots": 100, "tags": ["load"]}
        sent = time.perf_counter()
        data = self.graphql("submitJob", SUBMIT, {"input": job | {"name": f"load-{RUN}"}})
        if data is None:
            return
        outcome = data["submitJob"]
        if outcome["__typename"] != "SubmitJobSuccess":
            _fire(self.environment, "GraphQL", "submitJob refused", sent, str(outcome))
            return
        job_id = outcome["job"]["id"]
        self.job_ids.append(job_id)
        if job_id in EARLY:  # the event beat the HTTP answer
            _fire(self.environment, "WS", COMPLETED, sent, None, EARLY.pop(job_id))
        else:
            COMPLETIONS[job_id] = sent

    def open_subscription(self, query: str) -> None:
        url = self.host.replace("http", "ws", 1).rstrip("/") + "/graphql"
        name = "jobUpdates" if self.follow_jobs else "queueUpdated"
        started = time.perf_counter()
        try:
            ws = websocket.create_connection(url, subprotocols=["graphql-transport-ws"], timeout=30)
            init = {"authorization": f"Bearer {self.key}"}
            ws.send(json.dumps({"type": "connection_init", "payload": init}))
            ack = json.loads(ws.recv())
            if ack.get("type") != "connection_ack":
                raise ConnectionError(f"no ack: {ack}")
            ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        except Exception as exc:
            _fire(self.environment, "WS", f"{name}: subscribe", started, repr(exc))
            return
        _fire(self.environment, "WS", f"{name}: subscribe", started, None)
        ws.settimeout(None)
        self.socket = ws
        self.greenlets.append(gevent.spawn(self.read_events, ws, name))

    def read_events(self, ws: websocket.WebSocket, name: str) -> None:
        while True:
            try:
                raw = ws.recv()
            except Exception as exc:
                if self.socket is ws:
                    _fire(self.environment, "WS", f"{name}: closed", time.perf_counter(), repr(exc))
                return
            if not raw:  # a close frame: the server or the run's end closed the socket
                if self.socket is ws:
                    _fire(self.environment, "WS", f"{name}: closed", time.perf_counter(), "closed")
                return
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "ping":
                ws.send(json.dumps({"type": "pong"}))
            elif kind in ("error", "complete"):
                now = time.perf_counter()
                _fire(self.environment, "WS", f"{name}: {kind}", now, str(message)[:300])
                return
            elif kind == "next":
                if message["payload"].get("errors"):
                    error = str(message["payload"]["errors"])[:300]
                    _fire(self.environment, "WS", f"{name}: event", time.perf_counter(), error)
                    continue
                EVENTS[name] = EVENTS.get(name, 0) + 1
                job = (message["payload"].get("data") or {}).get("jobUpdates") or {}
                if job.get("status") == "COMPLETED":
                    sent = COMPLETIONS.pop(job["id"], None)
                    if sent is not None:
                        _fire(self.environment, "WS", COMPLETED, sent, None)
                    elif job["id"] not in EARLY:
                        EARLY[job["id"]] = time.perf_counter()


@events.quitting.add_listener
def summary(environment: Environment, **_: Any) -> None:
    """p50, p95 and p99 per operation, then the errors, as plain lines after Locust's tables."""
    lines = ["", f"{'operation':<40} {'count':>7} {'fails':>6} {'p50':>6} {'p95':>6} {'p99':>6}"]
    for entry in sorted(environment.stats.entries.values(), key=lambda e: (e.method, e.name)):
        percentiles = [entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99)]
        lines.append(
            f"{entry.method + ' ' + entry.name:<40} {entry.num_requests:>7} "
            f"{entry.num_failures:>6} " + " ".join(f"{p:>6.0f}" for p in percentiles)
        )
    total = environment.stats.total
    lines.append(f"{'total':<40} {total.num_requests:>7} {total.num_failures:>6}   (ms)")
    lines.append(f"subscription events received: {EVENTS or 'none'}")
    lines.append(f"jobUpdates: COMPLETED events still awaited at the end: {len(COMPLETIONS)}")
    errors = sorted(environment.stats.errors.values(), key=lambda e: -e.occurrences)
    lines.append(f"errors: {sum(e.occurrences for e in errors)}")
    for error in errors:
        lines.append(f"  {error.occurrences:>6} x {error.method} {error.name}: {error.error}")
    sys.stdout.write("\n".join(lines) + "\n")
