"""Per-request dataloaders for the apps area. Each batch opens its own short session.

They hang off `context.loaders` (created on first use by `app_loaders`), so they live exactly
as long as the request's other loaders. Visibility is the resolvers' business (domain.apps.
access): a loader returns rows, whoever may see them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain.apps import marketplace, projects, quantum_apps, registry, reviews, version_reads
from domain.apps.models import (
    AppReview,
    AppVersion,
    MarketplaceListing,
    Project,
    QuantumApp,
    RegistryEntry,
    Tag,
)
from domain.db import AsyncSession
from qraph.context import Context

_ATTRIBUTE = "_app_loaders"
K = TypeVar("K")
V = TypeVar("V")
Fetch = Callable[[AsyncSession, Sequence[Any]], Awaitable[list[Any]]]


def _loader(sessionmaker: async_sessionmaker[AsyncSession], fetch: Fetch) -> DataLoader[Any, Any]:
    async def load(keys: Sequence[Any]) -> list[Any]:
        async with sessionmaker() as session:
            return await fetch(session, keys)

    return DataLoader(load_fn=load)


class VersionByIdLoader(DataLoader[uuid.UUID, AppVersion | None]):
    """Versions with the optional `columns` named (the others are left unloaded)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        columns: frozenset[str] = version_reads.ALL_COLUMNS,
    ) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[AppVersion | None]:
            async with sessionmaker() as session:
                return await version_reads.get_many(session, ids=ids, columns=columns)

        super().__init__(load_fn=load)


class LatestVersionByAppLoader(DataLoader[uuid.UUID, AppVersion | None]):
    """Each app's default version (domain.apps.version_reads.latest_many), in one statement."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        columns: frozenset[str] = version_reads.ALL_COLUMNS,
    ) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[AppVersion | None]:
            async with sessionmaker() as session:
                return await version_reads.latest_many(session, app_ids=ids, columns=columns)

        super().__init__(load_fn=load)


class AppLoaders:
    """The apps area's loaders for one request, each built on first use."""

    def __init__(self, context: Context) -> None:
        self._sessionmaker = context.services.sessionmaker
        self._context = context

    @cached_property
    def project_by_id(self) -> DataLoader[uuid.UUID, Project | None]:
        return _loader(self._sessionmaker, lambda s, ids: projects.get_many(s, ids=ids))

    @cached_property
    def app_by_id(self) -> DataLoader[uuid.UUID, QuantumApp | None]:
        return _loader(self._sessionmaker, lambda s, ids: quantum_apps.get_many(s, ids=ids))

    @cached_property
    def app_by_slug(self) -> DataLoader[str, QuantumApp | None]:
        return _loader(
            self._sessionmaker, lambda s, slugs: quantum_apps.get_many_by_slugs(s, slugs=slugs)
        )

    @cached_property
    def app_by_project(self) -> DataLoader[uuid.UUID, QuantumApp | None]:
        return _loader(
            self._sessionmaker,
            lambda s, ids: quantum_apps.get_many_by_projects(s, project_ids=ids),
        )

    @cached_property
    def tags_by_app(self) -> DataLoader[uuid.UUID, list[Tag]]:
        async def fetch(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[Tag]]:
            found = await quantum_apps.tags_by_app(session, app_ids=ids)
            return [found.get(i, []) for i in ids]

        return _loader(self._sessionmaker, fetch)

    @cached_property
    def tag_by_id(self) -> DataLoader[int, Tag | None]:
        return _loader(self._sessionmaker, lambda s, ids: quantum_apps.get_tags(s, ids=ids))

    @cached_property
    def entry_by_id(self) -> DataLoader[uuid.UUID, RegistryEntry | None]:
        return _loader(self._sessionmaker, registry.get_many)

    @cached_property
    def entry_by_version(self) -> DataLoader[uuid.UUID, RegistryEntry | None]:
        return _loader(self._sessionmaker, registry.by_versions)

    @cached_property
    def listing_by_id(self) -> DataLoader[uuid.UUID, MarketplaceListing | None]:
        return _loader(self._sessionmaker, marketplace.get_many)

    @cached_property
    def listing_by_app(self) -> DataLoader[uuid.UUID, MarketplaceListing | None]:
        return _loader(self._sessionmaker, marketplace.by_apps)

    @cached_property
    def review_by_id(self) -> DataLoader[uuid.UUID, AppReview | None]:
        return _loader(self._sessionmaker, reviews.get_many)

    def version_by_id_with(self, columns: frozenset[str]) -> VersionByIdLoader:
        """The loader for versions read with these optional columns (one per column set)."""
        return self._context.loaders.with_columns("version_by_id", columns, VersionByIdLoader)

    def latest_version_by_app_with(self, columns: frozenset[str]) -> LatestVersionByAppLoader:
        return self._context.loaders.with_columns(
            "latest_version_by_app", columns, LatestVersionByAppLoader
        )


def app_loaders(context: Context) -> AppLoaders:
    """This request's app loaders, kept on `context.loaders` so they die with the request."""
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:
        found = AppLoaders(context)
        setattr(context.loaders, _ATTRIBUTE, found)
    return found
