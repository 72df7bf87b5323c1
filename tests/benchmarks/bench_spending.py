"""Submission with the spending-limit reservation against without it (p50 overhead).

Run with `python tests/benchmarks/bench_spending.py [--small]` (BENCH_DATABASE_URL /
BENCH_REDIS_URL as for `bench_jobs.py`, else embedded services). `submit_jobs` of one priced job
(fake_sherbrooke: 0.30 per task) by a user with a monthly spending limit, in this process
against the real PostgreSQL and Redis, alternating rounds: with the reservation (the
conditional upsert on the user's month, and the subscription cap for app runs) and with
`domain.billing.usage.reserve` replaced by a no-op. Prints each p50/p99, CPU and SQL per call,
and the p50 overhead. On a busy machine the wall clock wanders; CPU and SQL say what it costs.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.common import services  # noqa: E402

SMALL = "--small" in sys.argv
ROUNDS = 20 if SMALL else 400
CIRCUIT = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n'


async def main() -> None:  # noqa: PLR0915 - one linear script
    from redis.asyncio import Redis
    from sqlalchemy import delete, event

    from domain.billing import spending, usage
    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from domain.jobs import admission, submission
    from domain.jobs.models import Job
    from qraph.app import _queue
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from resolvers.identity.usage import shot_budgets
    from tests.identity import create_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url or "")
    await redis.flushdb()
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    os.environ.setdefault("QRAPH_JWT_SECRET", "bench-only-signing-secret-0123456789abcdef0123")
    user = await create_user(sessionmaker, os.environ["QRAPH_JWT_SECRET"], Role.ADMIN)
    async with sessionmaker() as session, session.begin():
        await spending.set_limit(session, user_id=user.id, amount=Decimal("1000000"))
    statements = [0]
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda *a: statements.__setitem__(0, statements[0] + 1),
    )
    queue = _queue(redis)
    limits = admission.Limits(time_s=settings.job_time_limit_s, memory_mb=1e9)
    real = usage.reserve

    async def nothing(session: Any, *, owner_id: Any, jobs: Any) -> spending.Reserved:
        return spending.Reserved(
            spending.Spending(spending.month_of(jobs[0].created_at), Decimal(0), Decimal(0), None),
            [],
        )

    async def submit() -> None:
        async with sessionmaker() as session:
            await submission.submit_jobs(
                session,
                redis,
                queue,
                owner_id=user.id,
                requests=[submission.JobRequest("fake_sherbrooke", CIRCUIT, shots=100)],
                budgets=shot_budgets(settings),
                limits=limits,
            )

    await submit()  # warm-up
    figures: dict[str, list[float]] = {"with": [], "without": []}
    cpu = {"with": 0.0, "without": 0.0}
    sql = {"with": 0, "without": 0}
    for _ in range(ROUNDS):
        for name in ("with", "without"):
            usage.reserve = real if name == "with" else nothing  # type: ignore[assignment]
            counted, started_cpu = statements[0], time.process_time()
            started = time.perf_counter()
            await submit()
            figures[name].append((time.perf_counter() - started) * 1000)
            cpu[name] += time.process_time() - started_cpu
            sql[name] += statements[0] - counted
    usage.reserve = real  # type: ignore[assignment]
    print("submit_jobs of one priced job, with and without the spending-limit reservation:")
    p50 = {}
    for name, walls in figures.items():
        walls.sort()
        p50[name] = walls[len(walls) // 2]
        p99 = walls[min(len(walls) - 1, round(0.99 * (len(walls) - 1)))]
        print(
            f"  {name:8s} p50 {p50[name]:7.2f} ms  p99 {p99:7.2f} ms  "
            f"CPU {cpu[name] * 1000 / ROUNDS:6.2f} ms  SQL {sql[name] / ROUNDS:4.1f}/call"
        )
    print(f"  p50 overhead of the reservation: {p50['with'] - p50['without']:+.2f} ms")
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(Job).where(Job.owner_id == user.id))
    await redis.delete("arq:queue")
    await engine.dispose()
    await redis.aclose()


if __name__ == "__main__":
    with services():
        asyncio.run(main())
