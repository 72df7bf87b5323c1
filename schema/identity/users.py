"""Users, their public profile and their sign-in sessions.

A User or Session reached through `node(id)` resolves only for its owner or an admin, and a
user's email and sessions are shown only to the same people.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self

import strawberry
from strawberry import relay

from domain.identity import models
from domain.identity.principal import Role
from resolvers.identity import accounts as resolve_accounts
from resolvers.identity import api_keys as resolve_api_keys
from resolvers.identity import sessions as resolve_sessions
from resolvers.providers import accounts as resolve_provider_accounts
from schema.identity.api_keys import ApiKey
from schema.providers.accounts import ConnectedAccount
from schema.relay import Connection

# The domain enum is the schema enum. Other modules use `schema.identity.users.Role`, never a
# second one.
strawberry.enum(Role, description="What a user may do: each role grants a set of scopes.")


def parse_ids(node_ids: Any) -> list[uuid.UUID | None]:
    """Node keys as UUIDs; None for a key that is not one (it resolves to null)."""
    parsed: list[uuid.UUID | None] = []
    for raw in node_ids:
        try:
            parsed.append(uuid.UUID(str(raw)))
        except ValueError:
            parsed.append(None)
    return parsed


@strawberry.type(description="A link on a user's profile.")
class ProfileLink:
    label: str = strawberry.field(description="What the link is, e.g. `GitHub`.")
    url: str = strawberry.field(description="An http(s) address.")


@strawberry.type(description="What a user tells others about themselves.")
class UserProfile:
    organization: str | None = strawberry.field(description="Employer, lab or university.")
    bio: str | None = strawberry.field(description="A short biography.")
    avatar_url: str | None = strawberry.field(description="An http(s) address of a picture.")
    links: list[ProfileLink] = strawberry.field(description="Up to 10 links.")


@strawberry.type(description="One sign-in: a device or browser holding a refresh token.")
class Session(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.AuthSession]
    # Set for the session a sign-in or refresh just issued tokens for.
    issued_now: strawberry.Private[bool]
    ip: str | None = strawberry.field(description="The client address at sign-in.")
    user_agent: str | None = strawberry.field(description="The client's User-Agent at sign-in.")
    created_at: datetime = strawberry.field(description="When the user signed in.")
    last_refreshed_at: datetime | None = strawberry.field(
        description="When the session last refreshed its access token."
    )
    expires_at: datetime = strawberry.field(description="When it ends unless signed out first.")
    revoked_at: datetime | None = strawberry.field(description="When it was signed out.")
    current: bool = strawberry.field(
        resolver=resolve_sessions.is_current,
        description="True for the session this request authenticated with (or just opened).",
    )

    @classmethod
    def from_model(cls, row: models.AuthSession, *, issued_now: bool = False) -> Self:
        return cls(
            key=str(row.id),
            row=row,
            issued_now=issued_now,
            ip=row.ip,
            user_agent=row.user_agent,
            created_at=row.created_at,
            last_refreshed_at=row.last_refreshed_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve_sessions.sessions_by_ids(info, parse_ids(node_ids))
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="A person with an account.")
class User(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.User]
    # Set where the caller just proved the address is theirs (register, verify, sign in).
    reveal_email: strawberry.Private[bool]
    username: str = strawberry.field(description="Unique, case-insensitively.")
    roles: list[Role] = strawberry.field(description="What the user may do.")
    email_verified: bool = strawberry.field(description="True once the email link was opened.")
    created_at: datetime = strawberry.field(description="When the account was registered.")
    profile: UserProfile = strawberry.field(description="What the user tells others.")
    email: str | None = strawberry.field(
        resolver=resolve_accounts.user_email,
        description="The sign-in address. Null unless you are this user or an admin.",
    )
    sessions: list[Session] = strawberry.field(
        resolver=resolve_sessions.user_sessions,
        description="Live sign-ins, newest first. Empty unless you are this user or an admin.",
    )
    # API keys live in schema/identity/api_keys.py and resolvers/identity/api_keys.py; the resolver
    # checks ownership itself.
    api_keys: Connection[ApiKey] = strawberry.field(
        resolver=resolve_api_keys.user_api_keys,
        description="The user's API keys, newest first. Empty unless you are them or an admin.",
    )
    connected_accounts: list[ConnectedAccount] = strawberry.field(
        resolver=resolve_provider_accounts.connected_accounts,
        description=(
            "Provider accounts connected (IBM Quantum). Empty unless you are them or an admin."
        ),
    )

    @classmethod
    def from_model(cls, row: models.User, *, reveal_email: bool = False) -> Self:
        return cls(
            key=str(row.id),
            row=row,
            reveal_email=reveal_email,
            username=row.username,
            roles=[Role(r) for r in row.roles if r in Role.__members__],
            email_verified=row.email_verified_at is not None,
            created_at=row.created_at,
            profile=UserProfile(
                organization=row.organization,
                bio=row.bio,
                avatar_url=row.avatar_url,
                links=[ProfileLink(label=x["label"], url=x["url"]) for x in row.links or []],
            ),
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve_accounts.users_by_ids(info, parse_ids(node_ids))
        return [cls.from_model(row) if row is not None else None for row in rows]
