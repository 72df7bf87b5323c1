"""Per-request dataloaders, `<Entity>By<Key>Loader`. Each batch opens its own short session."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain.backends import service as backends_service
from domain.backends.models import Backend, GateCalibration, QubitCalibration
from domain.db import AsyncSession
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


class BackendByNameLoader(DataLoader[str, Backend | None]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(names: Sequence[str]) -> list[Backend | None]:
            async with sessionmaker() as session:
                return await backends_service.get_many_by_names(session, names=names)

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
        self._sessionmaker = sessionmaker

    @cached_property
    def backend_by_name(self) -> BackendByNameLoader:
        return BackendByNameLoader(self._sessionmaker)

    @cached_property
    def active_sessions_by_user(self) -> ActiveSessionsByUserLoader:
        return ActiveSessionsByUserLoader(self._sessionmaker)

    @cached_property
    def qubit_calibrations_by_backend(self) -> QubitCalibrationsByBackendLoader:
        return QubitCalibrationsByBackendLoader(self._sessionmaker)

    @cached_property
    def gate_calibrations_by_backend(self) -> GateCalibrationsByBackendLoader:
        return GateCalibrationsByBackendLoader(self._sessionmaker)
