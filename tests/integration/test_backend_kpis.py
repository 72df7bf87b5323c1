"""`Backend.kpis(window)`: the right figures after a known workload, batched across a page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.analytics import rollups
from tests.identity import make_user
from tests.integration.analytics_support import add_finished
from tests.integration.test_job_reads import post
from tests.support import graphql

KPIS = """
query K($name: String!, $w: TimeWindow) { backend(name: $name) { name kpis(window: $w) {
  windowStart windowEnd jobs completed failed successRate queueWaitP50Ms queueWaitP95Ms
  executionP50Ms executionP95Ms utilization jobsPerHour status
  health { calibratedT1Us calibratedT2Us fittedT1Us fittedT2Us measuredAt } } } }
"""
PAGE = "{ backends(first: 30) { edges { node { name kpis { jobs status } } } } }"


async def test_kpis_after_a_known_workload(app, client):
    sessionmaker = app.state.services.sessionmaker
    alice = await make_user(app)
    bob = await make_user(app)
    now = datetime.now(UTC)
    # given, over two users, 16 COMPLETED jobs (2 s wait, 1 s run) and 4 FAILED ones on the
    # simulator, partly in past hours (the rollup) and partly this hour (read from `jobs`)
    await add_finished(sessionmaker, alice.id, finished_at=now - timedelta(hours=3), n=10)
    await add_finished(sessionmaker, bob.id, finished_at=now, n=6)
    await add_finished(
        sessionmaker, bob.id, finished_at=now - timedelta(hours=2), n=4, status="FAILED"
    )
    # and a job outside the window, which must not count
    await add_finished(sessionmaker, alice.id, finished_at=now - timedelta(days=3), n=5)
    await rollups.repair(sessionmaker, hours=80)
    # when anyone signed in reads the simulator's KPIs over the last 24 hours
    data = await post(client, alice, KPIS, {"name": "aer_simulator"})
    k = data["backend"]["kpis"]
    # then the figures are those of the 20 jobs in the window
    assert (k["jobs"], k["completed"], k["failed"]) == (20, 16, 4)
    assert k["successRate"] == pytest.approx(0.8)
    assert 2000 / 1.42 <= k["queueWaitP50Ms"] <= 2000 and k["queueWaitP95Ms"] <= 2000
    assert 1000 / 1.42 <= k["executionP50Ms"] <= 1000
    window_s = (
        datetime.fromisoformat(k["windowEnd"]) - datetime.fromisoformat(k["windowStart"])
    ).total_seconds()
    assert window_s in (24 * 3600, 25 * 3600)  # on whole hours
    assert k["utilization"] == pytest.approx(20 * 1.0 / window_s)
    assert k["jobsPerHour"] == pytest.approx(20 / (window_s / 3600))
    # success 0.8 is WARN (ok ≥ 0.95, warn ≥ 0.80); waits and runs are OK
    assert k["status"] == "WARN"
    assert k["health"] is None  # an ideal simulator has no calibration
    # and a device emulator shows its snapshot calibration, with no fitted values yet
    data = await post(client, alice, KPIS, {"name": "fake_sherbrooke"})
    device = data["backend"]["kpis"]
    assert device["jobs"] == 0 and device["status"] is None
    assert device["health"]["calibratedT1Us"] > 0 and device["health"]["fittedT1Us"] is None


async def test_kpis_are_for_signed_in_callers_and_bounded(app, client):
    body = await graphql(client, KPIS, {"name": "aer_simulator"})
    assert body["data"]["backend"]["kpis"] is None
    user = await make_user(app)
    response = await client.post(
        "/graphql",
        json={
            "query": KPIS,
            "variables": {
                "name": "aer_simulator",
                "w": {"start": "2020-01-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"},
            },
        },
        headers=user.headers,
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_a_page_of_backends_reads_kpis_in_constant_statements(app, client, sql_statements):
    user = await make_user(app)
    await add_finished(app.state.services.sessionmaker, user.id, finished_at=datetime.now(UTC))
    sql_statements.statements.clear()
    data = await post(client, user, PAGE)
    edges = data["backends"]["edges"]
    assert len(edges) == 30
    assert sum(e["node"]["kpis"]["jobs"] for e in edges) == 1
    # the page, its KPIs and the latest fitted health: one statement each, whatever the page size
    assert sql_statements.count == 3, sql_statements.statements


async def test_a_long_window_is_fine_for_kpis(app, client):
    # KPIs have no series: a 300-day window is bounded by the days alone, not by buckets
    user = await make_user(app)
    start = (datetime.now(UTC) - timedelta(days=300)).isoformat()
    data = await post(client, user, KPIS, {"name": "aer_simulator", "w": {"start": start}})
    assert data["backend"]["kpis"]["jobs"] == 0
