"""Reading the backend catalog: filtered keyset pages, batched calibration pages, stats."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, and_, cast, func, literal, select
from sqlalchemy.orm import defer

from domain.backends.models import (
    Backend,
    BackendStatus,
    GateCalibration,
    Provider,
    QubitCalibration,
)
from domain.db import AsyncSession
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Columns a read loads only when its caller asks: a device's coupling map holds hundreds of
# pairs, decoded from JSONB for every row that carries it.
OPTIONAL_COLUMNS: dict[str, Any] = {
    "basis_gates": Backend.basis_gates,
    "coupling_map": Backend.coupling_map,
}
ALL_COLUMNS = frozenset(OPTIONAL_COLUMNS)


def _loading(columns: frozenset[str]) -> list[Any]:
    """Options that leave out the optional columns not named; reading one of those raises."""
    return [defer(c, raiseload=True) for n, c in OPTIONAL_COLUMNS.items() if n not in columns]


@dataclass(frozen=True, slots=True)
class BackendFilter:
    provider: Provider | None = None
    operational: bool | None = None
    simulator: bool | None = None
    min_qubits: int | None = None
    name_contains: str | None = None


class BackendOrderField(StrEnum):
    NAME = "NAME"
    QUBITS = "QUBITS"
    PROVIDER = "PROVIDER"
    LAST_CALIBRATED_AT = "LAST_CALIBRATED_AT"
    MEDIAN_T1 = "MEDIAN_T1"
    MEDIAN_TWO_QUBIT_ERROR = "MEDIAN_TWO_QUBIT_ERROR"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Keyset columns must never be NULL, so nullable measures sort as if they were at the far end.
_ORDER_EXPRESSIONS: dict[BackendOrderField, tuple[Any, type]] = {
    BackendOrderField.NAME: (Backend.name, str),
    BackendOrderField.QUBITS: (Backend.num_qubits, int),
    BackendOrderField.PROVIDER: (Backend.provider, str),
    BackendOrderField.LAST_CALIBRATED_AT: (
        func.coalesce(Backend.last_calibrated_at, literal(_EPOCH)),
        datetime,
    ),
    BackendOrderField.MEDIAN_T1: (func.coalesce(Backend.median_t1_us, -1.0), float),
    BackendOrderField.MEDIAN_TWO_QUBIT_ERROR: (
        func.coalesce(Backend.median_two_qubit_error, cast(literal("Infinity"), Float)),
        float,
    ),
}


def backend_sort_keys(field: BackendOrderField, *, descending: bool) -> list[SortKey]:
    """The keyset for an ordering: the field, then the unique name as tie-breaker."""
    expression, kind = _ORDER_EXPRESSIONS[field]
    keys = [SortKey(expression, kind, descending)]
    if field is not BackendOrderField.NAME:
        keys.append(SortKey(Backend.name, str, descending))
    return keys


def _filtered(stmt: Select[Any], where: BackendFilter) -> Select[Any]:
    if where.provider is not None:
        stmt = stmt.where(Backend.provider == where.provider)
    if where.operational is not None:
        online = Backend.status == BackendStatus.ONLINE
        stmt = stmt.where(online if where.operational else ~online)
    if where.simulator is not None:
        stmt = stmt.where(Backend.simulator.is_(where.simulator))
    if where.min_qubits is not None:
        stmt = stmt.where(Backend.num_qubits >= where.min_qubits)
    if where.name_contains:
        pattern = "%" + where.name_contains.replace("\\", "\\\\").replace("%", "\\%") + "%"
        stmt = stmt.where(Backend.name.ilike(pattern.replace("_", "\\_")))
    return stmt


async def list_backends(
    session: AsyncSession,
    *,
    where: BackendFilter,
    keys: Sequence[SortKey],
    request: PageRequest,
    size: int,
    columns: frozenset[str] = ALL_COLUMNS,
) -> Page[Backend]:
    """One keyset page of the catalog, with the optional `columns` named."""
    stmt = _filtered(select(Backend).options(*_loading(columns)), where)
    return await keyset_page(session, stmt, keys, request, size=size)


async def count_backends(session: AsyncSession, *, where: BackendFilter) -> int:
    """How many backends match the filter."""
    stmt = _filtered(select(func.count()).select_from(Backend), where)
    return int((await session.execute(stmt)).scalar_one())


async def get_many_by_names(
    session: AsyncSession, *, names: Sequence[str], columns: frozenset[str] = ALL_COLUMNS
) -> list[Backend | None]:
    """Backends in the order of `names`, None where a name is unknown."""
    stmt = select(Backend).options(*_loading(columns)).where(Backend.name.in_(names))
    rows = (await session.scalars(stmt)).all()
    by_name = {row.name: row for row in rows}
    return [by_name.get(name) for name in names]


async def get_many_by_ids(
    session: AsyncSession, *, ids: Sequence[int], columns: frozenset[str] = ALL_COLUMNS
) -> list[Backend | None]:
    """Backends in the order of `ids`, None where an id is unknown."""
    stmt = select(Backend).options(*_loading(columns)).where(Backend.id.in_(ids))
    by_id = {row.id: row for row in await session.scalars(stmt)}
    return [by_id.get(i) for i in ids]


@dataclass(frozen=True, slots=True)
class QubitSelection:
    """Which qubits of each backend to page through: all, or the listed ones."""

    qubits: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class GateSelection:
    """Which gate calibrations to page through: by gate name and/or a qubit they act on."""

    gate: str | None = None
    qubit: int | None = None


async def _pages_by_backend(
    session: AsyncSession,
    *,
    model: Any,
    key_column: Any,
    conditions: list[ColumnElement[bool]],
    backend_ids: Sequence[int],
    after: int | None,
    size: int,
) -> dict[int, tuple[list[Any], bool, int]]:
    """A page per backend in two statements: rows by window function, totals by GROUP BY."""
    base = and_(model.backend_id.in_(backend_ids), *conditions)
    paged = base if after is None else and_(base, key_column > after)
    rank = func.row_number().over(partition_by=model.backend_id, order_by=key_column).label("rank")
    inner = select(model, rank).where(paged).subquery()
    alias = select(inner).where(inner.c.rank <= size + 1).order_by(inner.c.backend_id, inner.c.rank)
    rows = (await session.execute(alias)).mappings().all()
    totals_stmt = select(model.backend_id, func.count()).where(base).group_by(model.backend_id)
    totals: dict[int, int] = dict((await session.execute(totals_stmt)).all())
    grouped: dict[int, list[Any]] = defaultdict(list)
    columns = [c.key for c in model.__table__.columns]
    for row in rows:
        grouped[row["backend_id"]].append(model(**{c: row[c] for c in columns}))
    return {
        bid: (grouped[bid][:size], len(grouped[bid]) > size, int(totals.get(bid, 0)))
        for bid in backend_ids
    }


async def qubit_calibration_pages(
    session: AsyncSession,
    *,
    backend_ids: Sequence[int],
    selection: QubitSelection,
    after: int | None,
    size: int,
) -> dict[int, tuple[list[QubitCalibration], bool, int]]:
    """Per backend: (qubits after the cursor qubit, has_next_page, total matching)."""
    conditions: list[ColumnElement[bool]] = []
    if selection.qubits is not None:
        conditions.append(QubitCalibration.qubit.in_(selection.qubits))
    return await _pages_by_backend(
        session,
        model=QubitCalibration,
        key_column=QubitCalibration.qubit,
        conditions=conditions,
        backend_ids=backend_ids,
        after=after,
        size=size,
    )


async def gate_calibration_pages(
    session: AsyncSession,
    *,
    backend_ids: Sequence[int],
    selection: GateSelection,
    after: int | None,
    size: int,
) -> dict[int, tuple[list[GateCalibration], bool, int]]:
    """Per backend: (gate calibrations after the cursor id, has_next_page, total matching)."""
    conditions: list[ColumnElement[bool]] = []
    if selection.gate is not None:
        conditions.append(GateCalibration.gate == selection.gate)
    if selection.qubit is not None:
        conditions.append(GateCalibration.qubits.contains([selection.qubit]))
    return await _pages_by_backend(
        session,
        model=GateCalibration,
        key_column=GateCalibration.id,
        conditions=conditions,
        backend_ids=backend_ids,
        after=after,
        size=size,
    )
