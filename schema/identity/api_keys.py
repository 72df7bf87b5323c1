"""API keys: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from domain.identity import api_keys as service
from domain.identity.models import ApiKey as ApiKeyRow
from domain.identity.principal import Scope
from resolvers.identity import api_keys as resolve
from schema.errors import (
    EmailNotVerifiedError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
)
from schema.identity.api_key_inputs import ApiKeyScope
from schema.permissions import IsAuthenticated
from schema.relay import Connection

if TYPE_CHECKING:
    from strawberry.types import Info


@strawberry.type(
    description="A long-lived credential for scripts and apps. Its secret is shown only once."
)
class ApiKey(relay.Node):
    key_id: relay.NodeID[str]
    name: str = strawberry.field(description="What the key is for, as its owner named it.")
    scopes: list[ApiKeyScope] = strawberry.field(description="What the key may do.")
    last4: str = strawberry.field(description="The secret's last four characters.")
    preview: str = strawberry.field(description="How to recognise the key: `qk_…abcd`.")
    rate_limit: int | None = strawberry.field(
        description=(
            "Requests per minute this key may make; null: its owner's role default. "
            "It can lower that default, never raise it."
        )
    )
    created_at: datetime = strawberry.field(description="When the key was created.")
    expires_at: datetime | None = strawberry.field(
        description="When the key stops working; null: only when revoked."
    )
    last_used_at: datetime | None = strawberry.field(
        description="When the key last authenticated a request, to within a minute."
    )
    revoked_at: datetime | None = strawberry.field(description="When the key was revoked.")
    active: bool = strawberry.field(description="True while neither revoked nor expired.")

    @classmethod
    def from_model(cls, row: ApiKeyRow) -> Self:
        return cls(
            key_id=str(row.id),
            name=row.name,
            scopes=[Scope(s) for s in row.scopes if s in {x.value for x in Scope}],
            last4=row.last4,
            preview=service.preview(row),
            rate_limit=row.rate_limit,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            active=service.is_active(row),
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_keys(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="The key was created. Copy `secret` now: it is never shown again.")
class CreateApiKeySuccess:
    api_key: ApiKey = strawberry.field(description="The new key.")
    secret: str = strawberry.field(
        description="The key itself (`qk_…`): send it as `Authorization: Bearer` or `X-API-Key`."
    )


@strawberry.type(description="The key is revoked; requests made with it are refused.")
class RevokeApiKeySuccess:
    api_key: ApiKey = strawberry.field(description="The key as it is now.")


CreateApiKeyResult = Annotated[
    CreateApiKeySuccess
    | InvalidInputError
    | ForbiddenError
    | RateLimitedError
    | EmailNotVerifiedError,
    strawberry.union("CreateApiKeyResult", description="The outcome of `createApiKey`."),
]
RevokeApiKeyResult = Annotated[
    RevokeApiKeySuccess | NotFoundError,
    strawberry.union("RevokeApiKeyResult", description="The outcome of `revokeApiKey`."),
]


@strawberry.type
class ApiKeyQuery:
    my_api_keys: Connection[ApiKey] = strawberry.field(
        resolver=resolve.my_api_keys,
        permission_classes=[IsAuthenticated],
        description="Your API keys, newest first. Secrets are never shown again.",
    )


@strawberry.type
class ApiKeyMutation:
    create_api_key: CreateApiKeyResult = strawberry.field(
        resolver=resolve.create_api_key,
        permission_classes=[IsAuthenticated],
        description=(
            "Create an API key with some of your scopes. The result holds its secret, once. "
            "Rate-limited per caller (`RateLimitedError`)."
        ),
    )
    revoke_api_key: RevokeApiKeyResult = strawberry.field(
        resolver=resolve.revoke_api_key,
        permission_classes=[IsAuthenticated],
        description="Revoke one of your keys (admins: anyone's). Revoking twice is harmless.",
    )
