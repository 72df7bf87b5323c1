"""Every analytics view reads the rollup plus the current hour: no sequential scan of `jobs`
(EXPLAIN on a table big enough that the planner would rather scan than use a poor index), and a
constant number of SQL statements per view and for the dashboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, text

from domain.analytics import rollups
from domain.backends.models import Backend
from domain.identity.principal import Role
from scripts.seed_jobs import bulk_jobs
from tests.identity import make_user
from tests.integration.test_job_reads import post

JOBS = 60_000
VIEWS = {
    "jobTrends": "jobTrends { start total }",
    "statusDistribution": "statusDistribution { status count }",
    "backendUtilization": "backendUtilization { backendName utilization }",
    "backendComparison": "backendComparison { backendName successRate queueWait { p95Ms } }",
    "performancePercentiles": "performancePercentiles { jobs queueWait { p50Ms p99Ms } }",
    "costOverTime": "costOverTime { start backendName cost { amount } }",
    "userActivity": "userActivity { activeUsers users { username jobs } }",
    "regionalStats": "regionalStats { region jobs }",
}
DASHBOARD = """
{ dashboard { systemStatus { status database redis workersAlive queueDepth oldestQueuedAgeS
    providers { provider reachable } }
  queueSummary { queued running }
  recentJobs(limit: 10) { id status backend { name } }
  myUsage { shotsUsed shotBudget }
  topBackends(n: 5) { backendName kpis { successRate status jobsPerHour } }
  latestExperimentRuns(limit: 5) { id preset } } }
"""


def _query(view: str) -> str:
    return (
        "query V($w: TimeWindow) { analytics(window: $w, bucket: DAY) "
        f"{{ ... on Analytics {{ {VIEWS[view]} }} }} }}"
    )


class Captured:
    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.statements.append((statement, parameters))


@pytest.fixture
def captured(app: Any) -> Iterator[Captured]:
    engine = app.state.services.sessionmaker.kw["bind"].sync_engine
    found = Captured()
    event.listen(engine, "before_cursor_execute", found)
    yield found
    event.remove(engine, "before_cursor_execute", found)


@pytest.fixture
async def loaded(app: Any) -> dict[str, Any]:
    """60,000 final jobs over 30 days for two users (and an admin), the rollup rebuilt, and
    the statistics fresh, as autovacuum would leave them."""
    sessionmaker = app.state.services.sessionmaker
    alice = await make_user(app, username="alice")
    bob = await make_user(app, username="bob")
    admin = await make_user(app, Role.ADMIN, username="root")
    async with sessionmaker() as session, session.begin():
        ids = list((await session.scalars(select(Backend.id).order_by(Backend.id).limit(8))).all())
        await bulk_jobs(session, n=JOBS, days=30, owners=[alice.id, bob.id], backend_ids=ids)
    await rollups.rebuild(sessionmaker)
    async with sessionmaker() as session:
        await session.execute(text("ANALYZE jobs"))
        await session.execute(text("ANALYZE job_rollups_hourly"))
        await session.commit()
    return {"alice": alice, "bob": bob, "admin": admin}


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


async def _seq_scans_of_jobs(app: Any, statement: str, parameters: Any) -> list[str]:
    engine = app.state.services.sessionmaker.kw["bind"]
    async with engine.connect() as conn:
        result = await conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters)
        raw = result.scalar_one()
    [plan] = json.loads(raw) if isinstance(raw, str) else raw
    return [
        node["Node Type"]
        for node in _plan_nodes(plan["Plan"])
        if node.get("Relation Name") == "jobs" and node["Node Type"] == "Seq Scan"
    ]


async def test_no_view_scans_jobs_and_each_is_one_statement(app, client, loaded, captured):
    # (one test for every view and viewer: loading 60,000 jobs is the slow part)
    # the check can fail: a statement that must read every job is a sequential scan
    everything = await _seq_scans_of_jobs(app, "SELECT count(*) FROM jobs WHERE shots > $1", (0,))
    assert everything == ["Seq Scan"]
    start = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    for who in ("alice", "admin"):
        for view in sorted(VIEWS):
            captured.statements.clear()
            # when one view is read over 31 days (so the current hour is read from `jobs`)
            data = await post(client, loaded[who], _query(view), {"w": {"start": start}})
            assert data["analytics"][view] is not None
            # then it cost one statement, and its plan reads no `jobs` row by a seq scan
            assert len(captured.statements) == 1, (view, [s for s, _ in captured.statements])
            [(statement, parameters)] = captured.statements
            assert await _seq_scans_of_jobs(app, statement, parameters) == [], (who, view)
            # and, the window reaching now, it reads the current hour from `jobs` too
            assert "FROM jobs" in statement and "FROM job_rollups_hourly" in statement


async def test_the_dashboard_costs_a_constant_number_of_statements(app, client, loaded, captured):
    counts = []
    for who in ("alice", "admin"):
        captured.statements.clear()
        data = await post(client, loaded[who], DASHBOARD)
        board = data["dashboard"]
        assert len(board["recentJobs"]) == 10 and board["systemStatus"]["database"] is True
        counts.append(len(captured.statements))
        for statement, parameters in captured.statements:
            if statement.lstrip().upper().startswith("SELECT"):
                assert await _seq_scans_of_jobs(app, statement, parameters) == [], statement
    # system status 2, queue summary 2, recent jobs 1 + their backends 1, usage 2, top 1,
    # latest experiment runs 1
    assert counts == [DASHBOARD_STATEMENTS, DASHBOARD_STATEMENTS]


DASHBOARD_STATEMENTS = 10
