"""runApp, and a job's `app` and `appVersion`.

runApp checks what is particular to apps (the version, the entitlement, the inputs, the
binding) and then submits through the same path as submitJob (resolvers.jobs.operations),
so everything a submission checks applies, and a refusal writes nothing.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.apps import access, runs
from domain.billing import subscription_keys, subscriptions
from domain.errors import DomainError
from domain.jobs import submission
from domain.jobs.models import Priority
from qraph.context import Context
from resolvers.apps.changes import parse_id
from resolvers.apps.loaders import app_loaders
from resolvers.apps.reads import version_columns
from resolvers.billing.keys import check_key_rate, utcnow
from resolvers.identity.verification import require_verified_email
from resolvers.jobs.operations import submit_requests
from resolvers.limits import check_mutation_rate
from resolvers.lookahead import selected
from schema.apps.distribution_inputs import RunAppInput
from schema.billing.spending import spending_warning
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.apps.distribution_operations import RunAppResult
    from schema.apps.types import AppVersion, QuantumApp
    from schema.jobs.types import Job

Info = strawberry.Info[Context, None]


async def run_app(
    info: Info, input: Annotated[RunAppInput, strawberry.argument(description="The run.")]
) -> RunAppResult:
    from schema.jobs.operations import SubmitJobSuccess
    from schema.jobs.types import Job

    context = info.context
    try:
        await check_mutation_rate(info)
        await require_verified_email(info)  # a run spends shots, like submitJob
        version_id = parse_id(input.version_id, "AppVersion") if input.version_id else None
        target = runs.Target(version_id=version_id, slug=input.app_slug, version=input.version)
        key_secret = context.request.headers.get(subscription_keys.HEADER) or None
        async with context.session() as session:
            app, version, plan = await runs.find(
                session, principal=context.principal, target=target, subscription_key=key_secret
            )
        if plan.key is not None:
            await check_key_rate(context, plan.key.id, plan.key.rate_limit)
        subscription = plan.subscription
        values = runs.check_inputs(version.input_schema, input.inputs)
        circuit = await runs.bind_bounded(version.template, values)
        request = submission.JobRequest(
            backend=input.backend,
            circuit=circuit,
            shots=input.shots if input.shots is not None else version.default_shots,
            priority=Priority(input.priority),
            tags=tuple(input.tags),
            name=f"{app.slug}@{version.version}",
            idempotency_key=input.idempotency_key,
            app_id=app.id,
            app_version_id=version.id,
            subscription_id=subscription.id if subscription is not None else None,
            app_charge=subscriptions.run_price(subscription) if subscription else None,
        )
        done = await submit_requests(info, [request])
        if plan.key is not None:
            async with context.session() as session, session.begin():
                await subscription_keys.count_run(session, key_id=plan.key.id, now=utcnow())
    except submission.SubmissionRejected as rejected:
        return to_error(rejected.errors[0][1])  # type: ignore[return-value]
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return SubmitJobSuccess(
        job=Job.from_model(done.jobs[0]),
        warnings=done.warnings,
        spending_warning=spending_warning(done.spending),
    )


async def _ran_or_visible(info: Info, app_id: uuid.UUID, job: Job) -> bool:
    """A job's owner reads the app they ran even once it is archived or unlisted."""
    row = await app_loaders(info.context).app_by_id.load(app_id)
    if row is None:
        return False
    principal = info.context.principal
    return access.may_read_app(principal, row) or principal.owns(job.row.owner_id)


async def job_app(root: strawberry.Parent[Job], info: Info) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    app_id = root.row.app_id
    if app_id is None or not await _ran_or_visible(info, app_id, root):
        return None
    row = await app_loaders(info.context).app_by_id.load(app_id)
    return QuantumApp.from_model(row) if row is not None else None


async def job_app_version(root: strawberry.Parent[Job], info: Info) -> AppVersion | None:
    from schema.apps.types import AppVersion

    row = root.row
    if row.app_id is None or row.app_version_id is None:
        return None
    if not await _ran_or_visible(info, row.app_id, root):
        return None
    loader = app_loaders(info.context).version_by_id_with(version_columns(selected(info)))
    found = await loader.load(row.app_version_id)
    return AppVersion.from_model(found) if found is not None else None
