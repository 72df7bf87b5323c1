"""Reads of the money area: a request's subscription keys batched, nodes, and apps."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from domain.billing import subscription_keys
from domain.billing.accounts import SubscriptionKey
from domain.billing.models import PlanSubscription
from domain.identity.principal import Scope
from qraph.context import Context
from resolvers.apps.loaders import app_loaders

if TYPE_CHECKING:
    from schema.apps.types import QuantumApp

Info = strawberry.Info[Context, None]
_ATTRIBUTE = "billing_keys"


def _uuids(keys: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(uuid.UUID(int=0))
    return found


def _keys_loader(context: Context) -> DataLoader[uuid.UUID, list[SubscriptionKey]]:
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:

        async def load(ids: Sequence[uuid.UUID]) -> list[list[SubscriptionKey]]:
            async with context.session() as session:
                by_subscription = await subscription_keys.of_subscriptions(session, list(ids))
            return [by_subscription.get(i, []) for i in ids]

        found = DataLoader(load_fn=load)
        setattr(context.loaders, _ATTRIBUTE, found)
    return found


async def keys_of(info: Info, subscription_id: uuid.UUID) -> list[SubscriptionKey]:
    """One statement for every subscription of the page (a DataLoader)."""
    return await _keys_loader(info.context).load(subscription_id)


async def subscriptions_by_ids(
    info: Info, node_ids: Iterable[Any]
) -> list[PlanSubscription | None]:
    ids = _uuids(node_ids)
    principal = info.context.principal
    if not principal.can(Scope.BILLING_READ):
        return [None for _ in ids]
    async with info.context.session() as session:
        rows = {
            r.id: r
            for r in await session.scalars(
                select(PlanSubscription).where(PlanSubscription.id.in_(ids))
            )
        }
    return [rows[i] if i in rows and principal.owns(rows[i].user_id) else None for i in ids]


async def keys_by_ids(info: Info, node_ids: Iterable[Any]) -> list[SubscriptionKey | None]:
    ids = _uuids(node_ids)
    principal = info.context.principal
    if not principal.can(Scope.BILLING_READ):
        return [None for _ in ids]
    async with info.context.session() as session:
        rows = {
            r.id: r
            for r in await session.scalars(
                select(SubscriptionKey).where(SubscriptionKey.id.in_(ids))
            )
        }
    return [rows[i] if i in rows and principal.owns(rows[i].user_id) else None for i in ids]


async def subscription_app(info: Info, app_id: uuid.UUID) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    row = await app_loaders(info.context).app_by_id.load(app_id)
    # A subscriber reads the app they pay for even once it is archived.
    if row is None:
        return None
    return QuantumApp.from_model(row)
