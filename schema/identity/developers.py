"""Becoming a developer: one mutation, the developer terms accepted with a timestamp."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.identity import developers as resolve
from schema.errors import InvalidInputError, RateLimitedError
from schema.identity.users import User
from schema.permissions import IsAuthenticated


@strawberry.type(description="You are a developer: projects and apps are open to you.")
class EnableDeveloperAccountSuccess:
    user: User = strawberry.field(description="You, with the DEVELOPER role.")
    terms_accepted_at: datetime = strawberry.field(
        description="When you first accepted the developer terms."
    )
    access_token: str | None = strawberry.field(
        description=(
            "An access token for this session carrying the new role; use it from now on (your "
            "old one lacks the role until it is refreshed). Null for an API key."
        )
    )
    access_token_expires_at: datetime | None = strawberry.field(
        description="When that access token expires."
    )


EnableDeveloperAccountResult = Annotated[
    EnableDeveloperAccountSuccess | InvalidInputError | RateLimitedError,
    strawberry.union(
        "EnableDeveloperAccountResult", description="The outcome of `enableDeveloperAccount`."
    ),
]


@strawberry.type
class DeveloperMutation:
    enable_developer_account: EnableDeveloperAccountResult = strawberry.field(
        resolver=resolve.enable_developer_account,
        permission_classes=[IsAuthenticated],
        description=(
            "Turn on your developer account: accept the developer terms (recorded with a "
            "timestamp) and get the DEVELOPER role, which holds `apps:write`. Idempotent."
        ),
    )
