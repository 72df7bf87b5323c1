"""Open WebSocket connections by credential, closed with 4403 once that credential loses access.

Revoking a session or a key, or changing a user's roles, publishes an `access` event after its
commit (`domain.identity.revocation.announce`); every API process follows that channel and
closes the connections that used what ended, within the event's round trip through Redis. Pub/sub
can lose a message (a dropped listener, a Redis restart), so every `RECHECK_S` the credentials
of all open connections are also checked again against the record, as `authenticate` would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.websockets import WebSocket, WebSocketState

from domain.db import AsyncSession
from domain.events import channel
from domain.identity.authn import still_hold
from domain.identity.principal import Principal
from domain.identity.revocation import (
    ACCESS_TOPIC,
    api_key_subject,
    session_subject,
    user_subject,
)
from qraph.pubsub import EventHub, SlowConsumer

log = logging.getLogger("qraph.live_connections")

FORBIDDEN = 4403  # graphql-transport-ws: Forbidden
RECHECK_S = 5.0
REASON = "Access revoked"


class Closable(Protocol):
    """A live connection that is not a WebSocket: an SSE or multipart stream."""

    async def close(self, code: int, reason: str) -> None: ...


def subjects_of(principal: Principal) -> set[str]:
    """The `access` event keys that end a connection opened by this principal."""
    found = set()
    if principal.user_id is not None:
        found.add(user_subject(principal.user_id))
    if principal.session_id is not None:
        found.add(session_subject(principal.session_id))
    if principal.api_key_id is not None:
        found.add(api_key_subject(principal.api_key_id))
    return found


class LiveConnections:
    def __init__(
        self,
        events: EventHub,
        *,
        redis: Redis,
        sessionmaker: async_sessionmaker[AsyncSession],
        recheck_s: float | None = None,
    ) -> None:
        self._events = events
        self._redis = redis
        self._sessionmaker = sessionmaker
        self._recheck_s = recheck_s or RECHECK_S
        # Weak, so a connection that ended is forgotten without a hook for its end.
        self._open: dict[int, tuple[weakref.ref[WebSocket | Closable], Principal]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def track(self, websocket: WebSocket | Closable, principal: Principal) -> None:
        """Watch a connection authenticated as `principal` (anonymous ones have nothing to lose)."""
        if not principal.authenticated:
            return
        key = id(websocket)
        self._open[key] = (weakref.ref(websocket, lambda _: self._open.pop(key, None)), principal)

    def __len__(self) -> int:
        return len(self._open)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._follow(), name="qraph-access-events"),
            asyncio.create_task(self._recheck_forever(), name="qraph-access-recheck"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def end(self, subjects: Iterable[str]) -> int:
        """Close every open connection whose credential is one of `subjects`; how many."""
        wanted = set(subjects)
        doomed = [
            ws
            for ref, principal in list(self._open.values())
            if (ws := ref()) is not None and subjects_of(principal) & wanted
        ]
        for websocket in doomed:
            await _close(websocket)
        return len(doomed)

    async def recheck(self) -> int:
        """Check every open connection's credential again; close those that no longer hold."""
        entries = [(ref, principal) for ref, principal in list(self._open.values())]
        if not entries:
            return 0
        holds = await still_hold(
            [principal for _, principal in entries],
            sessionmaker=self._sessionmaker,
            redis=self._redis,
        )
        closed = 0
        for (ref, _), ok in zip(entries, holds, strict=True):
            if not ok and (websocket := ref()) is not None:
                await _close(websocket)
                closed += 1
        return closed

    async def _follow(self) -> None:
        while True:
            try:
                async with self._events.subscribe(channel(ACCESS_TOPIC)) as events:
                    async for event in events:
                        await self.end([event.key])
            except SlowConsumer:
                # Events were dropped: check everything rather than guess which.
                log.warning("access events fell behind; rechecking every connection")
                await self._safely(self.recheck)
            else:
                return  # the hub stopped

    async def _recheck_forever(self) -> None:
        while True:
            await asyncio.sleep(self._recheck_s)
            await self._safely(self.recheck)

    async def _safely(self, check: Callable[[], Awaitable[int]]) -> None:
        try:
            await check()
        except (RedisError, SQLAlchemyError, OSError) as exc:
            # The record is unreachable: keep the connections, try again at the next tick.
            log.warning("could not recheck connections", extra={"error": str(exc)})


async def _close(websocket: WebSocket | Closable) -> None:
    if not isinstance(websocket, WebSocket):  # an HTTP stream (qraph/streams.py)
        await websocket.close(code=FORBIDDEN, reason=REASON)
        return
    if (
        websocket.application_state is not WebSocketState.CONNECTED
        or websocket.client_state is not WebSocketState.CONNECTED
    ):
        return
    with contextlib.suppress(RuntimeError, OSError):  # it ended meanwhile
        await websocket.close(code=FORBIDDEN, reason=REASON)
