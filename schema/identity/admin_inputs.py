"""Inputs of the administration area (apart from the types, so resolvers can import them)."""

from __future__ import annotations

import strawberry

from domain.identity.principal import Role


@strawberry.input(description="Narrow the user list. Every given condition must hold.")
class UserFilter:
    role: Role | None = strawberry.field(default=None, description="Users holding this role.")
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive substring of the username or email."
    )
    verified: bool | None = strawberry.field(default=None, description="Email verified or not.")
    disabled: bool | None = strawberry.field(default=None, description="Disabled or not.")
