"""`enableDeveloperAccount`: the signed-in consumer accepts the developer terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.errors import DomainError
from domain.identity import developers
from domain.identity.credentials import issue_access_token
from qraph.context import Context
from resolvers.limits import check_mutation_rate
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.identity.developers import EnableDeveloperAccountResult

Info = strawberry.Info[Context, None]


async def enable_developer_account(
    info: Info,
    accept_terms: Annotated[
        bool, strawberry.argument(description="True: you accept the developer terms.")
    ],
) -> EnableDeveloperAccountResult:
    from schema.identity.developers import EnableDeveloperAccountSuccess
    from schema.identity.users import User

    context = info.context
    principal = context.principal
    assert principal.user_id is not None  # IsAuthenticated ran first
    try:
        await check_mutation_rate(info)
        async with context.session() as session, session.begin():
            user = await developers.enable_developer_account(
                session, user_id=principal.user_id, accept_terms=accept_terms
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    token, expires = None, None
    if principal.session_id is not None:  # a session gets a token carrying the new role
        token, expires = issue_access_token(
            user_id=user.id,
            session_id=principal.session_id,
            roles=list(user.roles),
            secret=context.services.jwt_secret,
            ttl_s=context.settings.access_token_ttl_s,
        )
    return EnableDeveloperAccountSuccess(
        user=User.from_model(user, reveal_email=True),
        terms_accepted_at=user.developer_terms_accepted_at,  # type: ignore[arg-type]
        access_token=token,
        access_token_expires_at=expires,
    )
