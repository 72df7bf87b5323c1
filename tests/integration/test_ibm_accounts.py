"""Connected IBM accounts against a local IBM runtime REST server (tests/integration/
ibm_runtime_server.py): payloads encoded by qiskit-ibm-runtime from real local-mode SamplerV2
runs. The account client code is the production one; only its URLs point here."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, text

from domain.jobs.models import Job
from domain.providers.models import ProviderAccount
from qraph.settings import Settings, get_settings
from tests.identity import make_user
from tests.integration.ibm_runtime_server import IbmRuntimeServer, complete, sampler_job

TOKEN_A = "ibmkey-A-7f3c9d1e2b4a6c8e0f1d3b5a7c9e1f2d"
TOKEN_B = "ibmkey-B-0a1b2c3d4e5f60718293a4b5c6d7e8f9"

CONNECT = """
mutation Connect($token: String!, $instance: String) {
  connectIbmAccount(token: $token, instance: $instance) {
    __typename
    ... on ConnectIbmAccountSuccess { account { provider instance channel connectedAt lastSyncAt } }
    ... on InvalidInputError { field }
    ... on Error { code message }
  }
}
"""
SYNC = """
mutation { syncIbmJobs { __typename
  ... on SyncIbmJobsSuccess { imported updated seen skipped account { lastSyncAt lastError } }
  ... on Error { code message } } }
"""
DISCONNECT = """
mutation { disconnectIbmAccount { __typename
  ... on DisconnectIbmAccountSuccess { provider } ... on Error { code message } } }
"""
ME = "query { me { connectedAccounts { provider instance channel lastSyncAt lastError } } }"
JOBS = """
query { jobs(first: 50) { edges { node { id name status shots qubits tags
  result { shots counts { bitstring count } } backend { name provider }
  statusHistory { status at note } } } } }
"""
JOB = "query($id: ID!) { job(id: $id) { id status } }"
INSTANCE = "crn:v1:bluemix:public:quantum-computing:us-east:a/abc:def::"


@pytest.fixture
def ibm() -> Iterator[IbmRuntimeServer]:
    with IbmRuntimeServer() as server:
        yield server


@pytest.fixture
def settings(
    database_url: str,
    redis_url: str,
    ibm: IbmRuntimeServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("QRAPH_IBM_API_URL", ibm.url + "/api/v1")
    monkeypatch.setenv("QRAPH_IBM_IAM_URL", ibm.url)
    monkeypatch.setenv("QRAPH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    return get_settings()


async def gql(client: Any, query: str, headers: Any, **variables: Any) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_sync_twice_imports_each_job_once_and_only_for_its_owner(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    # Given: user A's IBM account holds a finished, a running and a queued job, all submitted
    # outside Qraph; user B has an account of their own with one job.
    ibm.jobs[TOKEN_A] = [
        sampler_job("d0done", status="Completed"),
        sampler_job("d0running", status="Running"),
        sampler_job("d0queued", status="Queued"),
    ]
    ibm.jobs[TOKEN_B] = [sampler_job("d0b", status="Queued")]
    alice, bob = await make_user(app), await make_user(app)
    connected = await gql(client, CONNECT, alice.headers, token=TOKEN_A, instance=INSTANCE)
    assert connected["data"]["connectIbmAccount"]["__typename"] == "ConnectIbmAccountSuccess"
    assert (await gql(client, CONNECT, bob.headers, token=TOKEN_B))["data"]["connectIbmAccount"][
        "account"
    ]["instance"] is None

    # When: A syncs twice
    first = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]
    second = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]

    # Then: three jobs imported once; the second sync changes nothing
    assert (first["imported"], first["updated"], first["seen"]) == (3, 0, 3), first
    assert (second["imported"], second["updated"], second["seen"]) == (0, 0, 3), second
    assert first["account"]["lastSyncAt"] is not None
    async with app.state.services.sessionmaker() as session:
        rows = (await session.scalars(select(Job).where(Job.source == "IMPORTED"))).all()
    assert sorted(r.provider_job_id or "" for r in rows) == ["d0done", "d0queued", "d0running"]
    assert {r.provider_status for r in rows} == {"Completed", "Running", "Queued"}

    jobs = {
        e["node"]["name"]: e["node"]
        for e in (await gql(client, JOBS, alice.headers))["data"]["jobs"]["edges"]
    }
    done = jobs["IBM job d0done"]
    assert done["status"] == "COMPLETED"
    assert done["backend"] == {"name": "ibm_quantum/fake_manila", "provider": "IBM_QUANTUM"}
    assert done["qubits"] == 5 and done["shots"] == 200 and done["tags"] == ["bell"]
    assert done["result"]["shots"] == 200
    assert {c["bitstring"] for c in done["result"]["counts"]} >= {"00", "11"}
    assert [s["status"] for s in done["statusHistory"]] == ["QUEUED", "RUNNING", "COMPLETED"]
    assert jobs["IBM job d0running"]["status"] == "RUNNING"
    assert [s["status"] for s in jobs["IBM job d0queued"]["statusHistory"]] == ["QUEUED"]

    # And: B sees none of A's jobs, not even by id
    bobs = (await gql(client, JOBS, bob.headers))["data"]["jobs"]["edges"]
    assert [e["node"]["name"] for e in bobs] == []
    assert (await gql(client, JOB, bob.headers, id=done["id"]))["data"]["job"] is None

    # When: the running job finishes at IBM and A syncs again
    complete(ibm.jobs[TOKEN_A][1])
    third = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]

    # Then: that job moves on once, with its results and the rest of its history
    assert (third["imported"], third["updated"]) == (0, 1), third
    jobs = {
        e["node"]["name"]: e["node"]
        for e in (await gql(client, JOBS, alice.headers))["data"]["jobs"]["edges"]
    }
    finished = jobs["IBM job d0running"]
    assert finished["status"] == "COMPLETED" and finished["result"]["shots"] == 200
    assert [s["status"] for s in finished["statusHistory"]] == ["QUEUED", "RUNNING", "COMPLETED"]
    assert (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]["updated"] == 0


async def test_token_is_sealed_never_logged_never_returned_and_disconnect_removes_it(
    app: Any, client: Any, ibm: IbmRuntimeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    ibm.jobs[TOKEN_A] = [sampler_job("d1done", status="Completed")]
    alice = await make_user(app)
    bodies = [
        await client.post(
            "/graphql",
            json={"query": CONNECT, "variables": {"token": TOKEN_A}},
            headers=alice.headers,
        ),
        await client.post("/graphql", json={"query": SYNC}, headers=alice.headers),
        await client.post("/graphql", json={"query": ME}, headers=alice.headers),
        await client.post("/graphql", json={"query": JOBS}, headers=alice.headers),
    ]
    assert [b.json()["data"] is not None for b in bodies] == [True] * 4
    me = bodies[2].json()["data"]["me"]["connectedAccounts"]
    assert me == [
        {
            "provider": "IBM_QUANTUM",
            "instance": None,
            "channel": "ibm_quantum_platform",
            "lastSyncAt": me[0]["lastSyncAt"],
            "lastError": None,
        }
    ]

    # Not in any response
    for body in bodies:
        assert TOKEN_A not in body.text
    # Not in the database in clear: every column of the row, as text and as bytes
    async with app.state.services.sessionmaker() as session:
        row_text = await session.scalar(
            text("SELECT row_to_json(p)::text FROM provider_accounts p")
        )
        raw = (await session.execute(text("SELECT * FROM provider_accounts"))).one()
    assert row_text is not None and TOKEN_A not in row_text
    for value in raw:
        if isinstance(value, bytes | memoryview):
            assert TOKEN_A.encode() not in bytes(value)
        else:
            assert TOKEN_A not in str(value)
    # Not in the logs
    assert TOKEN_A not in caplog.text
    for record in caplog.records:
        assert TOKEN_A not in str(record.__dict__)
    # It did reach IBM, and only the IAM token call saw it
    assert ibm.requests and all(TOKEN_A not in path for _, path, _ in ibm.requests)

    # Disconnect removes it; syncing is then refused
    gone = (await gql(client, DISCONNECT, alice.headers))["data"]["disconnectIbmAccount"]
    assert gone == {"__typename": "DisconnectIbmAccountSuccess", "provider": "IBM_QUANTUM"}
    async with app.state.services.sessionmaker() as session:
        assert (await session.scalars(select(ProviderAccount))).all() == []
    assert (await gql(client, ME, alice.headers))["data"]["me"]["connectedAccounts"] == []
    again = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]
    assert again["__typename"] == "NotFoundError"
    # The imported job stays, as the user's history
    edges = (await gql(client, JOBS, alice.headers))["data"]["jobs"]["edges"]
    assert [e["node"]["name"] for e in edges] == ["IBM job d1done"]


@pytest.mark.parametrize(
    ("token", "typename", "field"),
    [
        ("ibmkey-wrong", "InvalidCredentialsError", None),
        ("ibm\tkey", "InvalidInputError", "token"),
        ("x" * 5000, "InvalidInputError", "token"),
        ("", "InvalidInputError", "token"),
    ],
)
async def test_a_refused_connect_writes_nothing(
    app: Any, client: Any, ibm: IbmRuntimeServer, token: str, typename: str, field: str | None
) -> None:
    ibm.jobs[TOKEN_A] = []
    alice = await make_user(app)
    result = (await gql(client, CONNECT, alice.headers, token=token))["data"]["connectIbmAccount"]
    assert result["__typename"] == typename, result
    assert result.get("field") == field
    async with app.state.services.sessionmaker() as session:
        assert (await session.scalars(select(ProviderAccount))).all() == []


async def test_a_nul_byte_in_the_token_is_refused_before_anything_runs(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    alice = await make_user(app)
    response = await client.post(
        "/graphql",
        json={"query": CONNECT, "variables": {"token": "ibmkey-\x00-secret"}},
        headers=alice.headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "secret" not in response.text
    assert ibm.requests == []


async def test_ibm_down_is_a_typed_error_recorded_on_the_account(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    ibm.jobs[TOKEN_A] = [sampler_job("d2q", status="Queued")]
    alice = await make_user(app)
    await gql(client, CONNECT, alice.headers, token=TOKEN_A)
    ibm.down = True
    result = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]
    assert result["__typename"] == "ProviderUnavailableError", result
    accounts = (await gql(client, ME, alice.headers))["data"]["me"]["connectedAccounts"]
    assert accounts[0]["lastError"] == "IBM Quantum answered HTTP 503."
    async with app.state.services.sessionmaker() as session:
        assert (await session.scalars(select(Job))).all() == []


USERS = "query { users(first: 20) { edges { node { username connectedAccounts { provider } } } } }"


async def test_connected_accounts_cost_one_statement_per_page(
    app: Any, client: Any, ibm: IbmRuntimeServer, sql_statements: Any
) -> None:
    from domain.identity.principal import Role

    for index in range(3):
        token = f"ibmkey-page-{index}-0123456789abcdef"
        ibm.jobs[token] = []
        user = await make_user(app)
        await gql(client, CONNECT, user.headers, token=token)
    admin = await make_user(app, Role.ADMIN)
    await gql(client, "query { users(first: 20) { edges { node { username } } } }", admin.headers)
    sql_statements.statements.clear()
    await gql(client, "query { users(first: 20) { edges { node { username } } } }", admin.headers)
    without = sql_statements.count
    sql_statements.statements.clear()
    body = await gql(client, USERS, admin.headers)
    with_accounts = sql_statements.count

    connected = [
        e["node"]["connectedAccounts"]
        for e in body["data"]["users"]["edges"]
        if e["node"]["connectedAccounts"]
    ]
    assert connected == [[{"provider": "IBM_QUANTUM"}]] * 3
    assert with_accounts - without == 1, sql_statements.statements


async def test_the_cron_syncs_every_account_and_publishes_each_imported_job(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    from workers.ibm_accounts import sync_ibm_accounts

    ibm.jobs[TOKEN_A] = [sampler_job("d3a", status="Queued"), sampler_job("d3b", status="Queued")]
    ibm.jobs[TOKEN_B] = [sampler_job("d3c", status="Running")]
    alice, bob = await make_user(app), await make_user(app)
    await gql(client, CONNECT, alice.headers, token=TOKEN_A)
    await gql(client, CONNECT, bob.headers, token=TOKEN_B)
    services = app.state.services
    pubsub = services.redis.pubsub()
    await pubsub.subscribe("qraph:events:job")
    await pubsub.get_message(timeout=1)  # the subscribe confirmation

    report = await sync_ibm_accounts(
        {"sessionmaker": services.sessionmaker, "redis": services.redis}
    )

    assert report == {"synced": 2, "failed": 0}
    published = set()
    while (
        message := await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
    ) is not None:
        published.add(json.loads(message["data"])["key"])
    await pubsub.aclose()
    async with services.sessionmaker() as session:
        rows = (await session.scalars(select(Job).where(Job.source == "IMPORTED"))).all()
    assert {str(r.id) for r in rows} == published and len(published) == 3
    assert {(r.owner_id, r.provider_job_id) for r in rows} == {
        (alice.id, "d3a"),
        (alice.id, "d3b"),
        (bob.id, "d3c"),
    }


async def test_imported_jobs_are_never_requeued_or_recovered_by_the_reconciler(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    from domain.jobs.reconciler import reconcile

    # IBM's timestamps are minutes old: past both of the reconciler's grace periods.
    ibm.jobs[TOKEN_A] = [sampler_job("d4q", status="Queued"), sampler_job("d4r", status="Running")]
    alice = await make_user(app)
    await gql(client, CONNECT, alice.headers, token=TOKEN_A)
    assert (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]["imported"] == 2
    services = app.state.services

    report = await reconcile(services.sessionmaker, services.redis)

    assert (report.requeued, report.recovered, report.failed) == ([], [], [])
    async with services.sessionmaker() as session:
        rows = (await session.scalars(select(Job).where(Job.source == "IMPORTED"))).all()
    assert sorted(r.status for r in rows) == ["QUEUED", "RUNNING"]
    assert await services.redis.zcard("arq:queue") == 0

    # And the owner cannot cancel them here: IBM runs them, so Qraph would only pretend.
    queued = next(r for r in rows if r.status == "QUEUED")
    from strawberry import relay

    cancel = """mutation($id: ID!) { cancelJob(id: $id) { __typename
      ... on JobNotCancellableError { status message } } }"""
    job_id = str(relay.GlobalID("Job", str(queued.id)))
    refused = (await gql(client, cancel, alice.headers, id=job_id))["data"]["cancelJob"]
    assert refused["__typename"] == "JobNotCancellableError", refused
    assert refused["status"] == "QUEUED" and "imported" in refused["message"]


async def test_a_job_that_cannot_be_read_is_skipped_and_retried_next_time(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    ibm.jobs[TOKEN_A] = [
        sampler_job("d5ok", status="Queued"),
        sampler_job("d5gone", status="Queued"),
    ]
    ibm.unreadable.add("d5gone")
    alice = await make_user(app)
    await gql(client, CONNECT, alice.headers, token=TOKEN_A)

    first = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]
    assert (first["imported"], first["skipped"], first["seen"]) == (1, 1, 2), first

    ibm.unreadable.clear()
    second = (await gql(client, SYNC, alice.headers))["data"]["syncIbmJobs"]
    assert (second["imported"], second["skipped"]) == (1, 0), second


async def test_after_a_key_rotation_the_next_sync_reseals_the_token(
    app: Any, client: Any, ibm: IbmRuntimeServer
) -> None:
    import os

    from domain.providers import ibm_accounts, ibm_imports
    from domain.providers.secret_box import SealBroken, Sealed, SecretBox
    from qraph.secrets import secrets_key

    ibm.jobs[TOKEN_A] = [sampler_job("d6", status="Queued")]
    alice = await make_user(app)
    await gql(client, CONNECT, alice.headers, token=TOKEN_A)
    settings = app.state.services.settings
    old, new = secrets_key(settings), os.urandom(32)
    context = f"provider_accounts:{alice.id}:IBM_QUANTUM"

    async with app.state.services.sessionmaker() as session:
        report = await ibm_imports.sync_jobs(
            session,
            user_id=alice.id,
            box=SecretBox(new, previous=(old,)),
            client_factory=ibm_accounts.default_client_factory(
                settings.ibm_api_url, settings.ibm_iam_url
            ),
        )
        row = (await session.scalars(select(ProviderAccount))).one()
    assert report.imported == 1
    sealed = Sealed(row.token_ciphertext, row.token_nonce)
    assert SecretBox(new).open(sealed, context=context) == TOKEN_A
    with pytest.raises(SealBroken):
        SecretBox(old).open(sealed, context=context)
