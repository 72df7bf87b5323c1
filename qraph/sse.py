"""GraphQL over Server-Sent Events: the graphql-sse protocol, distinct connections mode.

A client POSTs the operation with `Accept: text/event-stream` (or GETs it with the operation in
the query string, as `EventSource` does) and reads `next` events, each an execution result, then
one `complete` event (enisdenjo/graphql-sse PROTOCOL.md). Queries and mutations yield one result;
subscriptions one per event. A comment line every `HEARTBEAT_S` keeps proxies from timing the
stream out. Everything but the framing is qraph/streams.py, shared with multipart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.types.graphql import OperationType

from qraph.refusals import encode

EVENT_STREAM = "text/event-stream"
HEARTBEAT_S = 12.0


def wants_event_stream(accept: str) -> bool:
    """Whether an `Accept` header asks for Server-Sent Events."""
    if EVENT_STREAM not in accept.lower():  # the common case, on every request's path
        return False
    return any(part.partition(";")[0].strip().lower() == EVENT_STREAM for part in accept.split(","))


class ServerSentEvents:
    name = "Server-Sent Events"
    heartbeat_s = HEARTBEAT_S

    def headers(self) -> Mapping[str, str]:
        return {
            "Content-Type": f"{EVENT_STREAM}; charset=utf-8",
            # Nothing in between may cache, compress or buffer the stream.
            "Cache-Control": "no-cache, no-transform",
            "X-Accel-Buffering": "no",
        }

    def operations(self, method: str) -> set[OperationType]:
        if method == "GET":  # GET never changes anything
            return {OperationType.QUERY, OperationType.SUBSCRIPTION}
        return {OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION}

    def opening(self) -> bytes:
        return b": stream open\n\n"  # sends the headers through buffering proxies at once

    def result(self, response: Mapping[str, Any]) -> bytes:
        # JSON has no raw newlines, so one `data:` line carries the whole result.
        return b"event: next\ndata: " + encode(response) + b"\n\n"

    def failure(self, errors: list[dict[str, Any]]) -> bytes:
        return self.result({"errors": errors})

    def heartbeat(self) -> bytes:
        return b":\n\n"

    def closing(self) -> bytes:
        return b"event: complete\ndata:\n\n"
