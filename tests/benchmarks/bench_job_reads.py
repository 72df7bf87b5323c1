"""A page of 50 jobs with their backend, KPIs and history: in process against raw asyncpg.

Run with `make bench` (or `python tests/benchmarks/bench_job_reads.py [--rounds N] [--profile]`).
The jobs are inserted as finished rows (no worker needed): this measures the read path only.
Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set, else embedded services.

Prints, from one run:
  1. in process (the schema executed without HTTP, signed in as the jobs' owner), the issue's
     page `jobs(first: 50) { backend { name } kpis { fidelity } statusHistory { status } }`
     and the same page with the circuit source and counts, each beside one raw asyncpg
     statement that returns the same rows and columns: p50, p99 and the ratio;
  2. the issue's page through the ASGI app (httpx, no sockets, JWT authentication);
  3. SQL statements per request for each.
`--profile` prints cProfile's top functions over the in-process runs of the issue's page.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx

from tests.benchmarks.common import services, summary
from tests.benchmarks.in_process import (
    Statements,
    executor,
    latencies,
    profile,
    ratio_line,
    raw_connection,
    timing_line,
)

ISSUE_PAGE = """
query Page { jobs(first: 50) { edges { node {
  backend { name } kpis { fidelity } statusHistory { status } } } } }
"""
HEAVY_PAGE = """
query Page { jobs(first: 50) { edges { node { circuit { source } result { counts { count } }
  backend { name } kpis { fidelity } statusHistory { status } } } } }
"""
# What the page needs, in one statement: the fields KPIs are computed from, the backend's
# name and the history, for the owner's newest 50 jobs.
RAW_PAGE = """
SELECT j.id, j.status, j.shots, j.fidelity, j.created_at, j.started_at, j.finished_at,
       j.execution_ms, b.name,
       (SELECT array_agg(t.status ORDER BY t.at, t.id) FROM job_transitions t
        WHERE t.job_id = j.id) AS history COLUMNS
FROM jobs j JOIN backends b ON b.id = j.backend_id
WHERE j.owner_id = $1 ORDER BY j.created_at DESC, j.id DESC LIMIT 51
"""


async def main(rounds: int, with_profile: bool) -> None:
    from domain.identity.authn import Credentials, authenticate
    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import make_user
    from tests.integration.test_job_reads import insert_jobs

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        services_ = app.state.services
        owner = await make_user(app, Role.CONSUMER)
        await insert_jobs(app, owner.id, 50)
        principal = await authenticate(
            Credentials.from_headers(owner.headers["Authorization"], None),
            sessionmaker=services_.sessionmaker,
            redis=services_.redis,
            jwt_secret=services_.jwt_secret,
        )
        statements = Statements(app)
        execute = executor(app, principal)
        raw = await raw_connection(settings.database_url or "")
        try:
            print(f"in process, {rounds} sequential runs each, beside raw asyncpg (same rows);")
            print("ratios to raw asyncpg: p50 / p99 / CPU of this process per run")
            for name, query, columns in (
                ("jobs(first: 50) + backend, kpis, history", ISSUE_PAGE, ""),
                ("  + circuit source, counts", HEAVY_PAGE, ", j.circuit, j.counts"),
            ):
                raw_page = RAW_PAGE.replace(" COLUMNS", columns)
                rows = await raw.fetch(raw_page, owner.id)
                assert len(rows) == 50, len(rows)
                baseline = await latencies(lambda q=raw_page: raw.fetch(q, owner.id), rounds)  # type: ignore[misc]
                samples = await latencies(lambda q=query: execute(q), rounds)  # type: ignore[misc]
                statements.seen.clear()
                data = await execute(query)
                assert len(data["jobs"]["edges"]) == 50
                print(ratio_line(name, samples, baseline), f"  SQL: {len(statements.seen)}")
                print(timing_line("  raw asyncpg, one statement", baseline))
            if with_profile:
                print(await profile(lambda: execute(ISSUE_PAGE), rounds))
        finally:
            await raw.close()

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=owner.headers
        ) as client:

            async def post() -> None:
                response = await client.post("/graphql", json={"query": ISSUE_PAGE})
                assert len(response.json()["data"]["jobs"]["edges"]) == 50, response.text

            statements.seen.clear()
            await post()
            count = len(statements.seen)
            samples = (await latencies(post, rounds)).samples_ms
    print(f"\nthrough the ASGI app, {rounds} sequential requests")
    print(f"jobs(first: 50) + backend, kpis, history: {summary(samples)}")
    print(f"   SQL statements per request: {count} (authentication by JWT adds none)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="runs per figure")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args()
    with services():
        asyncio.run(main(args.rounds, args.profile))
