"""The Subscription root (WebSocket, SSE and multipart), and how its events execute."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, Awaitable, Coroutine
from typing import Any, TypeVar, cast

import strawberry
from graphql import ExecutionResult
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from resolvers.backends import events as backend_events
from resolvers.shared_events import COUNTERS, encode_payload, rendering_with
from schema.analytics.operations import AnalyticsSubscription
from schema.apps.live import AppSubscription
from schema.backends.types import Backend
from schema.experiments.operations import ExperimentSubscription
from schema.jobs.events import JobSubscription
from schema.limits import shape_errors
from schema.notifications.operations import NotificationSubscription


@strawberry.type(
    description=(
        "Live changes, pushed over WebSocket (graphql-transport-ws), Server-Sent Events "
        "(graphql-sse) or multipart HTTP."
    )
)
class Subscription(
    JobSubscription,
    AppSubscription,
    NotificationSubscription,
    ExperimentSubscription,
    AnalyticsSubscription,
):
    backend_status_changed: Backend = strawberry.subscription(  # type: ignore[assignment]
        resolver=backend_events.backend_status_changed,
        description=(
            "A backend's status changes. With `name`, the backend's current state comes first, "
            "so nothing is missed between reading and subscribing. Public."
        ),
    )


T = TypeVar("T")


class SharedEventExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's default executor, except for subscription events that many subscribers of
    this process share (resolvers/shared_events.py): those execute once per (operation,
    variables, principal), and every such subscriber gets that result. Queries and mutations
    never have a shared root, so they run exactly as before.

    A subscription's executor also renders its events for the resolvers that send them straight
    to the socket (`render_event`): the selection executed on the payload, its errors shaped as
    every result's are, and the `next` payload encoded as JSON, once for all who share the key.
    """

    def cancellable_iterable(self, iterable: AsyncIterable[T]) -> AsyncIterable[T]:
        # Called once per subscription, in its task, after its resolver made the event stream
        # and before the stream runs: the resolver finds its executor through the task's context.
        rendering_with(self)
        return super().cancellable_iterable(iterable)

    def shared_key(self) -> Any | None:
        """What this subscription's results depend on besides the payload; None: don't share."""
        return _selection_key(self)

    def render_event(self, payload: object) -> str | Coroutine[Any, Any, str]:
        COUNTERS.executions += 1
        outcome = self.build_per_event_executor(payload).execute_operation(False)
        if inspect.isawaitable(outcome):
            return self._encode_later(outcome)
        return self._encode(cast(ExecutionResult, outcome))

    async def _encode_later(self, outcome: Awaitable[Any]) -> str:
        return self._encode(cast(ExecutionResult, await outcome))

    def _encode(self, result: ExecutionResult) -> str:
        errors = None
        if result.errors:
            owner = getattr(self.schema, "_strawberry_schema", None)  # QraphSchema
            shaped = shape_errors(result.errors, getattr(owner, "request_id", _no_request_id))
            errors = [error.formatted for error in shaped]
        return encode_payload(result.data, errors)


def _selection_key(executor: StrawberryGraphQLCoreExecutionContext) -> tuple[int, str, Any] | None:
    """What the result depends on besides the payload: the operation (the parser cache hands
    out one document per query text), its variables and the viewer. None: don't share."""
    principal = getattr(executor.context_value, "principal", None)
    if principal is None:
        return None
    try:
        variables = repr(sorted(executor.variable_values.coerced.items()))
    except Exception:  # a value that cannot be printed: no sharing
        return None
    return (id(executor.operation), variables, principal)


def _no_request_id() -> str | None:
    return None
