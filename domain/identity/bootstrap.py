"""The local admin a development install starts with, so GraphiQL is usable at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from domain.db import AsyncSession
from domain.identity.credentials import API_KEY_PREFIX, hash_password, hash_secret, new_secret
from domain.identity.models import ApiKey, User
from domain.identity.principal import Role, Scope

DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_EMAIL = "admin@qraph.local"


@dataclass(frozen=True, slots=True)
class DevAdmin:
    username: str
    api_key: str
    created: bool


async def ensure_dev_admin(session: AsyncSession, *, saved_key: str | None) -> DevAdmin:
    """Create the local admin and an API key once; `saved_key` (still active) is reused.

    Only for development: the caller keeps the key in clear in the (git-ignored, mode 600) data
    dir so that every `make run` can print a ready-to-paste header.
    """
    user = await session.scalar(select(User).where(func.lower(User.username) == DEV_ADMIN_USERNAME))
    created = user is None
    if user is None:
        user = User(
            email=DEV_ADMIN_EMAIL,
            username=DEV_ADMIN_USERNAME,
            # Nobody knows this password; the admin signs in with the API key (or resets it).
            password_hash=hash_password(secrets.token_urlsafe(32)),
            roles=[r.value for r in Role],
            email_verified_at=datetime.now(UTC),
            links=[],
        )
        session.add(user)
        await session.flush()
    saved = (saved_key or "").strip()
    if saved.startswith(API_KEY_PREFIX):
        key = await session.scalar(select(ApiKey).where(ApiKey.secret_hash == hash_secret(saved)))
        if key is not None and key.revoked_at is None and key.user_id == user.id:
            return DevAdmin(user.username, saved, created)
    secret = new_secret(API_KEY_PREFIX)
    session.add(
        ApiKey(
            user_id=user.id,
            name="local development (make run)",
            secret_hash=hash_secret(secret),
            last4=secret[-4:],
            scopes=[s.value for s in Scope],
        )
    )
    return DevAdmin(user.username, secret, created)
