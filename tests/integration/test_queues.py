"""Queue positions and per-backend queue figures."""

from __future__ import annotations

from typing import Any

from tests.identity import make_user
from tests.integration.test_job_reads import insert_jobs
from tests.integration.test_job_submission import BELL

SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) { ... on SubmitJobSuccess { job { id } } ... on Error { code } } }
"""
POSITIONS = """
{ jobs(first: 50, orderBy: {field: CREATED_AT, direction: ASC}) {
    edges { node { name priority status queuePosition estimatedStartAt } } } }
"""
QUEUES = """
{ queues { backend { name } queued running queuedHigh queuedStandard estimatedWaitP50
    estimatedWaitP95 observedWaitP50 samples }
  queue(backend: "aer_simulator") { queued }
  queueSummary { queued running busyBackends }
  longestWait(n: 1) { backend { name } }
  shortestWait(n: 2) { estimatedWaitP50 } }
"""


async def post(client: Any, user: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=user.headers
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_high_priority_jobs_queue_ahead_and_positions_run_from_one(app, client):
    user = await make_user(app)
    for name, priority in [("s1", "STANDARD"), ("h1", "HIGH"), ("s2", "STANDARD"), ("h2", "HIGH")]:
        variables = {
            "input": {
                "backend": "aer_simulator",
                "circuit": BELL,
                "priority": priority,
                "name": name,
            }
        }
        await post(client, user, SUBMIT, variables)
    # a job on another backend has its own queue
    await post(
        client, user, SUBMIT, {"input": {"backend": "fake_manila", "circuit": BELL, "name": "m"}}
    )
    nodes = [e["node"] for e in (await post(client, user, POSITIONS))["jobs"]["edges"]]
    positions = {n["name"]: n["queuePosition"] for n in nodes}
    assert positions == {"h1": 1, "h2": 2, "s1": 3, "s2": 4, "m": 1}
    assert all(n["estimatedStartAt"] for n in nodes)


async def test_positions_ignore_other_users_details_but_count_their_jobs(app, client):
    alice = await make_user(app)
    bob = await make_user(app)
    await insert_jobs(app, bob.id, 2, status="QUEUED")
    await post(client, alice, SUBMIT, {"input": {"backend": "aer_simulator", "circuit": BELL}})
    [edge] = (await post(client, alice, POSITIONS))["jobs"]["edges"]
    assert edge["node"]["queuePosition"] == 3


async def test_queues_show_counts_and_estimates(app, client):
    user = await make_user(app)
    await insert_jobs(app, user.id, 4)  # history: 1 s runs, 2 s waits
    await insert_jobs(app, user.id, 2, status="QUEUED")
    await insert_jobs(app, user.id, 1, status="RUNNING")
    data = await post(client, user, QUEUES)
    [queue] = data["queues"]
    assert queue["backend"]["name"] == "aer_simulator"
    assert (queue["queued"], queue["running"], queue["queuedStandard"]) == (2, 1, 2)
    assert queue["samples"] == 4 and queue["observedWaitP50"] == 2.0
    assert queue["estimatedWaitP50"] == 3.0  # three jobs ahead × 1 s
    assert data["queue"]["queued"] == 2
    assert data["queueSummary"] == {"queued": 2, "running": 1, "busyBackends": 1}
    assert data["longestWait"][0]["backend"]["name"] == "aer_simulator"
    assert data["shortestWait"] == [{"estimatedWaitP50": 0.0}, {"estimatedWaitP50": 0.0}]


async def test_queues_need_sign_in(client):
    body = (await client.post("/graphql", json={"query": "{ queueSummary { queued } }"})).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
