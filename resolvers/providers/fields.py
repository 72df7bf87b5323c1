"""Provider fields: `Backend.queueLength`/`capabilities`, `Job.provider`, admin `providers`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import strawberry
from strawberry.dataloader import DataLoader

from domain.backends.models import Provider
from domain.providers import health
from qraph.context import Context
from resolvers.jobs.loaders import job_loaders
from resolvers.loaders import now_or_later

if TYPE_CHECKING:
    from schema.backends.types import Backend
    from schema.jobs.types import Job
    from schema.providers.types import ProviderSummary

Info = strawberry.Info[Context, None]
_ATTRIBUTE = "_provider_queue_loader"


class QueuedByBackendLoader(DataLoader[int, int]):
    """Qraph's own queue length per backend id, one statement per batch."""

    def __init__(self, context: Context) -> None:
        super().__init__(load_fn=self._load)
        self.sessionmaker = context.services.sessionmaker

    async def _load(self, ids: Sequence[int]) -> list[int]:
        async with self.sessionmaker() as session:
            counts = await health.queued_counts(session, list(ids))
        return [counts.get(i, 0) for i in ids]


def _queued_loader(context: Context) -> QueuedByBackendLoader:
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:
        found = QueuedByBackendLoader(context)
        setattr(context.loaders, _ATTRIBUTE, found)
    return cast("QueuedByBackendLoader", found)


def backend_queue_length(root: strawberry.Parent[Backend], info: Info) -> int:
    """The provider's figure where it reports one; Qraph's QUEUED jobs otherwise."""
    reported = root.row.queue_length
    if reported is not None:
        return int(reported)
    return cast("int", _queued_loader(info.context).load(root.row.id))


def job_provider(root: strawberry.Parent[Job], info: Info) -> Provider | None:
    """The provider of the job's backend, through the request's backend loader."""
    found = job_loaders(info.context).backend_by_id_with(frozenset()).load(root.row.backend_id)
    provider = now_or_later(found, lambda row: row.provider if row is not None else None)
    return cast("Provider | None", provider)  # or an awaitable of it: see now_or_later


async def providers(info: Info) -> list[ProviderSummary]:
    from schema.providers.types import ProviderSummary

    wanted = any(
        child.name == "backends"
        for field in info.selected_fields
        for child in getattr(field, "selections", [])
    )
    async with info.context.services.sessionmaker() as session:
        found = await health.provider_health(session, with_backends=wanted)
    return [ProviderSummary.of(item) for item in found]
