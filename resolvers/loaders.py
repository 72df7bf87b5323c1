"""Per-request dataloaders, `<Entity>By<Key>Loader`. Each batch opens its own short session."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain.backends import service as backends_service
from domain.backends.models import Backend, GateCalibration, QubitCalibration
from domain.db import AsyncSession, reader_of
from domain.identity import sessions as sessions_service
from domain.identity.models import AuthSession


@dataclass(frozen=True, slots=True)
class CalibrationPageKey:
    """One backend's calibration page; keys with equal arguments batch into one query."""

    backend_id: int
    selection: backends_service.QubitSelection | backends_service.GateSelection
    after: int | None
    size: int


CalibrationPage = tuple[list[Any], bool, int]
T = TypeVar("T")
R = TypeVar("R")


def now_or_later(found: Awaitable[T], convert: Callable[[T], R]) -> R | Awaitable[R]:
    """`convert` of a loader's result: at once if it is loaded, else an awaitable of it.

    A list resolver that prefetched its page's relations leaves every item's future done, so
    each item's field completes without a coroutine; graphql-core awaits the awaitable
    otherwise (a single job, a subscription event).
    """
    if isinstance(found, asyncio.Future) and found.done():  # DataLoader.load gives a Future
        return convert(found.result())

    async def later() -> R:
        return convert(await found)

    return later()


class BackendByNameLoader(DataLoader[str, Backend | None]):
    """Backends with the optional `columns` named (the others are left unloaded)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        columns: frozenset[str] = backends_service.ALL_COLUMNS,
    ) -> None:
        async def load(names: Sequence[str]) -> list[Backend | None]:
            async with sessionmaker() as session:
                return await backends_service.get_many_by_names(
                    session, names=names, columns=columns
                )

        super().__init__(load_fn=load)


class ActiveSessionsByUserLoader(DataLoader[uuid.UUID, list[AuthSession]]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(user_ids: Sequence[uuid.UUID]) -> list[list[AuthSession]]:
            async with sessionmaker() as session:
                found = await sessions_service.list_active_for(session, user_ids=user_ids)
            return [found[user_id] for user_id in user_ids]

        super().__init__(load_fn=load)


class _CalibrationPagesLoader(DataLoader[CalibrationPageKey, CalibrationPage]):
    """Groups keys by their page arguments, then runs one batched page query per group."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], fetch: Any) -> None:
        async def load(keys: Sequence[CalibrationPageKey]) -> list[CalibrationPage]:
            groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for key in keys:
                groups[(key.selection, key.after, key.size)].append(key.backend_id)
            pages: dict[CalibrationPageKey, CalibrationPage] = {}
            async with sessionmaker() as session:
                for (selection, after, size), ids in groups.items():
                    found = await fetch(
                        session, backend_ids=ids, selection=selection, after=after, size=size
                    )
                    for backend_id, page in found.items():
                        pages[CalibrationPageKey(backend_id, selection, after, size)] = page
            return [pages[key] for key in keys]

        super().__init__(load_fn=load)


class QubitCalibrationsByBackendLoader(_CalibrationPagesLoader):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, backends_service.qubit_calibration_pages)

    async def page(self, key: CalibrationPageKey) -> tuple[list[QubitCalibration], bool, int]:
        return await self.load(key)


class GateCalibrationsByBackendLoader(_CalibrationPagesLoader):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessionmaker, backends_service.gate_calibration_pages)

    async def page(self, key: CalibrationPageKey) -> tuple[list[GateCalibration], bool, int]:
        return await self.load(key)


class Loaders:
    """Created per request (per event for subscriptions); each loader is built on first use."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        # Loaders only read: their batches use autocommit sessions (one round trip each).
        self._sessionmaker = self.reader = reader_of(sessionmaker)
        self._by_columns: dict[tuple[str, frozenset[str]], DataLoader[Any, Any]] = {}
        # Look-ahead results by place in the query (resolvers.lookahead.selected_once).
        self.selections: dict[tuple[str, ...], Any] = {}

    @cached_property
    def backend_by_name(self) -> BackendByNameLoader:
        return BackendByNameLoader(self._sessionmaker)

    def backend_by_name_with(self, columns: frozenset[str]) -> BackendByNameLoader:
        """The loader for backends read with these optional columns (one per column set)."""
        return self.with_columns("backend_by_name", columns, BackendByNameLoader)

    def with_columns(self, name: str, columns: frozenset[str], make: Any) -> Any:
        """`make(sessionmaker, columns)`, once per request for each loader name and column set.

        Callers that select different columns get different loaders, so each still batches
        (one statement per column set in a request, usually one) and none reads a row whose
        columns another caller left out.
        """
        found = self._by_columns.get((name, columns))
        if found is None:
            found = self._by_columns[(name, columns)] = make(self._sessionmaker, columns)
        return found

    @cached_property
    def active_sessions_by_user(self) -> ActiveSessionsByUserLoader:
        return ActiveSessionsByUserLoader(self._sessionmaker)

    @cached_property
    def qubit_calibrations_by_backend(self) -> QubitCalibrationsByBackendLoader:
        return QubitCalibrationsByBackendLoader(self._sessionmaker)

    @cached_property
    def gate_calibrations_by_backend(self) -> GateCalibrationsByBackendLoader:
        return GateCalibrationsByBackendLoader(self._sessionmaker)
