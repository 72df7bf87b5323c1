"""experimentRuns: a page costs a constant number of statements whatever its size, shows a
user only their own runs (admins all), derives the status from the jobs, and experimentUpdated
streams a run to its end."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update

from domain.experiments.models import ExperimentJob, ExperimentRun
from domain.identity.principal import Role
from domain.jobs.models import Job
from tests.identity import make_user
from tests.integration.test_job_reads import insert_jobs

PAGE = """
query Page($first: Int) {
  experimentRuns(first: $first) {
    totalCount
    edges { node { id preset status kpis { status fidelity } jobs { id status } } }
  }
}
"""


async def _insert_runs(app: Any, owner_id: uuid.UUID, n: int) -> list[uuid.UUID]:
    ids = []
    for i in range(n):
        job_ids = await insert_jobs(app, owner_id, 2, status="QUEUED" if i % 2 else "COMPLETED")
        run_id = uuid.uuid4()
        async with app.state.services.sessionmaker() as session, session.begin():
            session.add(
                ExperimentRun(
                    id=run_id,
                    owner_id=owner_id,
                    preset="dpd_demo",
                    params={},
                    backends=["aer_simulator"],
                    qubits=[],
                    shots=100,
                    warnings=[],
                    result={"plannedJobs": 2, "plannedShots": 200},
                )
            )
            await session.flush()
            for position, job_id in enumerate(job_ids):
                session.add(
                    ExperimentJob(run_id=run_id, job_id=job_id, position=position, label={})
                )
        ids.append(run_id)
    return ids


async def _post(client: Any, query: str, variables: dict[str, Any], headers: Any) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return response.json()


@pytest.mark.parametrize("first", [1, 12])
async def test_a_page_of_runs_costs_constant_statements(app, client, sql_statements, first):
    user = await make_user(app, Role.CONSUMER)
    await _insert_runs(app, user.id, 12)
    sql_statements.statements.clear()
    body = await _post(client, PAGE, {"first": first}, user.headers)
    edges = body["data"]["experimentRuns"]["edges"]
    assert len(edges) == first
    # the page, its count, the statuses of every run's jobs, the job ids and the jobs: five
    assert sql_statements.count == 5, sql_statements.statements
    statuses = {e["node"]["status"] for e in edges}
    assert statuses <= {"ANALYSING", "QUEUED"}
    assert all(len(e["node"]["jobs"]) == 2 for e in edges)


async def test_runs_are_their_owners_and_admins_see_all(app, client):
    owner = await make_user(app, Role.CONSUMER)
    other = await make_user(app, Role.CONSUMER)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    await _insert_runs(app, owner.id, 2)
    seen = {}
    for name, user in (("owner", owner), ("other", other), ("admin", admin)):
        body = await _post(client, PAGE, {"first": 10}, user.headers)
        seen[name] = body["data"]["experimentRuns"]["totalCount"]
    assert seen == {"owner": 2, "other": 0, "admin": 2}


async def test_the_status_is_derived_from_the_jobs(app, client):
    user = await make_user(app, Role.CONSUMER)
    [run_id] = await _insert_runs(app, user.id, 1)  # two COMPLETED jobs, not analysed
    body = await _post(client, PAGE, {"first": 1}, user.headers)
    assert body["data"]["experimentRuns"]["edges"][0]["node"]["status"] == "ANALYSING"
    async with app.state.services.sessionmaker() as session, session.begin():
        job_ids = [
            j
            for (j,) in await session.execute(
                ExperimentJob.__table__.select()
                .with_only_columns(ExperimentJob.job_id)
                .where(ExperimentJob.run_id == run_id)
            )
        ]
        await session.execute(
            update(Job).where(Job.id == job_ids[0]).values(status="RUNNING", finished_at=None)
        )
    body = await _post(client, PAGE, {"first": 1}, user.headers)
    assert body["data"]["experimentRuns"]["edges"][0]["node"]["status"] == "RUNNING"


async def test_latest_runs_for_the_dashboard_are_the_viewers_newest_in_one_statement(
    app, sql_statements
):
    from domain.experiments.runs import latest_runs
    from domain.identity.principal import Principal

    owner = await make_user(app, Role.CONSUMER)
    other = await make_user(app, Role.CONSUMER)
    mine = await _insert_runs(app, owner.id, 3)
    await _insert_runs(app, other.id, 2)
    viewer = Principal(user_id=owner.id, roles=frozenset({Role.CONSUMER}))
    sql_statements.statements.clear()
    async with app.state.services.sessionmaker() as session:
        rows = await latest_runs(session, viewer, 2)
    assert [r.id for r in rows] == list(reversed(mine))[:2]
    assert sql_statements.count == 1
