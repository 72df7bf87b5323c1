"""Logs, correlation ids and Prometheus metrics: what operators see of a running Qraph.

The correlation id lives in a contextvar holding a mutable `RequestInfo`: tasks spawned inside a
request share it, and the GraphQL extension hands the operation name back to the access log.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import prometheus_client as prom
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError

from qraph.settings import Settings

REGISTRY = prom.CollectorRegistry(auto_describe=True)  # ours: tests and reloads never collide
_counter = functools.partial(prom.Counter, registry=REGISTRY)
_histogram = functools.partial(prom.Histogram, registry=REGISTRY)
HTTP_REQUESTS = _counter(
    "qraph_http_requests", "HTTP requests and WebSocket connections.", ["method", "path", "status"]
)
HTTP_DURATION = _histogram(
    "qraph_http_request_duration_seconds", "Time to answer an HTTP request.", ["method", "path"]
)
OPERATIONS = _counter(
    "qraph_graphql_operations",
    "GraphQL operations.",
    ["operation_name", "operation_type", "outcome"],
)
OPERATION_DURATION = _histogram(
    "qraph_graphql_operation_duration_seconds", "Time in one operation.", ["operation_type"]
)

# Operation names come from clients, so they are capped in length and in how many distinct
# values one process will ever label a series with; past that they share "other".
MAX_OPERATION_NAMES = 500
_seen_operation_names: set[str] = set()
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")

access_log = logging.getLogger("qraph.access")


@dataclass(slots=True)
class RequestInfo:
    """What one request (or one WebSocket connection) has told us so far."""

    request_id: str
    operation_name: str | None = None
    operation_type: str | None = None


_current: ContextVar[RequestInfo | None] = ContextVar("qraph_request", default=None)


def correlation_id() -> str | None:
    """The id of the request being served, or None outside one."""
    info = _current.get()
    return info.request_id if info else None


# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_OURS = {"message", "asctime", "correlation_id", "color_message", "taskName"}
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | _OURS


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, correlation_id, then extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # Read at format time: handlers emit synchronously, in the logging call's context.
            "correlation_id": getattr(record, "correlation_id", None) or correlation_id(),
        }
        line.update((k, v) for k, v in record.__dict__.items() if k not in _RESERVED)
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(line, default=str).decode()
        except TypeError:  # what orjson refuses (a lone surrogate in a message)
            return json.dumps(line, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at emit time, so later redirections (test capture,
    process supervisors swapping streams) are honoured."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


# Libraries whose INFO lines describe their own internals (each transpiler pass, each alembic
# plugin, each provider SDK call): useful when debugging them, noise on every start otherwise.
CHATTY_LOGGERS = (
    "qiskit",
    "qiskit_aer",
    "qiskit_ibm_runtime",
    "azure",
    "alembic",
    "stevedore",
    "httpx",
    "urllib3",
    "pgserver",
)
# arq logs every run of every job at INFO, and its heartbeat every few seconds; the reconciler
# runs every 5 s and logs its own line when it acts, so these idle lines are dropped.
QUIET_ARQ_LINES = ("cron:reconcile_jobs", "recording health:")


class _IdleCronFilter(logging.Filter):
    """Drops arq's INFO lines about its heartbeat and idle reconciler runs (QUIET_ARQ_LINES)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not record.name.startswith("arq."):
            return True
        message = record.getMessage()
        return not any(line in message for line in QUIET_ARQ_LINES)


def configure_logging(settings: Settings) -> None:
    """JSON logs on stderr at `settings.log_level`, uvicorn's included. Safe to call again.

    Unless `settings.log_verbose`, the libraries in CHATTY_LOGGERS log warnings only and arq's
    lines about idle cron runs are dropped.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter())
    if not settings.log_verbose:
        handler.addFilter(_IdleCronFilter())
    chatty_level = logging.NOTSET if settings.log_verbose else logging.WARNING
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(chatty_level)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(logging.NOTSET)
    # RequestTelemetry writes a richer access line; uvicorn's own would be a duplicate.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


_STREAM_TYPES = (b"text/event-stream", b"multipart/mixed")


class RequestTelemetry:
    """Pure ASGI middleware: correlation id, one access line and metrics per request.

    It only wraps `send`, so streamed bodies pass through unbuffered. WebSocket connections and
    subscription streams (Server-Sent Events, multipart) are counted and logged when they end,
    but kept out of the duration histogram, whose buckets are for request latency, not
    connection lifetimes.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        info = RequestInfo(incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex)
        token = _current.set(info)
        header = (b"x-request-id", info.request_id.encode("latin-1"))
        websocket = scope["type"] == "websocket"
        streamed = False  # a subscription over SSE or multipart: its lifetime is no latency
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            kind = message["type"]
            if kind in ("http.response.start", "websocket.http.response.start"):
                nonlocal streamed
                status = message["status"]
                streamed = any(
                    name.lower() == b"content-type" and value.startswith(_STREAM_TYPES)
                    for name, value in message.get("headers", ())
                )
                message["headers"] = [*message.get("headers", ()), header]
            elif kind == "websocket.accept":
                status = 101
                message["headers"] = [*message.get("headers", ()), header]
            elif kind == "websocket.close" and status == 500:
                status = 403  # closed before accepting: the server answers the handshake 403
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            access_log.exception("unhandled error", extra={"path": scope.get("path")})
            raise
        finally:
            elapsed = time.perf_counter() - started
            method = "WEBSOCKET" if websocket else scope.get("method", "")
            # The route's template, never the raw path: scanners must not mint label values.
            path = str(getattr(scope.get("route"), "path", "unmatched"))
            HTTP_REQUESTS.labels(method, path, str(status)).inc()
            if not websocket and not streamed:
                HTTP_DURATION.labels(method, path).observe(elapsed)
            extra: dict[str, Any] = {
                "method": method,
                "path": scope.get("path"),
                "status": status,
                "duration_ms": round(elapsed * 1000, 3),
                "client": (scope.get("client") or (None,))[0],
            }
            if info.operation_name is not None:
                extra["operation_name"] = info.operation_name
                extra["operation_type"] = info.operation_type
            access_log.info("%s %s %s", method, scope.get("path"), status, extra=extra)
            _current.reset(token)


def is_request_error(data: object, errors: list[Any] | None) -> bool:
    """True when the operation never executed: parse, validation or variable errors.

    graphql-core gives those and a failed non-null root field the same `data: None`; only
    field errors carry a `path`, which tells them apart.
    """
    return data is None and bool(errors) and all(e.path is None for e in errors or ())


def _operation_name_label(name: str | None) -> str:
    label = _NOT_NAME.sub("", name or "")[:64] or "anonymous"
    if label in _seen_operation_names:
        return label
    if len(_seen_operation_names) >= MAX_OPERATION_NAMES:
        return "other"
    _seen_operation_names.add(label)
    return label


class OperationMetrics(SchemaExtension):
    """Counts and times operations from what Strawberry already parsed (no second parse).

    Put it first in the extension list: its `on_operation` then wraps every other extension,
    so the duration covers them and the outcome sees errors after they were shaped.
    """

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        outcome = "error"
        try:
            yield
            result = self.execution_context.result
            errors = getattr(result, "errors", None)
            if result is not None and not errors:
                outcome = "ok"
            elif result is not None and is_request_error(result.data, errors):
                outcome = "rejected"
        except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError):
            outcome = "rejected"
            raise
        except (asyncio.CancelledError, GeneratorExit):
            outcome = "cancelled"  # how subscriptions usually end: the client completes them
            raise
        finally:
            try:
                operation_type = self.execution_context.operation_type.value
                name = _operation_name_label(self.execution_context.operation_name)
            except RuntimeError:  # unparsable document, or an operationName it lacks
                operation_type, name = "unknown", "anonymous"
            OPERATIONS.labels(name, operation_type, outcome).inc()
            OPERATION_DURATION.labels(operation_type).observe(time.perf_counter() - started)
            if info := _current.get():
                info.operation_name, info.operation_type = name, operation_type


async def metrics_endpoint(request: Request) -> Response:
    """GET /metrics: this process's metrics in Prometheus' text format."""
    from qraph import metrics_operations

    await metrics_operations.refresh(request.app.state.services)
    return Response(prom.generate_latest(REGISTRY), media_type=prom.CONTENT_TYPE_LATEST)
