"""The marketplace: one priced listing per app, DRAFT → LISTED ⇄ DELISTED.

A price is a decimal amount in a currency from a fixed list, never a float: non-negative, with
at most the currency's minor digits (2 for USD, 0 for JPY). The pricing model is a flat price
per period, a price per run, or both, with an optional cap per period on what runs cost.
Subscriptions (who may run a listed app) are the next issue; until then only the owner and
registry apps run (domain.apps.entitlements).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain.apps import access
from domain.apps.errors import AppArchived
from domain.apps.models import (
    AppVersion,
    AppVisibility,
    BillingPeriod,
    ListingStatus,
    MarketplaceListing,
    PricingModel,
    QuantumApp,
    VersionStatus,
)
from domain.apps.quantum_apps import get_for_change
from domain.db import AsyncSession
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.identity.principal import Principal

# ISO 4217 codes we price in, with their minor digits.
CURRENCIES = {"USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "JPY": 0}
MAX_PRICE = Decimal("1000000")
MAX_TRIAL_DAYS = 90
EMAIL = re.compile(r"[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,63}")
URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s\x00-\x1f]*)?")
MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class Price:
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class ListingTerms:
    """What a listing says; for an update, None leaves a field as it is."""

    pricing_model: PricingModel | None = None
    flat_price: Price | None = None
    period: BillingPeriod | None = None
    per_run_price: Price | None = None
    cap_per_period: Price | None = None
    trial_days: int | None = None
    support_email: str | None = None
    support_url: str | None = None


def check_price(price: Price, *, field: str) -> Decimal:
    """The amount, if it is a valid price in a known currency."""
    if price.currency not in CURRENCIES:
        raise InvalidInput(
            f"Currency '{price.currency[:8]}' is not one we price in: "
            f"{', '.join(sorted(CURRENCIES))}.",
            field=field,
        )
    try:
        amount = Decimal(price.amount)
        finite = amount.is_finite()
    except (InvalidOperation, TypeError, ValueError):
        finite = False
    if not finite:
        raise InvalidInput("A price is a finite decimal amount.", field=field)
    if amount < 0:
        raise InvalidInput("A price is not negative.", field=field)
    if amount > MAX_PRICE:
        raise InvalidInput(f"A price is at most {MAX_PRICE:,}.", field=field)
    digits = CURRENCIES[price.currency]
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        raise InvalidInput(
            f"{price.currency} amounts have at most {digits} decimal places; got {amount}.",
            field=field,
        )
    return amount


def _check(terms: MarketplaceListing) -> None:
    """The whole listing, after an update's changes were applied."""
    model = terms.pricing_model
    flat, per_run = model != PricingModel.PER_RUN, model != PricingModel.FLAT
    if flat != (terms.flat_price is not None):
        raise InvalidInput(
            f"{model} pricing {'needs' if flat else 'takes no'} a flat price.", field="flatPrice"
        )
    if flat != (terms.period is not None):
        raise InvalidInput(
            f"{model} pricing {'needs' if flat else 'takes no'} a period.", field="period"
        )
    if per_run != (terms.per_run_price is not None):
        raise InvalidInput(
            f"{model} pricing {'needs' if per_run else 'takes no'} a price per run.",
            field="perRunPrice",
        )
    if terms.cap_per_period is not None and not per_run:
        raise InvalidInput("A cap limits what runs cost: FLAT pricing takes none.", field="cap")
    if terms.cap_per_period is not None and terms.cap_per_period < (terms.per_run_price or 0):
        raise InvalidInput("The cap per period is below the price of one run.", field="cap")
    if not 0 <= terms.trial_days <= MAX_TRIAL_DAYS:
        raise InvalidInput(f"Trial days are 0 to {MAX_TRIAL_DAYS}.", field="trialDays")
    if len(terms.support_email) > 254 or not EMAIL.fullmatch(terms.support_email):
        raise InvalidInput("The support email is not an email address.", field="supportEmail")
    url = terms.support_url
    if url is not None and (len(url) > MAX_URL or not URL.fullmatch(url)):
        raise InvalidInput(
            f"The support URL is an http(s) URL of at most {MAX_URL} characters.",
            field="supportUrl",
        )


PRICES = ("flat_price", "per_run_price", "cap_per_period")


def _apply(row: MarketplaceListing, terms: ListingTerms) -> None:
    currencies = set()
    for item in fields(ListingTerms):
        value = getattr(terms, item.name)
        if value is None:
            continue
        if isinstance(value, Price):
            field = "cap" if item.name == "cap_per_period" else _camel(item.name)
            currencies.add(value.currency)
            value = check_price(value, field=field)
        setattr(row, item.name, value)
    if len(currencies) > 1:
        raise InvalidInput("A listing's prices are all in one currency.", field="currency")
    if currencies and (currency := currencies.pop()) != row.currency:
        # A new currency must come with every price the listing keeps.
        kept = [p for p in PRICES if getattr(row, p) is not None and getattr(terms, p) is None]
        if kept:
            raise InvalidInput(
                f"The listing's prices are in {row.currency}; give every price in {currency} "
                "to change its currency.",
                field="currency",
            )
        row.currency = currency


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def _check_listable(session: AsyncSession, app: QuantumApp) -> None:
    if app.archived_at is not None:
        raise AppArchived(f"{app.slug} is archived; restore it before listing it.")
    if app.visibility != AppVisibility.PUBLIC:
        raise InvalidInput("Only a PUBLIC app is listed (updateApp).", field="appId")
    published = await session.scalar(
        select(AppVersion.id).where(
            AppVersion.app_id == app.id, AppVersion.status == VersionStatus.PUBLISHED
        )
    )
    if published is None:
        raise InvalidInput("List an app once it has a published version.", field="appId")


async def publish(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    terms: ListingTerms,
    draft: bool = False,
) -> MarketplaceListing:
    """The caller's app listed for a price (or kept as a DRAFT listing)."""
    if terms.pricing_model is None or terms.support_email is None:
        raise InvalidInput("A listing needs a pricing model and a support email.")
    app = await get_for_change(session, principal=principal, app_id=app_id, lock=True)
    if await session.scalar(
        select(MarketplaceListing.id).where(MarketplaceListing.app_id == app.id)
    ):
        raise AlreadyExists(
            "The app is listed already; change it with updateMarketplaceListing.", field="appId"
        )
    row = MarketplaceListing(app_id=app.id, trial_days=0, currency="USD")
    _apply(row, terms)
    _check(row)
    if draft:
        row.status = ListingStatus.DRAFT
    else:
        await _check_listable(session, app)
        row.status, row.listed_at = ListingStatus.LISTED, datetime.now(UTC)
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent listing of the same app
        if "app_id" in str(exc.orig):
            raise AlreadyExists("The app is listed already.", field="appId") from None
        raise
    return row


async def _for_change(
    session: AsyncSession, *, principal: Principal, listing_id: uuid.UUID, moderate: bool
) -> tuple[MarketplaceListing, QuantumApp]:
    found = (
        await session.execute(
            select(MarketplaceListing, QuantumApp)
            .join(QuantumApp, QuantumApp.id == MarketplaceListing.app_id)
            .where(MarketplaceListing.id == listing_id)
            .with_for_update(of=MarketplaceListing)
        )
    ).first()
    if found is None:
        raise NotFound("No such listing.")
    row, app = found
    visible = may_read(principal, row, app)
    check = access.check_moderator if moderate else access.check_owner
    check(principal, app.owner_id, visible=visible, what="listing")
    return row, app


async def update(
    session: AsyncSession,
    *,
    principal: Principal,
    listing_id: uuid.UUID,
    terms: ListingTerms,
    listed: bool | None = None,
) -> MarketplaceListing:
    """Change the owner's listing; `listed` True lists a draft or relists, False delists."""
    row, app = await _for_change(
        session, principal=principal, listing_id=listing_id, moderate=False
    )
    _apply(row, terms)
    # A new model drops the prices it takes no more, unless they were given (then refused).
    if terms.pricing_model == PricingModel.PER_RUN:
        row.flat_price = None if terms.flat_price is None else row.flat_price
        row.period = terms.period
    elif terms.pricing_model == PricingModel.FLAT:
        row.per_run_price = None if terms.per_run_price is None else row.per_run_price
        row.cap_per_period = None if terms.cap_per_period is None else row.cap_per_period
    _check(row)
    now = datetime.now(UTC)
    if listed and row.status != ListingStatus.LISTED:
        await _check_listable(session, app)
        row.status, row.listed_at = ListingStatus.LISTED, now
    elif listed is False and row.status == ListingStatus.LISTED:
        row.status, row.delisted_at = ListingStatus.DELISTED, now
    row.updated_at = now
    await session.flush()
    return row


async def delist(
    session: AsyncSession, *, principal: Principal, listing_id: uuid.UUID
) -> MarketplaceListing:
    """Take a listing off the marketplace (its owner, or an admin moderating)."""
    row, _ = await _for_change(session, principal=principal, listing_id=listing_id, moderate=True)
    if row.status != ListingStatus.DELISTED:
        row.status, row.delisted_at = ListingStatus.DELISTED, datetime.now(UTC)
        row.updated_at = row.delisted_at
        await session.flush()
    return row


def may_read(principal: Principal, row: MarketplaceListing, app: QuantumApp) -> bool:
    """A LISTED listing of a readable app reads for anyone; others for the owner and admins."""
    if not access.may_read_app(principal, app):
        return False
    return row.status == ListingStatus.LISTED or principal.owns(app.owner_id)


async def get_many(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[MarketplaceListing | None]:
    rows = await session.scalars(select(MarketplaceListing).where(MarketplaceListing.id.in_(ids)))
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def by_apps(
    session: AsyncSession, app_ids: Sequence[uuid.UUID]
) -> list[MarketplaceListing | None]:
    rows = await session.scalars(
        select(MarketplaceListing).where(MarketplaceListing.app_id.in_(app_ids))
    )
    by_app = {row.app_id: row for row in rows}
    return [by_app.get(i) for i in app_ids]
