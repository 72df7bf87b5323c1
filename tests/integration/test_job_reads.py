"""Reading jobs: ownership, filters, keyset pages, stats, and constant SQL per page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select
from strawberry import relay

from domain.backends.models import Backend
from domain.identity.principal import Role
from domain.jobs.models import Job, JobTransition
from tests.identity import make_user

PAGE = """
query Page($first: Int, $after: String, $filter: JobFilter) {
  jobs(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name status backend { name } kpis { fidelity status }
      statusHistory { status } } }
  }
}
"""
COUNTED = """
query Page($first: Int) {
  jobs(first: $first) {
    edges { node { backend { name } kpis { fidelity } statusHistory { status } } } }
}
"""
ONE = """
query One($id: ID!) {
  job(id: $id) { id status result { shots counts { bitstring count } } kpis { status shotBudget }
    queueWait executionTime owner { username } }
  node(id: $id) { __typename id }
}
"""
STATS = """
{ jobStats { total successRate byStatus { status count } meanQueueWait p95ExecutionTime }
  jobTrends(days: 7) { day total }
  recentJobs(limit: 3) { name } }
"""


async def insert_jobs(
    app: Any, owner_id: uuid.UUID, n: int, *, backend: str = "aer_simulator", **values: Any
) -> list[uuid.UUID]:
    """`n` jobs (COMPLETED with counts and fidelity unless told otherwise), oldest first."""
    status = values.pop("status", "COMPLETED")
    now = datetime.now(UTC)
    async with app.state.services.sessionmaker() as session, session.begin():
        backend_id = await session.scalar(select(Backend.id).where(Backend.name == backend))
        ids = []
        for i in range(n):
            created = values.pop("created_at", None) or now - timedelta(minutes=n - i)
            done = status in ("COMPLETED", "FAILED")
            row = {
                "id": uuid.uuid4(),
                "owner_id": owner_id,
                "backend_id": backend_id,
                "name": f"job {i}",
                "circuit": "OPENQASM 3.0;",
                "circuit_format": "QASM3",
                "qubits": 2,
                "depth": 3,
                "shots": 100,
                "priority": "STANDARD",
                "tags": ["t"],
                "status": status,
                "created_at": created,
                "started_at": created + timedelta(seconds=2) if status != "QUEUED" else None,
                "finished_at": created + timedelta(seconds=3) if done else None,
                "cost_estimate": Decimal("0"),
                "currency": "USD",
                "counts": {"00": 52, "11": 48} if status == "COMPLETED" else None,
                "fidelity": 0.99 if status == "COMPLETED" else None,
                "execution_ms": 1000.0 if done else None,
                "attempts": 0,
                "details": {},
                **values,
            }
            await session.execute(insert(Job).values(**row))
            history = ["QUEUED"] + (["RUNNING"] if status != "QUEUED" else [])
            history += [status] if status not in ("QUEUED", "RUNNING") else []
            for step in history:
                await session.execute(
                    insert(JobTransition).values(job_id=row["id"], status=step, note=step.lower())
                )
            ids.append(row["id"])
    return ids


async def post(client: Any, user: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=user.headers
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_users_see_only_their_own_jobs(app, client):
    alice = await make_user(app)
    bob = await make_user(app)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    [alice_job] = await insert_jobs(app, alice.id, 1)
    await insert_jobs(app, bob.id, 2)
    # the list holds each viewer's own jobs; an admin sees all
    assert (await post(client, alice, PAGE, {"first": 10}))["jobs"]["totalCount"] == 1
    assert (await post(client, bob, PAGE, {"first": 10}))["jobs"]["totalCount"] == 2
    assert (await post(client, admin, PAGE, {"first": 10}))["jobs"]["totalCount"] == 3
    # job(id) and node(id) read another's job as null
    global_id = relay.to_base64("Job", alice_job)
    mine = await post(client, alice, ONE, {"id": global_id})
    assert mine["job"]["id"] == global_id and mine["node"]["id"] == global_id
    assert mine["job"]["owner"]["username"] == alice.username
    theirs = await post(client, bob, ONE, {"id": global_id})
    assert theirs == {"job": None, "node": None}
    assert (await post(client, admin, ONE, {"id": global_id}))["job"]["id"] == global_id


async def test_a_completed_job_has_its_result_and_kpis(app, client):
    user = await make_user(app)
    [job_id] = await insert_jobs(app, user.id, 1)
    job = (await post(client, user, ONE, {"id": relay.to_base64("Job", job_id)}))["job"]
    assert job["result"]["shots"] == 100
    assert job["result"]["counts"][0] == {"bitstring": "00", "count": 52}
    assert job["kpis"]["status"] == "OK" and job["kpis"]["shotBudget"] > 0
    assert job["queueWait"] == pytest.approx(2.0) and job["executionTime"] == pytest.approx(1.0)


async def test_filters_and_keyset_pages(app, client):
    user = await make_user(app)
    await insert_jobs(app, user.id, 3)
    await insert_jobs(app, user.id, 2, status="FAILED", tags=["x", "y"])
    failed = await post(client, user, PAGE, {"first": 10, "filter": {"status": ["FAILED"]}})
    assert failed["jobs"]["totalCount"] == 2
    tagged = await post(client, user, PAGE, {"first": 10, "filter": {"tags": ["x", "y"]}})
    assert tagged["jobs"]["totalCount"] == 2
    named = await post(client, user, PAGE, {"first": 10, "filter": {"nameContains": "JOB 1"}})
    assert named["jobs"]["totalCount"] == 2
    # pages of two walk all five once, newest first
    seen, after = [], None
    while True:
        page = (await post(client, user, PAGE, {"first": 2, "after": after}))["jobs"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 5


async def test_stats_and_trends_are_scoped_to_the_viewer(app, client):
    user = await make_user(app)
    other = await make_user(app)
    await insert_jobs(app, user.id, 3)
    await insert_jobs(app, user.id, 1, status="FAILED")
    await insert_jobs(app, other.id, 5)
    data = await post(client, user, STATS)
    stats = data["jobStats"]
    assert stats["total"] == 4 and stats["successRate"] == pytest.approx(0.75)
    assert stats["meanQueueWait"] == pytest.approx(2.0)
    # the jobs were created minutes ago, which may be yesterday just after midnight
    assert len(data["jobTrends"]) == 7 and sum(d["total"] for d in data["jobTrends"]) == 4
    assert len(data["recentJobs"]) == 3


@pytest.mark.parametrize("n", [5, 50])
async def test_a_page_of_jobs_costs_a_constant_number_of_statements(app, client, sql_statements, n):
    user = await make_user(app)
    await insert_jobs(app, user.id, n)
    sql_statements.statements.clear()
    data = await post(client, user, COUNTED, {"first": 50})
    assert len(data["jobs"]["edges"]) == n
    # the page, the backends by id, and the histories by job id
    assert sql_statements.count == 3, sql_statements.statements
