"""The money area's root fields: plan subscriptions, subscription keys, limits, revenue."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import BasePermission

from domain.identity.principal import Scope
from resolvers.billing import keys as resolve_keys
from resolvers.billing import revenue as resolve_revenue
from resolvers.billing import spending as resolve_spending
from resolvers.billing import subscriptions as resolve
from schema.billing.errors import (
    AlreadySubscribedError,
    ListingNotPurchasableError,
    SubscriptionNotCancellableError,
    TrialAlreadyUsedError,
)
from schema.billing.spending import SetSpendingLimitResult
from schema.billing.types import AppRevenue, PlanSubscription, SubscriptionKey
from schema.errors import InvalidInputError, NotFoundError, RateLimitedError
from schema.permissions import HAS_SCOPE, IsAdmin, IsAuthenticated
from schema.relay import Connection

# Buying and managing plans is the account's; reading them is `billing:read`.
READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.BILLING_READ]]
BUY: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.ACCOUNT]]
DEVELOPER: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.APPS_READ]]


@strawberry.type(description="The subscription as it stands after the change.")
class SubscriptionSuccess:
    subscription: PlanSubscription = strawberry.field(description="The subscription.")
    charged: bool = strawberry.field(
        description="Whether a period's flat fee was charged by this change."
    )


@strawberry.type(description="The key is made: its secret is shown here once and never again.")
class CreateSubscriptionKeySuccess:
    key: SubscriptionKey = strawberry.field(description="The key.")
    secret: str = strawberry.field(
        description="Send it on runApp as the `X-Qraph-Subscription-Key` header. Shown once."
    )


@strawberry.type(description="The key is revoked: it authorises nothing from now on.")
class RevokeSubscriptionKeySuccess:
    key: SubscriptionKey = strawberry.field(description="The key.")


StartTrialResult = Annotated[
    SubscriptionSuccess
    | NotFoundError
    | TrialAlreadyUsedError
    | AlreadySubscribedError
    | ListingNotPurchasableError
    | RateLimitedError,
    strawberry.union("StartTrialResult", description="The outcome of `startTrial`."),
]
SubscribeResult = Annotated[
    SubscriptionSuccess
    | NotFoundError
    | AlreadySubscribedError
    | ListingNotPurchasableError
    | RateLimitedError,
    strawberry.union("SubscribeResult", description="The outcome of `subscribe`."),
]
CancelSubscriptionResult = Annotated[
    SubscriptionSuccess | NotFoundError | SubscriptionNotCancellableError | RateLimitedError,
    strawberry.union("CancelSubscriptionResult", description="The outcome of cancelling."),
]
CreateSubscriptionKeyResult = Annotated[
    CreateSubscriptionKeySuccess | NotFoundError | InvalidInputError | RateLimitedError,
    strawberry.union("CreateSubscriptionKeyResult", description="The outcome of the creation."),
]
RevokeSubscriptionKeyResult = Annotated[
    RevokeSubscriptionKeySuccess | NotFoundError | RateLimitedError,
    strawberry.union("RevokeSubscriptionKeyResult", description="The outcome of the revocation."),
]
RevenueResult = Annotated[
    AppRevenue | NotFoundError | InvalidInputError,
    strawberry.union("RevenueResult", description="The outcome of `revenue`."),
]


@strawberry.type
class BillingQuery:
    my_subscriptions: Connection[PlanSubscription] = strawberry.field(
        resolver=resolve.my_subscriptions,
        permission_classes=READ,
        description="Your plan subscriptions, newest first (live and expired), with their keys.",
    )
    revenue: RevenueResult = strawberry.field(
        resolver=resolve_revenue.app_revenue,
        permission_classes=DEVELOPER,
        description="An app's revenue over a calendar month: its owner's (and admins').",
    )


@strawberry.type
class BillingMutation:
    start_trial: StartTrialResult = strawberry.field(
        resolver=resolve.start_trial,
        permission_classes=BUY,
        description="Try a marketplace app for its listing's trial days: once per listing, ever. "
        "When the trial ends it converts to a paid subscription (unless cancelled).",
    )
    subscribe: SubscribeResult = strawberry.field(
        resolver=resolve.subscribe,
        permission_classes=BUY,
        description="Buy a marketplace app on its listing's terms: a first period starts now and "
        "its flat fee (if any) is charged. Converts a trial; resumes a cancelled subscription.",
    )
    cancel_subscription: CancelSubscriptionResult = strawberry.field(
        resolver=resolve.cancel_subscription,
        permission_classes=BUY,
        description="Cancel at the end of the current period: usable until then, then EXPIRED.",
    )
    create_subscription_key: CreateSubscriptionKeyResult = strawberry.field(
        resolver=resolve_keys.create_subscription_key,
        permission_classes=BUY,
        description="A key that authorises runApp of the subscription's app (send it as the "
        "`X-Qraph-Subscription-Key` header), with its own expiry and rate limit. Shown once.",
    )
    revoke_subscription_key: RevokeSubscriptionKeyResult = strawberry.field(
        resolver=resolve_keys.revoke_subscription_key,
        permission_classes=BUY,
        description="Revoke a subscription key at once.",
    )
    set_spending_limit: SetSpendingLimitResult = strawberry.field(
        resolver=resolve_spending.set_spending_limit,
        permission_classes=BUY,
        description="Your monthly spending limit (null: none). Submissions that would pass it "
        "are refused; at 80% you are warned. An admin's lower ceiling still applies.",
    )
    set_user_spending_limit: SetSpendingLimitResult = strawberry.field(
        resolver=resolve_spending.set_user_spending_limit,
        permission_classes=[IsAdmin],
        description="Admins: a user's spending ceiling (null: none); the lower of it and the "
        "user's own limit applies, so an admin can lower a user's limit.",
    )
