"""Resolvers for API keys: the caller's keys, create (rate-limited), revoke, node lookup."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import strawberry
from strawberry import relay

from domain.errors import DomainError, NotFound
from domain.identity import api_keys as api_keys_service
from domain.identity import revocation
from domain.identity.models import ApiKey as ApiKeyRow
from domain.pagination import Page
from qraph.context import Context
from resolvers.identity.verification import require_verified_email
from resolvers.limits import check_mutation_rate
from resolvers.pages import page_size
from schema.errors import to_error
from schema.identity.api_key_inputs import CreateApiKeyInput
from schema.relay import constant_count, page_request, to_connection

if TYPE_CHECKING:
    from schema.identity.api_keys import ApiKey, CreateApiKeyResult, RevokeApiKeyResult
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]
IncludeRevoked = Annotated[
    bool, strawberry.argument(description="Also list revoked keys (expired ones always show).")
]
_ORDERING = "api_keys:created_at:desc"


class _UserRow(Protocol):
    id: uuid.UUID


class UserRoot(Protocol):
    """`schema.identity.users.User`: it keeps its row."""

    row: _UserRow


async def user_api_keys(
    root: UserRoot,
    info: Info,
    first: First = None,
    after: After = None,
    include_revoked: IncludeRevoked = False,
) -> Connection[ApiKey]:
    """`User.apiKeys`: a user's keys, newest first; empty unless the viewer owns the user."""
    return await _keys_of(
        info, root.row.id, first=first, after=after, include_revoked=include_revoked
    )


async def my_api_keys(
    info: Info,
    first: First = None,
    after: After = None,
    include_revoked: IncludeRevoked = False,
) -> Connection[ApiKey]:
    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated guards the field
    return await _keys_of(info, user_id, first=first, after=after, include_revoked=include_revoked)


async def _keys_of(
    info: Info, owner_id: uuid.UUID, *, first: int | None, after: str | None, include_revoked: bool
) -> Connection[ApiKey]:
    from schema.identity.api_keys import ApiKey

    request = page_request(
        ordering=_ORDERING,
        keys=api_keys_service.SORT_KEYS,
        first=first,
        after=after,
        last=None,
        before=None,
    )
    size = page_size(info.context, request)
    if not info.context.principal.owns_account(owner_id):
        nothing: Page[ApiKeyRow] = Page([], [], has_next_page=False, has_previous_page=False)
        return to_connection(
            nothing, ordering=_ORDERING, node=ApiKey.from_model, count=constant_count(0)
        )
    async with info.context.session() as session:
        page = await api_keys_service.list_api_keys(
            session, owner_id=owner_id, include_revoked=include_revoked, request=request, size=size
        )

    async def count() -> int:
        async with info.context.session() as session:
            return await api_keys_service.count_api_keys(
                session, owner_id=owner_id, include_revoked=include_revoked
            )

    return to_connection(page, ordering=_ORDERING, node=ApiKey.from_model, count=count)


async def create_api_key(
    info: Info,
    input: Annotated[
        CreateApiKeyInput,
        strawberry.argument(description="The key's name, scopes, expiry and rate limit."),
    ],
) -> CreateApiKeyResult:
    from schema.identity.api_keys import ApiKey, CreateApiKeySuccess

    try:
        await check_mutation_rate(info)
        await require_verified_email(info)
        async with info.context.session() as session, session.begin():
            created = await api_keys_service.create(
                session,
                principal=info.context.principal,
                name=input.name,
                scopes=input.scopes,
                expires_at=input.expires_at,
                rate_limit=input.rate_limit,
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return CreateApiKeySuccess(api_key=ApiKey.from_model(created.key), secret=created.secret)


async def revoke_api_key(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The key's global ID.")],
) -> RevokeApiKeyResult:
    from schema.identity.api_keys import ApiKey, RevokeApiKeySuccess

    redis = info.context.services.redis
    try:
        key_id = _key_uuid(id)
        async with info.context.session() as session:
            async with session.begin():
                row = await api_keys_service.revoke(
                    session, principal=info.context.principal, key_id=key_id
                )
            await revocation.announce(redis, session)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return RevokeApiKeySuccess(api_key=ApiKey.from_model(row))


def _key_uuid(raw: str) -> uuid.UUID:
    try:
        global_id = relay.GlobalID.from_id(raw)
        if global_id.type_name != "ApiKey":
            raise ValueError(global_id.type_name)
        return uuid.UUID(global_id.node_id)
    except (relay.GlobalIDValueError, ValueError) as error:
        raise NotFound("No such API key.") from error


async def visible_keys(info: Info, node_ids: Iterable[str]) -> list[ApiKeyRow | None]:
    """Keys by UUID for `node`/`nodes`: None for unknown IDs and for keys the viewer can't see."""
    wanted: list[uuid.UUID | None] = []
    for raw in node_ids:
        try:
            wanted.append(uuid.UUID(raw))
        except ValueError:
            wanted.append(None)
    known = [i for i in wanted if i is not None]
    principal = info.context.principal
    rows: dict[uuid.UUID, Any] = {}
    if known and principal.authenticated:
        async with info.context.session() as session:
            found = await api_keys_service.get_many(session, ids=known)
        rows = {
            row.id: row for row in found if row is not None and principal.owns_account(row.user_id)
        }
    return [rows.get(i) if i is not None else None for i in wanted]
