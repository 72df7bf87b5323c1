"""Apps inputs and enums: what creating and changing projects, apps and versions take."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from domain.apps import models
from domain.apps.quantum_apps import AppFields
from domain.apps.versions import VersionContent

AppCategory = strawberry.enum(models.AppCategory, description="What an app is for.")
AppVisibility = strawberry.enum(
    models.AppVisibility,
    description=(
        "PUBLIC: anyone may read the app. UNLISTED: only its owner and admins; others read null."
    ),
)
AppVersionStatus = strawberry.enum(
    models.VersionStatus,
    description=(
        "DRAFT (editable, owner only) → PUBLISHED (immutable) → DEPRECATED or YANKED. A yanked "
        "version still reads for those pinned to it but is never the latest."
    ),
)


@strawberry.input(description="A new project.")
class CreateProjectInput:
    name: str = strawberry.field(description="1 to 100 characters, one line.")
    description: str | None = strawberry.field(
        default=None, description="At most 5,000 characters."
    )


@strawberry.input(description="Changes to a project; omitted fields stay as they are.")
class UpdateProjectInput:
    name: str | None = strawberry.field(default=None, description="1 to 100 characters.")
    description: str | None = strawberry.field(
        default=None, description="At most 5,000 characters."
    )


@strawberry.input(description="How a project is released as an app.")
class ReleaseProjectInput:
    slug: str = strawberry.field(
        description="Unique and permanent: 3 to 64 lowercase letters, digits and single hyphens."
    )
    name: str = strawberry.field(description="1 to 100 characters.")
    summary: str = strawberry.field(description="One line of at most 200 characters.")
    description: str | None = strawberry.field(
        default=None, description="Markdown, at most 20,000 characters."
    )
    category: AppCategory = strawberry.field(  # type: ignore[valid-type]
        default=models.AppCategory.OTHER, description="What the app is for."
    )
    tags: list[str] = strawberry.field(
        default_factory=list,
        description="At most 10 distinct tags: 1 to 32 lowercase letters, digits and hyphens.",
    )
    visibility: AppVisibility = strawberry.field(  # type: ignore[valid-type]
        default=models.AppVisibility.PUBLIC, description="Who may read the app."
    )

    def to_fields(self) -> AppFields:
        return AppFields(
            slug=self.slug,
            name=self.name,
            summary=self.summary,
            description=self.description,
            category=models.AppCategory(self.category),
            visibility=models.AppVisibility(self.visibility),
            tags=self.tags,
        )


@strawberry.input(description="Changes to an app; omitted fields stay as they are.")
class UpdateAppInput:
    name: str | None = strawberry.field(default=None, description="1 to 100 characters.")
    summary: str | None = strawberry.field(default=None, description="One line, ≤ 200 chars.")
    description: str | None = strawberry.field(default=None, description="Markdown, ≤ 20,000.")
    category: AppCategory | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="What the app is for."
    )
    tags: list[str] | None = strawberry.field(
        default=None, description="The new tags (replacing the old), at most 10."
    )
    visibility: AppVisibility | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Who may read the app."
    )

    def to_fields(self) -> AppFields:
        return AppFields(
            name=self.name,
            summary=self.summary,
            description=self.description,
            category=models.AppCategory(self.category) if self.category else None,
            visibility=models.AppVisibility(self.visibility) if self.visibility else None,
            tags=self.tags,
        )


_TEMPLATE = (
    "OpenQASM 3 with its parameters declared as `input angle[32] theta;` or "
    "`input float[64] x;`, parsed as jobs are: an error comes back with its line and column."
)
_CONSTRAINTS = (
    "Per input name: `minimum`, `maximum`, `enum` (numbers) and `description`, e.g. "
    '`{"theta": {"minimum": 0, "maximum": 6.283}}`. They must fit the declared types.'
)


@strawberry.input(description="A new version of an app, created as a DRAFT.")
class CreateAppVersionInput:
    version: str = strawberry.field(description="A semantic version: `1.2.0`, `2.0.0-rc.1`.")
    template: str = strawberry.field(description=_TEMPLATE)
    constraints: JSON | None = strawberry.field(default=None, description=_CONSTRAINTS)
    release_notes: str | None = strawberry.field(
        default=None, description="Markdown, at most 20,000 characters."
    )
    sdk: str | None = strawberry.field(
        default=None, description="The SDK it was built with, e.g. `qiskit 2.2` (default qiskit)."
    )
    documentation: str | None = strawberry.field(
        default=None, description="Markdown, at most 100,000 characters."
    )
    default_shots: int | None = strawberry.field(
        default=None, description="Shots a run takes unless told (1 to 100,000; 1,024)."
    )

    def to_content(self) -> VersionContent:
        return VersionContent(
            template=self.template,
            release_notes=self.release_notes,
            sdk=self.sdk,
            documentation=self.documentation,
            constraints=self.constraints,
            default_shots=self.default_shots,
        )


@strawberry.input(description="Changes to a DRAFT version; omitted fields stay as they are.")
class UpdateAppVersionInput:
    template: str | None = strawberry.field(default=None, description=_TEMPLATE)
    constraints: JSON | None = strawberry.field(default=None, description=_CONSTRAINTS)
    release_notes: str | None = strawberry.field(default=None, description="Markdown.")
    sdk: str | None = strawberry.field(default=None, description="The SDK it was built with.")
    documentation: str | None = strawberry.field(default=None, description="Markdown.")
    default_shots: int | None = strawberry.field(default=None, description="1 to 100,000.")

    def to_content(self) -> VersionContent:
        return VersionContent(
            template=self.template,
            release_notes=self.release_notes,
            sdk=self.sdk,
            documentation=self.documentation,
            constraints=self.constraints,
            default_shots=self.default_shots,
        )
