"""Administration: users, roles. Every field here needs the ADMIN role."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.identity import admin as resolve
from schema.errors import InvalidInputError, NotFoundError
from schema.identity.users import User
from schema.permissions import IsAdmin
from schema.relay import Connection


@strawberry.type(description="The user's roles were replaced.")
class SetUserRolesSuccess:
    user: User = strawberry.field(description="The user, with their new roles.")


SetUserRolesResult = Annotated[
    SetUserRolesSuccess | NotFoundError | InvalidInputError,
    strawberry.union("SetUserRolesResult", description="The outcome of `setUserRoles`."),
]


@strawberry.type
class AdminQuery:
    users: Connection[User] = strawberry.field(
        resolver=resolve.users,
        permission_classes=[IsAdmin],
        description="Every account, newest first, filtered (admins only).",
    )
    user: User | None = strawberry.field(
        resolver=resolve.user,
        permission_classes=[IsAdmin],
        description="One account by ID, or null (admins only).",
    )


@strawberry.type
class AdminMutation:
    set_user_roles: SetUserRolesResult = strawberry.field(
        resolver=resolve.set_user_roles,
        permission_classes=[IsAdmin],
        description=(
            "Replace a user's roles (admins only). Their access tokens stop at once and the "
            "next refresh carries the new roles. CONSUMER is always kept, and you cannot remove "
            "your own ADMIN role."
        ),
    )
