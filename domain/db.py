"""The SQLAlchemy base, the engine and the sessionmaker."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import DateTime, MetaData, event, func
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    """created_at/updated_at kept by the database, timezone-aware."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


def async_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as pgserver and compose give them) and use asyncpg."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dump_json(value: Any) -> str:
    """JSON/JSONB parameters with orjson (several times faster than `json` on big documents)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:  # what orjson refuses (integers past 64 bits): the standard library
        return json.dumps(value)


def load_json(text: str | bytes) -> Any:
    """JSON/JSONB columns with orjson, falling back to `json` for what it cannot read."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


IDLE_PING_S = 1.0  # for `ping_after_idle_s`: a pooled connection idle this long is pinged


def make_engine(
    url: str, *, pool_size: int = 10, ping_after_idle_s: float | None = None
) -> AsyncEngine:
    """The engine. Every checkout pings the connection first, unless `ping_after_idle_s` is
    given: then only a connection idle that long is pinged (see `_ping_when_idle`)."""
    # SQLAlchemy installs these as asyncpg's json and jsonb codecs on every connection.
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=ping_after_idle_s is None,
        json_serializer=dump_json,
        json_deserializer=load_json,
    )
    if ping_after_idle_s is not None:
        _ping_when_idle(engine, ping_after_idle_s)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle_s: float) -> None:
    """Ping a connection at checkout only when it sat in the pool `idle_s` or longer.

    SQLAlchemy's pre-ping on asyncpg is three round trips (BEGIN, `;`, ROLLBACK) before every
    transaction; on a path of short transactions (a worker's claims and records) that is
    half of its round trips. A connection that dies while in use for less than `idle_s` (a
    database restart under load) fails its statement instead, which the caller sees as a
    transient fault and retries; the pool then drops every connection of the dead server.
    """

    def checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        driver = getattr(dbapi_connection, "_connection", None)
        if driver is not None and driver.is_closed():  # the server hung up: free to know
            raise DisconnectionError("the connection was closed")
        if time.monotonic() - record.info.get("checked_in_at", 0.0) < idle_s:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise DisconnectionError("the connection did not answer its ping") from error

    event.listen(engine.sync_engine.pool, "connect", checked_in)  # a new one needs no ping
    event.listen(engine.sync_engine.pool, "checkin", checked_in)
    event.listen(engine.sync_engine.pool, "checkout", checkout)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
