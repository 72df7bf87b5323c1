"""Resolvers for connected IBM accounts: connect, disconnect, sync, and `User.connectedAccounts`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import strawberry
from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain import events
from domain.db import AsyncSession
from domain.errors import DomainError
from domain.providers import ibm_accounts, ibm_imports
from domain.providers.models import ProviderAccount
from domain.providers.secret_box import SecretBox
from qraph.context import Context
from qraph.secrets import secret_box
from resolvers.limits import check_mutation_rate
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.providers.accounts import (
        ConnectedAccount,
        ConnectIbmAccountResult,
        DisconnectIbmAccountResult,
        SyncIbmJobsResult,
    )

Info = strawberry.Info[Context, None]


class _UserRow(Protocol):
    id: uuid.UUID


class UserRoot(Protocol):
    row: _UserRow


class ConnectedAccountsByUserLoader(DataLoader[uuid.UUID, list[ProviderAccount]]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], _: Any = None) -> None:
        async def load(user_ids: Sequence[uuid.UUID]) -> list[list[ProviderAccount]]:
            async with sessionmaker() as session:
                rows = await ibm_accounts.list_accounts_of(session, user_ids=user_ids)
            return [[r for r in rows if r.user_id == user_id] for user_id in user_ids]

        super().__init__(load_fn=load)


def _box(info: Info) -> SecretBox:
    return secret_box(info.context.settings)


def _clients(info: Info) -> ibm_accounts.ClientFactory:
    settings = info.context.settings
    return ibm_accounts.default_client_factory(settings.ibm_api_url, settings.ibm_iam_url)


def _me(info: Info) -> uuid.UUID:
    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated guards the field
    return user_id


async def connected_accounts(root: UserRoot, info: Info) -> list[ConnectedAccount]:
    """`User.connectedAccounts`: empty unless the viewer owns the user (or is an admin)."""
    from schema.providers.accounts import ConnectedAccount

    if not info.context.principal.owns_account(root.row.id):
        return []
    loader = info.context.loaders.with_columns(
        "connected_accounts_by_user", frozenset(), ConnectedAccountsByUserLoader
    )
    rows = await loader.load(root.row.id)
    return [ConnectedAccount.from_model(row) for row in rows]


async def connect_ibm_account(
    info: Info,
    token: Annotated[
        str, strawberry.argument(description="Your IBM Cloud API key. Stored encrypted.")
    ],
    instance: Annotated[
        str | None,
        strawberry.argument(description="The instance's CRN; null: your default instance."),
    ] = None,
) -> ConnectIbmAccountResult:
    from schema.providers.accounts import ConnectedAccount, ConnectIbmAccountSuccess

    try:
        await check_mutation_rate(info)
        async with info.context.session() as session:
            row = await ibm_accounts.connect(
                session,
                user_id=_me(info),
                token=token,
                instance=instance,
                box=_box(info),
                client_factory=_clients(info),
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return ConnectIbmAccountSuccess(account=ConnectedAccount.from_model(row))


async def disconnect_ibm_account(info: Info) -> DisconnectIbmAccountResult:
    from schema.providers.accounts import DisconnectIbmAccountSuccess

    try:
        await check_mutation_rate(info)
        async with info.context.session() as session:
            await ibm_accounts.disconnect(session, user_id=_me(info))
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return DisconnectIbmAccountSuccess(provider="IBM_QUANTUM")


async def sync_ibm_jobs(info: Info) -> SyncIbmJobsResult:
    from schema.providers.accounts import ConnectedAccount, SyncIbmJobsSuccess

    user_id = _me(info)
    try:
        await check_mutation_rate(info)
        async with info.context.session() as session:
            report = await ibm_imports.sync_jobs(
                session,
                user_id=user_id,
                box=_box(info),
                client_factory=_clients(info),
                limit=info.context.settings.ibm_import_limit,
            )
            accounts = await ibm_accounts.list_accounts(session, user_id=user_id)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    for event in report.events:
        await events.publish(info.context.services.redis, event)
    return SyncIbmJobsSuccess(
        imported=report.imported,
        updated=report.updated,
        seen=report.seen,
        skipped=report.skipped,
        account=ConnectedAccount.from_model(accounts[0]),
    )
