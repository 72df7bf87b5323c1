"""RequestTelemetry keeps subscription streams (SSE, multipart) out of the latency histogram."""

from __future__ import annotations

from typing import Any

import pytest

from qraph.observability import HTTP_DURATION, HTTP_REQUESTS, RequestTelemetry


def _answering(content_type: bytes) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type)],
            }
        )
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    return app


def _count(metric: Any, path: str) -> float:
    for family in metric.collect():
        for sample in family.samples:
            if sample.name.endswith("_count") and sample.labels.get("path") == path:
                return sample.value
            if sample.name.endswith("_total") and sample.labels.get("path") == path:
                return sample.value
    return 0.0


@pytest.mark.parametrize(
    ("content_type", "timed"),
    [
        (b"application/json", True),
        (b"text/event-stream; charset=utf-8", False),
        (b'multipart/mixed; boundary="-"; subscriptionSpec=1.0', False),
    ],
)
async def test_streams_are_counted_but_not_timed(content_type: bytes, timed: bool) -> None:
    path = f"/telemetry-{content_type.split(b';')[0].decode().replace('/', '-')}"

    class Route:
        pass

    route = Route()
    route.path = path  # type: ignore[attr-defined]
    scope = {"type": "http", "method": "POST", "path": path, "headers": [], "route": route}
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    before = (_count(HTTP_DURATION, path), _count(HTTP_REQUESTS, path))
    await RequestTelemetry(_answering(content_type))(scope, receive, send)
    after = (_count(HTTP_DURATION, path), _count(HTTP_REQUESTS, path))
    assert after[1] == before[1] + 1  # every request is counted
    assert after[0] == before[0] + (1 if timed else 0)
    assert any(name == b"x-request-id" for name, _ in sent[0]["headers"])
