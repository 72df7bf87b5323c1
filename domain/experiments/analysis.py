"""Analysing a run once its last job is final: in the worker, never in the API.

`settle` reads the run's jobs; while any is QUEUED or RUNNING it does nothing. Otherwise it
reads what the analysis needs (the calibration of the qubits used), closes its transaction,
fits and compares in a bounded child process (`sandbox.run_bounded`, with a time limit), and
records the result, the KPI bundle and the final status with a conditional update (`WHERE
finished_at IS NULL`), so a second settle of the same run, or two workers racing, change
nothing. Then it publishes a change of one of the run's jobs, which wakes `experimentUpdated`.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from domain.backends.models import Backend, QubitCalibration
from domain.circuits import sandbox
from domain.db import AsyncSession
from domain.errors import DomainError
from domain.events import Event
from domain.experiments import backend_compare, control_profile, dpd, health, kpis, latency
from domain.experiments.models import ExperimentJob, ExperimentRun, Preset, RunStatus
from domain.experiments.plans import Analysed, Finished
from domain.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

ANALYSIS_TIME_LIMIT_S = 120.0  # the first analysis in a child imports qiskit-experiments
SWEEP_LIMIT = 50
SWEEP_WINDOW = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Settled:
    run_id: uuid.UUID
    status: RunStatus | None  # None: not yet (jobs still active), or settled before
    first_job_id: uuid.UUID | None = None


def _finished(job: Job, label: dict[str, Any], backend: str) -> Finished:
    physical = (job.details or {}).get("physical_qubits")
    return Finished(
        label=label,
        backend=backend,
        status=str(job.status),
        shots=job.shots,
        counts=job.counts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        execution_ms=job.execution_ms,
        physical_qubits=tuple(physical) if physical else None,
    )


def _effective(t1: float | None, t2: float | None) -> float | None:
    """The T2 the emulator relaxes with: Aer caps it at 2·T1."""
    if t2 is None:
        return None
    return min(t2, 2 * t1) if t1 is not None else t2


async def _calibration(
    session: AsyncSession, backend_name: str, jobs: list[Finished]
) -> dict[int, dict[str, float | None]]:
    qubits = {q for j in jobs for q in (j.physical_qubits or ())}
    if not qubits:
        return {}
    rows = await session.execute(
        select(QubitCalibration)
        .join(Backend, Backend.id == QubitCalibration.backend_id)
        .where(Backend.name == backend_name, QubitCalibration.qubit.in_(sorted(qubits)))
    )
    return {
        r.qubit: {
            "t1_us": r.t1_us,
            "t2_us": _effective(r.t1_us, r.t2_us),
            "readout_error": r.readout_error,
        }
        for r in rows.scalars()
    }


def analyse(preset: str, jobs: list[Finished], extra: dict[str, Any]) -> Analysed:
    """The preset's analysis; runs in a child process."""
    kind = Preset(preset)
    if kind is Preset.health:
        return health.analyse(jobs, extra.get("calibration", {}))
    if kind is Preset.latency:
        return latency.analyse(jobs)
    if kind is Preset.dpd_demo:
        return dpd.analyse(jobs)
    ideal = None
    source = extra.get("circuit")
    if source:
        from domain.circuits.ideal import ideal_distribution
        from domain.circuits.parsing import parse_circuit

        ideal = ideal_distribution(parse_circuit(source).circuit)
    return backend_compare.analyse(jobs, ideal)


def _final_status(jobs: list[Finished]) -> RunStatus:
    statuses = {j.status for j in jobs}
    if statuses == {JobStatus.CANCELLED.value}:
        return RunStatus.CANCELLED
    if JobStatus.COMPLETED.value not in statuses:
        return RunStatus.FAILED
    return RunStatus.COMPLETED


def _clean(value: Any) -> Any:
    """JSON-safe: non-finite floats become null (JSONB refuses NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


async def settle(sessionmaker: Any, run_id: uuid.UUID) -> Settled:
    """Analyse the run if all its jobs are final and it is not analysed yet; idempotent."""
    async with sessionmaker() as session:
        run = await session.get(ExperimentRun, run_id)
        if run is None or run.finished_at is not None:
            return Settled(run_id, None)
        rows = (
            await session.execute(
                select(Job, ExperimentJob.label, Backend.name)
                .join(ExperimentJob, ExperimentJob.job_id == Job.id)
                .join(Backend, Backend.id == Job.backend_id)
                .where(ExperimentJob.run_id == run_id)
                .order_by(ExperimentJob.position)
            )
        ).all()
        planned = int((run.result or {}).get("plannedJobs", len(rows)))
        if len(rows) < planned and datetime.now(UTC) - run.created_at < timedelta(minutes=5):
            return Settled(run_id, None)  # probes still being paced in
        if any(not JobStatus(job.status).terminal for job, _, _ in rows):
            return Settled(run_id, None)
        jobs = [_finished(job, label, name) for job, label, name in rows]
        preset, shots_planned = run.preset, int((run.result or {}).get("plannedShots", 0))
        extra: dict[str, Any] = {}
        if preset == Preset.health and jobs:
            extra["calibration"] = await _calibration(session, jobs[0].backend, jobs)
        if preset == Preset.backend_compare and rows:
            extra["circuit"] = rows[0][0].circuit
        profile = (await control_profile.current(session)).profile
        await session.commit()  # no transaction stays open across the fits
    status = _final_status(jobs) if jobs else RunStatus.FAILED
    error = None
    try:
        analysed = await sandbox.run_bounded(
            analyse, str(preset), jobs, extra, time_limit_s=ANALYSIS_TIME_LIMIT_S
        )
    except DomainError as failure:  # past the time limit, or the child died
        analysed, status, error = Analysed(result={}), RunStatus.FAILED, str(failure)
    bundle = kpis.bundle(
        analysed,
        jobs,
        shot_budget=shots_planned,
        profile=profile,
        judge_backaction=preset != Preset.dpd_demo,
    )
    if status is RunStatus.CANCELLED:
        bundle["status"] = None
    result = {**(_clean(analysed.result)), "plannedJobs": planned, "plannedShots": shots_planned}
    async with sessionmaker() as session:
        changed = await session.execute(
            update(ExperimentRun)
            .where(ExperimentRun.id == run_id, ExperimentRun.finished_at.is_(None))
            .values(
                status=status.value,
                result=result,
                kpis=_clean(bundle),
                error_message=error,
                finished_at=datetime.now(UTC),
            )
        )
        await session.commit()
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return Settled(run_id, None)
    return Settled(run_id, status, rows[0][0].id if rows else None)


def analysed_event(first_job_id: uuid.UUID) -> Event:
    """Published after the analysis commits: a job event of a kind of its own, so the job feed
    hands it on although the job's status did not change (experimentUpdated follows the jobs;
    a jobUpdates subscriber sees that job once more, unchanged)."""
    return Event("job", str(first_job_id), "experiment_analysed")


async def open_runs(session: AsyncSession, *, limit: int = SWEEP_LIMIT) -> list[uuid.UUID]:
    """Runs still to analyse, oldest first, from the recent window (bounded)."""
    since = datetime.now(UTC) - SWEEP_WINDOW
    rows = await session.scalars(
        select(ExperimentRun.id)
        .where(ExperimentRun.finished_at.is_(None), ExperimentRun.created_at > since)
        .order_by(ExperimentRun.created_at)
        .limit(limit)
    )
    return list(rows)
