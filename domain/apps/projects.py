"""Projects: a developer's work before (and after) it is released as an app."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select

from domain.apps import access, validation
from domain.apps.errors import ProjectHasPublishedVersions
from domain.apps.models import AppVersion, Project, QuantumApp
from domain.db import AsyncSession
from domain.errors import NotFound
from domain.identity.principal import Principal
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Newest first; the id breaks ties.
PROJECT_KEYS = [SortKey(Project.created_at, datetime, True), SortKey(Project.id, uuid.UUID, True)]


def _checked(name: str, description: str | None) -> tuple[str, str | None]:
    name = validation.check_name(name)
    if description is not None:
        validation.check_text(
            description, field="description", maximum=validation.MAX_PROJECT_DESCRIPTION
        )
    return name, description


async def create(
    session: AsyncSession, *, principal: Principal, name: str, description: str | None
) -> Project:
    """A new project of the caller's (a developer)."""
    access.check_developer(principal)
    name, description = _checked(name, description)
    project = Project(owner_id=principal.user_id, name=name, description=description)
    session.add(project)
    await session.flush()
    return project


async def get_owned(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID, lock: bool = False
) -> Project:
    """The caller's project (locked when `lock`); NotFound for anyone else's."""
    stmt = select(Project).where(Project.id == project_id)
    project = await session.scalar(stmt.with_for_update() if lock else stmt)
    if project is None or principal.user_id != project.owner_id:
        raise NotFound("No such project.")
    return project


async def update(
    session: AsyncSession,
    *,
    principal: Principal,
    project_id: uuid.UUID,
    name: str | None,
    description: str | None,
) -> Project:
    """Rename or redescribe the caller's project; None leaves a field as it is."""
    project = await get_owned(session, principal=principal, project_id=project_id, lock=True)
    new_name, new_description = _checked(
        name if name is not None else project.name,
        description if description is not None else project.description,
    )
    project.name, project.description = new_name, new_description
    await session.flush()
    return project


async def delete_project(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID
) -> uuid.UUID:
    """Delete the caller's project (and its app) unless a version of it was ever published."""
    project = await get_owned(session, principal=principal, project_id=project_id, lock=True)
    published = await session.scalar(
        select(func.count())
        .select_from(AppVersion)
        .join(QuantumApp, QuantumApp.id == AppVersion.app_id)
        .where(QuantumApp.project_id == project.id, AppVersion.published_at.is_not(None))
    )
    if published:
        raise ProjectHasPublishedVersions(
            "This project's app has published versions, which people may depend on; archive "
            "the app instead."
        )
    await session.execute(delete(Project).where(Project.id == project.id))
    return project.id


async def get_many(session: AsyncSession, *, ids: Sequence[uuid.UUID]) -> list[Project | None]:
    rows = (await session.scalars(select(Project).where(Project.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def list_for_owner(
    session: AsyncSession, *, owner_id: uuid.UUID, request: PageRequest, size: int
) -> Page[Project]:
    stmt = select(Project).where(Project.owner_id == owner_id)
    return await keyset_page(session, stmt, PROJECT_KEYS, request, size=size)


async def count_for_owner(session: AsyncSession, *, owner_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(Project).where(Project.owner_id == owner_id)
    return int((await session.execute(stmt)).scalar_one())
