"""Resolvers for jobs: submit, cancel, read one, list, stats; and the Job node's relations."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry import relay

from domain.errors import DomainError, InvalidInput, NotFound
from domain.identity.principal import Scope
from domain.jobs import admission, cancellation, queues, reads, stats, submission
from domain.jobs.models import Job as JobRow
from domain.jobs.models import JobStatus
from qraph import metrics_operations
from qraph.context import Context
from resolvers.backends.operations import backend_columns
from resolvers.identity.usage import shot_budgets
from resolvers.identity.verification import require_verified_email
from resolvers.jobs.loaders import job_loaders
from resolvers.limits import check_mutation_rate
from resolvers.loaders import now_or_later
from resolvers.lookahead import NOTHING, Selected, selected, selected_once
from resolvers.pages import page_size
from schema.backends.inputs import OrderDirection
from schema.billing.spending import spending_warning
from schema.errors import to_error
from schema.jobs.inputs import JobFilter, JobOrder, SubmitJobInput
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.backends.types import Backend
    from schema.identity.users import User
    from schema.jobs.operations import CancelJobResult, SubmitJobResult, SubmitJobsResult
    from schema.jobs.types import Job, JobKpis, JobStats, JobStatusChange, JobTrendDay
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
JobId = Annotated[strawberry.ID, strawberry.argument(description="The job's global ID.")]


def job_columns(fields: Selected) -> frozenset[str]:
    """The optional columns that these selected Job fields read (never `details`)."""
    columns = set()
    if "source" in fields.get("circuit", NOTHING):
        columns.add("circuit")
    if "result" in fields:
        columns.add("counts")
    return frozenset(columns)


def parse_job_id(raw: str) -> uuid.UUID | None:
    """The job's uuid from its global ID (or a bare uuid); None for anything else."""
    try:
        global_id = relay.GlobalID.from_id(raw)
        if global_id.type_name != "Job":
            return None
        return uuid.UUID(global_id.node_id)
    except (relay.GlobalIDValueError, ValueError, TypeError):
        try:
            return uuid.UUID(raw)
        except ValueError:
            return None


async def visible_jobs(info: Info, node_ids: Iterable[Any]) -> list[JobRow | None]:
    """Jobs by node key, None for unknown ones and for those the viewer does not own.

    They are read with the columns the selection below this field (`job`, `node`) needs.
    """
    ids: list[uuid.UUID | None] = []
    for key in node_ids:
        try:
            ids.append(uuid.UUID(str(key)))
        except ValueError:
            ids.append(None)
    wanted = [i for i in ids if i is not None]
    loader = job_loaders(info.context).job_by_id_with(job_columns(selected(info)))
    rows = await loader.load_many(wanted)
    by_id = {row.id: row for row in rows if row is not None}
    principal = info.context.principal
    if not principal.can(Scope.JOBS_READ):  # an API key without the scope sees no job
        return [None] * len(ids)
    return [
        by_id[i] if i is not None and i in by_id and principal.owns(by_id[i].owner_id) else None
        for i in ids
    ]


async def submit_job(
    info: Info, input: Annotated[SubmitJobInput, strawberry.argument(description="The job.")]
) -> SubmitJobResult:
    from schema.jobs.operations import SubmitJobSuccess
    from schema.jobs.types import Job

    try:
        await check_mutation_rate(info)
        await require_verified_email(info)
        done = await _submit(info, [input.to_request()])
    except submission.SubmissionRejected as rejected:
        return to_error(rejected.errors[0][1])  # type: ignore[return-value]
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubmitJobSuccess(
        job=Job.from_model(done.jobs[0]),
        warnings=done.warnings,
        spending_warning=spending_warning(done.spending),
    )


async def submit_jobs(
    info: Info,
    inputs: Annotated[
        list[SubmitJobInput], strawberry.argument(description="1 to 100 jobs; all or none.")
    ],
) -> SubmitJobsResult:
    from schema.jobs.operations import IndexedError, SubmitJobsRejected, SubmitJobsSuccess
    from schema.jobs.types import Job

    try:
        await check_mutation_rate(info)
        await require_verified_email(info)
        done = await _submit(info, [i.to_request() for i in inputs])
    except submission.SubmissionRejected as rejected:
        errors = [IndexedError(index=i, error=to_error(e)) for i, e in rejected.errors]
        return SubmitJobsRejected(errors=errors)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubmitJobsSuccess(jobs=[Job.from_model(j) for j in done.jobs], warnings=done.warnings)


async def _submit(info: Info, requests: list[submission.JobRequest]) -> submission.Submitted:
    context = info.context
    owner_id = context.principal.user_id
    assert owner_id is not None  # HAS_SCOPE ran first
    async with context.session() as session, metrics_operations.counting_rejections():
        return await submission.submit_jobs(
            session,
            context.services.redis,
            context.services.queue,
            owner_id=owner_id,
            requests=requests,
            budgets=shot_budgets(context.settings),
            limits=admission.Limits(
                time_s=context.settings.job_time_limit_s,
                memory_mb=context.settings.job_memory_limit_mb,
            ),
        )


# runApp (resolvers.apps.runs) submits through this same path.
submit_requests = _submit


async def cancel_job(info: Info, id: JobId) -> CancelJobResult:
    from schema.jobs.operations import CancelJobSuccess
    from schema.jobs.types import Job

    context = info.context
    try:
        await check_mutation_rate(info)
        job_id = parse_job_id(id)
        if job_id is None:
            raise NotFound("No such job.")
        async with context.session() as session:
            row = await cancellation.cancel_job(session, principal=context.principal, job_id=job_id)
            await session.commit()
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await cancellation.after_commit(
        context.services.redis,
        context.services.queue,
        row,
        await _backend_name(info, row),
        shot_period_s=context.settings.shot_budget_period_s,
    )
    return CancelJobSuccess(job=Job.from_model(row))


async def _backend_name(info: Info, row: JobRow) -> str | None:
    backend = await job_loaders(info.context).backend_by_id_with(frozenset()).load(row.backend_id)
    return backend.name if backend is not None else None


async def job(info: Info, id: JobId) -> Job | None:
    from schema.jobs.types import Job

    job_id = parse_job_id(id)
    if job_id is None:
        return None
    [row] = await visible_jobs(info, [job_id])
    return Job.from_model(row) if row is not None else None


async def list_jobs(
    info: Info,
    filter: JobFilter | None = None,
    order_by: JobOrder | None = None,
    first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
    after: Annotated[str | None, strawberry.argument(description="Cursor to go on after.")] = None,
    last: Annotated[int | None, strawberry.argument(description="Page size from the end.")] = None,
    before: Annotated[str | None, strawberry.argument(description="Cursor to go before.")] = None,
) -> Connection[Job]:
    from schema.jobs.types import Job

    field = reads.JobOrderField(order_by.field if order_by else "CREATED_AT")
    descending = order_by is None or order_by.direction is OrderDirection.DESC
    keys = reads.job_sort_keys(field, descending=descending)
    ordering = f"jobs:{field.value}:{'desc' if descending else 'asc'}"
    request = page_request(
        ordering=ordering, keys=keys, first=first, after=after, last=last, before=before
    )
    size = page_size(info.context, request)
    where = _filter(info, filter)
    principal = info.context.principal
    fields = selected(info, "edges", "node")
    async with info.context.read_session() as session:
        page = await reads.list_jobs(
            session,
            principal=principal,
            where=where,
            keys=keys,
            request=request,
            size=size,
            columns=job_columns(fields),
        )
    await _prefetch(info, page.items, fields)

    async def count() -> int:
        async with info.context.read_session() as session:
            return await reads.count_jobs(session, principal=principal, where=where)

    return to_connection(page, ordering=ordering, node=Job.from_model, count=count)


def _filter(info: Info, given: JobFilter | None) -> reads.JobFilter:
    admin = info.context.principal.is_admin
    return given.to_domain(admin=admin) if given is not None else reads.JobFilter()


async def recent_jobs(
    info: Info,
    limit: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 10,
) -> list[Job]:
    from schema.jobs.types import Job

    if not 1 <= limit <= 100:
        raise InvalidInput("`limit` must be between 1 and 100.", field="limit")
    fields = selected(info)
    async with info.context.read_session() as session:
        rows = await reads.recent_jobs(
            session, principal=info.context.principal, limit=limit, columns=job_columns(fields)
        )
    await _prefetch(info, rows, fields)
    return [Job.from_model(row) for row in rows]


async def job_stats(info: Info) -> JobStats:
    from schema.jobs.types import JobStats, JobStatusCount

    async with info.context.session() as session:
        found = await stats.job_stats(session, principal=info.context.principal)
    return JobStats(
        total=found.total,
        by_status=[JobStatusCount(status=s, count=c) for s, c in found.by_status.items()],
        success_rate=found.success_rate,
        mean_queue_wait=found.mean_queue_wait_s,
        p95_queue_wait=found.p95_queue_wait_s,
        mean_execution_time=found.mean_execution_s,
        p95_execution_time=found.p95_execution_s,
    )


async def job_trends(
    info: Info,
    days: Annotated[int, strawberry.argument(description="Days back from today, 1 to 90.")] = 30,
) -> list[JobTrendDay]:
    from schema.jobs.types import JobStatusCount, JobTrendDay

    if not 1 <= days <= stats.MAX_TREND_DAYS:
        raise InvalidInput(f"`days` must be between 1 and {stats.MAX_TREND_DAYS}.", field="days")
    async with info.context.session() as session:
        found = await stats.job_trends(session, principal=info.context.principal, days=days)
    return [
        JobTrendDay(
            day=d.day,
            total=d.total,
            by_status=[JobStatusCount(status=s, count=c) for s, c in d.by_status.items()],
        )
        for d in found
    ]


# The Job node's relations, each through a per-request loader. The first three are sync: a
# list prefetches them for its page (`_prefetch`), so each job reads a loaded value without a
# coroutine; otherwise they return an awaitable, which graphql-core awaits (`now_or_later`).


async def _prefetch(info: Info, rows: list[JobRow], fields: Selected) -> None:
    """Load the relations a list selects for all its jobs now: one batch each, as before."""
    loaders = job_loaders(info.context)
    pending: list[Awaitable[Any]] = []
    if "owner" in fields:
        pending.append(loaders.user_by_id.load_many([r.owner_id for r in rows]))
    if "backend" in fields:
        loader = loaders.backend_by_id_with(backend_columns(fields["backend"]))
        pending.append(loader.load_many([r.backend_id for r in rows]))
    if "statusHistory" in fields:
        pending.append(loaders.status_history_by_job.load_many([r.id for r in rows]))
    if rows and pending:
        await asyncio.gather(*pending)


def job_owner(root: strawberry.Parent[Job], info: Info) -> User | None:
    from schema.identity.users import User

    found = job_loaders(info.context).user_by_id.load(root.row.owner_id)
    owner = now_or_later(found, lambda row: User.from_model(row) if row is not None else None)
    return cast("User | None", owner)  # or an awaitable of it: see now_or_later


def job_backend(root: strawberry.Parent[Job], info: Info) -> Backend | None:
    from schema.backends.types import Backend

    # Once per place in the query, not per job: every job of a page selects the same fields.
    columns = backend_columns(selected_once(info))
    found = job_loaders(info.context).backend_by_id_with(columns).load(root.row.backend_id)
    backend = now_or_later(found, lambda row: Backend.from_model(row) if row is not None else None)
    return cast("Backend | None", backend)  # or an awaitable of it: see now_or_later


def job_status_history(root: strawberry.Parent[Job], info: Info) -> list[JobStatusChange]:
    from schema.jobs.types import JobStatusChange

    found = job_loaders(info.context).status_history_by_job.load(root.row.id)
    history = now_or_later(found, lambda rows: [JobStatusChange.from_model(r) for r in rows])
    return cast("list[JobStatusChange]", history)  # or an awaitable of it: see now_or_later


async def job_queue_position(root: strawberry.Parent[Job], info: Info) -> int | None:
    if root.row.status != JobStatus.QUEUED:
        return None
    found = await job_loaders(info.context).queue_position_by_job.load(root.row.id)
    return found.position if found is not None else None


async def job_estimated_start(root: strawberry.Parent[Job], info: Info) -> datetime | None:
    if root.row.status != JobStatus.QUEUED:
        return root.row.started_at
    loaders = job_loaders(info.context)
    position = await loaders.queue_position_by_job.load(root.row.id)
    if position is None:
        return None
    timings = await loaders.timings_by_backend.load(root.row.backend_id)
    return queues.estimated_start(position, timings, now=datetime.now(UTC))


async def kpi_shot_budget(root: strawberry.Parent[JobKpis], info: Info) -> int | None:
    return await job_loaders(info.context).shot_budget_by_user.load(root.owner_id)
