"""Per-request dataloaders for jobs and what a job refers to. Each batch opens its own session.

They hang off `context.loaders` (created on first use by `job_loaders`), so they live exactly
as long as the request's other loaders.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker
from strawberry.dataloader import DataLoader

from domain.backends import service as backends_service
from domain.backends.models import Backend
from domain.budgets.shots import ShotBudgets
from domain.db import AsyncSession
from domain.identity import accounts
from domain.identity.models import User
from domain.jobs import queues, reads
from domain.jobs.models import Job
from qraph.context import Context

_ATTRIBUTE = "_job_loaders"


class JobByIdLoader(DataLoader[uuid.UUID, Job | None]):
    """Jobs with the optional `columns` named (the others are left unloaded)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        columns: frozenset[str] = reads.ALL_COLUMNS,
    ) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[Job | None]:
            async with sessionmaker() as session:
                return await reads.get_many(session, ids=ids, columns=columns)

        super().__init__(load_fn=load)


class BackendByIdLoader(DataLoader[int, Backend | None]):
    """Backends with the optional `columns` named (the others are left unloaded)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        columns: frozenset[str] = backends_service.ALL_COLUMNS,
    ) -> None:
        async def load(ids: Sequence[int]) -> list[Backend | None]:
            async with sessionmaker() as session:
                return await backends_service.get_many_by_ids(session, ids=ids, columns=columns)

        super().__init__(load_fn=load)


class UserByIdLoader(DataLoader[uuid.UUID, User | None]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[User | None]:
            async with sessionmaker() as session:
                return await accounts.get_many(session, ids=ids)

        super().__init__(load_fn=load)


class StatusHistoryByJobLoader(DataLoader[uuid.UUID, list[reads.StatusChange]]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[reads.StatusChange]]:
            async with sessionmaker() as session:
                found = await reads.history_by_job_ids(session, ids=ids)
            return [found.get(i, []) for i in ids]

        super().__init__(load_fn=load)


class QueuePositionByJobLoader(DataLoader[uuid.UUID, queues.Position | None]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[queues.Position | None]:
            async with sessionmaker() as session:
                found = await queues.queue_positions(session, job_ids=ids)
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load)


class TimingsByBackendLoader(DataLoader[int, queues.Timings]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def load(ids: Sequence[int]) -> list[queues.Timings]:
            async with sessionmaker() as session:
                found = await queues.backend_timings(session, backend_ids=ids)
            return [found.get(i, queues.NO_HISTORY) for i in ids]

        super().__init__(load_fn=load)


class ShotBudgetByUserLoader(DataLoader[uuid.UUID, int | None]):
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], budgets: ShotBudgets
    ) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[int | None]:
            async with sessionmaker() as session:
                rows = await session.execute(
                    select(User.id, User.shot_budget, User.roles).where(User.id.in_(ids))
                )
                limits = {r.id: budgets.limit_for(r.roles, r.shot_budget) for r in rows}
            return [limits.get(i) for i in ids]

        super().__init__(load_fn=load)


class JobLoaders:
    """The job area's loaders for one request, each built on first use."""

    def __init__(self, context: Context) -> None:
        self._sessionmaker = context.loaders.reader  # reads only: autocommit sessions
        self._context = context

    @cached_property
    def job_by_id(self) -> JobByIdLoader:
        return JobByIdLoader(self._sessionmaker)

    def job_by_id_with(self, columns: frozenset[str]) -> JobByIdLoader:
        """The loader for jobs read with these optional columns (one per column set)."""
        return self._context.loaders.with_columns("job_by_id", columns, JobByIdLoader)

    @cached_property
    def backend_by_id(self) -> BackendByIdLoader:
        return BackendByIdLoader(self._sessionmaker)

    def backend_by_id_with(self, columns: frozenset[str]) -> BackendByIdLoader:
        """The loader for backends read with these optional columns (one per column set)."""
        return self._context.loaders.with_columns("backend_by_id", columns, BackendByIdLoader)

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self._sessionmaker)

    @cached_property
    def status_history_by_job(self) -> StatusHistoryByJobLoader:
        return StatusHistoryByJobLoader(self._sessionmaker)

    @cached_property
    def queue_position_by_job(self) -> QueuePositionByJobLoader:
        return QueuePositionByJobLoader(self._sessionmaker)

    @cached_property
    def timings_by_backend(self) -> TimingsByBackendLoader:
        return TimingsByBackendLoader(self._sessionmaker)

    @cached_property
    def shot_budget_by_user(self) -> ShotBudgetByUserLoader:
        from resolvers.identity.usage import shot_budgets

        return ShotBudgetByUserLoader(self._sessionmaker, shot_budgets(self._context.settings))


def job_loaders(context: Context) -> JobLoaders:
    """This request's job loaders, kept on `context.loaders` so they die with the request."""
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:
        found = JobLoaders(context)
        setattr(context.loaders, _ATTRIBUTE, found)
    return found
