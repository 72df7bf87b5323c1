"""Refusals of the money area (subscriptions, spending, bills); the schema maps each to an
error type (schema.billing.errors)."""

from __future__ import annotations

from decimal import Decimal

from domain.errors import DomainError


class SubscriptionCapReached(DomainError):
    """The run's per-run price would push the subscription past its cap for the period."""

    code = "SUBSCRIPTION_CAP_REACHED"

    def __init__(self, message: str, *, cap: Decimal, used: Decimal) -> None:
        super().__init__(message)
        self.cap = cap
        self.used = used


class SpendingLimitExceeded(DomainError):
    """The estimate would take the month's spend past the user's spending limit."""

    code = "SPENDING_LIMIT_EXCEEDED"

    def __init__(self, message: str, *, limit: Decimal, spent: Decimal, estimate: Decimal) -> None:
        super().__init__(message)
        self.limit = limit
        self.spent = spent
        self.estimate = estimate


class TrialAlreadyUsed(DomainError):
    """A trial is once per user per listing, ever."""

    code = "TRIAL_ALREADY_USED"


class AlreadySubscribed(DomainError):
    """The user already holds a live subscription to this listing."""

    code = "ALREADY_SUBSCRIBED"


class ListingNotPurchasable(DomainError):
    """The listing is not LISTED (a draft, delisted), has no trial, or the app is archived."""

    code = "LISTING_NOT_PURCHASABLE"


class SubscriptionNotCancellable(DomainError):
    """Already cancelled or expired."""

    code = "SUBSCRIPTION_NOT_CANCELLABLE"


class InvalidSubscriptionKey(DomainError):
    """Unknown, revoked or expired subscription key, or a key for another app."""

    code = "INVALID_SUBSCRIPTION_KEY"


class BillStatusRefused(DomainError):
    """The bill is not in a status that allows this (an OPEN bill has no invoice yet; a PAID
    bill cannot be paid again)."""

    code = "BILL_STATUS"

    def __init__(self, message: str, *, status: str) -> None:
        super().__init__(message)
        self.status = status
