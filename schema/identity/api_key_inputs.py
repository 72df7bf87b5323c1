"""API key enums and inputs, kept apart from the types so resolvers can import them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.identity.api_keys import NAME_MAX_LENGTH, RATE_LIMIT_MAX
from domain.identity.principal import Scope

# The domain enum is the schema enum. GraphQL shows the member names (JOBS_READ); the values
# (`jobs:read`) are what keys store and what `authenticate` reads.
strawberry.enum(
    Scope,
    name="ApiKeyScope",
    description=(
        "What an API key may do: JOBS_READ, JOBS_WRITE, APPS_READ, APPS_WRITE, BILLING_READ, "
        "ADMIN and ACCOUNT (the account itself: email, sessions, keys, profile, password). "
        "A key never gets more than its owner's role allows."
    ),
)
ApiKeyScope = Scope


@strawberry.input(description="A new API key.")
class CreateApiKeyInput:
    name: str = strawberry.field(
        description=f"What the key is for (1 to {NAME_MAX_LENGTH} characters)."
    )
    scopes: list[ApiKeyScope] = strawberry.field(
        description="At least one scope, each one allowed by your role."
    )
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="When it stops working: in the future, at most a year ahead. Null: never.",
    )
    rate_limit: int | None = strawberry.field(
        default=None,
        description=(
            f"Requests per minute (1 to {RATE_LIMIT_MAX}). It can lower your role's default, "
            "never raise it."
        ),
    )
