"""Mutations of the apps area: projects, apps and versions. Each is one transaction; a refusal
(a typed error in the result union) rolls it back, so nothing is written."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry
from redis.exceptions import RedisError
from strawberry import relay

from domain import events
from domain.apps import feed, projects, quantum_apps, versions
from domain.apps.feed import AppChangeKind
from domain.db import AsyncSession
from domain.errors import DomainError, NotFound
from domain.notifications import send as notifications
from qraph.context import Context
from resolvers.limits import check_mutation_rate
from schema.apps.inputs import (
    CreateAppVersionInput,
    CreateProjectInput,
    ReleaseProjectInput,
    UpdateAppInput,
    UpdateAppVersionInput,
    UpdateProjectInput,
)
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.apps.operations import (
        AppVersionStatusResult,
        ArchiveAppResult,
        CreateAppVersionResult,
        CreateProjectResult,
        DeleteProjectResult,
        ReleaseProjectResult,
        UpdateAppResult,
        UpdateAppVersionResult,
        UpdateProjectResult,
    )

Info = strawberry.Info[Context, None]
T = TypeVar("T")


ProjectId = Annotated[strawberry.ID, strawberry.argument(description="The Project's global ID.")]
AppId = Annotated[strawberry.ID, strawberry.argument(description="The QuantumApp's global ID.")]
VersionId = Annotated[strawberry.ID, strawberry.argument(description="The AppVersion's global ID.")]


def parse_id(raw: str, type_name: str) -> uuid.UUID:
    """The uuid of a global ID of `type_name`; NotFound for anything else."""
    try:
        global_id = relay.GlobalID.from_id(raw)
        if global_id.type_name == type_name:
            return uuid.UUID(global_id.node_id)
    except (relay.GlobalIDValueError, ValueError, TypeError):
        pass
    raise NotFound(f"No such {type_name}.")


async def announce(info: Info, app_id: uuid.UUID, kind: AppChangeKind) -> None:
    """Tell `appUpdated` subscribers in every process, after the commit. The change is
    committed already: a Redis failure only means subscribers see it on the next event."""
    with suppress(RedisError, OSError):
        await events.publish(info.context.services.redis, feed.event(app_id, kind))


async def in_transaction(
    info: Info, work: Callable[[AsyncSession], Awaitable[T]], *, rate_limited: bool = False
) -> T:
    if rate_limited:
        await check_mutation_rate(info)
    async with info.context.session() as session, session.begin():
        return await work(session)


async def create_project(
    info: Info, input: Annotated[CreateProjectInput, strawberry.argument(description="It.")]
) -> CreateProjectResult:
    from schema.apps.operations import CreateProjectSuccess
    from schema.apps.types import Project

    principal = info.context.principal
    try:
        row = await in_transaction(
            info,
            lambda s: projects.create(
                s, principal=principal, name=input.name, description=input.description
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return CreateProjectSuccess(project=Project.from_model(row))


async def update_project(
    info: Info,
    id: ProjectId,
    input: Annotated[UpdateProjectInput, strawberry.argument(description="The changes.")],
) -> UpdateProjectResult:
    from schema.apps.operations import UpdateProjectSuccess
    from schema.apps.types import Project

    principal = info.context.principal
    try:
        project_id = parse_id(id, "Project")
        row = await in_transaction(
            info,
            lambda s: projects.update(
                s,
                principal=principal,
                project_id=project_id,
                name=input.name,
                description=input.description,
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return UpdateProjectSuccess(project=Project.from_model(row))


async def delete_project(info: Info, id: ProjectId) -> DeleteProjectResult:
    from schema.apps.operations import DeleteProjectSuccess

    principal = info.context.principal
    try:
        project_id = parse_id(id, "Project")
        await in_transaction(
            info,
            lambda s: projects.delete_project(s, principal=principal, project_id=project_id),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return DeleteProjectSuccess(deleted_id=strawberry.ID(id))


async def release_project(
    info: Info,
    project_id: ProjectId,
    input: Annotated[ReleaseProjectInput, strawberry.argument(description="The app.")],
) -> ReleaseProjectResult:
    from schema.apps.operations import ReleaseProjectSuccess
    from schema.apps.types import QuantumApp

    principal = info.context.principal
    try:
        parsed = parse_id(project_id, "Project")
        row = await in_transaction(
            info,
            lambda s: quantum_apps.release(
                s, principal=principal, project_id=parsed, fields=input.to_fields()
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return ReleaseProjectSuccess(app=QuantumApp.from_model(row))


async def update_app(
    info: Info,
    id: AppId,
    input: Annotated[UpdateAppInput, strawberry.argument(description="The changes.")],
) -> UpdateAppResult:
    from schema.apps.operations import UpdateAppSuccess
    from schema.apps.types import QuantumApp

    principal = info.context.principal
    try:
        app_id = parse_id(id, "QuantumApp")
        row = await in_transaction(
            info,
            lambda s: quantum_apps.update(
                s, principal=principal, app_id=app_id, fields=input.to_fields()
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, row.id, AppChangeKind.STATUS)
    return UpdateAppSuccess(app=QuantumApp.from_model(row))


async def archive_app(
    info: Info,
    id: AppId,
    archived: Annotated[
        bool, strawberry.argument(description="False restores an archived app.")
    ] = True,
) -> ArchiveAppResult:
    from schema.apps.operations import ArchiveAppSuccess
    from schema.apps.types import QuantumApp

    principal = info.context.principal
    try:
        app_id = parse_id(id, "QuantumApp")
        row = await in_transaction(
            info,
            lambda s: quantum_apps.set_archived(
                s, principal=principal, app_id=app_id, archived=archived
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, row.id, AppChangeKind.STATUS)
    return ArchiveAppSuccess(app=QuantumApp.from_model(row))


async def create_app_version(
    info: Info,
    app_id: AppId,
    input: Annotated[CreateAppVersionInput, strawberry.argument(description="The version.")],
) -> CreateAppVersionResult:
    from schema.apps.operations import CreateAppVersionSuccess
    from schema.apps.types import AppVersion

    principal = info.context.principal
    try:
        parsed = parse_id(app_id, "QuantumApp")
        row = await in_transaction(
            info,
            lambda s: versions.create(
                s,
                principal=principal,
                app_id=parsed,
                version=input.version,
                content=input.to_content(),
            ),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, row.app_id, AppChangeKind.VERSION)
    return CreateAppVersionSuccess(version=AppVersion.from_model(row))


async def update_app_version(
    info: Info,
    id: VersionId,
    input: Annotated[UpdateAppVersionInput, strawberry.argument(description="The changes.")],
) -> UpdateAppVersionResult:
    from schema.apps.operations import UpdateAppVersionSuccess
    from schema.apps.types import AppVersion

    principal = info.context.principal
    try:
        version_id = parse_id(id, "AppVersion")
        row = await in_transaction(
            info,
            lambda s: versions.update_draft(
                s, principal=principal, version_id=version_id, content=input.to_content()
            ),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return UpdateAppVersionSuccess(version=AppVersion.from_model(row))


async def _move(
    info: Info, id: str, transition: str, reason: str | None = None
) -> AppVersionStatusResult:
    from schema.apps.operations import AppVersionStatusChanged
    from schema.apps.types import AppVersion

    principal = info.context.principal
    try:
        version_id = parse_id(id, "AppVersion")
        row = await in_transaction(
            info,
            lambda s: versions.move(
                s,
                principal=principal,
                version_id=version_id,
                transition=transition,
                reason=reason,
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, row.app_id, AppChangeKind.VERSION)
    if transition == "publish":  # NEW_VERSION went to many users: their subscribers re-read
        await notifications.publish(info.context.services.redis, notifications.everyone_event())
    return AppVersionStatusChanged(version=AppVersion.from_model(row))


async def publish_app_version(info: Info, id: VersionId) -> AppVersionStatusResult:
    return await _move(info, id, "publish")


async def deprecate_app_version(info: Info, id: VersionId) -> AppVersionStatusResult:
    return await _move(info, id, "deprecate")


async def yank_app_version(
    info: Info,
    id: VersionId,
    reason: Annotated[
        str | None, strawberry.argument(description="Why, for those pinned to it (≤ 500).")
    ] = None,
) -> AppVersionStatusResult:
    return await _move(info, id, "yank", reason)
