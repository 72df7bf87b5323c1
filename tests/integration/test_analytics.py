"""`analytics(window, bucket)`: right numbers, scoped to the viewer, from rollup + current hour.

Real PostgreSQL: jobs of past hours are put in the rollup by the repair (as the cron does),
jobs of the current hour are read from `jobs`, and a job the worker counted in the current hour's
rollup row is not counted twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.analytics import rollups
from domain.execution import Outcome, Ran
from domain.identity.principal import Role
from domain.jobs import execution
from tests.identity import make_user
from tests.integration.analytics_support import add_finished
from tests.integration.test_job_reads import post
from tests.support import graphql

VIEWS = """
query Views($window: TimeWindow, $bucket: AnalyticsBucket) {
  analytics(window: $window, bucket: $bucket) {
    __typename
    ... on InvalidInputError { code field message }
    ... on Analytics {
      start end bucket
      jobTrends { start total byStatus { status count } }
      statusDistribution { status count }
      backendUtilization { weekStart backendName jobs busySeconds utilization }
      backendComparison { backendName provider jobs completed failed successRate
        queueWait { count meanMs p50Ms p95Ms maxMs } executionTime { count meanMs p50Ms }
        cost { amount currency } meanFidelity shots }
      performancePercentiles { jobs queueWait { count p50Ms p95Ms p99Ms maxMs }
        executionTime { count p50Ms } }
      costOverTime { start backendName appId jobs cost { amount currency } }
      userActivity { activeUsers users { userId username jobs shots successRate
        cost { amount currency } } }
      regionalStats { region backends jobs successRate cost { amount } }
    }
  }
}
"""


def _window(hours: int) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"start": (now - timedelta(hours=hours)).isoformat(), "end": now.isoformat()}


async def _workload(app: Any) -> tuple[Any, Any, Any]:
    """Alice: 3 COMPLETED two hours ago, 1 FAILED and 2 COMPLETED this hour; Bob: 4 COMPLETED."""
    sessionmaker = app.state.services.sessionmaker
    alice = await make_user(app, username="alice")
    bob = await make_user(app, username="bob")
    admin = await make_user(app, Role.ADMIN, username="root")
    hour = rollups.current_hour()
    past = hour - timedelta(hours=2) + timedelta(minutes=30)
    await add_finished(sessionmaker, alice.id, finished_at=past, n=3, wait_s=2, run_s=1)
    now = datetime.now(UTC)
    await add_finished(sessionmaker, alice.id, finished_at=now, n=1, status="FAILED")
    await add_finished(sessionmaker, alice.id, finished_at=now, n=2, wait_s=8, run_s=4)
    await add_finished(
        sessionmaker, bob.id, finished_at=past, n=4, backend="fake_sherbrooke", shots=1000
    )
    await rollups.repair(sessionmaker, hours=4)  # the cron: past hours into the rollup
    return alice, bob, admin


async def test_every_view_counts_only_the_viewers_jobs(app, client):
    alice, bob, admin = await _workload(app)
    # when Alice reads the views over the last 6 hours by hour
    data = await post(client, alice, VIEWS, {"window": _window(6), "bucket": "HOUR"})
    a = data["analytics"]
    # then every view holds her 6 jobs and none of Bob's
    assert a["__typename"] == "Analytics"
    assert sum(b["total"] for b in a["jobTrends"]) == 6
    assert len(a["jobTrends"]) in (6, 7)  # each hour of the window listed
    dist = {s["status"]: s["count"] for s in a["statusDistribution"]}
    assert dist["COMPLETED"] == 5 and dist["FAILED"] == 1 and dist["QUEUED"] == 0
    [compare] = a["backendComparison"]
    assert compare["backendName"] == "aer_simulator" and compare["jobs"] == 6
    assert compare["completed"] == 5 and compare["failed"] == 1
    assert compare["successRate"] == pytest.approx(5 / 6)
    assert compare["queueWait"]["count"] == 6 and compare["queueWait"]["maxMs"] == 8000
    assert compare["queueWait"]["meanMs"] == pytest.approx((3 * 2000 + 2000 + 2 * 8000) / 6)
    assert Decimal(compare["cost"]["amount"]) == Decimal("2.5")  # 5 × 0.5, failed are free
    assert compare["meanFidelity"] == pytest.approx(0.9) and compare["shots"] == 600
    perf = a["performancePercentiles"]
    assert perf["jobs"] == 6 and perf["queueWait"]["maxMs"] == 8000
    # the median wait is 2 s: within the histogram's √2 bucket
    assert 2000 / 1.42 <= perf["queueWait"]["p50Ms"] <= 2000 * 1.42
    assert sum(Decimal(p["cost"]["amount"]) for p in a["costOverTime"]) == Decimal("2.5")
    assert {p["appId"] for p in a["costOverTime"]} == {None}
    users = a["userActivity"]
    assert users["activeUsers"] == 1 and [u["username"] for u in users["users"]] == ["alice"]
    assert users["users"][0]["jobs"] == 6 and users["users"][0]["shots"] == 600
    [region] = a["regionalStats"]
    assert region["jobs"] == 6 and region["backends"] == 1
    weeks = a["backendUtilization"]
    assert {w["backendName"] for w in weeks} == {"aer_simulator"}
    assert sum(w["jobs"] for w in weeks) == 6
    assert sum(w["busySeconds"] for w in weeks) == pytest.approx(3 * 1 + 1 + 2 * 4)

    # and Bob sees only his 4
    data = await post(client, bob, VIEWS, {"window": _window(6), "bucket": "DAY"})
    b = data["analytics"]
    assert sum(x["total"] for x in b["jobTrends"]) == 4
    assert [c["backendName"] for c in b["backendComparison"]] == ["fake_sherbrooke"]
    assert b["userActivity"]["activeUsers"] == 1
    assert b["userActivity"]["users"][0]["username"] == "bob"

    # while an admin sees everyone's
    data = await post(client, admin, VIEWS, {"window": _window(6), "bucket": "DAY"})
    c = data["analytics"]
    assert sum(x["total"] for x in c["jobTrends"]) == 10
    assert c["userActivity"]["activeUsers"] == 2
    assert [u["username"] for u in c["userActivity"]["users"]] == ["alice", "bob"]
    assert [u["jobs"] for u in c["userActivity"]["users"]] == [6, 4]
    assert len(c["regionalStats"]) == 2  # two providers (the region until backends carry one)
    assert sum(r["jobs"] for r in c["regionalStats"]) == 10


async def test_a_job_counted_by_the_worker_this_hour_is_not_counted_twice(app, client):
    sessionmaker = app.state.services.sessionmaker
    user = await make_user(app)
    await add_finished(sessionmaker, user.id, finished_at=datetime.now(UTC) - timedelta(hours=1))
    await rollups.repair(sessionmaker, hours=2)
    # given a job the worker ran and recorded now (so the current hour's rollup row counts it)
    from tests.integration.test_worker_runs_jobs import Harness

    harness = Harness(app.state.services.settings, sessionmaker, None, user.id)
    job_id = await harness.add_job(enqueued=False)
    claims = await execution.claim_many(sessionmaker, [job_id], worker="w:1:a")
    outcome = Outcome(counts={"0": 10}, shots=10, method="stabilizer", execution_ms=5.0)
    await execution.record_many(sessionmaker, [(claims[job_id], Ran(outcome, 1.0))])  # type: ignore[list-item]
    # when the views are read over a window across the hour boundary
    data = await post(client, user, VIEWS, {"window": _window(3), "bucket": "HOUR"})
    trends = data["analytics"]["jobTrends"]
    # then the last hour's job comes from the rollup, this hour's from `jobs`: 2, not 3
    assert sum(b["total"] for b in trends) == 2
    assert [b["total"] for b in trends if b["total"]] == [1, 1]


@pytest.mark.parametrize(
    ("window", "bucket", "field"),
    [
        ({"start": "2026-01-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"}, "DAY", "window"),
        ({"start": "2020-01-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"}, "WEEK", "window"),
        ({"start": "2026-01-01T00:00:00Z", "end": "2026-03-01T00:00:00Z"}, "HOUR", "bucket"),
        ({"start": "1990-01-01T00:00:00Z", "end": "1990-01-02T00:00:00Z"}, "DAY", "window"),
    ],
)
async def test_windows_and_buckets_are_bounded(app, client, window, bucket, field):
    user = await make_user(app)
    data = await post(client, user, VIEWS, {"window": window, "bucket": bucket})
    refused = data["analytics"]
    assert refused["__typename"] == "InvalidInputError" and refused["field"] == field


async def test_anonymous_callers_get_no_analytics(app, client):
    body = await graphql(client, VIEWS, {})
    assert body["data"] is None or body["data"].get("analytics") is None
    assert body["errors"]
