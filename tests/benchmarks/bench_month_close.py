"""The month close for 10,000 usage records: seconds to issue every bill of a closed month.

Run with `make bench` (or `python tests/benchmarks/bench_month_close.py [--records N]
[--users N]`). Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set, else embedded services.
The records (spread over 200 users, 3 backends and a few apps' charges) are inserted as rows
in a month long past; then `close_months` issues every bill, each in its own transaction with
its invoice number, frozen items and BILL_ISSUED notification. A second run finds nothing to
issue: its time is the cost of the idempotent check alone.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import services


async def main(records: int, users: int) -> None:
    from sqlalchemy import delete, func, insert, select

    from domain.backends.models import Backend
    from domain.billing.bill_models import Bill
    from domain.billing.models import UsageRecord
    from domain.billing.month_close import close_months
    from domain.db import make_engine, make_sessionmaker
    from domain.identity.models import User
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings

    await asyncio.to_thread(migrate)
    await _sync_backends()
    engine = make_engine(get_settings().database_url or "")
    sessionmaker = make_sessionmaker(engine)
    # Two months back, for users of this run only (deleted at the end, with their bills).
    tag = uuid.uuid4().hex[:8]
    this_month = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month = ((this_month - timedelta(days=1)).replace(day=1) - timedelta(days=1)).replace(day=1)
    rng = random.Random(7)
    async with sessionmaker() as session, session.begin():
        backends = list(await session.scalars(select(Backend.id).order_by(Backend.id).limit(3)))
        user_ids = [uuid.uuid4() for _ in range(users)]
        await session.execute(
            insert(User),
            [
                {
                    "id": u,
                    "email": f"bench-{tag}-{i}@example.org",
                    "username": f"b{tag}{i}",
                    "password_hash": "x",
                    "roles": ["CONSUMER"],
                    "links": [],
                }
                for i, u in enumerate(user_ids)
            ],
        )
        rows = [
            {
                "user_id": user_ids[i % users],
                "backend_id": backends[i % len(backends)],
                "shots": rng.randrange(1, 10_000),
                "backend_charge": Decimal(rng.randrange(0, 10**7)).scaleb(-6),
                "currency": "USD",
                "recorded_at": month + timedelta(seconds=rng.randrange(27 * 86400)),
            }
            for i in range(records)
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(insert(UsageRecord), rows[start : start + 5000])
    try:
        started = time.perf_counter()
        report = await close_months(sessionmaker, now=this_month + timedelta(hours=2))
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = await close_months(sessionmaker, now=this_month + timedelta(hours=2))
        second = time.perf_counter() - started
        async with sessionmaker() as session:
            total = await session.scalar(
                select(func.sum(Bill.total)).where(Bill.user_id.in_(user_ids))
            )
        print(
            f"month close, {records:,} usage records, {users} users: {report.issued} bills "
            f"issued in {first:.2f} s ({first / max(report.issued, 1) * 1000:.1f} ms a bill); "
            f"total {total} USD"
        )
        print(f"month close again (nothing to issue: {again.issued} issued): {second:.2f} s")
    finally:
        async with sessionmaker() as session, session.begin():
            await session.execute(delete(User).where(User.id.in_(user_ids)))
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="usage records to bill")
    parser.add_argument("--users", type=int, default=200, help="users they belong to")
    args = parser.parse_args()
    with services():
        asyncio.run(main(args.records, args.users))
