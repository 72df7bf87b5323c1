"""How the API and the workers reach the arq queue: one Redis DSN, msgpack, never pickle."""

from __future__ import annotations

from typing import Any

import msgpack
from arq.connections import RedisSettings

QUEUE_NAME = "arq:queue"
HEALTH_CHECK_KEY = QUEUE_NAME + ":health-check"


def serialize(value: Any) -> bytes:
    return msgpack.packb(value, datetime=True)  # type: ignore[no-any-return]


def deserialize(payload: bytes) -> Any:
    return msgpack.unpackb(payload, raw=False, timestamp=3)


def redis_settings(url: str) -> RedisSettings:
    """arq settings for a `redis://` or `unix://` URL."""
    return RedisSettings.from_dsn(url)
