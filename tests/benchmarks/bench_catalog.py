"""Catalog figures: load time, page-of-50 latency against raw SQL, statements per request.

Run with `make bench`. Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set (point them at a
throwaway database: the benchmark migrates it and loads the catalog), else embedded services.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
from sqlalchemy import event, select, text

from tests.benchmarks.common import services, summary

PAGE = """
query Page { backends(first: 50) { totalCount edges { cursor node { id name qubits basisGates
  provider status pricing { perShot perTask currency }
  calibration { medianT1Us medianT2Us medianReadoutError medianTwoQubitError } } } } }
"""
NESTED = """
query Nested { backends(first: 50, filter: {simulator: false}) { edges { node { name
  calibration { qubits(first: 5) { edges { node { qubit t1Us t2Us } } } } } } } }
"""
ROUNDS = 200


async def _latencies(client: httpx.AsyncClient, query: str) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = await client.post("/graphql", json={"query": query})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and "errors" not in response.json(), response.text
    return samples


async def main() -> None:
    from domain.backends.models import Backend
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings

    await asyncio.to_thread(migrate)  # alembic runs its own event loop
    cold = await _sync_backends()
    warm = await _sync_backends()
    print(f"catalog load, first sync:  {cold['seconds']:6.2f} s  ({cold})")
    print(f"catalog load, second sync: {warm['seconds']:6.2f} s  (calibration unchanged: skipped)")

    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        sessionmaker = app.state.services.sessionmaker
        engine = sessionmaker.kw["bind"].sync_engine
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

        raw = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            async with sessionmaker() as session:
                (await session.scalars(select(Backend).order_by(Backend.name).limit(51))).all()
                await session.execute(text("SELECT count(*) FROM backends"))
            raw.append((time.perf_counter() - started) * 1000)

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, query in (("page of 50", PAGE), ("page of 50 + 5 qubits each", NESTED)):
                await client.post("/graphql", json={"query": query})  # warm the caches
                statements.clear()
                await client.post("/graphql", json={"query": query})
                count = len(statements)
                samples = await _latencies(client, query)
                print(f"{name:28s} {summary(samples)}   SQL statements/request: {count}")
        print(f"{'baseline: raw SQL, same rows':28s} {summary(raw)}   SQL statements/request: 2")


if __name__ == "__main__":
    with services():
        asyncio.run(main())
