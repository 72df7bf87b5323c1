"""The ASGI app: Starlette routes, middleware, and the lifespan that owns long-lived clients."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from arq.connections import ArqRedis
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import Receive, Scope, Send

from domain.apps.feed import AppFeed
from domain.circuits import sandbox
from domain.db import IDLE_PING_S, make_engine, make_sessionmaker
from domain.jobs.feeds import BackendFeed, JobFeed, QueueFeed
from domain.notifications.feed import NotificationFeed
from qraph import account_pages, downloads, graphiql, health, observability, tracing
from qraph.context import Services
from qraph.http import GraphQLView
from qraph.live_connections import LiveConnections
from qraph.pubsub import EventHub
from qraph.secrets import jwt_secret
from qraph.settings import Environment, Settings, get_settings
from schema import build_schema
from workers.queue import deserialize, serialize


class _GraphQLEndpoint:
    """Forwards to the view the lifespan built (it needs the lifespan's clients)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await scope["app"].state.graphql(scope, receive, send)


_graphql = _GraphQLEndpoint()


def _queue(redis: Redis) -> ArqRedis:
    """arq's client on the API's own connection pool, connecting on first use.

    arq's `create_pool` pings Redis and raises when it is down, which kept the API from starting
    at all; this way the process starts, /health reports Redis down, reads that need no Redis
    are served, and a mutation that needs the queue gets the typed 503 until Redis is back.
    """
    return ArqRedis(redis.connection_pool, job_serializer=serialize, job_deserializer=deserialize)


def _routes(settings: Settings) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route("/graphql", _graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", _graphql),
        Route("/health", health.endpoint, methods=["GET"]),
        Route("/metrics", observability.metrics_endpoint, methods=["GET"]),
        *downloads.routes(),
        *account_pages.routes(settings),
    ]
    if settings.graphiql_enabled:  # GraphiQL's pinned scripts and styles, from this origin
        routes.append(Mount(graphiql.ASSETS_PATH, graphiql.static_files(), name="static"))
    return routes


async def _warm_admission() -> None:
    try:
        await sandbox.warm()
    except Exception:  # the first submission starts them instead
        logging.getLogger("qraph.app").warning("admission processes did not start early")


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app; clients are opened in the lifespan, so building it is cheap."""
    settings = settings or get_settings()
    if not settings.database_url or not settings.redis_url:
        raise RuntimeError("DATABASE_URL and REDIS_URL must be set (`qraph serve` sets them).")
    tracing.configure("qraph-api")  # off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
    schema = build_schema(
        settings,
        instrumentation=[observability.OperationMetrics, *tracing.schema_extensions()],
        request_id=observability.correlation_id,
    )
    observability.configure_logging(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Requests ping only connections idle for a second (domain.db.make_engine): under load a
        # read costs its own round trip, not three more for the ping.
        engine = make_engine(
            settings.database_url or "",
            pool_size=settings.db_pool_size,
            ping_after_idle_s=IDLE_PING_S,
        )
        tracing.instrument_engine(engine)
        redis = Redis.from_url(settings.redis_url or "")
        queue = _queue(redis)
        hub = EventHub(redis)
        await hub.start()
        # Serve only once events flow, so an early subscriber misses nothing (bounded wait).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(hub.connected.wait(), timeout=5)
        sessionmaker = make_sessionmaker(engine)
        connections = LiveConnections(hub, redis=redis, sessionmaker=sessionmaker)
        await connections.start()
        services = Services(
            settings=settings,
            sessionmaker=sessionmaker,
            redis=redis,
            queue=queue,
            events=hub,
            jwt_secret=jwt_secret(settings),
            job_feed=JobFeed(hub, sessionmaker),
            queue_feed=QueueFeed(hub, sessionmaker),
            backend_feed=BackendFeed(hub, sessionmaker),
            app_feed=AppFeed(hub, sessionmaker),
            notification_feed=NotificationFeed(hub, sessionmaker),
            connections=connections,
        )
        app.state.services = services
        view = GraphQLView(schema, services)
        app.state.graphql = view
        # Admission parses in child processes (domain.circuits.sandbox): a served process starts
        # them now, in the background, so its first submission does not wait for them, and
        # stops them with itself. Tests share one pool across their many short-lived apps.
        serving = settings.env is not Environment.TEST
        warming = asyncio.create_task(_warm_admission()) if serving else None
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
                sandbox.shutdown()
            await services.job_feed.stop()
            await services.queue_feed.stop()
            await services.backend_feed.stop()
            await services.app_feed.stop()
            await services.notification_feed.stop()
            await connections.stop()
            await hub.stop()
            await queue.aclose()
            await redis.aclose()
            await engine.dispose()

    app = Starlette(routes=_routes(settings), lifespan=lifespan)
    if settings.allowed_origins:
        # Browsers on these origins may call the API; everything else stays same-origin.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.allowed_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
            ],
            max_age=600,
        )
    app.add_middleware(observability.RequestTelemetry)
    tracing.add_middleware(app)
    app.state.settings = settings
    return app
