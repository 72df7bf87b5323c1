"""Synthetic finished jobs for analytics, fast: one INSERT ... SELECT generate_series.

    DATABASE_URL=postgresql://... python scripts/seed_jobs.py --jobs 1000000 [--days 90]

Adds `--users` users (synthetic_0 ...) when missing, `--jobs` final jobs spread over `--days`
days before now on the catalog's first `--backends` backends (one in 10 FAILED, one in 50
CANCELLED, waits of 0.1 to 60 s and runs of 5 ms to 20 s, so the histograms spread), then
rebuilds the hourly rollup from them and refreshes the planner's statistics. Prints the time of
each step. The database must be migrated and the catalog loaded (`qraph migrate`, a first run).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text

BULK = text(
    """
    WITH p AS (
      SELECT CAST(:owners AS uuid[]) AS owners, CAST(:backend_ids AS int[]) AS backends,
             CAST(:n AS int) AS n, CAST(:days AS int) AS days
    )
    INSERT INTO jobs (id, owner_id, backend_id, name, circuit, circuit_format, qubits, depth,
      shots, priority, tags, status, created_at, started_at, finished_at, cost_estimate,
      actual_cost, currency, fidelity, execution_ms, attempts, source, details)
    SELECT gen_random_uuid(),
      p.owners[1 + i % cardinality(p.owners)],
      p.backends[1 + (i / 7) % cardinality(p.backends)],
      'synthetic ' || i, 'OPENQASM 2.0;', 'QASM2', 2, 3, 100 + (i % 10) * 100, 'STANDARD', '{}',
      CASE WHEN i % 50 = 0 THEN 'CANCELLED' WHEN i % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
      t.f - make_interval(secs => 0.005 + (i % 97) * 0.2) - make_interval(secs => 0.1 + i % 61),
      t.f - make_interval(secs => 0.005 + (i % 97) * 0.2),
      t.f, 0.3,
      CASE WHEN i % 10 = 0 THEN 0 ELSE 0.3 + (i % 10) * 0.01 END, 'USD',
      CASE WHEN i % 10 = 0 THEN NULL ELSE 0.8 + (i % 20) * 0.01 END,
      5 + (i % 97) * 200.0, 1, 'QRAPH', '{}'
    FROM p, generate_series(1, p.n) AS i,
      LATERAL (SELECT now() - make_interval(secs => (i::float8 / p.n) * p.days * 86400)) AS t(f)
    """
)


async def bulk_jobs(
    session: Any, *, n: int, days: int, owners: list[uuid.UUID], backend_ids: list[int]
) -> None:
    """`n` final jobs in one statement (the caller commits)."""
    await session.execute(
        BULK, {"n": n, "days": days, "owners": owners, "backend_ids": backend_ids}
    )


async def synthetic_users(session: Any, count: int) -> list[uuid.UUID]:
    """`count` users named synthetic_<i>, created when missing (no password: never sign in)."""
    from domain.identity.models import User

    names = [f"synthetic_{i}" for i in range(count)]
    found = dict(
        (
            await session.execute(select(User.username, User.id).where(User.username.in_(names)))
        ).all()
    )
    for name in names:
        if name not in found:
            user = User(
                email=f"{name}@example.org",
                username=name,
                password_hash="!",
                roles=["CONSUMER"],
                links=[],
            )
            session.add(user)
            await session.flush()
            found[name] = user.id
    return [found[name] for name in names]


async def seed(*, jobs: int, days: int, users: int, backends: int) -> dict[str, float]:
    """Seed and rebuild; the seconds each step took."""
    from domain.analytics import rollups
    from domain.backends.models import Backend
    from domain.db import make_engine, make_sessionmaker
    from qraph.settings import get_settings

    engine = make_engine(get_settings().database_url or "")
    sessionmaker = make_sessionmaker(engine)
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            owners = await synthetic_users(session, users)
            ids = list(
                await session.scalars(select(Backend.id).order_by(Backend.id).limit(backends))
            )
            if not ids:
                raise SystemExit("No backends: load the catalog first (a first `make run`).")
            await bulk_jobs(session, n=jobs, days=days, owners=owners, backend_ids=ids)
        timings["insert_s"] = time.perf_counter() - started
        started = time.perf_counter()
        await rollups.rebuild(sessionmaker)
        timings["rollup_s"] = time.perf_counter() - started
        started = time.perf_counter()
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("ANALYZE jobs")
            await conn.exec_driver_sql("ANALYZE job_rollups_hourly")
        timings["analyze_s"] = time.perf_counter() - started
    finally:
        await engine.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--backends", type=int, default=12)
    args = parser.parse_args()
    timings = asyncio.run(
        seed(jobs=args.jobs, days=args.days, users=args.users, backends=args.backends)
    )
    total = sum(timings.values())
    sys.stdout.write(
        f"seeded {args.jobs:,} jobs in {total:.1f} s (insert {timings['insert_s']:.1f} s, "
        f"rollup {timings['rollup_s']:.1f} s, analyze {timings['analyze_s']:.1f} s)\n"
    )


if __name__ == "__main__":
    main()
