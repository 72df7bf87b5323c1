"""Inputs of runExperiment, experimentRuns and setControlProfile."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from domain.experiments import runs
from schema.experiments.enums import ExperimentPreset, ExperimentRunStatus


@strawberry.input(description="An experiment to run.")
class RunExperimentInput:
    preset: ExperimentPreset = strawberry.field(description="Which preset.")  # type: ignore[valid-type]
    backends: list[str] = strawberry.field(
        description="Backend names: one for health, latency (1-4) and dpd_demo; 2-4 to compare."
    )
    qubits: list[int] = strawberry.field(
        default_factory=list,
        description=(
            "Qubits of interest (health: at most one). On emulators Qraph's compiler places "
            "circuits on the device's best qubits; the result names the physical qubit used."
        ),
    )
    shots: int | None = strawberry.field(
        default=None, description="Shots per job; the control profile's default when omitted."
    )
    params: JSON = strawberry.field(
        default_factory=dict,
        description=(
            "Preset parameters. health: points, rbSequences, t1GuessUs, t2GuessUs; latency: "
            "probes, rateHz; backend_compare: circuit (OpenQASM) or benchmark (ghz, qft) and "
            "width; dpd_demo: strengths (radians, 0 to π), drive1, drive2."
        ),
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="A retry with the same key returns the first run."
    )

    def to_domain(self) -> runs.RunInput:
        return runs.RunInput(
            preset=self.preset,
            backends=tuple(self.backends),
            qubits=tuple(self.qubits),
            shots=self.shots,
            params=self.params if isinstance(self.params, dict) else {"": self.params},
            idempotency_key=self.idempotency_key,
        )


@strawberry.input(description="Which experiment runs to list.")
class ExperimentRunFilter:
    preset: ExperimentPreset | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only this preset."
    )
    statuses: list[ExperimentRunStatus] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only runs in one of these statuses."
    )

    def to_domain(self) -> runs.RunFilter:
        return runs.RunFilter(
            preset=self.preset, statuses=tuple(self.statuses) if self.statuses else None
        )


@strawberry.input(description="The control profile values to change; omitted ones stay.")
class SetControlProfileInput:
    default_shots: int | None = strawberry.field(default=None, description="1 to 100,000.")
    latency_probe_rate_hz: float | None = strawberry.field(default=None, description="0.1 to 50.")
    experiment_shot_cap: int | None = strawberry.field(default=None, description="1 to 10^7.")
    large_budget_warning_shots: int | None = strawberry.field(
        default=None, description="1 to 10^7."
    )
    fidelity_ok: float | None = strawberry.field(default=None, description="0 to 1.")
    fidelity_warn: float | None = strawberry.field(default=None, description="0 to 1.")
    latency_ok_us: float | None = strawberry.field(default=None, description="µs.")
    latency_warn_us: float | None = strawberry.field(default=None, description="µs.")
    backaction_ok: float | None = strawberry.field(default=None, description="0 to 1.")
    backaction_warn: float | None = strawberry.field(default=None, description="0 to 1.")

    def changes(self) -> dict[str, object]:
        return {k: v for k, v in vars(self).items() if v is not None}
