"""Test helpers: real users with real credentials, written straight to the test database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.identity import cutoffs
from domain.identity.credentials import decode_access_token, hash_password, issue_access_token
from domain.identity.models import AuthSession, User
from domain.identity.principal import Role

TEST_PASSWORD = "correct horse battery staple"


@dataclass
class SignedInUser:
    id: uuid.UUID
    email: str
    username: str
    roles: list[str]
    access_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def make_user(
    app: Any, *roles: Role, username: str | None = None, password: str = TEST_PASSWORD
) -> SignedInUser:
    """A verified user with a live session and a fresh access token, in the app's database."""
    services = app.state.services
    user = await create_user(
        services.sessionmaker,
        services.jwt_secret,
        *roles,
        username=username,
        password=password,
        ttl_s=services.settings.access_token_ttl_s,
    )
    # As a real sign-in does, warm the token cut-off cache: statement counts stay the query's.
    claims = decode_access_token(user.access_token, secret=services.jwt_secret)
    await cutoffs.fill(services.redis, {claims.session_id: 0.0})
    return user


async def create_user(
    sessionmaker: Any,
    jwt_secret: str,
    *roles: Role,
    username: str | None = None,
    password: str = TEST_PASSWORD,
    ttl_s: int = 900,
) -> SignedInUser:
    """The same, for tests that reach the database without an app (other processes serve it)."""
    name = username or f"user_{uuid.uuid4().hex[:8]}"
    role_names = [r.value for r in (roles or (Role.CONSUMER,))]
    async with sessionmaker() as session, session.begin():
        user = User(
            email=f"{name}@example.org",
            username=name,
            password_hash=hash_password(password),
            roles=role_names,
            email_verified_at=datetime.now(UTC),
            links=[],
        )
        session.add(user)
        await session.flush()
        login = AuthSession(user_id=user.id, expires_at=datetime.now(UTC) + timedelta(days=1))
        session.add(login)
        await session.flush()
        token, _ = issue_access_token(
            user_id=user.id,
            session_id=login.id,
            roles=role_names,
            secret=jwt_secret,
            ttl_s=ttl_s,
            email_verified=True,
        )
    return SignedInUser(user.id, user.email, name, role_names, token)
