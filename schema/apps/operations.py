"""Apps: the root fields and mutations of projects, apps and versions, with their results."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import BasePermission

from domain.identity.principal import Scope
from resolvers.apps import changes as change
from resolvers.apps import reads as resolve
from schema.apps.types import AppVersion, Project, QuantumApp
from schema.errors import (
    AppArchivedError,
    AppVersionImmutableError,
    CircuitLimitExceededError,
    ForbiddenError,
    InvalidCircuitError,
    InvalidInputError,
    InvalidVersionTransitionError,
    NotFoundError,
    ProjectHasPublishedVersionsError,
    RateLimitedError,
)
from schema.permissions import HAS_SCOPE, IsAuthenticated
from schema.relay import Connection

READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.APPS_READ]]
# A session holds `apps:write` only with the DEVELOPER (or ADMIN) role; a key only if given it.
WRITE: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.APPS_WRITE]]


@strawberry.type(description="The project was created.")
class CreateProjectSuccess:
    project: Project = strawberry.field(description="The project.")


@strawberry.type(description="The project was changed.")
class UpdateProjectSuccess:
    project: Project = strawberry.field(description="The project as it is now.")


@strawberry.type(description="The project (and its unpublished app, if any) was deleted.")
class DeleteProjectSuccess:
    deleted_id: strawberry.ID = strawberry.field(description="The deleted project's ID.")


@strawberry.type(description="The project is now an app.")
class ReleaseProjectSuccess:
    app: QuantumApp = strawberry.field(description="The app.")


@strawberry.type(description="The app was changed.")
class UpdateAppSuccess:
    app: QuantumApp = strawberry.field(description="The app as it is now.")


@strawberry.type(description="The app was archived (or restored).")
class ArchiveAppSuccess:
    app: QuantumApp = strawberry.field(description="The app as it is now.")


@strawberry.type(description="The version was created as a DRAFT.")
class CreateAppVersionSuccess:
    version: AppVersion = strawberry.field(description="The version.")


@strawberry.type(description="The draft version was changed.")
class UpdateAppVersionSuccess:
    version: AppVersion = strawberry.field(description="The version as it is now.")


@strawberry.type(description="The version moved to its new status.")
class AppVersionStatusChanged:
    version: AppVersion = strawberry.field(description="The version as it is now.")


CreateProjectResult = Annotated[
    CreateProjectSuccess | InvalidInputError | ForbiddenError,
    strawberry.union("CreateProjectResult", description="The outcome of `createProject`."),
]
UpdateProjectResult = Annotated[
    UpdateProjectSuccess | NotFoundError | InvalidInputError,
    strawberry.union("UpdateProjectResult", description="The outcome of `updateProject`."),
]
DeleteProjectResult = Annotated[
    DeleteProjectSuccess | NotFoundError | ProjectHasPublishedVersionsError,
    strawberry.union("DeleteProjectResult", description="The outcome of `deleteProject`."),
]
ReleaseProjectResult = Annotated[
    ReleaseProjectSuccess | NotFoundError | InvalidInputError | ForbiddenError,
    strawberry.union("ReleaseProjectResult", description="The outcome of `releaseProject`."),
]
UpdateAppResult = Annotated[
    UpdateAppSuccess | NotFoundError | ForbiddenError | InvalidInputError,
    strawberry.union("UpdateAppResult", description="The outcome of `updateApp`."),
]
ArchiveAppResult = Annotated[
    ArchiveAppSuccess | NotFoundError | ForbiddenError,
    strawberry.union("ArchiveAppResult", description="The outcome of `archiveApp`."),
]
CreateAppVersionResult = Annotated[
    CreateAppVersionSuccess
    | NotFoundError
    | ForbiddenError
    | InvalidInputError
    | InvalidCircuitError
    | CircuitLimitExceededError
    | AppArchivedError
    | RateLimitedError,
    strawberry.union("CreateAppVersionResult", description="The outcome of `createAppVersion`."),
]
UpdateAppVersionResult = Annotated[
    UpdateAppVersionSuccess
    | NotFoundError
    | ForbiddenError
    | InvalidInputError
    | InvalidCircuitError
    | CircuitLimitExceededError
    | AppVersionImmutableError
    | RateLimitedError,
    strawberry.union("UpdateAppVersionResult", description="The outcome of `updateAppVersion`."),
]
AppVersionStatusResult = Annotated[
    AppVersionStatusChanged
    | NotFoundError
    | ForbiddenError
    | InvalidInputError
    | InvalidVersionTransitionError
    | AppArchivedError,
    strawberry.union(
        "AppVersionStatusResult",
        description="The outcome of `publishAppVersion`, `deprecateAppVersion`, `yankAppVersion`.",
    ),
]


@strawberry.type
class AppQuery:
    my_projects: Connection[Project] = strawberry.field(
        resolver=resolve.my_projects,
        permission_classes=READ,
        description="Your projects, newest first.",
    )
    my_apps: Connection[QuantumApp] = strawberry.field(
        resolver=resolve.my_apps,
        permission_classes=READ,
        description="Your apps (unlisted and archived ones included), newest first.",
    )
    app: QuantumApp | None = strawberry.field(
        resolver=resolve.app,
        description=(
            "An app by its slug; null when there is none or you may not see it (another's "
            "unlisted or archived app, or an API key without `apps:read`)."
        ),
    )


@strawberry.type
class AppMutation:
    create_project: CreateProjectResult = strawberry.field(
        resolver=change.create_project,
        permission_classes=WRITE,
        description="Start a project (developers: see `enableDeveloperAccount`).",
    )
    update_project: UpdateProjectResult = strawberry.field(
        resolver=change.update_project,
        permission_classes=WRITE,
        description="Rename or redescribe one of your projects.",
    )
    delete_project: DeleteProjectResult = strawberry.field(
        resolver=change.delete_project,
        permission_classes=WRITE,
        description=(
            "Delete one of your projects, with its app, unless that app ever published a version."
        ),
    )
    release_project: ReleaseProjectResult = strawberry.field(
        resolver=change.release_project,
        permission_classes=WRITE,
        description="Release one of your projects as an app with a unique, permanent slug.",
    )
    update_app: UpdateAppResult = strawberry.field(
        resolver=change.update_app,
        permission_classes=WRITE,
        description="Change your app's name, summary, description, category, tags or visibility.",
    )
    archive_app: ArchiveAppResult = strawberry.field(
        resolver=change.archive_app,
        permission_classes=WRITE,
        description=(
            "Archive an app (its owner, or an admin moderating): no new versions, hidden from "
            "others. `archived: false` restores it."
        ),
    )
    create_app_version: CreateAppVersionResult = strawberry.field(
        resolver=change.create_app_version,
        permission_classes=WRITE,
        description=(
            "Add a DRAFT version to your app. The template is parsed as jobs are; its inputs "
            "make the input schema, and its qubits, depth, two-qubit gates and a cost per "
            "backend are stored. A refusal writes nothing. Rate-limited."
        ),
    )
    update_app_version: UpdateAppVersionResult = strawberry.field(
        resolver=change.update_app_version,
        permission_classes=WRITE,
        description="Change a DRAFT version; a published one is immutable. Rate-limited.",
    )
    publish_app_version: AppVersionStatusResult = strawberry.field(
        resolver=change.publish_app_version,
        permission_classes=WRITE,
        description="Publish a DRAFT version of your (unarchived) app; it is immutable after.",
    )
    deprecate_app_version: AppVersionStatusResult = strawberry.field(
        resolver=change.deprecate_app_version,
        permission_classes=WRITE,
        description="Deprecate a PUBLISHED version (owner, or an admin moderating).",
    )
    yank_app_version: AppVersionStatusResult = strawberry.field(
        resolver=change.yank_app_version,
        permission_classes=WRITE,
        description=(
            "Yank a PUBLISHED or DEPRECATED version (owner, or an admin moderating): it still "
            "reads for those pinned to it, but is never the latest."
        ),
    )
