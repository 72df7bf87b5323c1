"""Optional OpenTelemetry tracing: HTTP requests, GraphQL operations and resolvers, SQL, Redis,
and arq jobs, exported over OTLP/HTTP.

On only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set,
and then configured by the standard `OTEL_*` variables (`OTEL_SERVICE_NAME`,
`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`, ...). Off, nothing here imports
OpenTelemetry and nothing is wrapped: the request path is exactly what it is without it.

The maintained instrumentations do the work: `opentelemetry-instrumentation-asgi` for HTTP and
WebSocket, Strawberry's `OpenTelemetryExtension` for operations and resolvers,
`opentelemetry-instrumentation-sqlalchemy` per engine and `-redis` for every client. arq has no
instrumentation package, so `job_started` / `job_ended` (arq's hooks) give each job a span.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy.ext.asyncio import AsyncEngine
    from starlette.applications import Starlette

log = logging.getLogger("qraph.tracing")

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# Probes and scrapes every few seconds would bury the requests worth tracing.
UNTRACED_PATHS = "/health,/metrics"
_SPAN = "_qraph_span"
_CONTEXT = "_qraph_context"


class _State:
    active = False


def wanted() -> bool:
    """True when the environment asks for export (and does not disable the SDK)."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return any(os.environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


def active() -> bool:
    """Whether this process traces (after `configure`)."""
    return _State.active


def configure(service: str, *, exporter: SpanExporter | None = None) -> bool:
    """Once per process: the global tracer provider and the Redis instrumentation.

    Exports over OTLP/HTTP in batches, or to `exporter` synchronously (tests pass an
    InMemorySpanExporter). Returns whether tracing is on; a second call changes nothing.
    """
    if _State.active:
        return True
    if exporter is None and not wanted():
        return False
    from opentelemetry import trace
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME", "").strip() or service
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    _State.active = True
    log.info("tracing on", extra={"service": name})
    return True


def stop() -> None:
    """Stop tracing new apps and Redis calls (tests); the global provider cannot be unset."""
    if not _State.active:
        return
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    RedisInstrumentor().uninstrument()
    _State.active = False


def add_middleware(app: Starlette) -> None:
    """HTTP and WebSocket server spans. Call it last: the middleware added last is outermost,
    so every other layer runs inside the span."""
    if not _State.active:
        return
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    # One span per request, not one more per ASGI message received or sent.
    app.add_middleware(
        OpenTelemetryMiddleware, excluded_urls=UNTRACED_PATHS, exclude_spans=["receive", "send"]
    )


def schema_extensions() -> list[Any]:
    """Strawberry's extension: a span per operation, with parse, validate and resolver spans."""
    if not _State.active:
        return []
    from strawberry.extensions.tracing import OpenTelemetryExtension

    return [OpenTelemetryExtension]


def instrument_engine(engine: AsyncEngine) -> None:
    """SQL spans for every statement this engine sends."""
    if not _State.active:
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    # Its declared range ends below SQLAlchemy 2.1, which it works with (it listens to the
    # engine's cursor events, an API 2.1 kept); the test below pins that it still does.
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, enable_commenter=False, skip_dep_check=True
    )


async def job_started(ctx: dict[str, Any]) -> None:
    """arq's `on_job_start`: a span for the job, current while it runs (SQL and Redis nest)."""
    if not _State.active:
        return
    from opentelemetry import context, trace

    tracer = trace.get_tracer("qraph.worker")
    job_id = str(ctx.get("job_id", ""))
    # Ids name their function: `run-job:<uuid>`, `cron:reconcile_jobs:<time>`, or arq's own.
    parts = job_id.split(":")
    name = parts[1] if parts[0] == "cron" and len(parts) > 1 else parts[0]
    span = tracer.start_span(f"arq {name}", kind=trace.SpanKind.CONSUMER)
    span.set_attribute("messaging.system", "arq")
    span.set_attribute("messaging.message.id", job_id)
    span.set_attribute("arq.job_try", int(ctx.get("job_try") or 1))
    ctx[_SPAN] = span
    ctx[_CONTEXT] = context.attach(trace.set_span_in_context(span))


async def job_ended(ctx: dict[str, Any]) -> None:
    """arq's `on_job_end`: close the job's span."""
    span = ctx.pop(_SPAN, None)
    token = ctx.pop(_CONTEXT, None)
    if span is None:
        return
    from opentelemetry import context

    if token is not None:
        with contextlib.suppress(ValueError):  # detached elsewhere: the span still ends
            context.detach(token)
    span.end()
