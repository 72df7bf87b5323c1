"""Cursor connections: generic Connection/Edge types, opaque cursors, page arguments."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

import strawberry
from strawberry import relay

from domain.errors import InvalidCursor
from domain.pagination import CursorKey, Page, PageRequest, SortKey, decode_key, encode_key
from schema.lazy import of_row, reads_row

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")
_CURSOR_PREFIX = "q1:"


class EdgeOf(NamedTuple):
    """What an edge reads: its node, and the sort key its cursor encodes if selected."""

    node: Any
    ordering: str
    key: CursorKey


@reads_row(node="node", cursor=lambda edge: encode_cursor(edge.ordering, edge.key))
@strawberry.type(description="An edge in a connection: one node and the cursor that points at it.")
class Edge(Generic[NodeT]):
    row: strawberry.Private[EdgeOf]
    node: NodeT = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="An opaque cursor; pass it as `after` or `before`.")


@strawberry.type(description="A page of a list, with cursors to move through the rest.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the list.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds, across every page.")
    async def total_count(self) -> int:
        return await self.count()


def encode_cursor(ordering: str, key: CursorKey) -> str:
    """An opaque cursor. It names its ordering, so it cannot be replayed against another."""
    raw = json.dumps([ordering, encode_key(key)], separators=(",", ":"))
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: str, keys: Sequence[SortKey], arg: str) -> CursorKey:
    """The sort-key tuple a cursor points at; InvalidCursor for anything we did not issue."""
    if not cursor.startswith(_CURSOR_PREFIX):
        raise InvalidCursor(f"`{arg}` is not a cursor issued by this list.", field=arg)
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        name, values = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidCursor(f"`{arg}` is not a cursor issued by this list.", field=arg) from exc
    if name != ordering:
        raise InvalidCursor(
            f"`{arg}` was issued for another ordering or list; start again without it.",
            field=arg,
        )
    return decode_key(values, keys)


def page_request(
    *,
    ordering: str,
    keys: Sequence[SortKey],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageRequest:
    """Decode the four Relay arguments for one ordering."""
    return PageRequest(
        first=first,
        after=decode_cursor(after, ordering, keys, "after") if after else None,
        last=last,
        before=decode_cursor(before, ordering, keys, "before") if before else None,
    )


def to_connection(
    page: Page[RowT],
    *,
    ordering: str,
    node: Callable[[RowT], NodeT],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    """Map a domain page onto a connection; `count` runs only if `totalCount` is selected.

    Nodes are built lazily by `node` (see schema.lazy), and an edge's cursor is encoded only
    if the query selects it.
    """
    edges: list[Edge[NodeT]] = [
        of_row(Edge, EdgeOf(node(item), ordering, key))
        for item, key in zip(page.items, page.cursors, strict=True)
    ]
    cursors = page.cursors
    return Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=encode_cursor(ordering, cursors[0]) if cursors else None,
            end_cursor=encode_cursor(ordering, cursors[-1]) if cursors else None,
        ),
        count=count,
    )


def constant_count(value: int) -> Callable[[], Awaitable[int]]:
    """A `count` for connections whose total is already known."""

    async def count() -> int:
        return value

    return count
