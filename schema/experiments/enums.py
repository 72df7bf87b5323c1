"""The experiments area's enums."""

from __future__ import annotations

import strawberry

from domain.experiments import models as domain

ExperimentPreset = strawberry.enum(
    domain.Preset,
    name="ExperimentPreset",
    description=(
        "health: T1, T2 (Hahn echo), readout error and RB of one qubit; latency: paced probe "
        "circuits; backend_compare: one circuit on several backends; dpd_demo: drive, probe, "
        "drive."
    ),
)
ExperimentRunStatus = strawberry.enum(
    domain.RunStatus,
    name="ExperimentRunStatus",
    description=(
        "QUEUED: no job started; RUNNING: some job started; ANALYSING: every job is final and "
        "the worker's analysis is due; then COMPLETED (some job completed), FAILED or CANCELLED."
    ),
)
