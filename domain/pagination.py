"""Keyset pagination: a page is the rows after (or before) a sort-key tuple, never an offset.

The schema layer turns `Page.cursors` into opaque strings and back; the domain only sees the
tuple of sort-key values of the row a cursor points at.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_, tuple_

from domain.errors import InvalidCursor, PageSizeExceeded

T = TypeVar("T")
CursorKey = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SortKey:
    """One column of a keyset ordering; `kind` says how a cursor value is decoded."""

    expression: Any  # a column or SQL expression that is never NULL
    kind: type = str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class PageRequest:
    first: int | None = None
    after: CursorKey | None = None
    last: int | None = None
    before: CursorKey | None = None


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[CursorKey]
    has_next_page: bool
    has_previous_page: bool


def check_page_size(request: PageRequest, *, maximum: int, default: int) -> int:
    """The page size asked for, or the default; refuses sizes outside 0..maximum."""
    if request.first is not None and request.last is not None:
        raise PageSizeExceeded("Pass `first` or `last`, not both.", field="first")
    size = request.first if request.first is not None else request.last
    name = "first" if request.first is not None else "last"
    if size is None:
        return default
    if size < 0:
        raise PageSizeExceeded(f"`{name}` must not be negative.", field=name)
    if size > maximum:
        raise PageSizeExceeded(
            f"`{name}` is {size}, above the maximum page size of {maximum}.", field=name
        )
    return size


def decode_key(raw: Sequence[Any], keys: Sequence[SortKey]) -> CursorKey:
    """Rebuild typed sort-key values from a cursor's JSON values."""
    if not isinstance(raw, list | tuple) or len(raw) != len(keys):
        raise InvalidCursor("The cursor does not belong to this list or ordering.", field="after")
    try:
        return tuple(
            datetime.fromisoformat(v)
            if k.kind is datetime
            else date.fromisoformat(v)
            if k.kind is date
            else k.kind(v)
            for v, k in zip(raw, keys, strict=True)
        )
    except (TypeError, ValueError) as exc:
        raise InvalidCursor("The cursor is malformed.", field="after") from exc


def encode_key(values: CursorKey) -> list[Any]:
    """JSON-ready sort-key values for a cursor."""
    return [
        v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, uuid.UUID) else v
        for v in values
    ]


def _beyond(keys: Sequence[SortKey], values: CursorKey, *, forward: bool) -> ColumnElement[bool]:
    """Rows strictly past `values` in the ordering (or before it when not `forward`)."""
    if all(k.descending == keys[0].descending for k in keys):
        cols = tuple_(*(k.expression for k in keys))
        vals = tuple_(*values)
        ahead = forward != keys[0].descending
        return cols > vals if ahead else cols < vals
    # Mixed directions: expand the row comparison by hand.
    clauses = []
    for i, key in enumerate(keys):
        ahead = forward != key.descending
        step = key.expression > values[i] if ahead else key.expression < values[i]
        equal = [keys[j].expression == values[j] for j in range(i)]
        clauses.append(and_(*equal, step))
    return or_(*clauses)


async def keyset_page(
    session: Any,
    stmt: Select[Any],
    keys: Sequence[SortKey],
    request: PageRequest,
    *,
    size: int,
    whole_rows: bool = False,
) -> Page[Any]:
    """Run `stmt` (already filtered) for one page; returns rows with their sort-key tuples.

    Items are each row's first entity, or with `whole_rows` every selected entity (a tuple).
    """
    forward = request.last is None
    key_columns = [k.expression.label(f"_k{i}") for i, k in enumerate(keys)]
    stmt = stmt.add_columns(*key_columns)
    if request.after is not None:
        stmt = stmt.where(_beyond(keys, request.after, forward=True))
    if request.before is not None:
        stmt = stmt.where(_beyond(keys, request.before, forward=False))
    # Walking backwards reads the ordering reversed, then flips the page back.
    order = [k.expression.desc() if k.descending == forward else k.expression.asc() for k in keys]
    rows = list((await session.execute(stmt.order_by(*order).limit(size + 1))).all())
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    width = len(keys)
    items = [tuple(row[:-width]) if whole_rows else row[0] for row in rows]
    cursors = [tuple(row[-width:]) for row in rows]
    return Page(
        items=items,
        cursors=cursors,
        has_next_page=more if forward else request.before is not None,
        has_previous_page=more if not forward else request.after is not None,
    )
