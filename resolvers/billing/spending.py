"""setSpendingLimit, setUserSpendingLimit (admins), and the money half of myUsage."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.billing import spending
from domain.errors import DomainError, NotFound
from domain.identity.models import User
from qraph.context import Context
from resolvers.apps.changes import in_transaction, parse_id
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.billing.spending import SetSpendingLimitResult, SpendingUsage
    from schema.identity.usage import ShotUsage

Info = strawberry.Info[Context, None]
Amount = Annotated[
    Decimal | None,
    strawberry.argument(description="Per calendar month (UTC), 2 decimals; null removes it."),
]


async def _set(info: Info, user_id, amount: Decimal | None, *, admin: bool):  # type: ignore[no-untyped-def]
    from schema.billing.spending import SetSpendingLimitSuccess, SpendingUsage

    async def work(session):  # type: ignore[no-untyped-def]
        if admin and await session.get(User, user_id) is None:
            raise NotFound("No such user.")
        await spending.set_limit(session, user_id=user_id, amount=amount, admin=admin)
        limits = await spending.limits_of(session, user_id=user_id)
        found = await spending.state(session, user_id=user_id)
        return limits, found

    limits, found = await in_transaction(info, work, rate_limited=True)
    return SetSpendingLimitSuccess(
        user_limit=limits.user_limit if limits else None,
        admin_limit=limits.admin_limit if limits else None,
        usage=SpendingUsage.of(found),
    )


async def set_spending_limit(info: Info, amount: Amount) -> SetSpendingLimitResult:
    try:
        checked = spending.check_limit(amount)
        user_id = info.context.principal.user_id
        return await _set(info, user_id, checked, admin=False)  # type: ignore[no-any-return]
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]


async def set_user_spending_limit(
    info: Info,
    user_id: Annotated[strawberry.ID, strawberry.argument(description="The User's global ID.")],
    amount: Amount,
) -> SetSpendingLimitResult:
    try:
        checked = spending.check_limit(amount)
        target = parse_id(user_id, "User")
        return await _set(info, target, checked, admin=True)  # type: ignore[no-any-return]
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]


async def usage_spending(root: strawberry.Parent[ShotUsage], info: Info) -> SpendingUsage:
    from schema.billing.spending import SpendingUsage

    user_id = info.context.principal.user_id
    assert user_id is not None
    async with info.context.session() as session:
        found = await spending.state(session, user_id=user_id)
    return SpendingUsage.of(found)
