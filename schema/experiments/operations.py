"""Experiments and the control profile at the roots."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import BasePermission

from domain.identity.principal import Scope
from resolvers.experiments import profile as resolve_profile
from resolvers.experiments import runs as resolve
from schema.billing.errors import SpendingLimitExceededError, SubscriptionCapReachedError
from schema.errors import (
    BackendUnavailableError,
    CircuitLimitExceededError,
    CircuitTooLargeError,
    EmailNotVerifiedError,
    InvalidCircuitError,
    InvalidInputError,
    QuotaExceededError,
    RateLimitedError,
    ShotsOutOfRangeError,
    UnknownBackendError,
    UnsupportedCircuitError,
)
from schema.experiments.types import ControlProfile, ExperimentRun
from schema.permissions import HAS_SCOPE, IsAdmin, IsAuthenticated
from schema.relay import Connection

READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.JOBS_READ]]
WRITE: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.JOBS_WRITE]]


@strawberry.type(description="The run's jobs are queued (or, for a reused key, the run exists).")
class RunExperimentSuccess:
    run: ExperimentRun = strawberry.field(description="The run.")
    warnings: list[str] = strawberry.field(
        description="Guardrail and budget heads-ups that did not stop it."
    )


@strawberry.type(description="The new control profile is in force.")
class SetControlProfileSuccess:
    profile: ControlProfile = strawberry.field(description="The profile now.")


RunExperimentResult = Annotated[
    RunExperimentSuccess
    | InvalidInputError
    | ShotsOutOfRangeError
    | UnknownBackendError
    | BackendUnavailableError
    | InvalidCircuitError
    | CircuitTooLargeError
    | UnsupportedCircuitError
    | CircuitLimitExceededError
    | QuotaExceededError
    | SpendingLimitExceededError
    | SubscriptionCapReachedError
    | RateLimitedError
    | EmailNotVerifiedError,
    strawberry.union("RunExperimentResult", description="The outcome of `runExperiment`."),
]
SetControlProfileResult = Annotated[
    SetControlProfileSuccess | InvalidInputError,
    strawberry.union("SetControlProfileResult", description="The outcome of `setControlProfile`."),
]


@strawberry.type
class ExperimentQuery:
    experiment_runs: Connection[ExperimentRun] = strawberry.field(
        resolver=resolve.experiment_runs,
        permission_classes=READ,
        description="Your experiment runs (admins: everyone's), newest first.",
    )
    control_profile: ControlProfile = strawberry.field(
        resolver=resolve_profile.control_profile_of,
        permission_classes=[IsAuthenticated],
        description=(
            "The engineering control profile in force: default shots, latency probe rate, "
            "experiment shot cap and KPI thresholds. Any signed-in user reads it (the "
            "thresholds judge their runs); admins change it."
        ),
    )


@strawberry.type
class ExperimentMutation:
    run_experiment: RunExperimentResult = strawberry.field(
        resolver=resolve.run_experiment,
        permission_classes=WRITE,
        description=(
            "Run a preset as ordinary jobs. Refusals (input, the experiment shot cap, backends, "
            "circuits, your shot budget) write nothing. A reused `idempotencyKey` returns the "
            "first run. latency returns after pacing its probes (at most 10 s)."
        ),
    )
    set_control_profile: SetControlProfileResult = strawberry.field(
        resolver=resolve_profile.set_control_profile,
        permission_classes=[IsAdmin],
        description=(
            "Change the control profile (admins only). In force at once in this process and "
            "within 2 s in every other; recorded with who changed it and when."
        ),
    )


@strawberry.type
class ExperimentSubscription:
    experiment_updated: ExperimentRun = strawberry.subscription(  # type: ignore[assignment]
        resolver=resolve.experiment_updated,
        description=(
            "One of your experiment runs: its state now, then after each change of its jobs and "
            "its analysis, ending once it is COMPLETED, FAILED or CANCELLED. A run not yours "
            "ends the stream at once."
        ),
    )
