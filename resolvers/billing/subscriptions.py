"""startTrial, subscribe, cancelSubscription, mySubscriptions."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.billing import subscriptions
from domain.errors import DomainError
from qraph.context import Context
from resolvers.apps.changes import in_transaction, parse_id
from resolvers.pages import page_size
from schema.errors import to_error
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.billing.operations import (
        CancelSubscriptionResult,
        StartTrialResult,
        SubscribeResult,
    )
    from schema.billing.types import PlanSubscription
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]
_ORDERING = "plan_subscriptions:created_at:desc"
ListingId = Annotated[
    strawberry.ID, strawberry.argument(description="The MarketplaceListing's global ID.")
]


def _user(info: Info) -> uuid.UUID:
    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated ran first
    return user_id


async def start_trial(info: Info, listing_id: ListingId) -> StartTrialResult:
    from schema.billing.operations import SubscriptionSuccess
    from schema.billing.types import PlanSubscription

    user_id = _user(info)
    try:
        listing = parse_id(listing_id, "MarketplaceListing")
        row = await in_transaction(
            info,
            lambda s: subscriptions.start_trial(s, user_id=user_id, listing_id=listing),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubscriptionSuccess(subscription=PlanSubscription.from_model(row), charged=False)


async def subscribe(info: Info, listing_id: ListingId) -> SubscribeResult:
    from schema.billing.operations import SubscriptionSuccess
    from schema.billing.types import PlanSubscription

    user_id = _user(info)
    try:
        listing = parse_id(listing_id, "MarketplaceListing")
        row, charged = await in_transaction(
            info,
            lambda s: subscriptions.subscribe(s, user_id=user_id, listing_id=listing),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubscriptionSuccess(subscription=PlanSubscription.from_model(row), charged=charged)


async def cancel_subscription(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The PlanSubscription's ID.")],
) -> CancelSubscriptionResult:
    from schema.billing.operations import SubscriptionSuccess
    from schema.billing.types import PlanSubscription

    principal = info.context.principal
    try:
        subscription_id = parse_id(id, "PlanSubscription")
        row = await in_transaction(
            info,
            lambda s: subscriptions.cancel(s, principal=principal, subscription_id=subscription_id),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubscriptionSuccess(subscription=PlanSubscription.from_model(row), charged=False)


async def my_subscriptions(
    info: Info, first: First = None, after: After = None
) -> Connection[PlanSubscription]:
    from schema.billing.types import PlanSubscription

    user_id = _user(info)
    request = page_request(
        ordering=_ORDERING,
        keys=subscriptions.SORT_KEYS,
        first=first,
        after=after,
        last=None,
        before=None,
    )
    size = page_size(info.context, request)
    async with info.context.session() as session:
        page = await subscriptions.mine(session, user_id=user_id, request=request, size=size)

    async def count() -> int:
        async with info.context.session() as session:
            return await subscriptions.count_mine(session, user_id=user_id)

    return to_connection(page, ordering=_ORDERING, node=PlanSubscription.from_model, count=count)
