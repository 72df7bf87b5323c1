"""Resolvers for the backend catalog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry

from domain.backends import service as backends_service
from domain.backends import stats as backends_stats
from domain.backends.models import Backend as BackendRow
from domain.backends.models import GateCalibration as GateRow
from domain.backends.models import QubitCalibration as QubitRow
from domain.errors import InvalidCursor
from domain.pagination import Page, PageRequest, SortKey
from qraph.context import Context
from resolvers.loaders import CalibrationPageKey
from resolvers.lookahead import Selected, selected
from resolvers.pages import page_size
from schema.backends.inputs import BackendFilter, BackendOrder, OrderDirection
from schema.relay import constant_count, decode_cursor, page_request, to_connection

if TYPE_CHECKING:
    from schema.backends.types import (
        Backend,
        BackendCalibration,
        BackendStats,
        GateCalibration,
        QubitCalibration,
    )
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
First = Annotated[int | None, strawberry.argument(description="Page size from the start (≤ 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]
Last = Annotated[int | None, strawberry.argument(description="Page size from the end (≤ 100).")]
Before = Annotated[str | None, strawberry.argument(description="Cursor to continue before.")]

# Backend fields that read an optional column; every other field reads only the light ones.
_OPTIONAL_COLUMNS = {"basisGates": "basis_gates", "couplingMap": "coupling_map"}


def backend_columns(fields: Selected) -> frozenset[str]:
    """The optional columns that these selected Backend fields read."""
    return frozenset(column for name, column in _OPTIONAL_COLUMNS.items() if name in fields)


async def backends_by_name(info: Info, names: Sequence[str]) -> list[BackendRow | None]:
    """Backends by name, read with the columns the selection below this field needs."""
    columns = backend_columns(selected(info))
    return await info.context.loaders.backend_by_name_with(columns).load_many(names)


async def list_backends(
    info: Info,
    filter: BackendFilter | None = None,
    order_by: BackendOrder | None = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> Connection[Backend]:
    from schema.backends.types import Backend

    field = backends_service.BackendOrderField(order_by.field if order_by else "NAME")
    descending = bool(order_by and order_by.direction is OrderDirection.DESC)
    keys = backends_service.backend_sort_keys(field, descending=descending)
    ordering = f"backends:{field.value}:{'desc' if descending else 'asc'}"
    request = page_request(
        ordering=ordering, keys=keys, first=first, after=after, last=last, before=before
    )
    size = page_size(info.context, request)
    where = (
        backends_service.BackendFilter(**vars(filter))
        if filter
        else backends_service.BackendFilter()
    )
    columns = backend_columns(selected(info, "edges", "node"))

    async with info.context.read_session() as session:
        page = await backends_service.list_backends(
            session, where=where, keys=keys, request=request, size=size, columns=columns
        )

    async def count() -> int:
        async with info.context.read_session() as session:
            return await backends_service.count_backends(session, where=where)

    return to_connection(page, ordering=ordering, node=Backend.from_model, count=count)


async def backend(
    info: Info,
    name: Annotated[str, strawberry.argument(description="The backend's unique name.")],
) -> Backend | None:
    from schema.backends.types import Backend

    [row] = await backends_by_name(info, [name])
    return Backend.from_model(row) if row is not None else None


async def backend_stats(info: Info) -> BackendStats:
    from schema.backends.types import Backend, BackendStats, CountBy, DeviceCalibrationStats

    async with info.context.session() as session:
        stats = await backends_stats.catalog_stats(session)

    def counts(values: dict[str, int]) -> list[CountBy]:
        return [CountBy(key=k, count=v) for k, v in sorted(values.items())]

    return BackendStats(
        total=stats.total,
        by_provider=counts(stats.by_provider),
        by_status=counts(stats.by_status),
        by_technology=counts(stats.by_technology),
        total_qubits=stats.total_qubits,
        device_qubits=stats.device_qubits,
        max_qubits=stats.max_qubits,
        median_t1_us=stats.median_t1_us,
        median_t2_us=stats.median_t2_us,
        median_two_qubit_error=stats.median_two_qubit_error,
        devices=[
            DeviceCalibrationStats(
                backend=Backend.from_model(row),
                qubits=row.num_qubits,
                median_t1_us=row.median_t1_us,
                median_t2_us=row.median_t2_us,
                median_two_qubit_error=row.median_two_qubit_error,
            )
            for row in stats.devices
        ],
    )


_QUBIT_KEY = [SortKey(QubitRow.qubit, int)]
_GATE_KEY = [SortKey(GateRow.id, int)]
RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")


def _after(cursor: str | None, ordering: str, keys: list[SortKey]) -> int | None:
    if cursor is None:
        return None
    value = decode_cursor(cursor, ordering, keys, "after")[0]
    if not isinstance(value, int):
        raise InvalidCursor("`after` is malformed.", field="after")
    return value


async def qubit_calibrations(
    root: strawberry.Parent[BackendCalibration],
    info: Info,
    qubits: Annotated[
        list[int] | None, strawberry.argument(description="Only these physical qubits.")
    ] = None,
    first: First = None,
    after: After = None,
) -> Connection[QubitCalibration]:
    from schema.backends.types import QubitCalibration

    ordering = "qubits"
    size = page_size(info.context, PageRequest(first=first))
    key = CalibrationPageKey(
        backend_id=root.row.id,
        selection=backends_service.QubitSelection(tuple(qubits) if qubits is not None else None),
        after=_after(after, ordering, _QUBIT_KEY),
        size=size,
    )
    rows, more, total = await info.context.loaders.qubit_calibrations_by_backend.page(key)
    return _nested(rows, more, total, key.after, ordering, QubitCalibration.from_model, "qubit")


async def gate_calibrations(
    root: strawberry.Parent[BackendCalibration],
    info: Info,
    gate: Annotated[str | None, strawberry.argument(description="Only this gate.")] = None,
    qubit: Annotated[
        int | None, strawberry.argument(description="Only gates acting on this qubit.")
    ] = None,
    first: First = None,
    after: After = None,
) -> Connection[GateCalibration]:
    from schema.backends.types import GateCalibration

    ordering = "gates"
    size = page_size(info.context, PageRequest(first=first))
    key = CalibrationPageKey(
        backend_id=root.row.id,
        selection=backends_service.GateSelection(gate=gate, qubit=qubit),
        after=_after(after, ordering, _GATE_KEY),
        size=size,
    )
    rows, more, total = await info.context.loaders.gate_calibrations_by_backend.page(key)
    return _nested(rows, more, total, key.after, ordering, GateCalibration.from_model, "id")


def _nested(
    rows: list[RowT],
    more: bool,
    total: int,
    after: int | None,
    ordering: str,
    node: Callable[[RowT], NodeT],
    key_attr: str,
) -> Connection[NodeT]:
    """A forward-only page from a loader's (rows, has_next_page, total)."""
    page = Page(
        items=rows,
        cursors=[(getattr(r, key_attr),) for r in rows],
        has_next_page=more,
        has_previous_page=after is not None,
    )
    return to_connection(page, ordering=ordering, node=node, count=constant_count(total))
