"""Distribution's enums and inputs: prices, listing terms, search filters, runApp's input."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from domain.apps import marketplace as marketplace_domain
from domain.apps import models, search
from domain.jobs.models import Priority as JobPriority
from schema.apps.inputs import AppCategory
from schema.jobs.inputs import Priority

PricingModel = strawberry.enum(
    models.PricingModel,
    description="FLAT: a price per period; PER_RUN: a price per run; FLAT_AND_PER_RUN: both.",
)
BillingPeriod = strawberry.enum(models.BillingPeriod, description="What a flat price pays for.")
ListingStatus = strawberry.enum(
    models.ListingStatus,
    description="DRAFT: only its owner sees it; LISTED: in the marketplace; DELISTED: taken off.",
)
SearchOrder = strawberry.enum(
    search.SearchOrder,
    description=(
        "RELEVANCE: best match of the words (name > summary > description; NEWEST without "
        "words); RATING: highest rated first (unrated last); DOWNLOADS: most downloaded; "
        "NEWEST: most recently listed or published."
    ),
)


@strawberry.input(description="An amount of money: a decimal (never a float) and a currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="e.g. `9.99`; non-negative.")
    currency: str = strawberry.field(
        description=(
            f"ISO 4217, one of {', '.join(sorted(marketplace_domain.CURRENCIES))}; USD and "
            "most take 2 decimals, JPY none."
        )
    )

    def to_domain(self) -> marketplace_domain.Price:
        return marketplace_domain.Price(amount=self.amount, currency=self.currency)


def _price(given: MoneyInput | None) -> marketplace_domain.Price | None:
    return given.to_domain() if given is not None else None


@strawberry.input(description="A listing's terms. Prices share one currency.")
class MarketplaceListingInput:
    pricing_model: PricingModel  # type: ignore[valid-type]
    support_email: str = strawberry.field(description="Where users ask for help.")
    flat_price: MoneyInput | None = strawberry.field(default=None, description="FLAT models.")
    period: BillingPeriod | None = strawberry.field(default=None, description="FLAT models.")  # type: ignore[valid-type]
    per_run_price: MoneyInput | None = strawberry.field(default=None, description="PER_RUN models.")
    cap_per_period: MoneyInput | None = strawberry.field(
        default=None, description="Optional cap on what runs cost per period (PER_RUN models)."
    )
    trial_days: int = strawberry.field(default=0, description="0 to 90.")
    support_url: str | None = strawberry.field(default=None, description="An http(s) URL.")
    draft: bool = strawberry.field(
        default=False, description="Keep it a DRAFT (unlisted) instead of listing it now."
    )

    def to_domain(self) -> marketplace_domain.ListingTerms:
        return marketplace_domain.ListingTerms(
            pricing_model=self.pricing_model,
            flat_price=_price(self.flat_price),
            period=self.period,
            per_run_price=_price(self.per_run_price),
            cap_per_period=_price(self.cap_per_period),
            trial_days=self.trial_days,
            support_email=self.support_email,
            support_url=self.support_url,
        )


@strawberry.input(description="Changes to a listing; omitted fields stay as they are.")
class UpdateMarketplaceListingInput:
    pricing_model: PricingModel | None = None  # type: ignore[valid-type]
    flat_price: MoneyInput | None = None
    period: BillingPeriod | None = None  # type: ignore[valid-type]
    per_run_price: MoneyInput | None = None
    cap_per_period: MoneyInput | None = None
    trial_days: int | None = None
    support_email: str | None = None
    support_url: str | None = None
    listed: bool | None = strawberry.field(
        default=None, description="true: list a draft or relist; false: delist."
    )

    def to_domain(self) -> marketplace_domain.ListingTerms:
        return marketplace_domain.ListingTerms(
            pricing_model=self.pricing_model,
            flat_price=_price(self.flat_price),
            period=self.period,
            per_run_price=_price(self.per_run_price),
            cap_per_period=_price(self.cap_per_period),
            trial_days=self.trial_days,
            support_email=self.support_email,
            support_url=self.support_url,
        )


@strawberry.input(description="Narrow a marketplace or registry search.")
class AppSearchFilter:
    category: AppCategory | None = None  # type: ignore[valid-type]
    tags: list[str] | None = strawberry.field(
        default=None, description="Apps carrying every one of these tags (at most 10)."
    )
    free: bool | None = strawberry.field(default=None, description="Only free (or paid) ones.")
    max_price: MoneyInput | None = strawberry.field(
        default=None, description="Every price at most this, in this currency."
    )
    min_rating: Decimal | None = strawberry.field(
        default=None, description="Rated at least this (1 to 5); unrated apps never pass."
    )


@strawberry.input(
    description=(
        "Which version to run (`versionId`, or `appSlug` with an optional `version`: the "
        "app's latest release when omitted), its inputs, and the job's settings."
    )
)
class RunAppInput:
    backend: str = strawberry.field(description="The backend's name, e.g. `aer_simulator`.")
    inputs: JSON = strawberry.field(
        description="A JSON object: a number per input of the version's `inputSchema`."
    )
    version_id: strawberry.ID | None = strawberry.field(default=None, description="The version.")
    app_slug: str | None = strawberry.field(default=None, description="Or the app's slug.")
    version: str | None = strawberry.field(
        default=None, description="With `appSlug`: a version such as `1.2.0` (pins it)."
    )
    shots: int | None = strawberry.field(
        default=None, description="1 to 100,000; the version's default shots when omitted."
    )
    priority: Priority = strawberry.field(  # type: ignore[valid-type]
        default=JobPriority.STANDARD, description="Queue priority."
    )
    tags: list[str] = strawberry.field(default_factory=list, description="Your labels.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="The same key returns the job it first made."
    )
