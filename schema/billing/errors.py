"""The money area's error types, registered in the one error table (schema.errors)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.billing import errors as billing
from schema.errors import ERROR_TYPES, Error


@strawberry.type(description="This run would push the subscription past its cap for the period.")
class SubscriptionCapReachedError(Error):
    cap: Decimal = strawberry.field(description="The subscription's cap per period.")
    used: Decimal = strawberry.field(description="Charged or reserved in the period so far.")


@strawberry.type(description="This would take your month's spend past your spending limit.")
class SpendingLimitExceededError(Error):
    limit: Decimal = strawberry.field(description="Your monthly spending limit.")
    spent: Decimal = strawberry.field(description="Spent or reserved this month so far.")
    estimate: Decimal = strawberry.field(description="What this submission was estimated at.")


@strawberry.type(description="A trial is once per user per listing.")
class TrialAlreadyUsedError(Error):
    pass


@strawberry.type(description="You already hold a live subscription to this listing.")
class AlreadySubscribedError(Error):
    pass


@strawberry.type(
    description="The listing cannot be bought now (delisted, archived, no trial, or yours)."
)
class ListingNotPurchasableError(Error):
    pass


@strawberry.type(description="The subscription is already cancelled or expired.")
class SubscriptionNotCancellableError(Error):
    pass


@strawberry.type(
    description="The subscription key is unknown, revoked, expired, ended, or for another app."
)
class InvalidSubscriptionKeyError(Error):
    pass


ERROR_TYPES.update(
    {
        billing.SubscriptionCapReached: lambda e: SubscriptionCapReachedError(
            message=e.message, code=e.code, cap=e.cap, used=e.used
        ),
        billing.SpendingLimitExceeded: lambda e: SpendingLimitExceededError(
            message=e.message, code=e.code, limit=e.limit, spent=e.spent, estimate=e.estimate
        ),
        billing.TrialAlreadyUsed: lambda e: TrialAlreadyUsedError(message=e.message, code=e.code),
        billing.AlreadySubscribed: lambda e: AlreadySubscribedError(message=e.message, code=e.code),
        billing.ListingNotPurchasable: lambda e: ListingNotPurchasableError(
            message=e.message, code=e.code
        ),
        billing.SubscriptionNotCancellable: lambda e: SubscriptionNotCancellableError(
            message=e.message, code=e.code
        ),
        billing.InvalidSubscriptionKey: lambda e: InvalidSubscriptionKeyError(
            message=e.message, code=e.code
        ),
    }
)
