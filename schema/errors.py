"""The `Error` interface, the error types, and the one table from domain errors to them."""

from __future__ import annotations

import strawberry

from domain import errors as domain
from domain.apps import errors as apps
from domain.billing import errors as billing
from domain.circuits.errors import CircuitLimitExceeded, InvalidCircuit
from domain.execution import errors as execution
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit


@strawberry.interface(description="An expected failure: a stable `code` and a readable message.")
class Error:
    message: str = strawberry.field(description="What went wrong, for a person to read.")
    code: str = strawberry.field(description="A stable, machine-readable error code.")


@strawberry.type(description="The object does not exist, or is not visible to you.")
class NotFoundError(Error):
    pass


@strawberry.type(description="An argument failed validation.")
class InvalidInputError(Error):
    field: str | None = strawberry.field(description="The argument at fault, when known.")


@strawberry.type(description="A backend provider could not be reached or loaded.")
class ProviderUnavailableError(Error):
    provider: str = strawberry.field(description="The provider that failed.")


@strawberry.type(description="The login, token or key does not check out.")
class InvalidCredentialsError(Error):
    pass


@strawberry.type(description="Sign in first.")
class UnauthenticatedError(Error):
    pass


@strawberry.type(description="Your role or key scopes do not allow this.")
class ForbiddenError(Error):
    pass


@strawberry.type(
    description="Confirm your email address first: running circuits and creating API keys "
    "need a verified account."
)
class EmailNotVerifiedError(Error):
    pass


@strawberry.type(description="Too many failed attempts. Try again after `retryAfter` seconds.")
class ThrottledError(Error):
    retry_after: int = strawberry.field(description="Seconds until a new attempt is accepted.")


@strawberry.type(description="Over a rate limit. Try again after `retryAfter` seconds.")
class RateLimitedError(Error):
    retry_after: int = strawberry.field(description="Seconds until the limit allows it.")


@strawberry.type(description="This would go past a budget.")
class QuotaExceededError(Error):
    limit: int = strawberry.field(description="The budget.")
    used: int = strawberry.field(description="Already used in the current period.")
    requested: int = strawberry.field(description="What this request asked for.")


@strawberry.type(description="The circuit does not parse; `line` and `column` are 1-based.")
class InvalidCircuitError(Error):
    line: int = strawberry.field(description="Line of the first error, from 1.")
    column: int = strawberry.field(description="Column of the first error, from 1.")


@strawberry.type(
    description=(
        "The circuit asks for more work than a limit allows (program size, loop iterations, "
        "unrolled operations, gate-definition expansion, estimated simulation time or memory)."
    )
)
class CircuitLimitExceededError(Error):
    limit: str = strawberry.field(
        description="Which limit, e.g. `loop_iterations`, `operations`, `simulation_seconds`."
    )
    maximum: float = strawberry.field(description="The limit, in its own unit.")
    requested: float = strawberry.field(description="What the circuit asks for, same unit.")
    line: int = strawberry.field(description="Line of the construct at fault, from 1.")
    column: int = strawberry.field(description="Column of the construct at fault, from 1.")


@strawberry.type(description="The circuit needs more qubits than the backend offers.")
class CircuitTooLargeError(Error):
    circuit_qubits: int = strawberry.field(description="Qubits the circuit uses.")
    backend_qubits: int = strawberry.field(description="Qubits the backend (or method) holds.")


@strawberry.type(description="The backend cannot run this circuit (e.g. a non-Clifford gate).")
class UnsupportedCircuitError(Error):
    pass


@strawberry.type(description="No backend has this name.")
class UnknownBackendError(Error):
    backend: str = strawberry.field(description="The name that was given.")


@strawberry.type(description="The backend takes no jobs now (maintenance, offline, retired).")
class BackendUnavailableError(Error):
    backend: str = strawberry.field(description="The backend.")
    status: str = strawberry.field(description="Its status: MAINTENANCE, OFFLINE or RETIRED.")


@strawberry.type(description="The shots are outside `minimum`..`maximum`.")
class ShotsOutOfRangeError(Error):
    minimum: int = strawberry.field(description="Fewest shots a job may ask for.")
    maximum: int = strawberry.field(description="Most shots this job may ask for here.")
    requested: int = strawberry.field(description="What was asked for.")


@strawberry.type(description="The job already finished, so it cannot be cancelled.")
class JobNotCancellableError(Error):
    status: str = strawberry.field(description="Its status: COMPLETED, FAILED or CANCELLED.")


@strawberry.type(
    description=(
        "A job's run was stopped or refused by its worker: the time limit, the memory limit, "
        "or a circuit that crashed its simulation process twice (POISON)."
    )
)
class JobRunFailedError(Error):
    pass


@strawberry.type(description="The app is archived: restore it (archiveApp) to add or publish.")
class AppArchivedError(Error):
    pass


@strawberry.type(description="A published version never changes; create a new version instead.")
class AppVersionImmutableError(Error):
    status: str = strawberry.field(description="The version's status.")


@strawberry.type(description="The version's status does not allow this move.")
class InvalidVersionTransitionError(Error):
    status: str = strawberry.field(description="The version's status now.")
    requested: str = strawberry.field(description="The status asked for.")


@strawberry.type(description="The project's app published versions; archive the app instead.")
class ProjectHasPublishedVersionsError(Error):
    pass


@strawberry.type(
    description="You may not run this app now (e.g. a marketplace app without a plan)."
)
class NotEntitledError(Error):
    pass


@strawberry.type(description="The bill's status does not allow this (OPEN: not issued yet).")
class BillStatusError(Error):
    status: str = strawberry.field(description="The bill's status now: OPEN, ISSUED or PAID.")


@strawberry.type(description="One input that does not match the version's input schema.")
class AppInputProblem:
    path: str = strawberry.field(description="JSON Pointer to the input, e.g. `/theta`.")
    message: str = strawberry.field(description="What is wrong with it.")


@strawberry.type(description="The inputs do not match the version's input schema.")
class InvalidAppInputsError(Error):
    errors: list[AppInputProblem] = strawberry.field(description="One per failing path.")


def _job_run(error: domain.DomainError) -> JobRunFailedError:
    return JobRunFailedError(message=error.message, code=error.code)


def _invalid_input(error: domain.InvalidInput) -> InvalidInputError:
    return InvalidInputError(message=error.message, code=error.code, field=error.field)


def _provider(error: domain.ProviderUnavailable) -> ProviderUnavailableError:
    return ProviderUnavailableError(message=error.message, code=error.code, provider=error.provider)


# The one table: each domain error class to the function that builds its schema type.
# Subclasses map through their nearest listed ancestor.
ERROR_TYPES: dict[type[domain.DomainError], object] = {
    domain.NotFound: lambda e: NotFoundError(message=e.message, code=e.code),
    domain.InvalidInput: _invalid_input,
    domain.ProviderUnavailable: _provider,
    domain.InvalidCredentials: lambda e: InvalidCredentialsError(message=e.message, code=e.code),
    domain.Unauthenticated: lambda e: UnauthenticatedError(message=e.message, code=e.code),
    domain.Forbidden: lambda e: ForbiddenError(message=e.message, code=e.code),
    domain.EmailNotVerified: lambda e: EmailNotVerifiedError(message=e.message, code=e.code),
    domain.Throttled: lambda e: ThrottledError(
        message=e.message, code=e.code, retry_after=e.retry_after
    ),
    domain.RateLimited: lambda e: RateLimitedError(
        message=e.message, code=e.code, retry_after=e.retry_after
    ),
    InvalidCircuit: lambda e: InvalidCircuitError(
        message=e.message, code=e.code, line=e.line, column=e.column
    ),
    CircuitLimitExceeded: lambda e: CircuitLimitExceededError(
        message=e.message,
        code=e.code,
        limit=e.limit,
        maximum=float(e.maximum),
        requested=float(e.requested),
        line=e.line,
        column=e.column,
    ),
    CircuitTooLarge: lambda e: CircuitTooLargeError(
        message=e.message,
        code=e.code,
        circuit_qubits=e.circuit_qubits,
        backend_qubits=e.backend_qubits,
    ),
    UnsupportedCircuit: lambda e: UnsupportedCircuitError(message=e.message, code=e.code),
    domain.QuotaExceeded: lambda e: QuotaExceededError(
        message=e.message, code=e.code, limit=e.limit, used=e.used, requested=e.requested
    ),
    domain.UnknownBackend: lambda e: UnknownBackendError(
        message=e.message, code=e.code, backend=e.backend
    ),
    domain.BackendUnavailable: lambda e: BackendUnavailableError(
        message=e.message, code=e.code, backend=e.backend, status=e.status
    ),
    domain.ShotsOutOfRange: lambda e: ShotsOutOfRangeError(
        message=e.message,
        code=e.code,
        minimum=e.minimum,
        maximum=e.maximum,
        requested=e.requested,
    ),
    domain.JobNotCancellable: lambda e: JobNotCancellableError(
        message=e.message, code=e.code, status=e.status
    ),
    apps.AppArchived: lambda e: AppArchivedError(message=e.message, code=e.code),
    apps.VersionImmutable: lambda e: AppVersionImmutableError(
        message=e.message, code=e.code, status=e.status
    ),
    apps.VersionTransitionRefused: lambda e: InvalidVersionTransitionError(
        message=e.message, code=e.code, status=e.status, requested=e.requested
    ),
    apps.ProjectHasPublishedVersions: lambda e: ProjectHasPublishedVersionsError(
        message=e.message, code=e.code
    ),
    apps.NotEntitled: lambda e: NotEntitledError(message=e.message, code=e.code),
    apps.InvalidAppInputs: lambda e: InvalidAppInputsError(
        message=e.message,
        code=e.code,
        errors=[AppInputProblem(path=p, message=m) for p, m in e.errors],
    ),
    billing.BillStatusRefused: lambda e: BillStatusError(
        message=e.message, code=e.code, status=e.status
    ),
    execution.TimeLimitExceeded: _job_run,
    execution.MemoryLimitExceeded: _job_run,
    execution.PoisonJob: _job_run,
}


def to_error(error: domain.DomainError) -> Error:
    """The schema error for a domain error; unmapped domain errors are bugs and re-raise."""
    for cls in type(error).__mro__:
        build = ERROR_TYPES.get(cls)  # type: ignore[call-overload]
        if build is not None:
            return build(error)  # type: ignore[operator,no-any-return]
    raise error
