"""GraphQL over WebSocket (graphql-transport-ws): Strawberry's protocol handler, with two changes.

- A refused `connection_init` caused by an outage closes with 1013 Try Again Later, which
  clients retry, instead of Strawberry's 4403 Forbidden, which they take as final.
- Each subscription gets an `Outbox` (resolvers/shared_events.py): its events are written to the
  socket as pre-encoded `next` frames shared with every subscriber of the same selection,
  instead of being executed, wrapped and encoded once per socket. Everything else of the
  protocol (init, ping/pong, ids, limits, errors, `complete`) stays Strawberry's.
"""

from __future__ import annotations

from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)

from qraph.context import Context
from qraph.credentials import MALFORMED, MalformedConnectionParams
from qraph.refusals import UNAVAILABLE
from resolvers.outbox import Outbox
from resolvers.shared_events import sending_to

TRY_AGAIN_LATER = 1013  # RFC 6455 close code; graphql-ws clients reconnect after it


class Unavailable(Exception):
    """PostgreSQL or Redis was out of reach while a WebSocket connection authenticated."""


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outboxes: dict[str, Outbox] = {}

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except Unavailable:
            await self.websocket.close(code=TRY_AGAIN_LATER, reason=UNAVAILABLE)
        except MalformedConnectionParams as error:
            await self.websocket.close(code=MALFORMED, reason=error.reason[:120])

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # The operation's task, created in this call, copies the outbox with its context.
        operation_id = message.get("id")
        websocket = self.context.request
        if not isinstance(operation_id, str) or not isinstance(websocket, WebSocket):
            await super().handle_subscribe(message)  # Strawberry answers a malformed one
            return

        async def send_text(text: str) -> None:
            try:
                await websocket.send_text(text)
            except WebSocketDisconnect as exc:  # as Strawberry's own sends report it
                raise WebSocketDisconnected from exc

        outbox = Outbox(operation_id, send_text)
        with sending_to(outbox):
            await super().handle_subscribe(message)
        if operation_id in self.operations:  # started (not refused)
            self._outboxes[operation_id] = outbox

    async def cleanup_operation(self, operation_id: str) -> None:
        # A `complete` from the client (or the socket's end): not one more frame for this id,
        # even one the feed hands over before the operation's task has seen its cancellation.
        outbox = self._outboxes.pop(operation_id, None)
        if outbox is not None:
            outbox.close()
        await super().cleanup_operation(operation_id)

    def forget_id(self, id: str) -> None:
        self._outboxes.pop(id, None)  # the operation ended by itself
        super().forget_id(id)
