"""Each analytics view and the dashboard, p50/p99, over 100,000 synthetic jobs (BENCH_JOBS).

Run with `make bench` (or `BENCH_JOBS=1000000 python tests/benchmarks/bench_analytics.py`).
Seeds the jobs with scripts/seed_jobs.py (one INSERT ... SELECT generate_series, then the
rollup rebuilt) and prints the time to seed; then, through the ASGI app (httpx, no sockets),
each view over the last 30 days by day, as the jobs' owner and as an admin, and the dashboard.
Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set, else embedded services.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx

from tests.benchmarks.common import services, summary
from tests.benchmarks.in_process import Statements, latencies

VIEWS = {
    "jobTrends": "jobTrends { start total byStatus { status count } }",
    "statusDistribution": "statusDistribution { status count }",
    "backendUtilization": "backendUtilization { weekStart backendName utilization }",
    "backendComparison": "backendComparison { backendName successRate queueWait { p95Ms } "
    "cost { amount } meanFidelity }",
    "performancePercentiles": "performancePercentiles { jobs queueWait { p50Ms p95Ms p99Ms } "
    "executionTime { p50Ms p95Ms } }",
    "costOverTime": "costOverTime { start backendName appName cost { amount } }",
    "userActivity": "userActivity { activeUsers users { username jobs } }",
    "regionalStats": "regionalStats { region jobs successRate }",
}
DASHBOARD = """
{ dashboard { systemStatus { status workersAlive queueDepth oldestQueuedAgeS }
  queueSummary { queued running } recentJobs(limit: 10) { id status backend { name } }
  myUsage { shotsUsed } topBackends(n: 5) { backendName kpis { successRate status } } } }
"""


async def seed(app: Any, owner: Any, jobs: int) -> None:
    """The jobs (2% the owner's, the rest 49 synthetic users'), the rollup, fresh statistics."""
    from sqlalchemy import select

    from domain.analytics import rollups
    from domain.backends.models import Backend
    from scripts.seed_jobs import bulk_jobs, synthetic_users

    sessionmaker = app.state.services.sessionmaker
    started = time.perf_counter()
    async with sessionmaker() as session, session.begin():
        others = await synthetic_users(session, 49)
        ids = list(await session.scalars(select(Backend.id).order_by(Backend.id).limit(12)))
        await bulk_jobs(session, n=jobs, days=90, owners=[owner.id, *others], backend_ids=ids)
    inserted = time.perf_counter() - started
    await rollups.rebuild(sessionmaker)
    async with sessionmaker.kw["bind"].connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("ANALYZE jobs")
        await conn.exec_driver_sql("ANALYZE job_rollups_hourly")
    seeded = time.perf_counter() - started
    print(
        f"seeded {jobs:,} jobs (50 users, 12 backends, 90 days) in {seeded:.1f} s "
        f"(insert {inserted:.1f} s, rollup rebuild and ANALYZE {seeded - inserted:.1f} s)"
    )


async def measure(client: httpx.AsyncClient, statements: Any, rounds: int, board: bool) -> None:
    start = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    for name, selection in VIEWS.items():
        query = (
            "query V($w: TimeWindow) { analytics(window: $w, bucket: DAY) "
            f"{{ ... on Analytics {{ {selection} }} }} }}"
        )

        async def post(q: str = query, view: str = name) -> None:
            response = await client.post(
                "/graphql", json={"query": q, "variables": {"w": {"start": start}}}
            )
            assert response.json()["data"]["analytics"][view] is not None, response.text

        statements.seen.clear()
        await post()
        count = len(statements.seen)
        samples = (await latencies(post, rounds)).samples_ms
        print(f"  {name:24s} {summary(samples)}  SQL: {count}")
    if board:

        async def dashboard() -> None:
            response = await client.post("/graphql", json={"query": DASHBOARD})
            assert response.json()["data"]["dashboard"]["recentJobs"], response.text

        statements.seen.clear()
        await dashboard()
        count = len(statements.seen)
        samples = (await latencies(dashboard, rounds)).samples_ms
        print(f"  {'dashboard':24s} {summary(samples)}  SQL: {count}")


async def main(jobs: int, rounds: int) -> None:
    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import make_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        owner = await make_user(app, Role.CONSUMER)
        admin = await make_user(app, Role.ADMIN)
        await seed(app, owner, jobs)
        statements = Statements(app)
        transport = httpx.ASGITransport(app=app)
        for who, user in (("owner (2% of the jobs)", owner), ("admin (all jobs)", admin)):
            print(f"\nanalytics(window: last 30 days, bucket: DAY) as {who}, {rounds} requests:")
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", headers=user.headers
            ) as client:
                await measure(client, statements, rounds, board=user is owner)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="requests per figure")
    args = parser.parse_args()
    with services():
        asyncio.run(main(int(os.environ.get("BENCH_JOBS", "100000")), args.rounds))
