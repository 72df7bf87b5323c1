"""Provider figures: submit-to-result per adapter, and what one poller sweep costs.

Run with `make bench` or `python tests/benchmarks/bench_providers.py`. Prints:
  - for each local path (Aer, the IBM snapshot emulator, Braket's local state-vector and
    density-matrix simulators, IBM runtime in local testing mode): a Bell circuit, 1024 shots,
    from `submit` to counts through the adapter interface; the cold first call (SDK imports,
    device models) and warm p50/p95 over `BENCH_PROVIDER_ROUNDS` rounds (default 10);
  - the poller's cost for 100 remote jobs (a stand-in provider: tests/integration/
    provider_support.py), for one sweep while they wait at the provider and for the sweep that
    records them: database statements and Redis round trips. Once with 100 HIGH jobs (100
    provider jobs) and once with 100 STANDARD jobs grouped into 2 provider jobs.
Real PostgreSQL and Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL, or embedded ones).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import services, summary

SHOTS = 1024
ROUNDS = int(os.environ.get("BENCH_PROVIDER_ROUNDS", "10"))
JOBS = 100


def _bell() -> Any:
    from qiskit import QuantumCircuit

    bell = QuantumCircuit(2, 2)
    bell.h(0)
    bell.cx(0, 1)
    bell.measure([0, 1], [0, 1])
    return bell


def adapter_figures() -> None:
    from domain.providers.aer import AerProvider
    from domain.providers.base import ExecutionAdapter, ProviderJobState
    from domain.providers.braket_local import BraketLocalProvider
    from domain.providers.ibm_runtime import LOCAL_PREFIX, IbmRuntimeAdapter
    from domain.providers.ibm_snapshots import IbmSnapshotProvider
    from domain.providers.local import LocalAdapter

    bell = _bell()
    cases: list[tuple[str, ExecutionAdapter, str]] = [
        ("aer", LocalAdapter(AerProvider()), "aer_simulator"),
        ("ibm emulator", LocalAdapter(IbmSnapshotProvider()), "fake_manila"),
        ("braket sv (local)", LocalAdapter(BraketLocalProvider()), "braket_sv"),
        ("braket dm (local)", LocalAdapter(BraketLocalProvider()), "braket_dm"),
        (
            "ibm runtime local mode",
            IbmRuntimeAdapter(local_backends=["fake_manila"]),
            LOCAL_PREFIX + "fake_manila",
        ),
    ]

    def once(adapter: ExecutionAdapter, backend: str) -> float:
        started = time.perf_counter()
        job_id = adapter.submit(backend, [(bell, SHOTS)])
        while adapter.status([job_id])[job_id].state is not ProviderJobState.DONE:
            time.sleep(0.001)
        counts = adapter.result(job_id).circuits[0].counts
        assert counts is not None and sum(counts.values()) == SHOTS
        return (time.perf_counter() - started) * 1000

    print(f"Submit to result, Bell pair, {SHOTS} shots, {ROUNDS} warm rounds (ms):")
    for name, adapter, backend in cases:
        adapter.list_backends()
        cold = once(adapter, backend)
        warm = [once(adapter, backend) for _ in range(ROUNDS)]
        print(f"  {name:<24} cold {cold:9.1f}   warm {summary(warm)}")


async def _claimed_jobs(sessionmaker: Any, owner: uuid.UUID, priority: Any) -> list[Any]:
    """`JOBS` jobs on the stand-in backend, claimed (RUNNING) as a worker would."""
    from sqlalchemy import insert, select

    from domain.backends.models import Backend
    from domain.jobs import execution
    from domain.jobs.models import Job, JobStatus
    from tests.integration.provider_support import STANDIN_BACKEND

    async with sessionmaker() as session, session.begin():
        backend_id = await session.scalar(select(Backend.id).where(Backend.name == STANDIN_BACKEND))
        ids = [uuid.uuid4() for _ in range(JOBS)]
        await session.execute(
            insert(Job),
            [
                {
                    "id": job_id,
                    "owner_id": owner,
                    "backend_id": backend_id,
                    "circuit": "bell",
                    "circuit_format": "QASM2",
                    "qubits": 2,
                    "depth": 3,
                    "shots": 100,
                    "priority": priority,
                    "tags": [],
                    "status": JobStatus.QUEUED,
                    "cost_estimate": Decimal(0),
                    "currency": "USD",
                    "details": {},
                }
                for job_id in ids
            ],
        )
    claims = await execution.claim_many(sessionmaker, ids, worker="bench")
    return [c for c in claims.values() if isinstance(c, execution.Claim)]


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any) -> None:
        self.count += 1


async def poller_figures() -> None:
    from redis.asyncio import Redis
    from sqlalchemy import delete, event

    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from domain.jobs.models import Job, Priority
    from domain.providers import remote
    from domain.providers.breaker import Breaker
    from domain.providers.models import ProviderJob
    from domain.providers.registry import use_adapter
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import create_user
    from tests.integration.provider_support import StandInProvider, add_backend
    from workers.providers import poll_providers
    from workers.publishing import EventPipeline

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url or "")
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    os.environ.setdefault("QRAPH_JWT_SECRET", "bench-only-signing-secret-0123456789abcdef0123")
    user = await create_user(sessionmaker, os.environ["QRAPH_JWT_SECRET"], Role.CONSUMER)
    standin = StandInProvider()
    remove = use_adapter(standin)
    await add_backend(sessionmaker)
    statements = _Counter()
    event.listen(engine.sync_engine, "before_cursor_execute", statements)

    bell = _bell()
    print(f"Poller, one sweep over {JOBS} remote jobs (statements / Redis round trips):")
    ahead = 0
    for label, priority, group in (
        ("100 HIGH, 100 provider jobs", Priority.HIGH, 1),
        ("100 STANDARD, 2 provider jobs", Priority.STANDARD, 50),
    ):
        claims = await _claimed_jobs(sessionmaker, user.id, priority)
        for start in range(0, len(claims), group):
            chunk = claims[start : start + group]
            await remote.send(sessionmaker, standin, chunk, [bell] * len(chunk), breaker=Breaker())
        for phase, hold in (("waiting at the provider", True), ("finished: recorded", False)):
            standin.hold = hold
            ahead += 1
            pipeline = EventPipeline(redis)
            ctx = {"sessionmaker": sessionmaker, "redis": redis, "event_pipeline": pipeline}
            statements.count = 0
            # The sweep's clock is moved past every backoff so all the jobs are due.
            at = datetime.now(UTC) + timedelta(days=ahead)
            started = time.perf_counter()
            report = await poll_providers(ctx, now=at)
            elapsed = (time.perf_counter() - started) * 1000
            print(
                f"  {label:<31} {phase:<24} {statements.count:3d} statements, "
                f"{pipeline.trips} Redis round trips, {elapsed:7.1f} ms  {report}"
            )
        async with sessionmaker() as session, session.begin():
            await session.execute(delete(ProviderJob))
            await session.execute(delete(Job).where(Job.owner_id == user.id))
    remove()
    await engine.dispose()
    await redis.aclose()


if __name__ == "__main__":
    adapter_figures()
    with services():
        asyncio.run(poller_figures())
