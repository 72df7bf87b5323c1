"""Administration resolvers: find users, change roles. Every field here is admin-only."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from domain.errors import DomainError, NotFound
from domain.identity import accounts as accounts_service
from domain.identity import admin as admin_service
from domain.identity import revocation
from domain.identity.principal import Role
from domain.pagination import PageRequest
from qraph.context import Context
from resolvers.pages import page_size
from schema.errors import to_error
from schema.identity.admin_inputs import UserFilter
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.identity.admin import SetUserRolesResult
    from schema.identity.users import User
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
ORDERING = "users:created:desc"


def _user_id(global_id: str) -> uuid.UUID:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        if parsed.type_name != "User":
            raise ValueError(parsed.type_name)
        return uuid.UUID(parsed.node_id)
    except ValueError as exc:
        raise NotFound("No such user.") from exc


async def users(
    info: Info,
    filter: UserFilter | None = None,
    first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
    after: Annotated[str | None, strawberry.argument(description="Continue after.")] = None,
) -> Connection[User]:
    from schema.identity.users import User

    keys = admin_service.USER_KEYS
    request = page_request(
        ordering=ORDERING, keys=keys, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, PageRequest(first=first))
    where = admin_service.UserFilter(**vars(filter)) if filter else admin_service.UserFilter()
    async with info.context.session() as session:
        page = await admin_service.list_users(session, where=where, request=request, size=size)

    async def count() -> int:
        async with info.context.session() as session:
            return await admin_service.count_users(session, where=where)

    return to_connection(page, ordering=ORDERING, node=User.from_model, count=count)


async def user(
    info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="A User's ID.")]
) -> User | None:
    from schema.identity.users import User

    try:
        user_id = _user_id(id)
    except NotFound:
        return None
    async with info.context.session() as session:
        row = await accounts_service.get(session, user_id=user_id)
    return User.from_model(row) if row is not None else None


async def set_user_roles(
    info: Info,
    user_id: Annotated[strawberry.ID, strawberry.argument(description="The User's ID.")],
    roles: Annotated[
        list[Role], strawberry.argument(description="The new roles; CONSUMER is always kept.")
    ],
) -> SetUserRolesResult:
    from schema.identity.admin import SetUserRolesSuccess
    from schema.identity.users import User

    principal = info.context.principal
    assert principal.user_id is not None  # IsAdmin ran first
    redis = info.context.services.redis
    try:
        async with info.context.session() as session:
            async with session.begin():
                row = await admin_service.set_roles(
                    session,
                    redis=redis,
                    actor_id=principal.user_id,
                    user_id=_user_id(user_id),
                    roles=roles,
                )
            await revocation.announce(redis, session)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SetUserRolesSuccess(user=User.from_model(row, reveal_email=True))
