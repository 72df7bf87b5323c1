"""SQL statements and latency for a page of 50 jobs with their backend, KPIs and history.

Run with `make bench`. The jobs are inserted as finished rows (no worker needed): this measures
the read path only. Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set, else embedded services.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
from sqlalchemy import event

from tests.benchmarks.common import services, summary

PAGE = """
query Page { jobs(first: 50) { edges { node {
  backend { name } kpis { fidelity } statusHistory { status } } } } }
"""
ROUNDS = 200


async def main() -> None:
    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import make_user
    from tests.integration.test_job_reads import insert_jobs

    await asyncio.to_thread(migrate)
    await _sync_backends()
    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        owner = await make_user(app, Role.CONSUMER)
        await insert_jobs(app, owner.id, 50)
        engine = app.state.services.sessionmaker.kw["bind"].sync_engine
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=owner.headers
        ) as client:
            await client.post("/graphql", json={"query": PAGE})  # warm the caches
            statements.clear()
            response = await client.post("/graphql", json={"query": PAGE})
            assert len(response.json()["data"]["jobs"]["edges"]) == 50, response.text
            count = len(statements)
            samples = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                await client.post("/graphql", json={"query": PAGE})
                samples.append((time.perf_counter() - started) * 1000)
    print(f"jobs(first: 50) + backend, kpis, history: {summary(samples)}")
    print(f"   SQL statements per request: {count} (authentication by JWT adds none)")


if __name__ == "__main__":
    with services():
        asyncio.run(main())
