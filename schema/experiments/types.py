"""ExperimentRun, its KPI bundle, and the control profile."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from domain.experiments import control_profile
from domain.experiments import models as domain
from resolvers.experiments import runs as resolve
from schema.experiments.enums import ExperimentPreset, ExperimentRunStatus
from schema.jobs.inputs import KpiStatus

if TYPE_CHECKING:
    from schema.jobs.types import Job

_KPIS = (
    "The run's KPI bundle (seed 002). Each figure is judged alone by the control profile's "
    "thresholds and `status` is the worst: fidelity OK ≥ fidelityOk (default 0.9), WARN ≥ "
    "fidelityWarn (0.7), else FAIL; latencyUs OK ≤ latencyOkUs (2 s), WARN ≤ latencyWarnUs "
    "(20 s), else FAIL; backaction OK ≤ backactionOk (0.1), WARN ≤ backactionWarn (0.3), else "
    "FAIL (not judged in dpd_demo, which exists to measure it); a FAILED job makes it FAIL. "
    "Null until the run is analysed."
)


@strawberry.type(description=_KPIS)
class ExperimentKpis:
    fidelity: float | None = strawberry.field(
        description=(
            "health: 1 − error per Clifford (RB); backend_compare: the lowest Hellinger "
            "fidelity against the ideal, (Σ_x √(p(x)·q(x)))²; null where the preset has none."
        )
    )
    latency_us: float | None = strawberry.field(
        description="End-to-end (submitted to finished) median of the run's jobs, in µs."
    )
    backaction: float | None = strawberry.field(
        description=(
            "dpd_demo: TVD between the system qubit's final distributions with and without the "
            "strongest probe, ½ Σ_x |p_with(x) − p_without(x)|, from 0 to 1."
        )
    )
    shots_used: int = strawberry.field(description="Shots of the run's completed jobs.")
    shot_budget: int = strawberry.field(description="Shots the run planned to spend.")
    status: KpiStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="The worst verdict of the figures; null for a cancelled run."
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        status = data.get("status")
        return cls(
            fidelity=data.get("fidelity"),
            latency_us=data.get("latencyUs"),
            backaction=data.get("backaction"),
            shots_used=int(data.get("shotsUsed") or 0),
            shot_budget=int(data.get("shotBudget") or 0),
            status=KpiStatus(status) if status else None,  # type: ignore[misc]
        )


_RESULT = (
    "The preset's result, as JSON. health: `t1`, `t2` (µs) and `readout` each with `fitted` "
    "{value, stderr, reducedChi2, quality} beside `calibrated` (the snapshot's value for the "
    "physical qubit used; T2 capped at 2·T1 as the emulator relaxes), `rb` {alpha, "
    "errorPerClifford}; latency: per backend `queueWaitUs`, `executionUs`, `endToEndUs` "
    "{p50, p95, max, n}; backend_compare: per backend `hellingerFidelity` against the ideal, "
    "`pairs` {hellingerDistance = √(1 − Σ√(p·q)), tvd = ½ Σ|p − q|}, `ranking` best first; "
    "dpd_demo: `withoutProbe` and a `sweep` of {strength θ, backaction = ½ Σ_x |p_θ(x) − "
    "p_0(x)| over the system qubit}."
)


@strawberry.type(
    description=(
        "An experiment: a preset run as ordinary Qraph jobs (queues, budgets, cost and cancel "
        "apply), analysed by a worker once its last job is final."
    )
)
class ExperimentRun(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[domain.ExperimentRun]
    preset: ExperimentPreset = strawberry.field(description="Which preset.")  # type: ignore[valid-type]
    backends: list[str] = strawberry.field(description="The backends it runs on.")
    qubits: list[int] = strawberry.field(description="The qubits asked for (health: one).")
    shots: int = strawberry.field(description="Shots per job.")
    params: JSON = strawberry.field(description="The preset's parameters, as given.")
    warnings: list[str] = strawberry.field(description="Guardrail warnings that did not stop it.")
    created_at: datetime = strawberry.field(description="Submitted at.")
    finished_at: datetime | None = strawberry.field(description="Analysed at; null before.")
    error_message: str | None = strawberry.field(description="Why the analysis failed, if so.")
    result: JSON | None = strawberry.field(description=_RESULT)
    kpis: ExperimentKpis | None = strawberry.field(description=_KPIS)
    status: ExperimentRunStatus = strawberry.field(  # type: ignore[valid-type]
        resolver=resolve.run_status, description="Stored once analysed; before, from its jobs."
    )
    jobs: list[Annotated[Job, strawberry.lazy("schema.jobs.types")]] = strawberry.field(
        resolver=resolve.run_jobs, description="Its jobs, in planned order."
    )

    @classmethod
    def from_model(cls, row: domain.ExperimentRun) -> Self:
        return cls(
            key=str(row.id),
            row=row,
            preset=domain.Preset(row.preset),
            backends=list(row.backends),
            qubits=list(row.qubits),
            shots=row.shots,
            params=row.params,  # type: ignore[arg-type]
            warnings=list(row.warnings or []),
            created_at=row.created_at,
            finished_at=row.finished_at,
            error_message=row.error_message,
            result=row.result if row.finished_at is not None else None,  # type: ignore[arg-type]
            kpis=ExperimentKpis.from_dict(row.kpis) if row.kpis else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        ids = [resolve.parse_uuid(str(i)) for i in node_ids]
        rows = await resolve.visible_runs(info, [i for i in ids if i is not None])
        found = {row.id: row for row in rows if row is not None}
        return [cls.from_model(found[i]) if i in found else None for i in ids]


@strawberry.type(description="The engineering control profile in force, and who set it when.")
class ControlProfile:
    default_shots: int = strawberry.field(description="Shots of a run that names none.")
    latency_probe_rate_hz: float = strawberry.field(
        description="The latency preset's probe rate when `params.rateHz` is not given."
    )
    experiment_shot_cap: int = strawberry.field(
        description="The most shots one experiment run may plan; more is refused."
    )
    large_budget_warning_shots: int = strawberry.field(
        description="Above this many shots on a non-simulator backend, a run gets a warning."
    )
    fidelity_ok: float = strawberry.field(description="KPI fidelity at or above: OK.")
    fidelity_warn: float = strawberry.field(description="KPI fidelity at or above: WARN.")
    latency_ok_us: float = strawberry.field(description="KPI latency at or below: OK (µs).")
    latency_warn_us: float = strawberry.field(description="KPI latency at or below: WARN (µs).")
    backaction_ok: float = strawberry.field(description="KPI backaction at or below: OK.")
    backaction_warn: float = strawberry.field(description="KPI backaction at or below: WARN.")
    changed_by_id: strawberry.ID | None = strawberry.field(
        description="The admin who set it (a User ID); null for the defaults."
    )
    changed_at: datetime | None = strawberry.field(
        description="When it was set; null for the defaults, never changed."
    )

    @classmethod
    def from_version(cls, version: control_profile.Version) -> Self:
        profile = version.profile
        changed_by = (
            strawberry.ID(str(relay.GlobalID("User", str(version.changed_by))))
            if version.changed_by
            else None
        )
        return cls(
            default_shots=profile.default_shots,
            latency_probe_rate_hz=profile.latency_probe_rate_hz,
            experiment_shot_cap=profile.experiment_shot_cap,
            large_budget_warning_shots=profile.large_budget_warning_shots,
            fidelity_ok=profile.fidelity_ok,
            fidelity_warn=profile.fidelity_warn,
            latency_ok_us=profile.latency_ok_us,
            latency_warn_us=profile.latency_warn_us,
            backaction_ok=profile.backaction_ok,
            backaction_warn=profile.backaction_warn,
            changed_by_id=changed_by,
            changed_at=version.changed_at,
        )
