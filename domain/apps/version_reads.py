"""Reading versions: an app's versions in precedence order, each app's latest, one by version.

Every read names the optional (large) columns it needs; the others are left unloaded, and
touching one raises rather than loading it behind the caller's back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import defer

from domain.apps import semantic_versions
from domain.apps.models import AppVersion, VersionStatus
from domain.db import AsyncSession
from domain.errors import InvalidInput
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Highest precedence first: 2.0.0, 1.10.0, 1.9.0, 1.9.0-rc.1.
VERSION_KEYS = [SortKey(AppVersion.precedence, str, True)]
# Columns a read leaves unloaded unless a selected field needs them.
OPTIONAL_COLUMNS = {
    "template": AppVersion.template,
    "documentation": AppVersion.documentation,
    "release_notes": AppVersion.release_notes,
    "input_schema": AppVersion.input_schema,
    "constraints": AppVersion.constraints,
    "cost_estimates": AppVersion.cost_estimates,
}
ALL_COLUMNS = frozenset(OPTIONAL_COLUMNS)
# The default: the highest release still offered (a deprecated one only when no published
# release is left); never a draft, a pre-release or a yanked version.
DEFAULT_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.DEPRECATED)


def _loading(columns: frozenset[str]) -> list[Any]:
    return [defer(c, raiseload=True) for n, c in OPTIONAL_COLUMNS.items() if n not in columns]


def _visible(stmt: Select[Any], *, drafts: bool, prereleases: bool) -> Select[Any]:
    if not drafts:
        stmt = stmt.where(AppVersion.status != VersionStatus.DRAFT)
    if not prereleases:
        stmt = stmt.where(AppVersion.prerelease.is_(False))
    return stmt


async def list_versions(
    session: AsyncSession,
    *,
    app_id: uuid.UUID,
    drafts: bool,
    prereleases: bool,
    request: PageRequest,
    size: int,
    columns: frozenset[str] = ALL_COLUMNS,
) -> Page[AppVersion]:
    """One page of an app's versions, highest precedence first."""
    stmt = select(AppVersion).options(*_loading(columns)).where(AppVersion.app_id == app_id)
    stmt = _visible(stmt, drafts=drafts, prereleases=prereleases)
    return await keyset_page(session, stmt, VERSION_KEYS, request, size=size)


async def count_versions(
    session: AsyncSession, *, app_id: uuid.UUID, drafts: bool, prereleases: bool
) -> int:
    stmt = select(func.count()).select_from(AppVersion).where(AppVersion.app_id == app_id)
    stmt = _visible(stmt, drafts=drafts, prereleases=prereleases)
    return int((await session.execute(stmt)).scalar_one())


async def latest_many(
    session: AsyncSession, *, app_ids: Sequence[uuid.UUID], columns: frozenset[str] = ALL_COLUMNS
) -> list[AppVersion | None]:
    """Each app's default version, in one statement (DISTINCT ON the app)."""
    published_first: ColumnElement[Any] = (AppVersion.status == VersionStatus.PUBLISHED).desc()
    stmt = (
        select(AppVersion)
        .options(*_loading(columns))
        .ext(distinct_on(AppVersion.app_id))
        .where(
            AppVersion.app_id.in_(app_ids),
            AppVersion.status.in_(DEFAULT_STATUSES),
            AppVersion.prerelease.is_(False),
        )
        .order_by(AppVersion.app_id, published_first, AppVersion.precedence.desc())
    )
    by_app = {row.app_id: row for row in (await session.scalars(stmt)).all()}
    return [by_app.get(i) for i in app_ids]


async def get_many(
    session: AsyncSession, *, ids: Sequence[uuid.UUID], columns: frozenset[str] = ALL_COLUMNS
) -> list[AppVersion | None]:
    stmt = select(AppVersion).options(*_loading(columns)).where(AppVersion.id.in_(ids))
    by_id = {row.id: row for row in (await session.scalars(stmt)).all()}
    return [by_id.get(i) for i in ids]


async def get_by_version(
    session: AsyncSession, *, app_id: uuid.UUID, version: str, columns: frozenset[str] = ALL_COLUMNS
) -> AppVersion | None:
    """The app's version equal in precedence to `version`; None for none (or no version)."""
    try:
        parsed = semantic_versions.parse_version(version)
    except InvalidInput:
        return None
    key = semantic_versions.precedence_key(parsed)
    return await session.scalar(
        select(AppVersion)
        .options(*_loading(columns))
        .where(AppVersion.app_id == app_id, AppVersion.precedence == key)
    )
