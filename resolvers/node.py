"""`node` and `nodes`: any object by global ID, batched per type, unknown IDs as null."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Annotated, Any

import strawberry
from strawberry import relay

from qraph.context import Context

Info = strawberry.Info[Context, None]


def _parse(info: Info, raw: str) -> tuple[type[relay.Node], str] | None:
    """The node type and its key, or None for an ID that names nothing in this schema."""
    try:
        global_id = relay.GlobalID.from_id(raw)
        node_type = global_id.resolve_type(info)
    except (relay.GlobalIDValueError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(node_type, type) or not issubclass(node_type, relay.Node):
        return None
    return node_type, global_id.node_id


async def node(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The object's global ID.")],
) -> relay.Node | None:
    return (await nodes(info, [id]))[0]


async def nodes(
    info: Info,
    ids: Annotated[
        list[strawberry.ID], strawberry.argument(description="Global IDs, at most 100.")
    ],
) -> list[relay.Node | None]:
    if len(ids) > info.context.settings.max_page_size:
        from domain.errors import PageSizeExceeded

        limit = info.context.settings.max_page_size
        raise PageSizeExceeded(f"`ids` holds {len(ids)} IDs; the maximum is {limit}.", field="ids")
    wanted: dict[type[relay.Node], list[tuple[int, str]]] = defaultdict(list)
    for index, raw in enumerate(ids):
        parsed = _parse(info, raw)
        if parsed is not None:
            wanted[parsed[0]].append((index, parsed[1]))
    found: list[relay.Node | None] = [None] * len(ids)

    async def resolve(node_type: type[relay.Node], keys: list[tuple[int, str]]) -> None:
        result: Any = node_type.resolve_nodes(
            info=info, node_ids=[key for _, key in keys], required=False
        )
        if asyncio.iscoroutine(result):
            result = await result
        for (index, _), value in zip(keys, result, strict=True):
            found[index] = value

    await asyncio.gather(*(resolve(t, keys) for t, keys in wanted.items()))
    return found
