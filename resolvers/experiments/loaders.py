"""Per-request loaders of the experiments area: each batch is one statement for a whole page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property

from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain.db import AsyncSession
from domain.experiments import runs
from domain.jobs.models import JobStatus
from qraph.context import Context

_ATTRIBUTE = "_experiment_loaders"


class JobStatusesByRunLoader(DataLoader[uuid.UUID, list[JobStatus]]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[JobStatus]]:
            async with sessionmaker() as session:
                found = await runs.job_statuses(session, ids)
            return [found[i] for i in ids]

        super().__init__(load_fn=load)


class JobIdsByRunLoader(DataLoader[uuid.UUID, list[uuid.UUID]]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[uuid.UUID]]:
            async with sessionmaker() as session:
                found = await runs.job_ids(session, ids)
            return [found[i] for i in ids]

        super().__init__(load_fn=load)


class ExperimentLoaders:
    def __init__(self, context: Context) -> None:
        self._sessionmaker = context.loaders.reader

    @cached_property
    def job_statuses_by_run(self) -> JobStatusesByRunLoader:
        return JobStatusesByRunLoader(self._sessionmaker)

    @cached_property
    def job_ids_by_run(self) -> JobIdsByRunLoader:
        return JobIdsByRunLoader(self._sessionmaker)


def experiment_loaders(context: Context) -> ExperimentLoaders:
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:
        found = ExperimentLoaders(context)
        setattr(context.loaders, _ATTRIBUTE, found)
    return found
