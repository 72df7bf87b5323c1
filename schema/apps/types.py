"""The apps area's nodes: Project, QuantumApp, AppVersion and Tag, and their parts.

Every field reads its row only when selected (schema.lazy); relations go through the area's
loaders, and visibility (domain.apps.access) is applied where a node is reached.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from domain.apps import models
from resolvers.apps import distribution
from resolvers.apps import reads as resolve
from resolvers.apps import reviews as review_reads
from schema.apps.inputs import AppCategory, AppVersionStatus, AppVisibility
from schema.identity.users import User
from schema.jobs.types import Money
from schema.lazy import of_row, reads_row
from schema.relay import Connection

if TYPE_CHECKING:
    from strawberry.types import Info

    from schema.apps.distribution import MarketplaceListing, RegistryEntry
    from schema.apps.reviews import AppMetrics, RatingSummary, Review


@reads_row(key=lambda row: str(row.id), name="name")
@strawberry.type(description="A lowercase label shared by every app that carries it.")
class Tag(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.Tag]
    name: str = strawberry.field(description="The tag, e.g. `chemistry`.")

    @classmethod
    def from_model(cls, row: models.Tag) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.tags_by_ids(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@reads_row(
    key=lambda row: str(row.id),
    name="name",
    description="description",
    created_at="created_at",
    updated_at="updated_at",
)
@strawberry.type(description="A developer's work, released as an app with `releaseProject`.")
class Project(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.Project]
    name: str = strawberry.field(description="The project's name.")
    description: str | None = strawberry.field(description="What it is about.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    owner: User | None = strawberry.field(resolver=resolve.project_owner, description="Its owner.")
    app: QuantumApp | None = strawberry.field(
        resolver=resolve.project_app, description="The app it was released as; null before."
    )

    @classmethod
    def from_model(cls, row: models.Project) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_projects(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@reads_row(
    key=lambda row: str(row.id),
    slug="slug",
    name="name",
    summary="summary",
    description="description",
    category="category",
    visibility="visibility",
    archived=lambda row: row.archived_at is not None,
    archived_at="archived_at",
    created_at="created_at",
    updated_at="updated_at",
    run_count="run_count",
    downloads="downloads",
    rating="rating",
    rating_count="rating_count",
)
@strawberry.type(description="A released project: a circuit template others run with inputs.")
class QuantumApp(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.QuantumApp]
    slug: str = strawberry.field(description="Unique and permanent, e.g. `vqe-h2`.")
    name: str = strawberry.field(description="The app's name.")
    summary: str = strawberry.field(description="One line about it.")
    description: str = strawberry.field(description="Markdown.")
    category: AppCategory = strawberry.field(description="What it is for.")  # type: ignore[valid-type]
    visibility: AppVisibility = strawberry.field(description="Who may read it.")  # type: ignore[valid-type]
    archived: bool = strawberry.field(
        description="Archived: no new versions, hidden from others (restore with archiveApp)."
    )
    archived_at: datetime | None = strawberry.field(description="When it was archived.")
    created_at: datetime = strawberry.field(description="When it was released.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    run_count: int = strawberry.field(description="Runs (runApp jobs) that completed.")
    downloads: int = strawberry.field(description="Registry packages served, all versions.")
    rating: Decimal | None = strawberry.field(
        description="Average review rating (1 to 5); null until reviewed."
    )
    rating_count: int = strawberry.field(description="How many reviews the rating averages.")
    tags: list[Tag] = strawberry.field(
        resolver=resolve.app_tags, description="Its tags (at most 10), by name."
    )
    owner: User | None = strawberry.field(
        resolver=resolve.app_owner, description="The developer who released it."
    )
    project: Project | None = strawberry.field(
        resolver=resolve.app_project,
        description="The project it was released from; null unless you own it (or are admin).",
    )
    latest_version: AppVersion | None = strawberry.field(
        resolver=resolve.app_latest_version,
        description=(
            "The default version: the highest PUBLISHED release by semantic-version "
            "precedence (a DEPRECATED one only when no published release is left). Never a "
            "draft, a pre-release or a yanked version; null when there is none."
        ),
    )
    versions: Connection[AppVersion] = strawberry.field(
        resolver=resolve.app_versions,
        description=(
            "Versions, highest precedence first (1.10.0 before 1.9.0, 1.0.0 before "
            "1.0.0-rc.1). Drafts only for the owner; yanked ones are listed."
        ),
    )
    version: AppVersion | None = strawberry.field(
        resolver=resolve.app_version,
        description="One version by its semantic version (build metadata ignored), or null.",
    )
    marketplace_listing: (
        Annotated[MarketplaceListing, strawberry.lazy("schema.apps.distribution")] | None
    ) = strawberry.field(
        resolver=distribution.app_listing,
        description="Its marketplace listing; null when none (a draft one: only for the owner).",
    )
    rating_summary: Annotated[RatingSummary, strawberry.lazy("schema.apps.reviews")] = (
        strawberry.field(
            resolver=review_reads.app_rating_summary,
            description="Average, count and histogram by star of its visible reviews.",
        )
    )
    reviews: Connection[Annotated[Review, strawberry.lazy("schema.apps.reviews")]] = (
        strawberry.field(
            resolver=review_reads.app_reviews,
            description=(
                "Its reviews, newest first; hidden ones only for their author and admins."
            ),
        )
    )
    metrics: Annotated[AppMetrics, strawberry.lazy("schema.apps.reviews")] | None = (
        strawberry.field(
            resolver=review_reads.app_metrics,
            description="Runs, users, downloads and rating, for its owner and admins; null else.",
        )
    )

    @classmethod
    def from_model(cls, row: models.QuantumApp) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_apps(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="Figures of a version's circuit, computed when it was created.")
class AppVersionEstimates:
    qubits: int = strawberry.field(description="Qubits the template declares.")
    depth: int = strawberry.field(description="Circuit depth.")
    two_qubit_gates: int = strawberry.field(description="Two-qubit operations.")
    shots: int = strawberry.field(description="The default shots the costs are for.")


@strawberry.type(description="What one run of a version costs on one backend, at list price.")
class BackendCostEstimate:
    backend_name: str = strawberry.field(description="The backend's name.")
    cost: Money = strawberry.field(description="Per-task + per-shot price × the default shots.")


def _estimates(row: models.AppVersion) -> AppVersionEstimates:
    return AppVersionEstimates(
        qubits=row.qubits,
        depth=row.depth,
        two_qubit_gates=row.two_qubit_gates,
        shots=row.default_shots,
    )


@reads_row(
    key=lambda row: str(row.id),
    version="version",
    prerelease="prerelease",
    status="status",
    release_notes="release_notes",
    sdk="sdk",
    template="template",
    input_schema="input_schema",
    constraints="constraints",
    documentation="documentation",
    default_shots="default_shots",
    estimates=_estimates,
    created_at="created_at",
    updated_at="updated_at",
    published_at="published_at",
    deprecated_at="deprecated_at",
    yanked_at="yanked_at",
    yank_reason="yank_reason",
)
@strawberry.type(description="One semantic version of an app; immutable once published.")
class AppVersion(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.AppVersion]
    version: str = strawberry.field(description="The semantic version, e.g. `1.2.0`.")
    prerelease: bool = strawberry.field(description="True for `1.0.0-rc.1` and the like.")
    status: AppVersionStatus = strawberry.field(description="Where it is.")  # type: ignore[valid-type]
    release_notes: str = strawberry.field(description="Markdown.")
    sdk: str = strawberry.field(description="The SDK it was built with.")
    template: str = strawberry.field(description="The OpenQASM 3 template.")
    input_schema: JSON = strawberry.field(
        description=(
            "JSON Schema (2020-12) of the inputs: one required number per `input` of the "
            "template, with the developer's constraints; render a form from it."
        )
    )
    constraints: JSON = strawberry.field(description="The developer's constraints, as given.")
    documentation: str = strawberry.field(description="Markdown.")
    default_shots: int = strawberry.field(description="Shots a run takes unless told.")
    estimates: AppVersionEstimates = strawberry.field(description="Qubits, depth, gates.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    deprecated_at: datetime | None = strawberry.field(description="When it was deprecated.")
    yanked_at: datetime | None = strawberry.field(description="When it was yanked.")
    yank_reason: str | None = strawberry.field(description="Why it was yanked.")
    cost_estimates: Connection[BackendCostEstimate] = strawberry.field(
        resolver=resolve.version_cost_estimates,
        description="A run's list price on each backend that holds it, by backend name.",
    )
    app: QuantumApp | None = strawberry.field(
        resolver=resolve.version_app, description="The app it is a version of."
    )
    registry_entry: Annotated[RegistryEntry, strawberry.lazy("schema.apps.distribution")] | None = (
        strawberry.field(
            resolver=distribution.version_registry_entry,
            description="Its registry entry, once published to the registry; null before.",
        )
    )

    @classmethod
    def from_model(cls, row: models.AppVersion) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_versions(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


def cost_estimate(item: dict[str, Any]) -> BackendCostEstimate:
    return BackendCostEstimate(
        backend_name=item["backend"],
        cost=Money(amount=Decimal(item["amount"]), currency=item["currency"]),
    )
