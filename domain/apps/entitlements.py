"""The one answer to "may this user run this app now?".

Until plan subscriptions exist (the next issue), an app runs for its owner (and admins), and
for anyone signed in when it is in the free registry. A marketplace-only app runs for its
owner alone; subscriptions will add their rule here and nowhere else.
"""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select

from domain.apps.errors import NotEntitled
from domain.apps.models import QuantumApp, RegistryEntry
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
    return await in_registry(session, app_id=app.id)


async def check_may_run(session: AsyncSession, *, principal: Principal, app: QuantumApp) -> None:
    if not await may_run(session, principal=principal, app=app):
        raise NotEntitled(
            f"{app.slug} is not in the free registry, and running a marketplace app needs a "
            "subscription, which is not available yet; only its owner may run it."
        )


async def has_run(session: AsyncSession, *, user_id: uuid.UUID, app_id: uuid.UUID) -> bool:
    """Whether the user ever ran the app (an archived app stays readable to them)."""
    return bool(
        await session.scalar(select(exists().where(Job.app_id == app_id, Job.owner_id == user_id)))
    )
