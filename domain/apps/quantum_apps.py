"""Quantum apps: release a project as one, edit it, archive it, and read apps and their tags."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from domain.apps import access, projects, validation
from domain.apps.models import AppCategory, AppVisibility, QuantumApp, Tag, app_tags
from domain.db import AsyncSession
from domain.errors import AlreadyExists, NotFound
from domain.identity.principal import Principal
from domain.pagination import Page, PageRequest, SortKey, keyset_page

APP_KEYS = [
    SortKey(QuantumApp.created_at, datetime, True),
    SortKey(QuantumApp.id, uuid.UUID, True),
]


@dataclass(frozen=True, slots=True)
class AppFields:
    """What a release sets, or (None = unchanged) what an update changes."""

    slug: str | None = None
    name: str | None = None
    summary: str | None = None
    description: str | None = None
    category: AppCategory | None = None
    visibility: AppVisibility | None = None
    tags: Sequence[str] | None = None


def _check(fields: AppFields) -> None:
    if fields.slug is not None:
        validation.check_slug(fields.slug)
    if fields.name is not None:
        validation.check_name(fields.name)
    if fields.summary is not None:
        validation.check_text(
            fields.summary,
            field="summary",
            maximum=validation.MAX_SUMMARY,
            required=True,
            one_line=True,
        )
    if fields.description is not None:
        validation.check_text(
            fields.description, field="description", maximum=validation.MAX_DESCRIPTION
        )
    if fields.tags is not None:
        validation.check_tags(fields.tags)


async def release(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID, fields: AppFields
) -> QuantumApp:
    """Turn the caller's project into an app with a unique slug (one app per project)."""
    access.check_developer(principal)
    _check(fields)
    assert fields.slug is not None and fields.name is not None and fields.summary is not None
    project = await projects.get_owned(
        session, principal=principal, project_id=project_id, lock=True
    )
    if await session.scalar(select(QuantumApp.id).where(QuantumApp.project_id == project.id)):
        raise AlreadyExists("This project was already released as an app.", field="projectId")
    app = QuantumApp(
        owner_id=project.owner_id,
        project_id=project.id,
        slug=fields.slug,
        name=validation.check_name(fields.name),
        summary=fields.summary,
        description=fields.description or "",
        category=fields.category or AppCategory.OTHER,
        visibility=fields.visibility or AppVisibility.PUBLIC,
    )
    session.add(app)
    try:
        await session.flush()
    except IntegrityError as exc:
        if "slug" in str(exc.orig):
            raise AlreadyExists(f"The slug `{fields.slug}` is taken.", field="slug") from None
        raise
    await _set_tags(session, app.id, fields.tags or [])
    return app


async def get_for_change(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    moderate: bool = False,
    lock: bool = True,
) -> QuantumApp:
    """The app (locked unless `lock` is false) if the caller may change it: its owner, or an
    admin moderating."""
    stmt = select(QuantumApp).where(QuantumApp.id == app_id)
    app = await session.scalar(stmt.with_for_update() if lock else stmt)
    if app is None:
        raise NotFound("No such app.")
    visible = access.may_read_app(principal, app)
    check = access.check_moderator if moderate else access.check_owner
    check(principal, app.owner_id, visible=visible, what="app")
    return app


async def update(
    session: AsyncSession, *, principal: Principal, app_id: uuid.UUID, fields: AppFields
) -> QuantumApp:
    """Change the owner's app; the slug is permanent once released (links and pins use it)."""
    _check(fields)
    app = await get_for_change(session, principal=principal, app_id=app_id)
    if fields.name is not None:
        app.name = validation.check_name(fields.name)
    for name in ("summary", "description", "category", "visibility"):
        value = getattr(fields, name)
        if value is not None:
            setattr(app, name, value)
    if fields.tags is not None:
        await _set_tags(session, app.id, fields.tags)
    app.updated_at = datetime.now(UTC)
    await session.flush()
    return app


async def set_archived(
    session: AsyncSession, *, principal: Principal, app_id: uuid.UUID, archived: bool
) -> QuantumApp:
    """Archive (or restore) an app: its owner, or an admin moderating."""
    app = await get_for_change(session, principal=principal, app_id=app_id, moderate=True)
    if archived and app.archived_at is None:
        app.archived_at = datetime.now(UTC)
    elif not archived:
        app.archived_at = None
    app.updated_at = datetime.now(UTC)
    await session.flush()
    return app


async def _set_tags(session: AsyncSession, app_id: uuid.UUID, names: Sequence[str]) -> None:
    """Replace the app's tags; a tag is shared, created the first time any app uses it."""
    await session.execute(delete(app_tags).where(app_tags.c.app_id == app_id))
    if not names:
        return
    await session.execute(
        pg_insert(Tag).values([{"name": n} for n in names]).on_conflict_do_nothing()
    )
    ids = (await session.scalars(select(Tag.id).where(Tag.name.in_(names)))).all()
    await session.execute(insert(app_tags), [{"app_id": app_id, "tag_id": i} for i in ids])


async def get_many(session: AsyncSession, *, ids: Sequence[uuid.UUID]) -> list[QuantumApp | None]:
    rows = (await session.scalars(select(QuantumApp).where(QuantumApp.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def get_many_by_slugs(
    session: AsyncSession, *, slugs: Sequence[str]
) -> list[QuantumApp | None]:
    rows = (await session.scalars(select(QuantumApp).where(QuantumApp.slug.in_(slugs)))).all()
    by_slug = {row.slug: row for row in rows}
    return [by_slug.get(s) for s in slugs]


async def get_many_by_projects(
    session: AsyncSession, *, project_ids: Sequence[uuid.UUID]
) -> list[QuantumApp | None]:
    stmt = select(QuantumApp).where(QuantumApp.project_id.in_(project_ids))
    by_project = {row.project_id: row for row in (await session.scalars(stmt)).all()}
    return [by_project.get(i) for i in project_ids]


async def tags_by_app(
    session: AsyncSession, *, app_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Tag]]:
    """Each app's tags, by name."""
    rows = await session.execute(
        select(app_tags.c.app_id, Tag)
        .join(Tag, Tag.id == app_tags.c.tag_id)
        .where(app_tags.c.app_id.in_(app_ids))
        .order_by(Tag.name)
    )
    found: dict[uuid.UUID, list[Tag]] = defaultdict(list)
    for app_id, tag in rows.all():
        found[app_id].append(tag)
    return found


async def get_tags(session: AsyncSession, *, ids: Sequence[int]) -> list[Tag | None]:
    rows = (await session.scalars(select(Tag).where(Tag.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def list_for_owner(
    session: AsyncSession, *, owner_id: uuid.UUID, request: PageRequest, size: int
) -> Page[QuantumApp]:
    stmt = select(QuantumApp).where(QuantumApp.owner_id == owner_id)
    return await keyset_page(session, stmt, APP_KEYS, request, size=size)


async def count_for_owner(session: AsyncSession, *, owner_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(QuantumApp).where(QuantumApp.owner_id == owner_id)
    return int((await session.execute(stmt)).scalar_one())
