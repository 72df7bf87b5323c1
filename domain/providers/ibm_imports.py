"""Import a connected IBM account's jobs, including those submitted outside Qraph.

Imported jobs are Qraph jobs with `source = 'IMPORTED'`, unique per (owner, provider job id), so
a second sync updates rather than duplicates; they are the owner's alone like any other job, and
carry IBM's status history (with its own timestamps), counts of finished SamplerV2 jobs,
`provider_job_id` and `provider_status`. IBM calls run on the SDK thread with no transaction
open; the database work after them is one short transaction, and its events are published by
the caller after the commit.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.backends.models import Backend, BackendStatus, Provider, Technology
from domain.db import AsyncSession
from domain.errors import DomainError, NotFound, ProviderUnavailable
from domain.events import Event
from domain.jobs.models import (
    SOURCE_IMPORTED,
    TERMINAL,
    CircuitFormat,
    Job,
    JobStatus,
    JobTransition,
    Priority,
)
from domain.jobs.transitions import job_changed
from domain.providers.ibm_account_client import (
    IbmAccountClient,
    IbmJobRecord,
    IbmJobSummary,
    JobUnreadable,
)
from domain.providers.ibm_accounts import ClientFactory, close_client, record_error, token_context
from domain.providers.models import AccountProvider, ProviderAccount
from domain.providers.sdk_thread import run_in_sdk_thread
from domain.providers.secret_box import SealBroken, Sealed, SecretBox

log = logging.getLogger("qraph.providers.ibm_imports")

IMPORTED = SOURCE_IMPORTED
MAX_TAGS = 8


@dataclass(slots=True)
class SyncReport:
    imported: int = 0
    updated: int = 0
    seen: int = 0
    skipped: int = 0  # listed but unreadable this time (deleted meanwhile, a bad payload)
    events: list[Event] = field(default_factory=list)


async def sync_jobs(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    box: SecretBox,
    client_factory: ClientFactory,
    limit: int = 200,
) -> SyncReport:
    """Import the user's IBM jobs; publish `report.events` after this returns (it commits)."""
    async with session.begin():
        account = await session.scalar(
            select(ProviderAccount).where(
                ProviderAccount.user_id == user_id,
                ProviderAccount.provider == AccountProvider.IBM_QUANTUM,
            )
        )
        if account is None:
            raise NotFound("No IBM Quantum account is connected.")
        sealed = Sealed(account.token_ciphertext, account.token_nonce)
        instance, channel = account.instance, account.channel
    try:
        token, resealed = box.open_current(sealed, context=token_context(user_id))
    except SealBroken:
        await record_error(session, user_id, "The stored token no longer opens; reconnect.")
        raise ProviderUnavailable(
            "The stored IBM token no longer opens (the key changed): connect again.",
            provider=Provider.IBM_QUANTUM,
        ) from None
    client = client_factory(token, instance, channel)
    del token
    try:
        summaries = await run_in_sdk_thread(lambda: client.list_jobs(limit=limit))
        async with session.begin():
            known = dict(
                (
                    await session.execute(
                        select(Job.provider_job_id, Job.status).where(
                            Job.owner_id == user_id,
                            Job.source == IMPORTED,
                            Job.provider_job_id.in_([s.id for s in summaries]),
                        )
                    )
                ).all()
            )
        wanted = [
            s for s in summaries if s.id not in known or (JobStatus(known[s.id]) not in TERMINAL)
        ]
        records, skipped = await run_in_sdk_thread(lambda: _fetch_all(client, wanted))
    except DomainError as error:
        await record_error(session, user_id, error.message)
        raise
    finally:
        close_client(client)
    report = SyncReport(seen=len(summaries), skipped=skipped)
    async with session.begin():
        backends = await _backend_ids(session, {_backend_name(r) for r in records})
        for record in records:
            if record.id in known:
                changed = await _update(session, user_id, record)
                report.updated += changed is not None
                if changed is not None:
                    report.events.append(job_changed(changed))
            else:
                created = await _insert(session, user_id, record, backends)
                report.imported += created is not None
                if created is not None:
                    report.events.append(job_changed(created))
        await session.execute(
            update(ProviderAccount)
            .where(
                ProviderAccount.user_id == user_id,
                ProviderAccount.provider == AccountProvider.IBM_QUANTUM,
            )
            .values(
                last_sync_at=datetime.now(UTC),
                last_error=None,
                # A rotation under way: the token moves to the current key.
                **(
                    {"token_ciphertext": resealed.ciphertext, "token_nonce": resealed.nonce}
                    if resealed is not None
                    else {}
                ),
            )
        )
    log.info(
        "IBM jobs synced",
        extra={"user_id": str(user_id), "imported": report.imported, "updated": report.updated},
    )
    return report


def _fetch_all(
    client: IbmAccountClient, wanted: list[IbmJobSummary]
) -> tuple[list[IbmJobRecord], int]:
    """Read each job in full; one that fails to read is skipped until the next sync, but a
    refused token or an unreachable IBM stops the sync."""
    records, skipped = [], 0
    for summary in wanted:
        try:
            records.append(
                client.fetch_job(
                    summary.id, with_result=_state(summary.status) is JobStatus.COMPLETED
                )
            )
        except (JobUnreadable, KeyError, ValueError, TypeError):  # a payload not as documented
            skipped += 1
    return records, skipped


def _state(word: str) -> JobStatus:
    """IBM's status word as a Qraph status ("Cancelled - Ran too long" is CANCELLED)."""
    lowered = word.lower()
    if lowered.startswith("completed") or lowered == "done":
        return JobStatus.COMPLETED
    if lowered.startswith("cancel"):
        return JobStatus.CANCELLED
    if lowered.startswith(("fail", "error")):
        return JobStatus.FAILED
    if lowered.startswith("running"):
        return JobStatus.RUNNING
    return JobStatus.QUEUED


def _history(record: IbmJobRecord, status: JobStatus) -> list[tuple[JobStatus, datetime | None]]:
    """The statuses the job went through, with IBM's own timestamps where it gave them."""
    steps: list[tuple[JobStatus, datetime | None]] = [(JobStatus.QUEUED, record.created)]
    if status is JobStatus.RUNNING or record.running is not None:
        steps.append((JobStatus.RUNNING, record.running))
    if status in TERMINAL:
        steps.append((status, record.finished))
    return steps


def _values(record: IbmJobRecord) -> dict[str, object]:
    status = _state(record.status)
    counts = record.pub_counts[0] if record.pub_counts else None
    details: dict[str, object] = {"ibm": {"program": record.program, "backend": record.backend}}
    if record.pub_counts is not None and len(record.pub_counts) > 1:
        details["pub_counts"] = list(record.pub_counts)
    if record.quantum_seconds is not None:
        details["quantum_seconds"] = record.quantum_seconds
    shots = record.shots or (sum(counts.values()) if counts else 0)
    return {
        "status": status,
        "provider_status": record.status,
        "started_at": record.running,
        "finished_at": record.finished if status in TERMINAL else None,
        "counts": counts,
        "shots": shots,
        "error_message": record.reason if status is JobStatus.FAILED else None,
        "error_code": "PROVIDER_FAILED" if status is JobStatus.FAILED else None,
        "details": details,
    }


async def _insert(
    session: AsyncSession, user_id: uuid.UUID, record: IbmJobRecord, backends: dict[str, int]
) -> uuid.UUID | None:
    values = _values(record)
    job_id = uuid.uuid4()
    statement = (
        pg_insert(Job)
        .values(
            id=job_id,
            owner_id=user_id,
            backend_id=backends[_backend_name(record)],
            name=f"IBM job {record.id}"[:200],
            circuit=record.circuit_qasm or "// Imported from IBM Quantum: no circuit available.",
            circuit_format=CircuitFormat.QASM3,
            qubits=record.qubits,
            depth=record.depth,
            priority=Priority.STANDARD,
            tags=[t[:64] for t in record.tags[:MAX_TAGS]],
            idempotency_key=None,
            created_at=record.created or datetime.now(UTC),
            cost_estimate=Decimal(0),
            currency="USD",
            attempts=0,
            provider_job_id=record.id,
            source=IMPORTED,
            **values,
        )
        .on_conflict_do_nothing(
            index_elements=["owner_id", "provider_job_id"],
            index_where=Job.source == IMPORTED,
        )
        .returning(Job.id)
    )
    inserted = await session.scalar(statement)
    if inserted is None:  # a concurrent sync imported it first
        return None
    status = JobStatus(str(values["status"]))
    await session.execute(
        insert(JobTransition),
        [
            {"job_id": job_id, "status": s, "at": at or datetime.now(UTC), "note": _NOTE}
            for s, at in _history(record, status)
        ],
    )
    return job_id


async def _update(
    session: AsyncSession, user_id: uuid.UUID, record: IbmJobRecord
) -> uuid.UUID | None:
    """Move a known, unfinished job on; None when nothing changed or it was already final."""
    values = _values(record)
    status = JobStatus(str(values["status"]))
    row = (
        await session.execute(
            select(Job.id, Job.status, Job.provider_status).where(
                Job.owner_id == user_id,
                Job.source == IMPORTED,
                Job.provider_job_id == record.id,
            )
        )
    ).one_or_none()
    if row is None or JobStatus(row.status) in TERMINAL:
        return None
    if JobStatus(row.status) is status and row.provider_status == record.status:
        return None
    updated = await session.scalar(
        update(Job)
        .where(Job.id == row.id, Job.status.in_([s.value for s in JobStatus if s not in TERMINAL]))
        .values(**values)
        .returning(Job.id)
    )
    if updated is None:
        return None
    recorded = set(
        await session.scalars(select(JobTransition.status).where(JobTransition.job_id == row.id))
    )
    new_steps = [(s, at) for s, at in _history(record, status) if s not in recorded]
    if new_steps:
        await session.execute(
            insert(JobTransition),
            [
                {"job_id": row.id, "status": s, "at": at or datetime.now(UTC), "note": _NOTE}
                for s, at in new_steps
            ],
        )
    return updated


_NOTE = "IBM Quantum (imported)"


def _backend_name(record: IbmJobRecord) -> str:
    return (record.backend or "unknown")[:80]


IBM_PREFIX = "ibm_quantum/"


async def _backend_ids(session: AsyncSession, names: set[str]) -> dict[str, int]:
    """Catalog ids by IBM backend name. The catalog keys IBM Quantum backends by IBM's name
    (`ibm_brisbane`); one not there yet is added, OFFLINE for submission, and a name another
    provider already uses (a `fake_*` snapshot emulator) is stored as `ibm_quantum/<name>`."""
    if not names:
        return {}
    taken = dict(
        (
            await session.execute(
                select(Backend.name, Backend.provider).where(Backend.name.in_(names))
            )
        )
        .tuples()
        .all()
    )
    row_names = {
        name: name
        if taken.get(name, Provider.IBM_QUANTUM) == Provider.IBM_QUANTUM
        else IBM_PREFIX + name
        for name in names
    }
    await session.execute(
        pg_insert(Backend)
        .values(
            [
                {
                    "name": row_name,
                    "provider": Provider.IBM_QUANTUM,
                    "technology": Technology.SUPERCONDUCTING,
                    "status": BackendStatus.OFFLINE,
                    "status_reason": "Seen on imported IBM Quantum jobs; Qraph does not "
                    "submit to it until the IBM service account is configured.",
                    "simulator": False,
                    "description": "An IBM Quantum backend.",
                    "num_qubits": 0,
                    "basis_gates": [],
                    "coupling_map": [],
                    "max_shots": 100_000,
                    "price_per_shot": Decimal(0),
                    "price_per_task": Decimal(0),
                    "currency": "USD",
                    "synced_at": datetime.now(UTC),
                }
                for row_name in sorted(row_names.values())
            ]
        )
        .on_conflict_do_nothing(index_elements=["name"])
    )
    ids = dict(
        (
            await session.execute(
                select(Backend.name, Backend.id).where(Backend.name.in_(row_names.values()))
            )
        )
        .tuples()
        .all()
    )
    return {name: int(ids[row_name]) for name, row_name in row_names.items()}
