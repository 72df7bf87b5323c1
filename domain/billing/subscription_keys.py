"""Subscription keys: a secret that authorises runApp of one app under one subscription.

Like API keys, the secret (`qs_...`) is returned once at creation and only its SHA-256 is
stored. A key is presented on runApp in the `X-Qraph-Subscription-Key` header; it holds while
it is not revoked, not expired and its subscription entitles (TRIALING or CANCELLED within the
period, or ACTIVE), and for that subscription's app only. Every check reads PostgreSQL, so a
revocation holds at once and whatever Redis loses. Its own rate limit (runs per minute) is a
token bucket (domain.limits.rate) keyed by the key; its run count is kept in the run's
transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from domain.billing.accounts import SubscriptionKey
from domain.billing.errors import InvalidSubscriptionKey
from domain.billing.models import PlanSubscription
from domain.billing.subscriptions import usable
from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.identity.credentials import hash_secret, new_secret
from domain.identity.principal import Principal

PREFIX = "qs_"
HEADER = "X-Qraph-Subscription-Key"
NAME_MAX_LENGTH = 100
RATE_LIMIT_MAX = 10_000
MAX_LIFETIME = timedelta(days=366)
MAX_KEYS_PER_SUBSCRIPTION = 25


@dataclass(frozen=True, slots=True)
class NewSubscriptionKey:
    key: SubscriptionKey
    secret: str  # shown once


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    subscription_id: uuid.UUID,
    name: str,
    expires_at: datetime | None,
    rate_limit: int | None,
    now: datetime | None = None,
) -> NewSubscriptionKey:
    now = now or datetime.now(UTC)
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH or "\x00" in name:
        raise InvalidInput(f"A key's name holds 1 to {NAME_MAX_LENGTH} characters.", field="name")
    if expires_at is not None:
        if expires_at.tzinfo is None:
            expires_at = expires_at.replace(tzinfo=UTC)
        if not now < expires_at <= now + MAX_LIFETIME:
            raise InvalidInput(
                "A key expires in the future, at most a year from now.", field="expiresAt"
            )
    if rate_limit is not None and not 1 <= rate_limit <= RATE_LIMIT_MAX:
        raise InvalidInput(
            f"A key's rate limit is 1 to {RATE_LIMIT_MAX:,} runs per minute.", field="rateLimit"
        )
    subscription = await session.get(PlanSubscription, subscription_id)
    if subscription is None or subscription.user_id != principal.user_id:
        raise NotFound("No such subscription.")
    if not usable(subscription, now):
        raise InvalidInput("This subscription has ended.", field="subscriptionId")
    count = await session.scalar(
        select(func.count())
        .select_from(SubscriptionKey)
        .where(
            SubscriptionKey.subscription_id == subscription_id,
            SubscriptionKey.revoked_at.is_(None),
            SubscriptionKey.expires_at.is_(None) | (SubscriptionKey.expires_at > now),
        )
    )
    if (count or 0) >= MAX_KEYS_PER_SUBSCRIPTION:
        raise InvalidInput(
            f"A subscription holds at most {MAX_KEYS_PER_SUBSCRIPTION} live keys.",
            field="subscriptionId",
        )
    secret = new_secret(PREFIX)
    key = SubscriptionKey(
        id=uuid.uuid4(),
        subscription_id=subscription.id,
        user_id=subscription.user_id,
        app_id=subscription.app_id,
        name=name,
        secret_hash=hash_secret(secret),
        last4=secret[-4:],
        expires_at=expires_at,
        rate_limit=rate_limit,
    )
    session.add(key)
    await session.flush()
    return NewSubscriptionKey(key, secret)


async def revoke(
    session: AsyncSession, *, principal: Principal, key_id: uuid.UUID, now: datetime | None = None
) -> SubscriptionKey:
    key = await session.get(SubscriptionKey, key_id, with_for_update=True)
    if key is None or not principal.owns(key.user_id):
        raise NotFound("No such subscription key.")
    if key.revoked_at is None:
        key.revoked_at = now or datetime.now(UTC)
        await session.flush()
    return key


async def of_subscriptions(
    session: AsyncSession, subscription_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SubscriptionKey]]:
    """Each subscription's keys, newest first: one statement for all of them."""
    found: dict[uuid.UUID, list[SubscriptionKey]] = {i: [] for i in subscription_ids}
    if not subscription_ids:
        return found
    rows = await session.scalars(
        select(SubscriptionKey)
        .where(SubscriptionKey.subscription_id.in_(subscription_ids))
        .order_by(SubscriptionKey.created_at.desc(), SubscriptionKey.id)
    )
    for row in rows:
        found[row.subscription_id].append(row)
    return found


async def authorise(
    session: AsyncSession, *, secret: str, app_id: uuid.UUID, now: datetime | None = None
) -> tuple[SubscriptionKey, PlanSubscription]:
    """The key and its subscription, if the key may run this app now; refused otherwise."""
    now = now or datetime.now(UTC)
    secret = secret.strip()
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise InvalidSubscriptionKey("That is not a subscription key.")
    found = (
        await session.execute(
            select(SubscriptionKey, PlanSubscription)
            .join(PlanSubscription, PlanSubscription.id == SubscriptionKey.subscription_id)
            .where(SubscriptionKey.secret_hash == hash_secret(secret))
        )
    ).first()
    if found is None:
        raise InvalidSubscriptionKey("Unknown subscription key.")
    key, subscription = found
    if key.revoked_at is not None:
        raise InvalidSubscriptionKey("This subscription key was revoked.")
    if key.expires_at is not None and key.expires_at <= now:
        raise InvalidSubscriptionKey("This subscription key has expired.")
    if key.app_id != app_id:
        raise InvalidSubscriptionKey("This subscription key is for another app.")
    if not usable(subscription, now):
        raise InvalidSubscriptionKey("The subscription of this key has ended.")
    return key, subscription


async def count_run(session: AsyncSession, *, key_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(SubscriptionKey)
        .where(SubscriptionKey.id == key_id)
        .values(runs=SubscriptionKey.runs + 1, last_used_at=now)
    )


def preview(key: SubscriptionKey) -> str:
    return f"{PREFIX}…{key.last4}"
