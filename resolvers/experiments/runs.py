"""runExperiment, experimentRuns, an ExperimentRun's status and jobs, and experimentUpdated."""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncGenerator, Iterable
from contextlib import aclosing
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry import relay

from domain.errors import DomainError
from domain.experiments import runs
from domain.experiments.models import FINAL, RunStatus
from domain.experiments.models import ExperimentRun as RunRow
from domain.identity.principal import Scope
from domain.jobs import submission
from qraph.context import Context
from resolvers.experiments.loaders import experiment_loaders
from resolvers.identity.verification import require_verified_email
from resolvers.jobs.operations import submit_requests, visible_jobs
from resolvers.limits import check_mutation_rate
from resolvers.loaders import Loaders
from resolvers.pages import page_size
from resolvers.shared_events import delivered
from schema.errors import to_error
from schema.experiments.inputs import ExperimentRunFilter, RunExperimentInput
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.experiments.operations import RunExperimentResult
    from schema.experiments.types import ExperimentRun
    from schema.jobs.types import Job
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
ORDERING = "experiment_runs:created_at:desc"


def parse_run_id(raw: str) -> uuid.UUID | None:
    try:
        global_id = relay.GlobalID.from_id(raw)
        if global_id.type_name != "ExperimentRun":
            return None
        return uuid.UUID(global_id.node_id)
    except (relay.GlobalIDValueError, ValueError, TypeError):
        return None


def parse_uuid(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


async def visible_runs(info: Info, ids: Iterable[uuid.UUID]) -> list[RunRow | None]:
    wanted = list(ids)
    async with info.context.read_session() as session:
        found = await runs.get_many(session, wanted)
    principal = info.context.principal
    if not principal.can(Scope.JOBS_READ):  # an API key without the scope sees no run
        return [None] * len(wanted)
    return [found[i] if i in found and principal.owns(found[i].owner_id) else None for i in wanted]


async def run_experiment(
    info: Info,
    input: Annotated[RunExperimentInput, strawberry.argument(description="The experiment.")],
) -> RunExperimentResult:
    from schema.experiments.operations import RunExperimentSuccess
    from schema.experiments.types import ExperimentRun

    context = info.context
    owner_id = context.principal.user_id
    assert owner_id is not None  # the permission classes ran first
    try:
        await check_mutation_rate(info)
        await require_verified_email(info)
        async with context.session() as session:
            created = await runs.create(
                session,
                owner_id=owner_id,
                given=input.to_domain(),
                submit=functools.partial(submit_requests, info),
            )
    except submission.SubmissionRejected as rejected:
        return to_error(rejected.errors[0][1])  # type: ignore[return-value]
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return RunExperimentSuccess(
        run=ExperimentRun.from_model(created.run), warnings=created.warnings
    )


async def experiment_runs(
    info: Info,
    filter: ExperimentRunFilter | None = None,
    first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
    after: Annotated[str | None, strawberry.argument(description="Cursor to go on after.")] = None,
) -> Connection[ExperimentRun]:
    from schema.experiments.types import ExperimentRun

    request = page_request(
        ordering=ORDERING, keys=runs.SORT_KEYS, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, request)
    where = filter.to_domain() if filter is not None else runs.RunFilter()
    principal = info.context.principal
    async with info.context.read_session() as session:
        page = await runs.list_runs(
            session, principal=principal, where=where, request=request, size=size
        )

    async def count() -> int:
        async with info.context.read_session() as session:
            return await runs.count_runs(session, principal=principal, where=where)

    return to_connection(page, ordering=ORDERING, node=ExperimentRun.from_model, count=count)


async def run_status(root: strawberry.Parent[ExperimentRun], info: Info) -> RunStatus:
    if root.row.status is not None:
        return RunStatus(root.row.status)
    statuses = await experiment_loaders(info.context).job_statuses_by_run.load(root.row.id)
    return runs.derived_status(root.row, statuses)


async def run_jobs(root: strawberry.Parent[ExperimentRun], info: Info) -> list[Job]:
    from schema.jobs.types import Job

    ids = await experiment_loaders(info.context).job_ids_by_run.load(root.row.id)
    rows = await visible_jobs(info, ids)
    return [Job.from_model(row) for row in rows if row is not None]


async def experiment_updated(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The run's ID.")],
) -> AsyncGenerator[ExperimentRun, None]:
    from schema.experiments.types import ExperimentRun

    run_id = parse_run_id(id)
    if run_id is None:
        return
    services, viewer = info.context.services, info.context.principal

    async def read() -> tuple[RunRow | None, set[uuid.UUID]]:
        async with services.sessionmaker() as session:
            row = await session.get(RunRow, run_id)
            ids = (await runs.job_ids(session, [run_id]))[run_id]
        return row, set(ids)

    row, _ = await read()
    if row is None or not viewer.owns(row.owner_id):
        return

    async def updates() -> AsyncGenerator[tuple[ExperimentRun, dict[object, object]], None]:
        # Followed before the current state is read, so no change between the two is lost.
        async with services.job_feed.follow() as changes:
            current, ids = await read()
            if current is None:
                return
            info.context.loaders = Loaders(services.sessionmaker)
            yield ExperimentRun.from_model(current), {}
            if current.status is not None and RunStatus(current.status) in FINAL:
                return
            async for change in changes:
                if change.job_id not in ids:
                    continue
                current, ids = await read()
                if current is None:
                    return
                info.context.loaders = Loaders(services.sessionmaker)
                yield ExperimentRun.from_model(current), {}
                if current.status is not None and RunStatus(current.status) in FINAL:
                    return

    async with aclosing(delivered(updates())) as stream:
        async for update in stream:
            yield cast(Any, update)
