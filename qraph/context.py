"""The typed GraphQL context: what every resolver may reach, built once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from domain.apps.feed import AppFeed
from domain.budgets.query_cost import CostDecision
from domain.db import AsyncSession
from domain.identity.principal import ANONYMOUS, Principal
from domain.jobs.feeds import BackendFeed, JobFeed, QueueFeed
from domain.notifications.feed import NotificationFeed
from qraph.live_connections import LiveConnections
from qraph.pubsub import EventHub
from qraph.settings import Settings
from resolvers.loaders import Loaders


@dataclass
class Services:
    """Long-lived clients, opened in the ASGI lifespan and shared by every request."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    redis: Redis
    queue: ArqRedis
    events: EventHub
    jwt_secret: str
    job_feed: JobFeed  # job events, each batch read once for every subscriber in the process
    queue_feed: QueueFeed  # the same for queue events
    backend_feed: BackendFeed  # and for backend status changes
    app_feed: AppFeed  # and for apps' new versions, status and rating changes
    notification_feed: NotificationFeed  # and for each user's notifications
    # Open WebSocket connections by credential, closed when it loses access (None: not tracked).
    connections: LiveConnections | None = None


@dataclass
class Context:
    """Per request. There is no shared AsyncSession: resolvers open `context.session()`."""

    services: Services
    request: Request | WebSocket
    response: Response | None
    loaders: Loaders
    principal: Principal = ANONYMOUS
    connection_params: dict[str, Any] = field(default_factory=dict)
    # The caller's query-cost budget as read with the request token (resolvers/limits.py).
    budget_reading: CostDecision | None = None

    @property
    def settings(self) -> Settings:
        return self.services.settings

    def session(self) -> AsyncSession:
        """A fresh session for one resolver or one mutation's unit of work."""
        return self.services.sessionmaker()

    def read_session(self) -> AsyncSession:
        """A fresh session for a read of one statement at a time (autocommit: no BEGIN and
        ROLLBACK round trips). Never write through it."""
        return self.loaders.reader()
