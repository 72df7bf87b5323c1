"""Plan subscriptions: startTrial, subscribe, cancelSubscription, and who may run what.

A subscription copies the listing's terms when it starts, so a later price change applies to
new subscriptions only. The unique partial indexes of `plan_subscriptions` (one live
subscription per user and listing; one trial ever) settle races: the loser's insert fails and
is answered with AlreadySubscribed or TrialAlreadyUsed, writing nothing.

- startTrial: TRIALING for the listing's trial days; no fee, and runs are not charged.
- subscribe: ACTIVE with a first period starting now, its flat fee charged at once. A TRIALING
  subscription converts in place (the trial ends now); a CANCELLED one (still in its period)
  is resumed without a new charge.
- cancelSubscription: CANCELLED at once, usable until the period's end, EXPIRED by the cron.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.exc import IntegrityError

from domain.apps.models import ListingStatus, MarketplaceListing, QuantumApp
from domain.billing import periods
from domain.billing.errors import (
    AlreadySubscribed,
    ListingNotPurchasable,
    SubscriptionNotCancellable,
    TrialAlreadyUsed,
)
from domain.billing.models import LIVE_STATUSES, PlanSubscription, SubscriptionStatus
from domain.db import AsyncSession
from domain.errors import NotFound
from domain.identity.principal import Principal
from domain.pagination import Page, PageRequest, SortKey, keyset_page


async def _listing(
    session: AsyncSession, listing_id: uuid.UUID, user_id: uuid.UUID
) -> MarketplaceListing:
    found = (
        await session.execute(
            select(MarketplaceListing, QuantumApp)
            .join(QuantumApp, QuantumApp.id == MarketplaceListing.app_id)
            .where(MarketplaceListing.id == listing_id)
        )
    ).first()
    if found is None or found[0].status == ListingStatus.DRAFT:
        raise NotFound("No such listing.")
    listing, app = found
    if listing.status != ListingStatus.LISTED or app.archived_at is not None:
        raise ListingNotPurchasable(f"{app.slug} is not offered in the marketplace now.")
    if app.owner_id == user_id:
        raise ListingNotPurchasable("You own this app: it runs for you without a plan.")
    return listing


def _terms(listing: MarketplaceListing) -> dict[str, object]:
    return {
        "listing_id": listing.id,
        "app_id": listing.app_id,
        "pricing_model": str(listing.pricing_model),
        "currency": listing.currency,
        "flat_price": listing.flat_price,
        "per_run_price": listing.per_run_price,
        "cap_per_period": listing.cap_per_period,
        "period": listing.period,
    }


async def _live(
    session: AsyncSession, user_id: uuid.UUID, listing_id: uuid.UUID
) -> PlanSubscription | None:
    return await session.scalar(
        select(PlanSubscription)
        .where(
            PlanSubscription.user_id == user_id,
            PlanSubscription.listing_id == listing_id,
            PlanSubscription.status.in_(LIVE_STATUSES),
        )
        .with_for_update()
    )


async def start_trial(
    session: AsyncSession, *, user_id: uuid.UUID, listing_id: uuid.UUID, now: datetime | None = None
) -> PlanSubscription:
    """A TRIALING subscription for the listing's trial days (added and flushed, not committed)."""
    now = now or datetime.now(UTC)
    listing = await _listing(session, listing_id, user_id)
    if listing.trial_days <= 0:
        raise ListingNotPurchasable("This listing offers no trial; subscribe instead.")
    if await _live(session, user_id, listing_id) is not None:
        raise AlreadySubscribed("You already have a subscription to this app.")
    ends = now + timedelta(days=listing.trial_days)
    row = PlanSubscription(
        id=uuid.uuid4(),
        user_id=user_id,
        status=SubscriptionStatus.TRIALING,
        current_period_start=now,
        current_period_end=ends,
        trial_ends_at=ends,
        used_in_period=Decimal(0),
        reserved_in_period=Decimal(0),
        **_terms(listing),
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as error:
        await session.rollback()
        if "one_trial" in str(error.orig):
            raise TrialAlreadyUsed("You already had a trial of this app.") from None
        raise AlreadySubscribed("You already have a subscription to this app.") from None
    return row


async def subscribe(
    session: AsyncSession, *, user_id: uuid.UUID, listing_id: uuid.UUID, now: datetime | None = None
) -> tuple[PlanSubscription, bool]:
    """ACTIVE from now (see the module's docstring); and whether a fee was charged."""
    now = now or datetime.now(UTC)
    listing = await _listing(session, listing_id, user_id)
    live = await _live(session, user_id, listing_id)
    if live is not None and live.status == SubscriptionStatus.ACTIVE:
        raise AlreadySubscribed("You are already subscribed to this app.")
    if live is not None and live.status == SubscriptionStatus.CANCELLED:
        live.status = SubscriptionStatus.ACTIVE
        live.cancelled_at = None
        await session.flush()
        return live, False
    if live is not None:  # TRIALING: the trial ends now, at the listing's current terms
        row = live
        for name, value in _terms(listing).items():
            setattr(row, name, value)
        row.trial_ends_at = now
    else:
        row = PlanSubscription(id=uuid.uuid4(), user_id=user_id, **_terms(listing))
        session.add(row)
    row.status = SubscriptionStatus.ACTIVE
    periods.start_period(row, now)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        raise AlreadySubscribed("You already have a subscription to this app.") from None
    charged = await periods.charge_flat_fee(session, row, at=now)
    return row, charged


async def cancel(
    session: AsyncSession,
    *,
    principal: Principal,
    subscription_id: uuid.UUID,
    now: datetime | None = None,
) -> PlanSubscription:
    """CANCELLED at the period's end; NotFound for another's subscription (admins may)."""
    now = now or datetime.now(UTC)
    row = await session.get(PlanSubscription, subscription_id, with_for_update=True)
    if row is None or not principal.owns(row.user_id):
        raise NotFound("No such subscription.")
    if row.status not in (SubscriptionStatus.TRIALING, SubscriptionStatus.ACTIVE):
        raise SubscriptionNotCancellable(f"This subscription is already {row.status.lower()}.")
    row.status = SubscriptionStatus.CANCELLED
    row.cancelled_at = now
    await session.flush()
    return row


def usable(row: PlanSubscription, now: datetime) -> bool:
    """Entitles its holder now: TRIALING or CANCELLED within their period, or ACTIVE."""
    if row.status == SubscriptionStatus.ACTIVE:
        return True
    return row.status in LIVE_STATUSES and row.current_period_end > now


async def usable_for(
    session: AsyncSession, *, user_id: uuid.UUID, app_id: uuid.UUID, now: datetime | None = None
) -> PlanSubscription | None:
    """The user's subscription that entitles them to run the app now, if any."""
    now = now or datetime.now(UTC)
    return await session.scalar(
        select(PlanSubscription).where(
            PlanSubscription.user_id == user_id,
            PlanSubscription.app_id == app_id,
            or_(
                PlanSubscription.status == SubscriptionStatus.ACTIVE,
                (PlanSubscription.status.in_(LIVE_STATUSES))
                & (PlanSubscription.current_period_end > now),
            ),
        )
    )


# Newest first; the id (as text, so cursors stay plain JSON) breaks ties.
SORT_KEYS = [
    SortKey(PlanSubscription.created_at, datetime, descending=True),
    SortKey(cast(PlanSubscription.id, String), str, descending=True),
]


async def mine(
    session: AsyncSession, *, user_id: uuid.UUID, request: PageRequest, size: int
) -> Page[PlanSubscription]:
    """A page of the user's subscriptions, newest first (live and expired)."""
    stmt = select(PlanSubscription).where(PlanSubscription.user_id == user_id)
    return await keyset_page(session, stmt, SORT_KEYS, request, size=size)


async def count_mine(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(PlanSubscription)
            .where(PlanSubscription.user_id == user_id)
        )
        or 0
    )


def run_price(row: PlanSubscription) -> Decimal | None:
    """What one run under this subscription is charged: the per-run price, nothing in a trial."""
    if row.status == SubscriptionStatus.TRIALING:
        return None
    return row.per_run_price


def cap_remaining(row: PlanSubscription) -> Decimal | None:
    """What runs may still be charged this period (null: no cap)."""
    if row.cap_per_period is None:
        return None
    return max(Decimal(row.cap_per_period) - Decimal(row.used_in_period), Decimal(0))
