"""The verified-email gate as resolvers use it (`QRAPH_REQUIRE_VERIFIED_EMAIL`)."""

from __future__ import annotations

import strawberry

from domain.identity import verification
from qraph.context import Context

Info = strawberry.Info[Context, None]


async def require_verified_email(info: Info) -> None:
    """Raise EmailNotVerified when the setting is on and the caller has not verified."""
    context = info.context
    if not context.settings.require_verified_email or context.principal.email_verified:
        return
    async with context.session() as session:
        await verification.require_verified_email(session, principal=context.principal)
