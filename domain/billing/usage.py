"""What a submission reserves, and what a usage record settles.

`reserve` runs in the submission's transaction, before its commit: each subscription's per-run
prices against its cap for the period (SubscriptionCapReached when they do not fit), then the
jobs' estimates against the month's spending limit (domain.billing.spending). Either refusal
raises before the commit and the caller rolls back, so a refused run writes nothing.

Settling is the `jobs_settle_money` trigger (migration 0009), in the transaction of the job's
terminal transition, whichever path makes it: COMPLETED writes the job's UsageRecord once
(`job_id` is unique: `ON CONFLICT DO NOTHING`) and moves the reserved amounts to spent and
used; FAILED and CANCELLED only release them, so those jobs are never charged.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import or_, select, update

from domain.billing import spending
from domain.billing.errors import SubscriptionCapReached
from domain.billing.models import PlanSubscription
from domain.db import AsyncSession
from domain.jobs.models import Job


async def _reserve_runs(session: AsyncSession, subscription_id: uuid.UUID, amount: Decimal) -> None:
    cap = PlanSubscription.cap_per_period
    moved = await session.execute(
        update(PlanSubscription)
        .where(
            PlanSubscription.id == subscription_id,
            or_(
                cap.is_(None),
                PlanSubscription.used_in_period + PlanSubscription.reserved_in_period + amount
                <= cap,
            ),
        )
        .values(reserved_in_period=PlanSubscription.reserved_in_period + amount)
        .returning(PlanSubscription.id)
    )
    if moved.first() is not None:
        return
    row = (
        await session.execute(
            select(
                PlanSubscription.cap_per_period,
                PlanSubscription.used_in_period + PlanSubscription.reserved_in_period,
            ).where(PlanSubscription.id == subscription_id)
        )
    ).one()
    cap_value, used = Decimal(row[0] or 0), Decimal(row[1] or 0)
    raise SubscriptionCapReached(
        f"This run costs {amount:.2f}, but {used:.2f} of the subscription's cap of "
        f"{cap_value:.2f} for this period is used or reserved.",
        cap=cap_value,
        used=used,
    )


async def reserve(
    session: AsyncSession, *, owner_id: uuid.UUID, jobs: Sequence[Job]
) -> spending.Reserved:
    """Caps first, then the spending limit; raises on refusal (see the module's docstring)."""
    per_subscription: dict[uuid.UUID, Decimal] = {}
    for job in jobs:
        if job.subscription_id is not None and job.app_charge:
            per_subscription[job.subscription_id] = per_subscription.get(
                job.subscription_id, Decimal(0)
            ) + Decimal(job.app_charge)
    for subscription_id, amount in sorted(per_subscription.items()):
        await _reserve_runs(session, subscription_id, amount)
    return await spending.reserve(session, user_id=owner_id, jobs=jobs)


__all__ = ["reserve"]
