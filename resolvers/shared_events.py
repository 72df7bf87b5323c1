"""Subscription events shared by every subscriber of this process: executed, encoded and sent.

A feed's read reaches many subscribers with the same object (resolvers/jobs/events.py). Each
selection is executed on that object once per (operation, variables, principal), its result
encoded to JSON once, and every subscriber with that key gets the same text, framed as its own
graphql-transport-ws `next` message: only the `id` differs, spliced in front of the shared
payload (`Outbox`). What a field shows depends on the viewer exactly as before, because the
principal is part of the key; a field under a shared payload may depend on the payload, the
principal, the settings and the per-read loaders, and on nothing else of the connection.

Over our WebSocket transport (qraph/websocket.py) a subscription's events go straight to its
socket through its `Outbox` (outbox.py), skipping the per-event work of the GraphQL server: the
event's execution context, extension hooks, a result dict and a JSON encoding per socket. Where
the resolver can (`pushing`), the feed's task itself hands each change to every outbox as it
reads it, so a delivery costs no task switch; otherwise (`delivered`) the subscription's task
sends it. Elsewhere (another transport, or a test driving `schema.subscribe`) the events are
yielded as usual, and the schema's executor (schema/subscription.py) still executes each
selection once per key.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import weakref
from collections.abc import AsyncGenerator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import orjson

from resolvers.outbox import Outbox, Rendering

log = logging.getLogger("qraph.shared_events")
T = TypeVar("T")


class EventRenderer(Protocol):
    """The subscription's executor (schema/subscription.py): one event's payload, as JSON."""

    def shared_key(self) -> Any | None: ...

    def render_event(self, payload: object) -> str | Coroutine[Any, Any, str]:
        """The JSON at once when the selection executes without waiting, else a coroutine."""


@dataclass(slots=True)
class Counters:
    """This process's shared work, for tests and figures: executions and encodings made."""

    executions: int = 0
    encodings: int = 0


COUNTERS = Counters()


# Set by the transport around the creation of each subscription's task (which copies it), and by
# the executor when it starts a subscription's event stream, in that task: both are the
# subscription's own, and a resolver running in the task finds them here.
_OUTBOX: contextvars.ContextVar[Outbox | None] = contextvars.ContextVar("outbox", default=None)
_RENDERER: contextvars.ContextVar[EventRenderer | None] = contextvars.ContextVar(
    "renderer", default=None
)


@contextlib.contextmanager
def sending_to(outbox: Outbox) -> Iterator[None]:
    """Subscriptions started in the block (their tasks created in it) send through `outbox`."""
    token = _OUTBOX.set(outbox)
    try:
        yield
    finally:
        _OUTBOX.reset(token)


def rendering_with(renderer: EventRenderer) -> None:
    """The current subscription's events are rendered by `renderer` (its executor)."""
    _RENDERER.set(renderer)


class _Key:
    """One shared key's token: equal keys get the same token while any subscription holds it,
    so the per-event lookup hashes and compares by identity, not the viewer's fields."""

    __slots__ = ("__weakref__", "key")

    def __init__(self, key: object) -> None:
        self.key = key


_KEYS: weakref.WeakValueDictionary[object, _Key] = weakref.WeakValueDictionary()


def pushing(
    prepare: Callable[[Any], None],
) -> Callable[[object, dict[Any, Any], Any], bool] | None:
    """For a subscription over our WebSocket transport, what hands each (payload, its read's
    shared results) to its outbox from the feed's task (see Outbox.push), calling
    `prepare(argument)` before it renders one; None elsewhere, or when the key can't be shared:
    then `delivered` is the way."""
    outbox, renderer = _OUTBOX.get(), _RENDERER.get()
    if outbox is None or renderer is None or (shared := renderer.shared_key()) is None:
        return None
    key = _KEYS.get(shared)
    if key is None:
        key = _KEYS[shared] = _Key(shared)

    def push(payload: object, results: dict[Any, Any], argument: Any) -> bool:
        found = results.get(key)
        if found is None:
            try:
                prepare(argument)
                found = results[key] = _rendering(renderer, payload)
            except Exception:
                log.exception("a subscription event could not be rendered")
                return False  # this subscriber is dropped; the feed goes on for the others
        return outbox.push(found)

    return push


def closing_outbox() -> None:
    """The current subscription ends: its outbox writes nothing more."""
    outbox = _OUTBOX.get()
    if outbox is not None:
        outbox.close()


async def delivered(
    events: AsyncGenerator[tuple[T, dict[Any, Any]], None],
) -> AsyncGenerator[T, None]:
    """Each (payload, its read's shared results) sent, or yielded when it cannot be sent here.

    Sent from the subscription's task when it has an outbox and a shareable key (a signed-in
    viewer, printable variables); otherwise yielded, for the server to execute (still once per
    key, through the executor's shared results).
    """
    outbox, renderer = _OUTBOX.get(), _RENDERER.get()
    shared = renderer.shared_key() if outbox is not None and renderer is not None else None
    # Apart from the executor's own entries for yielded payloads (another value type).
    key = ("frame", shared) if shared is not None else None
    async with contextlib.aclosing(events):
        async for payload, results in events:
            if key is None or renderer is None or outbox is None:
                with sharing(payload, results):
                    yield payload
                continue
            found = results.get(key)
            if found is None:
                found = results[key] = _rendering(renderer, payload)
            # Shielded: one subscriber leaving must not cancel the rendering the others await.
            text = found if isinstance(found, str) else await asyncio.shield(found)
            await outbox.send(text)


def _rendering(renderer: EventRenderer, payload: object) -> Rendering:
    rendered = renderer.render_event(payload)
    return rendered if isinstance(rendered, str) else asyncio.ensure_future(rendered)


def encode_payload(data: object, errors: list[Any] | None) -> str:
    """A `next` payload as JSON text, encoded once for every subscriber it reaches."""
    COUNTERS.encodings += 1
    payload: dict[str, object] = {"data": data}
    if errors:
        payload["errors"] = errors
    return orjson.dumps(payload).decode()


# id(payload) -> [payload, its results, how many subscriptions are yielding it now]. The entry
# holds the payload, so no other object can take its id while the entry exists.
_SHARED: dict[int, list[Any]] = {}


@contextlib.contextmanager
def sharing(payload: object, results: dict[Any, Any]) -> Iterator[None]:
    """While the block runs, executions on `payload` share `results`."""
    key = id(payload)
    entry = _SHARED.get(key)
    if entry is None:
        entry = _SHARED[key] = [payload, results, 0]
    entry[2] += 1
    try:
        yield
    finally:
        entry[2] -= 1
        if entry[2] == 0:
            del _SHARED[key]


def results_for(payload: object) -> dict[Any, Any] | None:
    """The shared results of `payload`, or None when it is not a shared payload."""
    entry = _SHARED.get(id(payload))
    return entry[1] if entry is not None and entry[0] is payload else None
