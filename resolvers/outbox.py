"""One subscription's outgoing `next` frames, written straight to its socket, in order.

The payload of a frame is shared by every subscriber of the same selection (shared_events.py);
only `{"id":..,"type":"next","payload":` differs, and it is spliced in front of it here.

`push` is called by the feed as it reads a change, for each subscriber in turn, so it never
waits: when nothing of this subscription is waiting to be written, the frame is written at once,
in the caller's task (a socket that can take it, which is the usual case, costs no task switch
at all); otherwise it waits in a bounded backlog that a task of the outbox's own writes out. A
backlog that is full means the client does not read: `push` answers False, and the feed drops
the subscriber as it drops every slow consumer.
"""

from __future__ import annotations

import asyncio
import logging
import types
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any

import orjson

log = logging.getLogger("qraph.outbox")

BACKLOG = 256  # frames a subscription may have waiting (as a feed follower's queue)

Rendering = str | asyncio.Future[str]  # a payload's JSON, or its execution still running


class Outbox:
    __slots__ = ("_backlog", "_prefix", "_send", "_writer", "closed", "failed")

    def __init__(self, operation_id: str, send: Callable[[str], Coroutine[Any, Any, None]]) -> None:
        self._prefix = '{"id":' + orjson.dumps(operation_id).decode() + ',"type":"next","payload":'
        self._send = send
        self._backlog: deque[Rendering] = deque()
        self._writer: asyncio.Task[None] | None = None
        self.closed = False  # completed, ended or disconnected: nothing more is written
        self.failed = False  # a rendering failed: the subscription must end

    async def send(self, payload_json: str) -> None:
        """Write one frame now (from the subscription's own task)."""
        if not self.closed:
            await self._send(self._prefix + payload_json + "}")

    def push(self, rendering: Rendering) -> bool:
        """Write the frame at once if nothing waits, else queue it; False: the client is stuck
        (or a rendering failed), and the subscription should be dropped."""
        if self.failed:
            return False
        if self.closed:
            return True
        if self._writer is None and isinstance(rendering, str):
            self._write_now(rendering)
            return True
        if len(self._backlog) >= BACKLOG:
            return False
        self._backlog.append(rendering)
        if self._writer is None:
            self._writer = asyncio.ensure_future(self._drain(None))
        return True

    def close(self) -> None:
        """Write nothing more; frames not yet written are dropped."""
        self.closed = True
        self._backlog.clear()
        if self._writer is not None and self._writer is not asyncio.current_task():
            self._writer.cancel()

    def _write_now(self, payload: str) -> None:
        # The send runs here until it would wait (flow control): then a task takes it over
        # where it stopped, and what comes meanwhile waits in the backlog behind it.
        sending = self._send(self._prefix + payload + "}")
        try:
            waiting_on = sending.send(None)
        except StopIteration:
            return
        except Exception as error:  # the socket is gone, usually
            if not _gone(error):
                log.exception("a subscription's frame could not be written")
            self.closed = True  # the transport ends the subscription with the socket
            return
        self._writer = asyncio.ensure_future(self._drain(_resume(sending, waiting_on)))

    async def _drain(self, started: Awaitable[None] | None) -> None:
        try:
            if started is not None:
                await started
            while self._backlog and not self.closed:
                first = self._backlog[0]
                payload = first if isinstance(first, str) else await asyncio.shield(first)
                self._backlog.popleft()
                if not self.closed:
                    await self._send(self._prefix + payload + "}")
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if not self.closed and not _gone(error):
                log.exception("a subscription's frame could not be rendered")
                self.failed = True
            self.closed = True
            self._backlog.clear()
        finally:
            self._writer = None


@types.coroutine
def _resume(sending: Coroutine[Any, Any, None], waiting_on: Any) -> Generator[Any, Any, None]:
    """Go on running `sending`, suspended on `waiting_on`, inside the task that awaits this."""
    while True:
        try:
            result = yield waiting_on
        except BaseException as exc:  # cancellation, thrown into the send where it waits
            try:
                waiting_on = sending.throw(exc)
            except StopIteration:
                return
        else:
            try:
                waiting_on = sending.send(result)
            except StopIteration:
                return


def _gone(error: Exception) -> bool:
    """A send that failed because the client left (which the transport handles)."""
    from starlette.websockets import WebSocketDisconnect
    from strawberry.http.exceptions import WebSocketDisconnected

    return isinstance(error, WebSocketDisconnect | WebSocketDisconnected | OSError | RuntimeError)
