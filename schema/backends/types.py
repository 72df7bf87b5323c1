"""Backend catalog types: Backend, its pricing and calibration, filters, order and stats."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from domain.backends import models
from resolvers.analytics import backend_kpis as resolve_kpis
from resolvers.backends import operations as resolve
from schema.lazy import of_row, reads_row
from schema.relay import Connection

if TYPE_CHECKING:
    from strawberry.types import Info

    from schema.analytics.types import BackendKpis

from resolvers.providers import fields as provider_fields
from schema.backends.inputs import BackendStatus, Provider, Technology
from schema.providers.capabilities import BackendCapability, capabilities


@strawberry.type(description="A directed coupling between two physical qubits.")
class CouplingEdge:
    source: int = strawberry.field(description="Control qubit of the two-qubit gate.")
    target: int = strawberry.field(description="Target qubit of the two-qubit gate.")


@strawberry.type(description="List price of a run. Simulators are free.")
class BackendPricing:
    per_shot: Decimal = strawberry.field(description="Price of each shot.")
    per_task: Decimal = strawberry.field(description="Price of each job, whatever its shots.")
    currency: str = strawberry.field(description="ISO 4217 currency code.")
    free: bool = strawberry.field(description="True when both prices are zero.")


@strawberry.type(description="One qubit's characterisation at the last calibration.")
class QubitCalibration:
    qubit: int = strawberry.field(description="Physical qubit index.")
    t1_us: float | None = strawberry.field(description="Energy relaxation time T1, microseconds.")
    t2_us: float | None = strawberry.field(description="Dephasing time T2, microseconds.")
    frequency_ghz: float | None = strawberry.field(description="Qubit frequency, GHz.")
    anharmonicity_ghz: float | None = strawberry.field(description="Anharmonicity, GHz.")
    readout_error: float | None = strawberry.field(description="Probability of misreading.")
    prob_meas0_prep1: float | None = strawberry.field(description="P(read 0 | prepared 1).")
    prob_meas1_prep0: float | None = strawberry.field(description="P(read 1 | prepared 0).")
    readout_length_ns: float | None = strawberry.field(description="Readout duration, ns.")
    calibrated_at: datetime | None = strawberry.field(description="When this was measured.")

    @classmethod
    def from_model(cls, row: models.QubitCalibration) -> Self:
        return cls(
            qubit=row.qubit,
            t1_us=row.t1_us,
            t2_us=row.t2_us,
            frequency_ghz=row.frequency_ghz,
            anharmonicity_ghz=row.anharmonicity_ghz,
            readout_error=row.readout_error,
            prob_meas0_prep1=row.prob_meas0_prep1,
            prob_meas1_prep0=row.prob_meas1_prep0,
            readout_length_ns=row.readout_length_ns,
            calibrated_at=row.calibrated_at,
        )


@strawberry.type(description="One gate on one tuple of qubits: its error and duration.")
class GateCalibration:
    gate: str = strawberry.field(description="Gate name, as in the basis gates.")
    qubits: list[int] = strawberry.field(description="The physical qubits it acts on.")
    error: float | None = strawberry.field(description="Gate error (1 - fidelity).")
    duration_ns: float | None = strawberry.field(description="Gate duration, ns.")
    calibrated_at: datetime | None = strawberry.field(description="When this was measured.")

    @classmethod
    def from_model(cls, row: models.GateCalibration) -> Self:
        return cls(
            gate=row.gate,
            qubits=list(row.qubits),
            error=row.error,
            duration_ns=row.duration_ns,
            calibrated_at=row.calibrated_at,
        )


def _calibration(row: models.Backend) -> BackendCalibration | None:
    calibrated = row.last_calibrated_at is not None or row.median_t1_us is not None
    return of_row(BackendCalibration, row) if calibrated else None


def _pricing(row: models.Backend) -> BackendPricing:
    return BackendPricing(
        per_shot=row.price_per_shot,
        per_task=row.price_per_task,
        currency=row.currency,
        free=row.price_per_shot == 0 and row.price_per_task == 0,
    )


@reads_row(
    calibrated_at="last_calibrated_at",
    median_t1_us="median_t1_us",
    median_t2_us="median_t2_us",
    median_readout_error="median_readout_error",
    median_single_qubit_error="median_single_qubit_error",
    median_two_qubit_error="median_two_qubit_error",
    two_qubit_gate="two_qubit_gate",
)
@strawberry.type(
    description="A device's calibration: medians for a glance, qubits and gates paged on demand."
)
class BackendCalibration:
    row: strawberry.Private[models.Backend]
    calibrated_at: datetime | None = strawberry.field(description="Snapshot time.")
    median_t1_us: float | None = strawberry.field(description="Median T1 over qubits, µs.")
    median_t2_us: float | None = strawberry.field(description="Median T2 over qubits, µs.")
    median_readout_error: float | None = strawberry.field(description="Median readout error.")
    median_single_qubit_error: float | None = strawberry.field(
        description="Median error of the physical single-qubit gates (sx, x)."
    )
    median_two_qubit_error: float | None = strawberry.field(
        description="Median error of `twoQubitGate` over the coupling map."
    )
    two_qubit_gate: str | None = strawberry.field(description="The native two-qubit gate.")
    qubits: Connection[QubitCalibration] = strawberry.field(
        resolver=resolve.qubit_calibrations,
        description="Per-qubit calibration, in qubit order. Forward paging (`first`/`after`).",
    )
    gates: Connection[GateCalibration] = strawberry.field(
        resolver=resolve.gate_calibrations,
        description="Per-gate calibration. Forward paging; filter by gate name or a qubit.",
    )


# Each field reads the row only when selected: `couplingMap` and `basisGates` are the heavy ones,
# and a page leaves their columns unloaded unless the query asks (resolvers.backends.operations).
@reads_row(
    key="name",
    name="name",
    description="description",
    provider="provider",
    technology="technology",
    status="status",
    status_reason="status_reason",
    operational=lambda row: row.status == models.BackendStatus.ONLINE,
    simulator="simulator",
    qubits="num_qubits",
    basis_gates="basis_gates",
    coupling_map=lambda row: [CouplingEdge(source=a, target=b) for a, b in row.coupling_map],
    simulation_method="simulation_method",
    processor_family="processor_family",
    max_shots="max_shots",
    pricing=_pricing,
    last_calibrated_at="last_calibrated_at",
    calibration=_calibration,
    region="region",
    capabilities=capabilities,
)
@strawberry.type(description="A place a circuit can run: a simulator, an emulator or hardware.")
class Backend(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.Backend]
    name: str = strawberry.field(description="Unique name, used to submit jobs.")
    description: str = strawberry.field(description="What the backend is and when to use it.")
    provider: Provider = strawberry.field(description="Who runs it.")
    technology: Technology = strawberry.field(description="Its platform.")
    status: BackendStatus = strawberry.field(description="Whether it takes jobs now.")
    status_reason: str | None = strawberry.field(description="Why, when not ONLINE.")
    operational: bool = strawberry.field(description="True when ONLINE.")
    simulator: bool = strawberry.field(description="True for ideal simulators.")
    qubits: int = strawberry.field(description="Number of qubits a circuit may use.")
    basis_gates: list[str] = strawberry.field(description="Native gates circuits compile to.")
    coupling_map: list[CouplingEdge] = strawberry.field(
        description="Directed two-qubit couplings; empty means all-to-all."
    )
    simulation_method: str | None = strawberry.field(description="Aer method, for simulators.")
    processor_family: str | None = strawberry.field(description="Processor family and revision.")
    max_shots: int = strawberry.field(description="Most shots one job may ask for.")
    pricing: BackendPricing = strawberry.field(description="List price of a run.")
    last_calibrated_at: datetime | None = strawberry.field(description="Last calibration time.")
    calibration: BackendCalibration | None = strawberry.field(
        description="Calibration data; null for ideal simulators."
    )
    kpis: Annotated[BackendKpis, strawberry.lazy("schema.analytics.types")] | None = (
        strawberry.field(
            resolver=resolve_kpis.kpis,
            description=(
                "Success rate, waits, utilization and health over a window (default: the last 24 "
                "hours), with thresholds. Signed-in callers; null for anonymous ones."
            ),
        )
    )
    queue_length: int = strawberry.field(
        resolver=provider_fields.backend_queue_length,
        description=(
            "Jobs waiting: the provider's own figure where it reports one (IBM's pending jobs), "
            "Qraph's QUEUED jobs on it otherwise."
        ),
    )
    region: str | None = strawberry.field(description="Where it runs, where the provider says.")
    capabilities: list[BackendCapability] = strawberry.field(
        description="Mid-circuit measurement, dynamic circuits, max shots, max circuits per job."
    )

    @classmethod
    def from_model(cls, row: models.Backend) -> Self:
        """The Backend over `row`; fields read the row only when a query selects them."""
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.backends_by_name(info, list(node_ids))
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="A count for one value of a grouping.")
class CountBy:
    key: str = strawberry.field(description="The value (a provider, status or technology).")
    count: int = strawberry.field(description="How many backends have it.")


@strawberry.type(description="Calibration medians of one device.")
class DeviceCalibrationStats:
    backend: Backend = strawberry.field(description="The device.")
    qubits: int = strawberry.field(description="Its qubit count.")
    median_t1_us: float | None = strawberry.field(description="Median T1, µs.")
    median_t2_us: float | None = strawberry.field(description="Median T2, µs.")
    median_two_qubit_error: float | None = strawberry.field(description="Median 2-qubit error.")


@strawberry.type(description="Figures over the whole catalog.")
class BackendStats:
    total: int = strawberry.field(description="Backends in the catalog.")
    by_provider: list[CountBy] = strawberry.field(description="Counts by provider.")
    by_status: list[CountBy] = strawberry.field(description="Counts by status.")
    by_technology: list[CountBy] = strawberry.field(description="Counts by technology.")
    total_qubits: int = strawberry.field(description="Qubits summed over every backend.")
    device_qubits: int = strawberry.field(description="Qubits summed over real-device backends.")
    max_qubits: int = strawberry.field(description="The largest backend's qubit count.")
    median_t1_us: float | None = strawberry.field(description="Median of device median T1s.")
    median_t2_us: float | None = strawberry.field(description="Median of device median T2s.")
    median_two_qubit_error: float | None = strawberry.field(
        description="Median of device median two-qubit errors."
    )
    devices: list[DeviceCalibrationStats] = strawberry.field(
        description="Per device (non-simulator) medians, by name."
    )
