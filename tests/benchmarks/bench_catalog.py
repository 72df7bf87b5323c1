"""Catalog figures: load time, pages of 50 against a raw asyncpg query, statements per request.

Run with `make bench` (or `python tests/benchmarks/bench_catalog.py [--rounds N] [--profile]`).
Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set (point them at a throwaway database: the
benchmark migrates it and loads the catalog), else embedded services.

Prints, from one run:
  1. the catalog load (first sync, then an unchanged second sync);
  2. in process (the schema executed without HTTP), the issue's page
     `backends(first: 50) { name qubits provider }` and a page that selects the heavy columns,
     each beside a raw asyncpg query for the same rows and columns: p50, p99 and the ratio;
  3. through the ASGI app (httpx, no sockets), the wider page and nested calibration pages;
  4. SQL statements per request for each.
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

ISSUE_PAGE = "{ backends(first: 50) { edges { node { name qubits provider } } } }"
RAW_ISSUE_PAGE = "SELECT name, num_qubits, provider FROM backends ORDER BY name LIMIT 51"
HEAVY_PAGE = """
{ backends(first: 50) { edges { node { name qubits provider basisGates
  couplingMap { source target } } } } }
"""
RAW_HEAVY_PAGE = """
SELECT name, num_qubits, provider, basis_gates, coupling_map FROM backends ORDER BY name LIMIT 51
"""
PAGE = """
query Page { backends(first: 50) { totalCount edges { cursor node { id name qubits basisGates
  provider status pricing { perShot perTask currency }
  calibration { medianT1Us medianT2Us medianReadoutError medianTwoQubitError } } } } }
"""
NESTED = """
query Nested { backends(first: 50, filter: {simulator: false}) { edges { node { name
  calibration { qubits(first: 5) { edges { node { qubit t1Us t2Us } } } } } } } }
"""


async def _http_latencies(client: httpx.AsyncClient, query: str, rounds: int) -> list[float]:
    async def post() -> None:
        response = await client.post("/graphql", json={"query": query})
        assert response.status_code == 200 and "errors" not in response.json(), response.text

    return (await latencies(post, rounds)).samples_ms


async def main(rounds: int, with_profile: bool) -> None:
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings

    await asyncio.to_thread(migrate)  # alembic runs its own event loop
    cold = await _sync_backends()
    warm = await _sync_backends()
    print(f"catalog load, first sync:  {cold['seconds']:6.2f} s  ({cold})")
    print(f"catalog load, second sync: {warm['seconds']:6.2f} s  (calibration unchanged: skipped)")

    settings = get_settings()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        statements = Statements(app)
        execute = executor(app)
        raw = await raw_connection(settings.database_url or "")
        try:
            print(f"\nin process, {rounds} sequential runs each, beside raw asyncpg (same rows);")
            print("ratios to raw asyncpg: p50 / p99 / CPU of this process per run")
            for name, query, raw_query in (
                ("backends(first: 50) { name qubits provider }", ISSUE_PAGE, RAW_ISSUE_PAGE),
                ("  + basisGates couplingMap", HEAVY_PAGE, RAW_HEAVY_PAGE),
            ):
                baseline = await latencies(lambda q=raw_query: raw.fetch(q), rounds)  # type: ignore[misc]
                samples = await latencies(lambda q=query: execute(q), rounds)  # type: ignore[misc]
                statements.seen.clear()
                await execute(query)
                print(ratio_line(name, samples, baseline), f"  SQL: {len(statements.seen)}")
                print(timing_line("  raw asyncpg, same rows and columns", baseline))
            if with_profile:
                print(await profile(lambda: execute(ISSUE_PAGE), rounds))
        finally:
            await raw.close()

        print(f"\nthrough the ASGI app (httpx, no sockets), {rounds} sequential requests each")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, query in (("page of 50", PAGE), ("page of 50 + 5 qubits each", NESTED)):
                statements.seen.clear()
                await client.post("/graphql", json={"query": query})
                count = len(statements.seen)
                samples = await _http_latencies(client, query, rounds)
                print(f"{name:28s} {summary(samples)}   SQL statements/request: {count}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="runs per figure")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args()
    with services():
        asyncio.run(main(args.rounds, args.profile))
