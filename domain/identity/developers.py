"""Becoming a developer: accepting the developer terms adds the DEVELOPER role."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.identity.models import User
from domain.identity.principal import Role


async def enable_developer_account(
    session: AsyncSession, *, user_id: uuid.UUID, accept_terms: bool
) -> User:
    """Record the terms' acceptance (the first time) and add DEVELOPER to the user's roles.

    Adding a role takes nothing away, so live tokens stay valid; they simply lack the role
    until the client uses the new token the mutation returns, or refreshes.
    """
    if not accept_terms:
        raise InvalidInput(
            "Accept the developer terms to turn on a developer account.", field="acceptTerms"
        )
    user = await session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise NotFound("No such user.")
    if user.developer_terms_accepted_at is None:
        user.developer_terms_accepted_at = datetime.now(UTC)
    if Role.DEVELOPER.value not in user.roles:
        user.roles = sorted({*user.roles, Role.DEVELOPER.value})
    await session.flush()
    return user
