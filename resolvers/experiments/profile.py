"""controlProfile and setControlProfile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.errors import DomainError
from domain.experiments import control_profile
from qraph.context import Context
from schema.errors import to_error
from schema.experiments.inputs import SetControlProfileInput

if TYPE_CHECKING:
    from schema.experiments.operations import SetControlProfileResult
    from schema.experiments.types import ControlProfile

Info = strawberry.Info[Context, None]


async def control_profile_of(info: Info) -> ControlProfile:
    from schema.experiments.types import ControlProfile

    async with info.context.read_session() as session:
        version = await control_profile.current(session)
    return ControlProfile.from_version(version)


async def set_control_profile(
    info: Info,
    input: Annotated[SetControlProfileInput, strawberry.argument(description="The changes.")],
) -> SetControlProfileResult:
    from schema.experiments.operations import SetControlProfileSuccess
    from schema.experiments.types import ControlProfile

    context = info.context
    try:
        async with context.session() as session:
            version = await control_profile.update(
                session, changed_by=context.principal.user_id, changes=input.changes()
            )
            await session.commit()
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    control_profile.forget()
    return SetControlProfileSuccess(profile=ControlProfile.from_version(version))
