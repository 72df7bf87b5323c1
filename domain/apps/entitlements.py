"""The one answer to "may this user run this app now?".

An app runs for its owner (and admins), for anyone signed in when it is in the free registry,
and, for a marketplace app, for anyone whose plan subscription entitles them now (TRIALING, or
ACTIVE, or CANCELLED before its period's end: domain.billing.subscriptions.usable) or who
presents a valid subscription key for it (checked by runApp, domain.billing.subscription_keys).
"""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select

from domain.apps.errors import NotEntitled
from domain.apps.models import QuantumApp, RegistryEntry
from domain.billing import subscriptions
from domain.billing.models import PlanSubscription
from domain.db import AsyncSession
from domain.identity.principal import Principal
from domain.jobs.models import Job


async def in_registry(session: AsyncSession, *, app_id: uuid.UUID) -> bool:
    return bool(await session.scalar(select(exists().where(RegistryEntry.app_id == app_id))))


async def may_run(session: AsyncSession, *, principal: Principal, app: QuantumApp) -> bool:
    if not principal.authenticated:
        return False
    if principal.owns(app.owner_id):
        return True
    if await in_registry(session, app_id=app.id):
        return True
    assert principal.user_id is not None
    return (
        await subscriptions.usable_for(session, user_id=principal.user_id, app_id=app.id)
        is not None
    )


async def plan_for_run(
    session: AsyncSession, *, principal: Principal, app: QuantumApp
) -> PlanSubscription | None:
    """The subscription a run of this app goes under (None: the owner's, or a registry app's),
    or NotEntitled. A subscription comes first, so its cap and per-run price apply."""
    if principal.authenticated and not principal.owns(app.owner_id):
        assert principal.user_id is not None
        found = await subscriptions.usable_for(session, user_id=principal.user_id, app_id=app.id)
        if found is not None:
            return found
    if principal.authenticated and (
        principal.owns(app.owner_id) or await in_registry(session, app_id=app.id)
    ):
        return None
    raise NotEntitled(
        f"{app.slug} is a marketplace app: start a trial or subscribe to run it, or present a "
        "subscription key for it."
    )


async def check_may_run(session: AsyncSession, *, principal: Principal, app: QuantumApp) -> None:
    await plan_for_run(session, principal=principal, app=app)


async def has_run(session: AsyncSession, *, user_id: uuid.UUID, app_id: uuid.UUID) -> bool:
    """Whether the user ever ran the app (an archived app stays readable to them)."""
    return bool(
        await session.scalar(select(exists().where(Job.app_id == app_id, Job.owner_id == user_id)))
    )
