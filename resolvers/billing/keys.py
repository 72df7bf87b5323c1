"""createSubscriptionKey, revokeSubscriptionKey, and a key's own rate limit on runApp."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from redis.exceptions import RedisError

from domain.billing import subscription_keys
from domain.errors import DomainError
from domain.limits import rate
from qraph.context import Context
from resolvers.apps.changes import in_transaction, parse_id
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.billing.operations import (
        CreateSubscriptionKeyResult,
        RevokeSubscriptionKeyResult,
    )

log = logging.getLogger(__name__)
Info = strawberry.Info[Context, None]


def utcnow() -> datetime:
    return datetime.now(UTC)


async def check_key_rate(context: Context, key_id: uuid.UUID, limit: int | None) -> None:
    """The key's own bucket of runs per minute (none when it set no limit). Redis down: the
    limit is not enforced (the caller's own rate limits still are)."""
    if limit is None:
        return
    bucket = rate.owned_bucket("subscription-key", key_id, limit=limit, unit="runs")
    try:
        decision = await rate.take(context.services.redis, bucket)
    except (RedisError, OSError):
        log.warning("subscription key rate limit unavailable; not enforced", exc_info=True)
        return
    if not decision.allowed:
        raise decision.refusal()


@strawberry.input(description="A new subscription key.")
class CreateSubscriptionKeyInput:
    subscription_id: strawberry.ID = strawberry.field(description="The PlanSubscription's ID.")
    name: str = strawberry.field(description="1 to 100 characters, to tell keys apart.")
    expires_at: datetime | None = strawberry.field(
        default=None, description="When it stops working (at most a year on); null: never."
    )
    rate_limit: int | None = strawberry.field(
        default=None, description="Runs per minute it may start (1 to 10,000); null: no limit."
    )


async def create_subscription_key(
    info: Info,
    input: Annotated[CreateSubscriptionKeyInput, strawberry.argument(description="The key.")],
) -> CreateSubscriptionKeyResult:
    from schema.billing.operations import CreateSubscriptionKeySuccess
    from schema.billing.types import SubscriptionKey

    principal = info.context.principal
    try:
        subscription_id = parse_id(input.subscription_id, "PlanSubscription")
        made = await in_transaction(
            info,
            lambda s: subscription_keys.create(
                s,
                principal=principal,
                subscription_id=subscription_id,
                name=input.name,
                expires_at=input.expires_at,
                rate_limit=input.rate_limit,
            ),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return CreateSubscriptionKeySuccess(
        key=SubscriptionKey.from_model(made.key), secret=made.secret
    )


async def revoke_subscription_key(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The SubscriptionKey's ID.")],
) -> RevokeSubscriptionKeyResult:
    from schema.billing.operations import RevokeSubscriptionKeySuccess
    from schema.billing.types import SubscriptionKey

    principal = info.context.principal
    try:
        key_id = parse_id(id, "SubscriptionKey")
        row = await in_transaction(
            info,
            lambda s: subscription_keys.revoke(s, principal=principal, key_id=key_id),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return RevokeSubscriptionKeySuccess(key=SubscriptionKey.from_model(row))
