"""Catalog rows: one per backend, plus its per-qubit and per-gate calibration."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base, Timestamped


class Provider(StrEnum):
    AER = "AER"
    IBM_EMULATOR = "IBM_EMULATOR"
    IBM_QUANTUM = "IBM_QUANTUM"
    AZURE_QUANTUM = "AZURE_QUANTUM"
    BRAKET = "BRAKET"


class Technology(StrEnum):
    SIMULATOR = "SIMULATOR"
    SUPERCONDUCTING = "SUPERCONDUCTING"
    TRAPPED_ION = "TRAPPED_ION"
    NEUTRAL_ATOM = "NEUTRAL_ATOM"
    PHOTONIC = "PHOTONIC"


class BackendStatus(StrEnum):
    ONLINE = "ONLINE"
    MAINTENANCE = "MAINTENANCE"
    OFFLINE = "OFFLINE"
    RETIRED = "RETIRED"
    UNAVAILABLE = "UNAVAILABLE"  # its provider is unreachable now (domain.providers.breaker)


class Backend(Timestamped, Base):
    """A place a circuit can run. The calibration summary columns are derived at sync time."""

    __tablename__ = "backends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    provider: Mapped[Provider] = mapped_column(String(32), index=True)
    technology: Mapped[Technology] = mapped_column(String(32))
    status: Mapped[BackendStatus] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)
    simulator: Mapped[bool] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text, default="")
    num_qubits: Mapped[int] = mapped_column(Integer)
    basis_gates: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    coupling_map: Mapped[list[list[int]]] = mapped_column(JSONB)
    simulation_method: Mapped[str | None] = mapped_column(String(32))
    processor_family: Mapped[str | None] = mapped_column(String(64))
    max_shots: Mapped[int] = mapped_column(Integer)
    price_per_shot: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    price_per_task: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    currency: Mapped[str] = mapped_column(String(3))
    last_calibrated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    calibration_fingerprint: Mapped[str | None] = mapped_column(String(64))
    median_t1_us: Mapped[float | None] = mapped_column(Float)
    median_t2_us: Mapped[float | None] = mapped_column(Float)
    median_readout_error: Mapped[float | None] = mapped_column(Float)
    median_single_qubit_error: Mapped[float | None] = mapped_column(Float)
    median_two_qubit_error: Mapped[float | None] = mapped_column(Float)
    two_qubit_gate: Mapped[str | None] = mapped_column(String(32))
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Provider-reported where the provider has them (domain.providers); null otherwise.
    queue_length: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(64))
    capabilities: Mapped[dict[str, object]] = mapped_column(JSONB, server_default="{}")


class QubitCalibration(Base):
    """One qubit's characterisation at the backend's last calibration."""

    __tablename__ = "qubit_calibrations"

    backend_id: Mapped[int] = mapped_column(
        ForeignKey("backends.id", ondelete="CASCADE"), primary_key=True
    )
    qubit: Mapped[int] = mapped_column(Integer, primary_key=True)
    t1_us: Mapped[float | None] = mapped_column(Float)
    t2_us: Mapped[float | None] = mapped_column(Float)
    frequency_ghz: Mapped[float | None] = mapped_column(Float)
    anharmonicity_ghz: Mapped[float | None] = mapped_column(Float)
    readout_error: Mapped[float | None] = mapped_column(Float)
    prob_meas0_prep1: Mapped[float | None] = mapped_column(Float)
    prob_meas1_prep0: Mapped[float | None] = mapped_column(Float)
    readout_length_ns: Mapped[float | None] = mapped_column(Float)
    calibrated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GateCalibration(Base):
    """One gate on one tuple of qubits: its error and duration."""

    __tablename__ = "gate_calibrations"
    __table_args__ = (UniqueConstraint("backend_id", "gate", "qubits"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    backend_id: Mapped[int] = mapped_column(
        ForeignKey("backends.id", ondelete="CASCADE"), index=True
    )
    gate: Mapped[str] = mapped_column(String(32))
    qubits: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    error: Mapped[float | None] = mapped_column(Float)
    duration_ns: Mapped[float | None] = mapped_column(Float)
    calibrated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
