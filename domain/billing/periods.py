"""Subscription periods: their arithmetic, and the idempotent cron that rolls them over.

`rollover(session, now)` moves every subscription whose period ended at or before `now`:

- TRIALING: the trial converts to ACTIVE with a first paid period (its flat fee charged as a
  SubscriptionCharge), or EXPIRES when the listing can no longer be bought (delisted, archived);
- CANCELLED: EXPIRED at its period end;
- ACTIVE: the next period starts and its flat fee is charged.

Each subscription is moved in its own row lock (`FOR UPDATE SKIP LOCKED`), and the charge is
unique per (subscription, period_start), so two crons at once or a rerun charge nothing twice.
After a missed run a subscription loops until its period end is in the future, one charge per
period missed (as the fee was due). Usage counters reset with each new period. Trials ending
within 3 days get one TRIAL_ENDING notification (coalesced on the subscription).
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from domain.apps.models import BillingPeriod, ListingStatus, MarketplaceListing, QuantumApp
from domain.billing.accounts import SpendingMonth
from domain.billing.models import PlanSubscription, SubscriptionCharge, SubscriptionStatus
from domain.db import AsyncSession
from domain.events import Event
from domain.notifications.models import NotificationKind
from domain.notifications.send import notify

TRIAL_WARNING = timedelta(days=3)
BATCH = 200
MAX_PERIODS_PER_RUN = 120  # a subscription missed for ten years still settles in one run


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def period_end(start: datetime, period: str | None) -> datetime:
    """The end of a paid period starting at `start` (monthly when the listing names none)."""
    return add_months(start, 12 if period == BillingPeriod.YEAR else 1)


def month_of(moment: datetime) -> date:
    """The calendar month (UTC) an instant falls in, as its first day."""
    moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


async def charge_flat_fee(
    session: AsyncSession, subscription: PlanSubscription, *, at: datetime
) -> bool:
    """The period's flat fee as a SubscriptionCharge (once per period) and in the month's spend.
    False when there is no fee or it was already charged."""
    fee = subscription.flat_price
    if not fee:
        return False
    written = await session.execute(
        insert(SubscriptionCharge)
        .values(
            id=uuid.uuid4(),
            subscription_id=subscription.id,
            user_id=subscription.user_id,
            app_id=subscription.app_id,
            amount=fee,
            currency=subscription.currency,
            period_start=subscription.current_period_start,
            period_end=subscription.current_period_end,
            charged_at=at,
        )
        .on_conflict_do_nothing(index_elements=["subscription_id", "period_start"])
        .returning(SubscriptionCharge.id)
    )
    if written.first() is None:
        return False
    spend = insert(SpendingMonth).values(
        user_id=subscription.user_id, month=month_of(at), spent=Decimal(fee), reserved=0
    )
    await session.execute(
        spend.on_conflict_do_update(
            index_elements=["user_id", "month"],
            set_={"spent": SpendingMonth.spent + spend.excluded.spent},
        )
    )
    return True


def start_period(subscription: PlanSubscription, start: datetime) -> None:
    subscription.current_period_start = start
    subscription.current_period_end = period_end(start, subscription.period)
    subscription.used_in_period = Decimal(0)
    subscription.reserved_in_period = Decimal(0)


@dataclass(slots=True)
class Rolled:
    """What one run did, for the log and the tests; `events` to publish after the commit."""

    renewed: int = 0
    converted: int = 0
    expired: int = 0
    warned: int = 0
    events: list[Event] = field(default_factory=list)


async def _purchasable(session: AsyncSession, subscription: PlanSubscription) -> bool:
    found = (
        await session.execute(
            select(MarketplaceListing.status, QuantumApp.archived_at)
            .join(QuantumApp, QuantumApp.id == MarketplaceListing.app_id)
            .where(MarketplaceListing.id == subscription.listing_id)
        )
    ).first()
    return found is not None and found.status == ListingStatus.LISTED and found.archived_at is None


async def _roll_one(
    session: AsyncSession, subscription: PlanSubscription, now: datetime, done: Rolled
) -> None:
    for _ in range(MAX_PERIODS_PER_RUN):
        if subscription.current_period_end > now:
            return
        end = subscription.current_period_end
        if subscription.status == SubscriptionStatus.CANCELLED or (
            subscription.status == SubscriptionStatus.TRIALING
            and not await _purchasable(session, subscription)
        ):
            subscription.status = SubscriptionStatus.EXPIRED
            subscription.expired_at = end
            subscription.reserved_in_period = Decimal(0)
            done.expired += 1
            return
        converted = subscription.status == SubscriptionStatus.TRIALING
        subscription.status = SubscriptionStatus.ACTIVE
        start_period(subscription, end)
        await session.flush()
        # Charged now, not at the period's start: a late run (a worker down across a month's
        # end) must not date a fee into a month whose bill may already be issued.
        if await charge_flat_fee(session, subscription, at=max(end, now)):
            title = "Your subscription renewed" if not converted else "Your trial converted"
            event = await notify(
                session,
                user_id=subscription.user_id,
                kind=NotificationKind.SUBSCRIPTION_RENEWED,
                title=title,
                body=(
                    f"A new period started on {end:%Y-%m-%d}; {subscription.flat_price} "
                    f"{subscription.currency} was charged."
                ),
                link=None,
                coalesce_key=f"subscription-renewed:{subscription.id}",
            )
            done.events.append(event)
        if converted:
            done.converted += 1
        else:
            done.renewed += 1


async def rollover(session: AsyncSession, *, now: datetime | None = None) -> Rolled:
    """Roll every due subscription (see the module's docstring); commits per batch."""
    now = now or datetime.now(UTC)
    done = Rolled()
    while True:
        due = list(
            await session.scalars(
                select(PlanSubscription)
                .where(
                    PlanSubscription.status.in_(
                        [
                            SubscriptionStatus.TRIALING,
                            SubscriptionStatus.ACTIVE,
                            SubscriptionStatus.CANCELLED,
                        ]
                    ),
                    PlanSubscription.current_period_end <= now,
                )
                .order_by(PlanSubscription.current_period_end, PlanSubscription.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not due:
            break
        for subscription in due:
            await _roll_one(session, subscription, now, done)
        await session.commit()
    done.warned = await _warn_trials(session, now, done)
    await session.commit()
    return done


async def _warn_trials(session: AsyncSession, now: datetime, done: Rolled) -> int:
    """TRIAL_ENDING once per trial: `trial_warned_at` is claimed by a conditional update."""
    ending = list(
        await session.scalars(
            select(PlanSubscription).where(
                PlanSubscription.status == SubscriptionStatus.TRIALING,
                PlanSubscription.current_period_end > now,
                PlanSubscription.current_period_end <= now + TRIAL_WARNING,
                PlanSubscription.trial_warned_at.is_(None),
            )
        )
    )
    for subscription in ending:
        claimed = await session.execute(
            update(PlanSubscription)
            .where(
                PlanSubscription.id == subscription.id, PlanSubscription.trial_warned_at.is_(None)
            )
            .values(trial_warned_at=now)
            .returning(PlanSubscription.id)
        )
        if claimed.first() is None:
            continue
        done.events.append(
            await notify(
                session,
                user_id=subscription.user_id,
                kind=NotificationKind.TRIAL_ENDING,
                title="Your trial ends soon",
                body=f"Your trial ends on {subscription.current_period_end:%Y-%m-%d %H:%M} UTC.",
                coalesce_key=f"trial-ending:{subscription.id}",
            )
        )
    return len(ending)
