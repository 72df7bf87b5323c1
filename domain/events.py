"""Events: one payload type and one channel helper. Published after commit, IDs only.

Subscribers re-read the current state when an event arrives, so an event never carries rows
that could be stale or that the viewer may not see.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

CHANNEL_PREFIX = "qraph:events:"


@dataclass(frozen=True, slots=True)
class Event:
    topic: str  # what changed: "backend", later "job", "queue"
    key: str  # which one: a backend name, a job id
    kind: str  # how: "status_changed", ...
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def encode(self) -> str:
        return json.dumps({**asdict(self), "at": self.at.isoformat()})

    @classmethod
    def decode(cls, raw: str | bytes) -> Event:
        data = json.loads(raw)
        return cls(
            topic=data["topic"],
            key=data["key"],
            kind=data["kind"],
            at=datetime.fromisoformat(data["at"]),
        )


def channel(topic: str, key: str | None = None) -> str:
    """`qraph:events:<topic>` for every event of a topic, `...:<topic>:<key>` for one object."""
    return f"{CHANNEL_PREFIX}{topic}" if key is None else f"{CHANNEL_PREFIX}{topic}:{key}"


class Publisher(Protocol):
    def publish(self, channel: str, message: str) -> Awaitable[Any]: ...


async def publish(redis: Publisher, event: Event) -> None:
    """Send to the topic channel and the object's channel. Call only after the commit."""
    message = event.encode()
    await redis.publish(channel(event.topic), message)
    await redis.publish(channel(event.topic, event.key), message)
