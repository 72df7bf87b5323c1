"""Loading providers into the catalog. Idempotent: a second sync updates rows in place."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.backends.calibration import fingerprint, summarize
from domain.backends.models import Backend, BackendStatus, GateCalibration, QubitCalibration
from domain.db import AsyncSession
from domain.errors import ProviderUnavailable
from domain.events import Event
from domain.providers.base import BackendProvider, BackendSpec
from domain.providers.breaker import mark_synced
from domain.providers.sdk_thread import run_in_sdk_thread


@dataclass(slots=True)
class SyncReport:
    created: int = 0
    updated: int = 0
    retired: int = 0
    calibrations_written: int = 0
    calibrations_unchanged: int = 0
    seconds: float = 0.0
    status_changes: list[str] = field(default_factory=list)  # backend names

    def events(self) -> list[Event]:
        """What to publish once the sync has committed."""
        return [Event("backend", name, "status_changed") for name in self.status_changes]


def _row(spec: BackendSpec, now: datetime) -> dict[str, object]:
    summary = summarize(spec)
    return {
        "name": spec.name,
        "provider": spec.provider,
        "technology": spec.technology,
        "status": spec.status,
        "status_reason": spec.status_reason,
        "simulator": spec.simulator,
        "description": spec.description,
        "num_qubits": spec.num_qubits,
        "basis_gates": list(spec.basis_gates),
        "coupling_map": [list(edge) for edge in spec.coupling_map],
        "simulation_method": spec.simulation_method,
        "processor_family": spec.processor_family,
        "max_shots": spec.max_shots,
        "price_per_shot": spec.pricing.per_shot,
        "price_per_task": spec.pricing.per_task,
        "currency": spec.pricing.currency,
        "last_calibrated_at": spec.last_calibrated_at,
        "calibration_fingerprint": fingerprint(spec),
        "synced_at": now,
        "queue_length": spec.queue_length,
        "region": spec.region,
        "capabilities": {k: v for k, v in asdict(spec.capabilities).items() if v is not None},
        **asdict(summary),
    }


async def _write_calibration(session: AsyncSession, backend_id: int, spec: BackendSpec) -> None:
    await session.execute(delete(QubitCalibration).where(QubitCalibration.backend_id == backend_id))
    await session.execute(delete(GateCalibration).where(GateCalibration.backend_id == backend_id))
    if spec.qubits:
        rows = [{"backend_id": backend_id, **asdict(q)} for q in spec.qubits]
        await session.execute(insert(QubitCalibration), rows)
    if spec.gates:
        gates = [{"backend_id": backend_id, **asdict(g)} for g in spec.gates]
        for g in gates:
            g["qubits"] = list(g["qubits"])  # type: ignore[call-overload]
        await session.execute(insert(GateCalibration), gates)


async def sync_provider(
    session: AsyncSession, provider: BackendProvider, report: SyncReport
) -> None:
    """Upsert one provider's backends and retire the ones it no longer reports."""
    try:
        specs = await run_in_sdk_thread(provider.list_backends)
    except Exception as exc:  # an SDK or network fault must not take the catalog down
        raise ProviderUnavailable(str(exc), provider=provider.provider.value) from exc
    now = datetime.now(UTC)
    known = {
        name: (status, fp)
        for name, status, fp in (
            await session.execute(
                select(Backend.name, Backend.status, Backend.calibration_fingerprint).where(
                    Backend.provider == provider.provider
                )
            )
        )
    }
    for spec in specs:
        row = _row(spec, now)
        insert_row = pg_insert(Backend).values(**row)
        upsert = insert_row.on_conflict_do_update(
            index_elements=[Backend.name],
            set_={k: insert_row.excluded[k] for k in row if k != "name"},
        ).returning(Backend.id)
        backend_id = (await session.execute(upsert)).scalar_one()
        previous = known.pop(spec.name, None)
        if previous is None:
            report.created += 1
        else:
            report.updated += 1
            if previous[0] != spec.status:
                report.status_changes.append(spec.name)
        if previous is not None and previous[1] == row["calibration_fingerprint"]:
            report.calibrations_unchanged += 1
        else:
            await _write_calibration(session, backend_id, spec)
            report.calibrations_written += 1
    if known:
        await session.execute(
            update(Backend)
            .where(Backend.name.in_(list(known)), Backend.status != BackendStatus.RETIRED)
            .values(
                status=BackendStatus.RETIRED, status_reason="No longer offered by its provider."
            )
        )
        retired = [name for name, (status, _) in known.items() if status != BackendStatus.RETIRED]
        report.retired += len(retired)
        report.status_changes += retired
    await mark_synced(session, provider.provider.value)


async def sync_catalog(session: AsyncSession, providers: Sequence[BackendProvider]) -> SyncReport:
    """Sync every provider in one transaction per provider; the caller owns the session."""
    report = SyncReport()
    started = time.perf_counter()
    for provider in providers:
        async with session.begin():
            await sync_provider(session, provider, report)
    report.seconds = time.perf_counter() - started
    return report
