"""Subscriptions over multipart HTTP, as Apollo Client speaks them (subscriptionSpec 1.0).

Apollo's HttpLink POSTs a subscription with `Accept: multipart/mixed;subscriptionSpec="1.0"`
and reads one `multipart/mixed` body: each part is `{"payload": <execution result>}`, an empty
`{}` part every `HEARTBEAT_S` is a heartbeat, and a part with `"payload": null` and top-level
`errors` is a transport error that ends the stream (Apollo's multipart subscription protocol).
Everything but the framing is qraph/streams.py, shared with Server-Sent Events.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from strawberry.http.parse_content_type import parse_content_type
from strawberry.types.graphql import OperationType

from qraph.refusals import encode

BOUNDARY = "graphql"
HEARTBEAT_S = 5.0  # what Apollo's router sends; its clients expect about that
_PART = b"\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
_DELIMITER = f"\r\n--{BOUNDARY}".encode()


@functools.lru_cache(maxsize=256)  # on every request's path; clients send few distinct ones
def wants_multipart_subscription(accept: str) -> bool:
    """Whether an `Accept` header asks for multipart subscriptions (a `subscriptionSpec`)."""
    if "multipart/mixed" not in accept.lower():
        return False
    for part in accept.split(","):
        media, params = parse_content_type(part)
        spec = params.get("subscriptionspec", "").strip("\"' ")
        if media.strip().lower() == "multipart/mixed" and spec:
            return spec.startswith("1.")
    return False


class MultipartSubscription:
    name = "multipart subscriptions"
    heartbeat_s = HEARTBEAT_S

    def headers(self) -> Mapping[str, str]:
        return {
            "Content-Type": f'multipart/mixed;boundary="{BOUNDARY}";subscriptionSpec="1.0"',
            "Cache-Control": "no-cache, no-transform",
            "X-Accel-Buffering": "no",
        }

    def operations(self, method: str) -> set[OperationType]:
        return {OperationType.SUBSCRIPTION}

    def opening(self) -> bytes:
        return _DELIMITER

    def result(self, response: Mapping[str, Any]) -> bytes:
        return self._part({"payload": response})

    def failure(self, errors: list[dict[str, Any]]) -> bytes:
        return self._part({"payload": None, "errors": errors})

    def heartbeat(self) -> bytes:
        return self._part({})

    def closing(self) -> bytes:
        return b"--\r\n"  # after the last delimiter: the close delimiter

    def _part(self, value: object) -> bytes:
        return _PART + encode(value) + _DELIMITER
