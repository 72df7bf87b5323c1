"""GraphQL over HTTP, the parts outside execution: media types, and refusals in GraphQL's shape.

A request refused before (or outside) execution still gets `{"errors": [...]}` with a stable
`extensions.code`, in the media type the client negotiated, never a plain-text error.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from http import HTTPStatus

import orjson
from cross_web import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive

from domain import outages
from qraph.observability import correlation_id

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
UNAVAILABLE = "SERVICE_UNAVAILABLE"
QVALUE = re.compile(r"(?:^|;)\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*(?:;|$)")

log = logging.getLogger("qraph.http")


def status_code(status: int) -> str:
    """`extensions.code` for an HTTP refusal: 413 gives REQUEST_ENTITY_TOO_LARGE."""
    return HTTPStatus(status).phrase.upper().replace(" ", "_")


class RequestRefused(HTTPException):
    """A request refused before execution, answered as `{"errors": [...]}` with a stable code."""

    def __init__(
        self,
        status: int,
        reason: str,
        code: str = "",
        allow: str = "",
        *,
        headers: dict[str, str] | None = None,
        extensions: dict[str, object] | None = None,
    ) -> None:
        super().__init__(status, reason)
        self.code = code or status_code(status)
        self.headers = {**({"Allow": allow} if allow else {}), **(headers or {})} or None
        self.extensions = extensions or {}


@functools.lru_cache(maxsize=256)  # clients send a handful of distinct Accept headers
def negotiate(accept: str | None) -> str | None:
    """The response media type for an `Accept` header; None when it lists none we serve.

    A client that names graphql-response+json gets it unless it prefers application/json. One
    that names neither (no Accept, `*/*`, `application/*`) gets application/json, as the
    GraphQL-over-HTTP spec says it SHOULD (watershed clause: legacy clients know only JSON).
    The most specific range sets each type's q (RFC 9110 §12.5.1).
    """
    if not accept or not accept.strip():
        return JSON
    ranges: dict[str, float] = {}
    for item in accept.lower().split(","):
        media, _, params = item.partition(";")
        q = QVALUE.search(params)
        ranges[media.strip()] = max(float(q.group(1)) if q else 1.0, ranges.get(media.strip(), 0))

    def quality(media: str) -> float:
        for candidate in (media, "application/*", "*/*"):
            if candidate in ranges:
                return ranges[candidate]
        return 0.0

    ours, legacy = quality(GRAPHQL_RESPONSE_JSON), quality(JSON)
    if max(ours, legacy) <= 0:
        return None
    if GRAPHQL_RESPONSE_JSON not in ranges:  # only wildcards reach it: the client knows JSON
        return JSON if legacy > 0 else GRAPHQL_RESPONSE_JSON
    return JSON if legacy > ours else GRAPHQL_RESPONSE_JSON


def limited(receive: Receive, limit: int) -> Receive:
    """`receive` that refuses a body growing past `limit` bytes, whatever Content-Length said."""
    received = 0

    async def receive_limited() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))  # only http.request messages carry one
        if received > limit:
            raise RequestRefused(413, f"Bodies are limited to {limit} bytes.")
        return message

    return receive_limited


def encode(data: object) -> bytes:
    try:
        return orjson.dumps(data)
    except TypeError:  # a value orjson refuses (a lone surrogate in a string): escape it
        return json.dumps(data, separators=(",", ":"), default=str).encode()


def unexpected(error: Exception) -> RequestRefused:
    """A failure outside GraphQL execution (authenticating, limiting): 503 or a masked 500."""
    reference = correlation_id() or ""
    if outages.is_outage(error):
        log.warning("dependency unavailable", exc_info=error)
        return RequestRefused(
            503,
            outages.MESSAGE,
            UNAVAILABLE,
            headers={"Retry-After": str(outages.RETRY_AFTER_S)},
            extensions={"retryAfter": outages.RETRY_AFTER_S, "requestId": reference},
        )
    log.error("unexpected error serving a request", exc_info=error)
    return RequestRefused(
        500, "Unexpected error.", "INTERNAL_SERVER_ERROR", extensions={"requestId": reference}
    )


def refusal(error: HTTPException, media_type: str | None) -> Response:
    """A refusal as a GraphQL response body (no `data`), in the negotiated media type."""
    code = getattr(error, "code", None) or status_code(error.status_code)
    return JSONResponse(
        {
            "errors": [
                {
                    "message": error.reason,
                    "extensions": {"code": code, **getattr(error, "extensions", {})},
                }
            ]
        },
        status_code=error.status_code,
        headers=getattr(error, "headers", None),
        media_type=f"{media_type or JSON}; charset=utf-8",
    )
