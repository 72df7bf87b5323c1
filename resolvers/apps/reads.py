"""Reading the apps area: one object by ID or slug, the caller's lists, and the relations.

Every object is filtered through domain.apps.access where it is reached, so another user's
project, an unlisted app or a draft version reads as null, as a missing one does.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from domain.apps import access, entitlements, projects, quantum_apps, version_reads
from domain.apps.models import AppVersion as VersionRow
from domain.apps.models import Project as ProjectRow
from domain.apps.models import QuantumApp as AppRow
from domain.apps.models import Tag as TagRow
from domain.pagination import Page, SortKey
from qraph.context import Context
from resolvers.apps.loaders import app_loaders
from resolvers.jobs.loaders import job_loaders
from resolvers.loaders import now_or_later
from resolvers.lookahead import Selected, selected, selected_once
from resolvers.pages import page_size
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.apps.types import AppVersion, BackendCostEstimate, Project, QuantumApp, Tag
    from schema.identity.users import User
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to go on after.")]
PROJECTS = "projects:created:desc"
APPS = "apps:created:desc"
VERSIONS = "versions:precedence:desc"
COSTS = "costs:backend:asc"
# Selected AppVersion fields and the optional columns they read.
_VERSION_COLUMNS = {
    "template": "template",
    "documentation": "documentation",
    "releaseNotes": "release_notes",
    "inputSchema": "input_schema",
    "constraints": "constraints",
    "costEstimates": "cost_estimates",
}


def version_columns(fields: Selected) -> frozenset[str]:
    """The optional columns that these selected AppVersion fields read."""
    return frozenset(column for name, column in _VERSION_COLUMNS.items() if name in fields)


def _uuids(keys: Iterable[Any]) -> list[uuid.UUID | None]:
    found: list[uuid.UUID | None] = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(None)
    return found


async def _load(loader: Any, ids: list[Any]) -> list[Any]:
    wanted = [i for i in ids if i is not None]
    rows = dict(zip(wanted, await loader.load_many(wanted), strict=True))
    return [rows.get(i) if i is not None else None for i in ids]


async def visible_projects(info: Info, node_ids: Iterable[Any]) -> list[ProjectRow | None]:
    """Projects by key; null for unknown ones and for anyone's but the caller's (or admin's)."""
    principal = info.context.principal
    rows = await _load(app_loaders(info.context).project_by_id, _uuids(node_ids))
    if not access.may_read(principal):
        return [None] * len(rows)
    return [r if r is not None and principal.owns(r.owner_id) else None for r in rows]


async def visible_apps(info: Info, node_ids: Iterable[Any]) -> list[AppRow | None]:
    principal = info.context.principal
    rows = await _load(app_loaders(info.context).app_by_id, _uuids(node_ids))
    return [
        r
        if r is not None and (access.may_read_app(principal, r) or await _ran_archived(info, r))
        else None
        for r in rows
    ]


async def visible_versions(info: Info, node_ids: Iterable[Any]) -> list[VersionRow | None]:
    loaders = app_loaders(info.context)
    loader = loaders.version_by_id_with(version_columns(selected(info)))
    rows: list[VersionRow | None] = await _load(loader, _uuids(node_ids))
    apps = await _load(loaders.app_by_id, [r.app_id if r else None for r in rows])
    principal = info.context.principal
    return [
        row
        if row is not None and app is not None and access.may_read_version(principal, app, row)
        else None
        for row, app in zip(rows, apps, strict=True)
    ]


async def tags_by_ids(info: Info, node_ids: Iterable[Any]) -> list[TagRow | None]:
    ids: list[int | None] = []
    for key in node_ids:
        ids.append(int(key) if str(key).isdigit() and len(str(key)) < 10 else None)
    if not access.may_read(info.context.principal):
        return [None] * len(ids)
    return await _load(app_loaders(info.context).tag_by_id, ids)


async def app(
    info: Info,
    slug: Annotated[str, strawberry.argument(description="The app's slug, e.g. `vqe-h2`.")],
) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    if len(slug) > 64:
        return None
    row = await app_loaders(info.context).app_by_slug.load(slug)
    if row is None:
        return None
    if not access.may_read_app(info.context.principal, row) and not await _ran_archived(info, row):
        return None
    return QuantumApp.from_model(row)


async def _ran_archived(info: Info, row: AppRow) -> bool:
    """An archived public app stays readable to those who ran it (one EXISTS, only then)."""
    principal = info.context.principal
    if row.archived_at is None or row.visibility != "PUBLIC" or principal.user_id is None:
        return False
    if not access.may_read(principal):
        return False
    async with info.context.session() as session:
        return await entitlements.has_run(session, user_id=principal.user_id, app_id=row.id)


async def my_projects(info: Info, first: First = None, after: After = None) -> Connection[Project]:
    from schema.apps.types import Project

    owner_id = info.context.principal.user_id
    assert owner_id is not None  # IsAuthenticated ran first
    request = _request(PROJECTS, projects.PROJECT_KEYS, first, after)
    size = page_size(info.context, request)
    async with info.context.session() as session:
        page = await projects.list_for_owner(session, owner_id=owner_id, request=request, size=size)

    async def count() -> int:
        async with info.context.session() as session:
            return await projects.count_for_owner(session, owner_id=owner_id)

    return to_connection(page, ordering=PROJECTS, node=Project.from_model, count=count)


async def my_apps(info: Info, first: First = None, after: After = None) -> Connection[QuantumApp]:
    from schema.apps.types import QuantumApp

    owner_id = info.context.principal.user_id
    assert owner_id is not None  # IsAuthenticated ran first
    request = _request(APPS, quantum_apps.APP_KEYS, first, after)
    size = page_size(info.context, request)
    async with info.context.session() as session:
        page = await quantum_apps.list_for_owner(
            session, owner_id=owner_id, request=request, size=size
        )
    await prefetch_apps(info, page.items, selected(info, "edges", "node"))

    async def count() -> int:
        async with info.context.session() as session:
            return await quantum_apps.count_for_owner(session, owner_id=owner_id)

    return to_connection(page, ordering=APPS, node=QuantumApp.from_model, count=count)


def _request(ordering: str, keys: list[SortKey], first: int | None, after: str | None) -> Any:
    return page_request(
        ordering=ordering, keys=keys, first=first, after=after, last=None, before=None
    )


async def prefetch_apps(info: Info, rows: list[AppRow], fields: Selected) -> None:
    """Load the relations a page of apps selects, one batch each, before its items resolve."""
    loaders = app_loaders(info.context)
    ids = [r.id for r in rows]
    pending: list[Awaitable[Any]] = []
    if "tags" in fields:
        pending.append(loaders.tags_by_app.load_many(ids))
    if "latestVersion" in fields:
        columns = version_columns(fields["latestVersion"])
        pending.append(loaders.latest_version_by_app_with(columns).load_many(ids))
    if "owner" in fields:
        pending.append(job_loaders(info.context).user_by_id.load_many([r.owner_id for r in rows]))
    if rows and pending:
        await asyncio.gather(*pending)


# Relations are sync: a page that prefetched them (`prefetch_apps`) completes each item without a
# coroutine; otherwise they return an awaitable, which graphql-core awaits (`now_or_later`).


def project_owner(root: strawberry.Parent[Project], info: Info) -> User | None:
    from schema.identity.users import User

    found = job_loaders(info.context).user_by_id.load(root.row.owner_id)
    return cast("User | None", now_or_later(found, lambda r: User.from_model(r) if r else None))


def project_app(root: strawberry.Parent[Project], info: Info) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    found = app_loaders(info.context).app_by_project.load(root.row.id)
    app_ = now_or_later(found, lambda r: QuantumApp.from_model(r) if r else None)
    return cast("QuantumApp | None", app_)


def app_owner(root: strawberry.Parent[QuantumApp], info: Info) -> User | None:
    from schema.identity.users import User

    found = job_loaders(info.context).user_by_id.load(root.row.owner_id)
    return cast("User | None", now_or_later(found, lambda r: User.from_model(r) if r else None))


async def app_project(root: strawberry.Parent[QuantumApp], info: Info) -> Project | None:
    from schema.apps.types import Project

    if not info.context.principal.owns(root.row.owner_id):
        return None
    row = await app_loaders(info.context).project_by_id.load(root.row.project_id)
    return Project.from_model(row) if row is not None else None


def app_tags(root: strawberry.Parent[QuantumApp], info: Info) -> list[Tag]:
    from schema.apps.types import Tag

    found = app_loaders(info.context).tags_by_app.load(root.row.id)
    return cast("list[Tag]", now_or_later(found, lambda rows: [Tag.from_model(r) for r in rows]))


def app_latest_version(root: strawberry.Parent[QuantumApp], info: Info) -> AppVersion | None:
    from schema.apps.types import AppVersion

    # Once per place in the query, not per app: every app of a page selects the same fields.
    columns = version_columns(selected_once(info))
    found = app_loaders(info.context).latest_version_by_app_with(columns).load(root.row.id)
    latest = now_or_later(found, lambda r: AppVersion.from_model(r) if r else None)
    return cast("AppVersion | None", latest)


async def app_versions(
    root: strawberry.Parent[QuantumApp],
    info: Info,
    include_prerelease: Annotated[
        bool, strawberry.argument(description="Also list pre-releases such as 2.0.0-rc.1.")
    ] = False,
    first: First = None,
    after: After = None,
) -> Connection[AppVersion]:
    from schema.apps.types import AppVersion

    drafts = info.context.principal.owns(root.row.owner_id)
    ordering = f"{VERSIONS}:{int(include_prerelease)}:{int(drafts)}"
    request = _request(ordering, version_reads.VERSION_KEYS, first, after)
    size = page_size(info.context, request)
    columns = version_columns(selected(info, "edges", "node"))
    app_id = root.row.id
    async with info.context.session() as session:
        page = await version_reads.list_versions(
            session,
            app_id=app_id,
            drafts=drafts,
            prereleases=include_prerelease,
            request=request,
            size=size,
            columns=columns,
        )

    async def count() -> int:
        async with info.context.session() as session:
            return await version_reads.count_versions(
                session, app_id=app_id, drafts=drafts, prereleases=include_prerelease
            )

    return to_connection(page, ordering=ordering, node=AppVersion.from_model, count=count)


async def app_version(
    root: strawberry.Parent[QuantumApp],
    info: Info,
    version: Annotated[str, strawberry.argument(description="e.g. `1.2.0` or `2.0.0-rc.1`.")],
) -> AppVersion | None:
    from schema.apps.types import AppVersion

    async with info.context.session() as session:
        row = await version_reads.get_by_version(
            session,
            app_id=root.row.id,
            version=version,
            columns=version_columns(selected(info)),
        )
    if row is None or not access.may_read_version(info.context.principal, root.row, row):
        return None
    return AppVersion.from_model(row)


async def version_app(root: strawberry.Parent[AppVersion], info: Info) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    row = await app_loaders(info.context).app_by_id.load(root.row.app_id)
    if row is None or not access.may_read_app(info.context.principal, row):
        return None
    return QuantumApp.from_model(row)


def version_cost_estimates(
    root: strawberry.Parent[AppVersion], info: Info, first: First = None, after: After = None
) -> Connection[BackendCostEstimate]:
    """A page of the stored estimates, by backend name (they are one JSON column)."""
    from schema.apps.types import cost_estimate
    from schema.relay import constant_count

    keys = [SortKey(None, str)]
    request = _request(COSTS, keys, first, after)
    size = page_size(info.context, request)
    items = root.row.cost_estimates
    if request.after is not None:
        items = [i for i in items if i["backend"] > request.after[0]]
    window = items[:size]
    page = Page(
        items=window,
        cursors=[(i["backend"],) for i in window],
        has_next_page=len(items) > size,
        has_previous_page=request.after is not None,
    )
    total = len(root.row.cost_estimates)
    return to_connection(page, ordering=COSTS, node=cost_estimate, count=constant_count(total))
