"""Connected accounts: `connectIbmAccount`, `disconnectIbmAccount`, `syncIbmJobs`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

import strawberry

from domain.providers.models import ProviderAccount
from resolvers.providers import accounts as resolve
from schema.errors import (
    InvalidCredentialsError,
    InvalidInputError,
    NotFoundError,
    ProviderUnavailableError,
    RateLimitedError,
)
from schema.permissions import IsAuthenticated


@strawberry.type(
    description="A provider account you connected. Its token is stored encrypted and never shown."
)
class ConnectedAccount:
    provider: str = strawberry.field(description="The provider: `IBM_QUANTUM`.")
    instance: str | None = strawberry.field(
        description="The provider instance (IBM: the instance CRN); null: the default."
    )
    channel: str = strawberry.field(description="The provider's API channel.")
    connected_at: datetime = strawberry.field(description="When the account was connected.")
    last_sync_at: datetime | None = strawberry.field(
        description="When Qraph last imported this account's jobs."
    )
    last_error: str | None = strawberry.field(
        description="Why the last sync failed; null after a successful one."
    )

    @classmethod
    def from_model(cls, row: ProviderAccount) -> Self:
        return cls(
            provider=str(row.provider),
            instance=row.instance,
            channel=row.channel,
            connected_at=row.connected_at,
            last_sync_at=row.last_sync_at,
            last_error=row.last_error,
        )


@strawberry.type(description="The account is connected; `syncIbmJobs` imports its jobs.")
class ConnectIbmAccountSuccess:
    account: ConnectedAccount = strawberry.field(description="The connected account.")


@strawberry.type(description="The account and its stored token are gone; imported jobs stay.")
class DisconnectIbmAccountSuccess:
    provider: str = strawberry.field(description="The provider disconnected: `IBM_QUANTUM`.")


@strawberry.type(description="Your IBM jobs were imported or brought up to date.")
class SyncIbmJobsSuccess:
    imported: int = strawberry.field(description="Jobs seen for the first time.")
    updated: int = strawberry.field(description="Known jobs whose status moved on.")
    seen: int = strawberry.field(description="Jobs IBM listed for the account.")
    skipped: int = strawberry.field(
        description="Listed jobs that could not be read this time; the next sync retries them."
    )
    account: ConnectedAccount = strawberry.field(description="The account after the sync.")


ConnectIbmAccountResult = Annotated[
    ConnectIbmAccountSuccess
    | InvalidInputError
    | InvalidCredentialsError
    | ProviderUnavailableError
    | RateLimitedError,
    strawberry.union("ConnectIbmAccountResult", description="The outcome of `connectIbmAccount`."),
]
DisconnectIbmAccountResult = Annotated[
    DisconnectIbmAccountSuccess | NotFoundError | RateLimitedError,
    strawberry.union(
        "DisconnectIbmAccountResult", description="The outcome of `disconnectIbmAccount`."
    ),
]
SyncIbmJobsResult = Annotated[
    SyncIbmJobsSuccess
    | NotFoundError
    | InvalidCredentialsError
    | ProviderUnavailableError
    | RateLimitedError,
    strawberry.union("SyncIbmJobsResult", description="The outcome of `syncIbmJobs`."),
]


@strawberry.type
class ProviderAccountMutation:
    connect_ibm_account: ConnectIbmAccountResult = strawberry.field(
        resolver=resolve.connect_ibm_account,
        permission_classes=[IsAuthenticated],
        description=(
            "Connect your IBM Quantum account: the token is checked with IBM, then stored "
            "encrypted (never logged or returned). Replaces an account already connected."
        ),
    )
    disconnect_ibm_account: DisconnectIbmAccountResult = strawberry.field(
        resolver=resolve.disconnect_ibm_account,
        permission_classes=[IsAuthenticated],
        description="Forget your IBM Quantum account and its token. Imported jobs stay.",
    )
    sync_ibm_jobs: SyncIbmJobsResult = strawberry.field(
        resolver=resolve.sync_ibm_jobs,
        permission_classes=[IsAuthenticated],
        description=(
            "Import your IBM Quantum jobs, including those submitted outside Qraph, as jobs "
            "with `source: IMPORTED`. Also runs every few minutes while connected. Idempotent."
        ),
    )
