"""The reference clients from npm against a real server and worker: graphql-ws, graphql-sse and
Apollo Client 4 (tests/e2e/clients/reference.mjs), and the graphql-http audit (audit.mjs).

Node is the machine's own (CI: v20). `npm ci` runs once per session from the committed lockfile
when `node_modules` is older than it. Without node these tests are skipped, and say why.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.identity.principal import Role
from tests.e2e.live_server import serving, signed_in
from tests.e2e.test_live_updates import Server

CLIENTS = Path(__file__).parent / "clients"
NODE = shutil.which("node")
NPM = shutil.which("npm")
ORDER = ["QUEUED", "RUNNING", "COMPLETED"]
RUN_S = 180  # a safety net: each scenario takes seconds on a calm machine

pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None, reason="needs node and npm (CI: the machine's node v20)"
)


@pytest.fixture(scope="module")
def node_clients() -> Path:
    """The clients installed from the committed lockfile (`npm ci`), once."""
    installed = CLIENTS / "node_modules" / ".package-lock.json"
    lock = CLIENTS / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        assert NPM is not None
        subprocess.run([NPM, "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, check=True)
    return CLIENTS


@pytest.fixture(scope="module")
def live(
    service_urls: tuple[str, str], template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, str]]:
    """One API process and one worker, and a consumer's `Authorization` header."""
    logs = tmp_path_factory.mktemp("clients")
    with serving(service_urls, logs, worker=True) as (server, database_url):
        consumer = asyncio.run(signed_in(database_url, Role.CONSUMER))
        yield server, consumer.headers["Authorization"]


def node(clients: Path, live: tuple[Server, str], *args: str) -> dict[str, Any]:
    """Run one client script; its one JSON line, or the test fails with its output."""
    server, authorization = live
    env = os.environ | {
        "QRAPH_HTTP": f"{server.http}/graphql",
        "QRAPH_WS": server.ws,
        "QRAPH_AUTH": authorization,
    }
    assert NODE is not None
    done = subprocess.run(
        [NODE, *args],
        check=False,
        cwd=clients,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_S,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        pytest.fail(f"{args} failed:\n{done.stdout}\n{done.stderr}\n{server.output()}")
    return json.loads(lines[-1])


def test_the_graphql_http_audit_passes_every_check(node_clients, live):
    # given a running server, when graphql-http's auditServer checks it against the spec
    audit = node(node_clients, live, "audit.mjs", f"{live[0].http}/graphql")
    # then every MUST and every SHOULD holds (61 of 61 with the locked graphql-http 1.23)
    assert audit["failures"] == []
    assert audit["ok"] == audit["total"] >= 61


def test_graphql_ws_submits_and_follows_a_job_to_completed(node_clients, live):
    # given graphql-ws with Apollo-style params ({headers: {Authorization}})
    # when it submits a Bell job and subscribes to jobUpdated
    seen = node(node_clients, live, "reference.mjs", "graphql-ws")
    # then the job's states arrive in order and end COMPLETED
    assert seen["submitted"] == "SubmitJobSuccess"
    assert seen["statuses"][-1] == "COMPLETED"
    assert seen["statuses"] == sorted(
        seen["statuses"], key=["QUEUED", "RUNNING", "COMPLETED"].index
    )


def test_graphql_sse_submits_and_follows_a_job_to_completed(node_clients, live):
    # given graphql-sse (distinct connections) with the credential in its headers
    seen = node(node_clients, live, "reference.mjs", "graphql-sse")
    # then the mutation and the subscription both run over Server-Sent Events
    assert seen["submitted"] == "SubmitJobSuccess"
    assert seen["statuses"][-1] == "COMPLETED"


def test_apollo_client_queries_mutates_and_subscribes_over_multipart_and_websocket(
    node_clients, live
):
    # given Apollo Client 4 with possibleTypes, persisted queries by GET, and two links for
    # subscriptions (multipart HTTP, graphql-ws)
    seen = node(node_clients, live, "reference.mjs", "apollo")
    # then the backends page reads, twice
    assert seen["backends"]["totalCount"] == seen["backends"]["again"] > 0
    assert "aer_simulator" in seen["backends"]["names"]
    # and a refused submission's `... on Error { code message }` is filled in (possibleTypes)
    refused = seen["refused"]
    assert (refused["__typename"], refused["code"]) == ("InvalidCircuitError", "INVALID_CIRCUIT")
    assert refused["message"]
    # and the job follows to COMPLETED over both subscription transports
    for transport in ("multipart", "websocket"):
        assert seen[transport]["submitted"] == "SubmitJobSuccess"
        assert seen[transport]["statuses"][-1] == "COMPLETED"
    # and the persisted query protocol ran: a miss, a registration, then a hash-only GET
    # answered from the store with cache headers (private: the caller is signed in)
    backends = [r for r in seen["requests"] if r["operation"] == "Backends"]
    assert [(r["method"], r["hashOnly"]) for r in backends[:2]] == [("GET", True), ("POST", False)]
    assert backends[2] == {
        "method": "GET",
        "operation": "Backends",
        "hashOnly": True,
        "status": 200,
        "cacheControl": "private, max-age=10",
    }


def test_a_credential_in_a_shape_the_server_does_not_read_closes_with_4400(node_clients, live):
    # given graphql-ws clients sending {token}, a number as headers.Authorization, and a
    # non-Bearer authorization, then each is closed with 4400, never served as anonymous
    assert node(node_clients, live, "reference.mjs", "malformed-params") == {
        "codes": [4400, 4400, 4400]
    }
