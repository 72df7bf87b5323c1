"""submitJob, submitJobs and cancelJob through the app, against real PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from domain.backends.models import Backend
from domain.identity.models import ShotUsage, User
from domain.jobs.models import Job, JobStatus, JobTransition
from tests.identity import make_user

BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
BELL2 = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0],q[1];
measure q -> c;
"""


def wide(n: int) -> str:
    gates = "".join(f"h q[{i}];\n" for i in range(n))
    header = f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[{n}] q;\nbit[{n}] c;\n'
    return f"{header}{gates}c = measure q;\n"


SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename
    ... on SubmitJobSuccess { warnings job { id status shots qubits depth priority tags name
      circuit { format } costEstimate { amount currency } queuePosition
      statusHistory { status note } backend { name } } }
    ... on Error { code message }
    ... on InvalidCircuitError { line column }
    ... on ShotsOutOfRangeError { minimum maximum requested }
    ... on CircuitTooLargeError { circuitQubits backendQubits }
    ... on BackendUnavailableError { status }
    ... on QuotaExceededError { limit used requested }
  }
}
"""
SUBMIT_MANY = """
mutation Many($inputs: [SubmitJobInput!]!) {
  submitJobs(inputs: $inputs) {
    __typename
    ... on SubmitJobsSuccess { jobs { id } warnings }
    ... on SubmitJobsRejected { errors { index error { __typename code message } } }
    ... on Error { code }
  }
}
"""
CANCEL = """
mutation Cancel($id: ID!) {
  cancelJob(id: $id) {
    __typename
    ... on CancelJobSuccess { job { status cancelRequestedAt statusHistory { status note } } }
    ... on JobNotCancellableError { status }
    ... on Error { code }
  }
}
"""


async def post(client: Any, user: Any, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=user.headers
    )
    return response.json()


async def submit(client: Any, user: Any, **fields: Any) -> dict[str, Any]:
    body = await post(
        client, user, SUBMIT, {"input": {"backend": "aer_simulator", "circuit": BELL, **fields}}
    )
    assert "errors" not in body, body
    return body["data"]["submitJob"]


async def row_counts(app: Any) -> tuple[int, int, int]:
    async with app.state.services.sessionmaker() as session:
        return (
            await session.scalar(select(func.count()).select_from(Job)),
            await session.scalar(select(func.count()).select_from(JobTransition)),
            await session.scalar(select(func.count()).select_from(ShotUsage)),
        )


async def test_a_valid_circuit_is_queued_charged_and_enqueued_after_commit(app, client):
    user = await make_user(app)
    # when a Bell circuit is submitted
    result = await submit(client, user, shots=2000, tags=["bell"], name="first", priority="HIGH")
    # then it is queued with its figures, history and cost
    assert result["__typename"] == "SubmitJobSuccess", result
    job = result["job"]
    assert job["status"] == "QUEUED" and job["shots"] == 2000 and job["qubits"] == 2
    assert job["circuit"]["format"] == "QASM3" and job["tags"] == ["bell"]
    assert job["statusHistory"] == [{"status": "QUEUED", "note": "submitted"}]
    assert job["backend"]["name"] == "aer_simulator" and job["queuePosition"] == 1
    assert job["costEstimate"]["currency"]
    assert result["warnings"] == []
    # and the row, its history and its shot usage exist, and arq holds the job
    assert await row_counts(app) == (1, 1, 1)
    from strawberry import relay

    job_id = relay.GlobalID.from_id(job["id"]).node_id
    redis = app.state.services.redis
    assert await redis.exists(f"arq:job:run-job:{job_id}")
    assert await redis.zscore("arq:queue", f"run-job:{job_id}") is not None


async def test_openqasm_2_is_detected_from_the_header(app, client):
    user = await make_user(app)
    result = await submit(client, user, circuit=BELL2)
    assert result["job"]["circuit"]["format"] == "QASM2"


async def test_the_cost_estimate_is_per_task_plus_per_shot(app, client):
    user = await make_user(app)
    result = await submit(client, user, backend="fake_manila", shots=1000)
    async with app.state.services.sessionmaker() as session:
        backend = await session.scalar(select(Backend).where(Backend.name == "fake_manila"))
    expected = backend.price_per_task + backend.price_per_shot * 1000
    assert float(result["job"]["costEstimate"]["amount"]) == pytest.approx(float(expected))


INVALID_CIRCUITS = [
    ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nfoo q[0];\n', 4, 1),
    ("OPENQASM 3.0;\nqubit[2] q;\nh q[0]\n", 3, 7),
    ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\nh q[5];\n', 5, 5),
    ("OPENQASM 2.0;\nqreg q[2];\ncreg c[2];\nmeasure q[0] -> c[0]\n", 4, 1),
    (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\n'
        "c[0] = measure q[0];\nundefined_gate q[0];\n",
        6,
        1,
    ),
]


@pytest.mark.parametrize(("circuit", "line", "column"), INVALID_CIRCUITS)
async def test_an_invalid_circuit_is_refused_with_its_place_and_writes_nothing(
    app, client, circuit, line, column
):
    user = await make_user(app)
    result = await submit(client, user, circuit=circuit)
    assert result["__typename"] == "InvalidCircuitError", result
    assert (result["line"], result["column"]) == (line, column)
    assert await row_counts(app) == (0, 0, 0)


@pytest.mark.parametrize(
    ("fields", "typename"),
    [
        ({"shots": 0}, "ShotsOutOfRangeError"),
        ({"shots": 100_001}, "ShotsOutOfRangeError"),
        ({"backend": "fake_quito", "shots": 9000}, "ShotsOutOfRangeError"),  # max_shots 8192
        ({"backend": "no_such_backend"}, "UnknownBackendError"),
        ({"backend": "fake_manila", "circuit": wide(6)}, "CircuitTooLargeError"),
        ({"backend": "aer_simulator_density_matrix", "circuit": wide(40)}, "CircuitTooLargeError"),
        ({"tags": [f"t{i}" for i in range(9)]}, "InvalidInputError"),
        ({"tags": ["x" * 65]}, "InvalidInputError"),
        ({"name": "n" * 201}, "InvalidInputError"),
        (
            {"circuit": 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nh q[0];\n'},
            "UnsupportedCircuitError",
        ),
    ],
)
async def test_refusals_are_typed_and_write_nothing(app, client, fields, typename):
    user = await make_user(app)
    result = await submit(client, user, **fields)
    assert result["__typename"] == typename, result
    assert await row_counts(app) == (0, 0, 0)
    assert await app.state.services.redis.zcard("arq:queue") == 0


async def test_shots_out_of_range_reports_the_range(app, client):
    user = await make_user(app)
    result = await submit(client, user, shots=100_001)
    assert (result["minimum"], result["maximum"], result["requested"]) == (1, 100_000, 100_001)


async def test_circuit_too_large_for_a_five_qubit_device_reports_both_sizes(app, client):
    user = await make_user(app)
    result = await submit(client, user, backend="fake_manila", circuit=wide(6))
    assert (result["circuitQubits"], result["backendQubits"]) == (6, 5)


async def test_a_backend_in_maintenance_is_unavailable(app, client):
    user = await make_user(app)
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(Backend).where(Backend.name == "aer_simulator").values(status="MAINTENANCE")
        )
    result = await submit(client, user)
    assert result["__typename"] == "BackendUnavailableError" and result["status"] == "MAINTENANCE"
    assert await row_counts(app) == (0, 0, 0)


async def _set_budget(app: Any, user: Any, budget: int) -> None:
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(update(User).where(User.id == user.id).values(shot_budget=budget))


async def test_the_shot_budget_warns_at_80_percent_and_refuses_past_it(app, client):
    user = await make_user(app)
    await _set_budget(app, user, 1000)
    # given 700 of 1000 shots used, no warning yet
    assert (await submit(client, user, shots=700))["warnings"] == []
    # when 150 more are used, the user is warned (85%)
    warned = await submit(client, user, shots=150)
    assert warned["__typename"] == "SubmitJobSuccess" and len(warned["warnings"]) == 1
    # and a job that would go past the budget is refused, writing nothing
    refused = await submit(client, user, shots=200)
    assert refused["__typename"] == "QuotaExceededError", refused
    assert (refused["limit"], refused["used"], refused["requested"]) == (1000, 850, 200)
    assert await row_counts(app) == (2, 2, 2)


async def test_the_same_idempotency_key_returns_the_same_job(app, client):
    user = await make_user(app)
    first = await submit(client, user, idempotencyKey="k-1")
    again = await submit(client, user, idempotencyKey="k-1")
    assert first["job"]["id"] == again["job"]["id"]
    assert await row_counts(app) == (1, 1, 1)
    # another user's identical key is theirs alone
    other = await make_user(app)
    theirs = await submit(client, other, idempotencyKey="k-1")
    assert theirs["job"]["id"] != first["job"]["id"]


async def test_a_key_reused_for_a_different_job_is_refused_and_writes_nothing(app, client):
    user = await make_user(app)
    first = await submit(client, user, idempotencyKey="k-2", shots=100)
    assert first["__typename"] == "SubmitJobSuccess"
    # another shot count, another circuit, another backend: not a retry of the first job
    for changed in ({"shots": 101}, {"circuit": BELL.replace("h q[0];", "x q[0];")}):
        refused = await submit(client, user, **{"idempotencyKey": "k-2", "shots": 100, **changed})
        assert refused["__typename"] == "InvalidInputError", refused
        assert "idempotency key was used for a different job" in refused["message"]
    assert await row_counts(app) == (1, 1, 1)


async def test_concurrent_submissions_with_one_key_make_one_job(app, client):
    user = await make_user(app)
    results = await asyncio.gather(
        *(submit(client, user, idempotencyKey="race", shots=100) for _ in range(5))
    )
    assert {r["__typename"] for r in results} == {"SubmitJobSuccess"}, results
    assert len({r["job"]["id"] for r in results}) == 1
    assert await row_counts(app) == (1, 1, 1)
    # and the losers' reservations were released: only 100 shots are used
    body = await post(client, user, "{ myUsage { shotsUsed } }", {})
    assert body["data"]["myUsage"]["shotsUsed"] == 100


async def test_submit_jobs_is_all_or_nothing_with_errors_by_index(app, client):
    user = await make_user(app)
    inputs = [
        {"backend": "aer_simulator", "circuit": BELL},
        {"backend": "aer_simulator", "circuit": "OPENQASM 3.0;\nqubit[2] q;\nh q[0]\n"},
        {"backend": "nowhere", "circuit": BELL},
        {"backend": "aer_simulator", "circuit": BELL, "shots": 0},
    ]
    body = await post(client, user, SUBMIT_MANY, {"inputs": inputs})
    result = body["data"]["submitJobs"]
    assert result["__typename"] == "SubmitJobsRejected", body
    assert [(e["index"], e["error"]["__typename"]) for e in result["errors"]] == [
        (1, "InvalidCircuitError"),
        (2, "UnknownBackendError"),
        (3, "ShotsOutOfRangeError"),
    ]
    assert await row_counts(app) == (0, 0, 0)
    # when every job is valid, all are queued in one charge
    body = await post(client, user, SUBMIT_MANY, {"inputs": [inputs[0], inputs[0], inputs[0]]})
    assert len(body["data"]["submitJobs"]["jobs"]) == 3
    assert await row_counts(app) == (3, 3, 1)


async def test_cancel_a_queued_job(app, client):
    user = await make_user(app)
    job_id = (await submit(client, user))["job"]["id"]
    result = (await post(client, user, CANCEL, {"id": job_id}))["data"]["cancelJob"]
    assert result["__typename"] == "CancelJobSuccess"
    assert result["job"]["status"] == "CANCELLED"
    assert [h["status"] for h in result["job"]["statusHistory"]] == ["QUEUED", "CANCELLED"]
    assert result["job"]["statusHistory"][1]["note"] == "cancelled by owner"
    # the arq entry left the queue
    assert await app.state.services.redis.zcard("arq:queue") == 0
    # and cancelling again is a typed error
    again = (await post(client, user, CANCEL, {"id": job_id}))["data"]["cancelJob"]
    assert again == {
        "__typename": "JobNotCancellableError",
        "status": "CANCELLED",
        "code": "JOB_NOT_CANCELLABLE",
    }


async def test_cancel_a_running_job_stamps_the_request_and_the_worker_loses_the_race(app, client):
    from strawberry import relay

    from domain.jobs.transitions import transition

    user = await make_user(app)
    job_id = (await submit(client, user))["job"]["id"]
    key = relay.GlobalID.from_id(job_id).node_id
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            text("UPDATE jobs SET status = 'RUNNING', started_at = now() WHERE id = :id"),
            {"id": key},
        )
    result = (await post(client, user, CANCEL, {"id": job_id}))["data"]["cancelJob"]
    assert result["job"]["status"] == "CANCELLED" and result["job"]["cancelRequestedAt"]
    # the worker's conditional RUNNING -> COMPLETED now finds nothing to move
    async with app.state.services.sessionmaker() as session, session.begin():
        moved = await transition(
            session, job_id=key, allowed_from=[JobStatus.RUNNING], to=JobStatus.COMPLETED
        )
    assert moved is None


async def test_cancel_of_a_finished_or_foreign_job(app, client):
    from strawberry import relay

    user = await make_user(app)
    other = await make_user(app)
    job_id = (await submit(client, user))["job"]["id"]
    # another user's cancel reads as not found
    foreign = (await post(client, other, CANCEL, {"id": job_id}))["data"]["cancelJob"]
    assert foreign["__typename"] == "NotFoundError"
    key = relay.GlobalID.from_id(job_id).node_id
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            text("UPDATE jobs SET status = 'COMPLETED' WHERE id = :id"), {"id": key}
        )
    done = (await post(client, user, CANCEL, {"id": job_id}))["data"]["cancelJob"]
    assert done["__typename"] == "JobNotCancellableError" and done["status"] == "COMPLETED"
    garbage = (await post(client, user, CANCEL, {"id": "nonsense"}))["data"]["cancelJob"]
    assert garbage["__typename"] == "NotFoundError"


async def test_submitting_needs_sign_in(client):
    response = await client.post(
        "/graphql",
        json={
            "query": SUBMIT,
            "variables": {"input": {"backend": "aer_simulator", "circuit": BELL}},
        },
    )
    body = response.json()
    assert body["data"] is None or body["data"].get("submitJob") is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
