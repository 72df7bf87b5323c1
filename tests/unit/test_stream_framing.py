"""Which `Accept` asks for a stream, and how each transport frames its parts."""

from __future__ import annotations

import json

import pytest

from qraph.multipart import MultipartSubscription, wants_multipart_subscription
from qraph.sse import ServerSentEvents, wants_event_stream

RESULT = {"data": {"x": 'line\nbreak \u2028 "quoted"'}}


@pytest.mark.parametrize(
    ("accept", "sse", "multipart"),
    [
        ("text/event-stream", True, False),
        ("Text/Event-Stream; charset=utf-8", True, False),
        ("application/json, text/event-stream;q=0.5", True, False),
        ('multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json', False, True),
        ('multipart/mixed; subscriptionSpec="1.0"', False, True),
        ("multipart/mixed;deferSpec=20220824, application/json", False, False),  # @defer, not ours
        ("multipart/mixed;subscriptionSpec=2.0", False, False),
        ("application/graphql-response+json, application/json;q=0.9", False, False),
        ("*/*", False, False),
        ("", False, False),
        ("text/event-streamx", False, False),
        ("," * 10_000 + "text/plain", False, False),
        ("multipart/mixed;subscriptionSpec=\x00", False, False),
    ],
)
def test_only_an_explicit_ask_opens_a_stream(accept: str, sse: bool, multipart: bool) -> None:
    assert (wants_event_stream(accept), wants_multipart_subscription(accept)) == (sse, multipart)


def test_an_sse_result_is_one_data_line_whatever_it_holds() -> None:
    frame = ServerSentEvents().result(RESULT)
    event, data, end = frame.split(b"\n", 2)
    # then the event is `next`, its data one line of JSON (a newline would split the event)
    assert (event, end) == (b"event: next", b"\n")
    assert json.loads(data.removeprefix(b"data: ")) == RESULT
    assert ServerSentEvents().closing() == b"event: complete\ndata:\n\n"


def test_multipart_parts_are_what_apollo_reads() -> None:
    framing = MultipartSubscription()
    body = framing.opening() + framing.result(RESULT) + framing.heartbeat()
    body += framing.failure([{"message": "m"}]) + framing.closing()
    # split as Apollo's readMultipartBody does: on "\r\n--graphql", headers then a blank line
    parts = body.split(b"\r\n--graphql")
    assert parts[0] == b"" and parts[-1] == b"--\r\n"
    payloads = [json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in parts[1:-1] if part]
    assert payloads == [{"payload": RESULT}, {}, {"payload": None, "errors": [{"message": "m"}]}]
    assert 'boundary="graphql"' in framing.headers()["Content-Type"]
