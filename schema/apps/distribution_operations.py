"""Distribution's root fields and mutations: registry, download, marketplace, search, runApp."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.apps import distribution as resolve
from resolvers.apps import runs
from schema.apps.distribution import MarketplaceListing, RegistryEntry
from schema.apps.operations import WRITE
from schema.billing.errors import (
    InvalidSubscriptionKeyError,
    SpendingLimitExceededError,
    SubscriptionCapReachedError,
)
from schema.errors import (
    AppArchivedError,
    BackendUnavailableError,
    CircuitLimitExceededError,
    CircuitTooLargeError,
    EmailNotVerifiedError,
    ForbiddenError,
    InvalidAppInputsError,
    InvalidCircuitError,
    InvalidInputError,
    InvalidVersionTransitionError,
    NotEntitledError,
    NotFoundError,
    QuotaExceededError,
    RateLimitedError,
    ShotsOutOfRangeError,
    UnknownBackendError,
    UnsupportedCircuitError,
)
from schema.jobs.operations import WRITE as RUN
from schema.jobs.operations import SubmitJobSuccess
from schema.relay import Connection


@strawberry.type(description="The version is in the registry.")
class PublishToRegistrySuccess:
    entry: RegistryEntry = strawberry.field(description="Its registry entry.")


@strawberry.type(
    description=(
        "A link to download the version's package (.tar.gz: manifest.json, circuit.qasm, "
        "README.md). It works for a few minutes, for whoever holds it; each download is counted."
    )
)
class DownloadLink:
    url: str = strawberry.field(description="GET it; signed, short-lived.")
    expires_at: datetime = strawberry.field(description="When the link stops working.")
    sha256: str = strawberry.field(description="Hex SHA-256 of the package to check it against.")
    size: int = strawberry.field(description="The package's size in bytes.")
    entry: RegistryEntry = strawberry.field(description="The registry entry.")


@strawberry.type(description="The listing as it is now.")
class MarketplaceListingChanged:
    listing: MarketplaceListing = strawberry.field(description="The listing.")


PublishToRegistryResult = Annotated[
    PublishToRegistrySuccess
    | NotFoundError
    | ForbiddenError
    | InvalidInputError
    | InvalidVersionTransitionError
    | AppArchivedError,
    strawberry.union("PublishToRegistryResult", description="The outcome of `publishToRegistry`."),
]
DownloadAppVersionResult = Annotated[
    DownloadLink | NotFoundError,
    strawberry.union(
        "DownloadAppVersionResult", description="The outcome of `downloadAppVersion`."
    ),
]
MarketplaceListingResult = Annotated[
    MarketplaceListingChanged
    | NotFoundError
    | ForbiddenError
    | InvalidInputError
    | AppArchivedError,
    strawberry.union(
        "MarketplaceListingResult",
        description=(
            "The outcome of `publishToMarketplace`, `updateMarketplaceListing` and "
            "`delistMarketplaceListing`."
        ),
    ),
]
RunAppResult = Annotated[
    SubmitJobSuccess
    | SubscriptionCapReachedError
    | SpendingLimitExceededError
    | InvalidSubscriptionKeyError
    | InvalidAppInputsError
    | NotEntitledError
    | NotFoundError
    | AppArchivedError
    | InvalidCircuitError
    | ShotsOutOfRangeError
    | UnknownBackendError
    | BackendUnavailableError
    | CircuitTooLargeError
    | UnsupportedCircuitError
    | QuotaExceededError
    | InvalidInputError
    | RateLimitedError
    | EmailNotVerifiedError
    | CircuitLimitExceededError,
    strawberry.union("RunAppResult", description="The outcome of `runApp`."),
]


@strawberry.type
class DistributionQuery:
    marketplace: Connection[MarketplaceListing] = strawberry.field(
        resolver=resolve.search_marketplace,
        description=(
            "Listed apps, found by words (full text: name > summary > description, typos "
            "corrected when nothing matches) and filters; archived apps are hidden."
        ),
    )
    registry: Connection[RegistryEntry] = strawberry.field(
        resolver=resolve.search_registry,
        description=(
            "Free apps in the registry, each once (its highest entry that is not yanked), "
            "found as `marketplace` finds listings."
        ),
    )


@strawberry.type
class DistributionMutation:
    publish_to_registry: PublishToRegistryResult = strawberry.field(
        resolver=resolve.publish_to_registry,
        permission_classes=WRITE,
        description=(
            "Offer a PUBLISHED version of your public app free in the registry; its package "
            "is built now, with its SHA-256."
        ),
    )
    download_app_version: DownloadAppVersionResult = strawberry.field(
        resolver=resolve.download_app_version,
        description=(
            "A short-lived signed link to a registry version's package (anyone who may read "
            "the version)."
        ),
    )
    publish_to_marketplace: MarketplaceListingResult = strawberry.field(
        resolver=resolve.publish_to_marketplace,
        permission_classes=WRITE,
        description="List your public app for a price (or keep the listing a DRAFT).",
    )
    update_marketplace_listing: MarketplaceListingResult = strawberry.field(
        resolver=resolve.update_marketplace_listing,
        permission_classes=WRITE,
        description="Change your listing's terms, list a draft, relist or delist it.",
    )
    delist_marketplace_listing: MarketplaceListingResult = strawberry.field(
        resolver=resolve.delist_marketplace_listing,
        permission_classes=WRITE,
        description="Take a listing off the marketplace (its owner, or an admin moderating).",
    )
    run_app: RunAppResult = strawberry.field(
        resolver=runs.run_app,
        permission_classes=RUN,
        description=(
            "Run an app version with inputs: they are checked against its input schema (one "
            "error per failing path), bound into its template, and the circuit is submitted "
            "as `submitJob` submits (shot budget, idempotency, refusals write nothing). Free "
            "registry apps run for anyone signed in; others for their owner until plans exist."
        ),
    )
