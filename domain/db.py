"""The SQLAlchemy base, the engine and the sessionmaker."""

from __future__ import annotations

import json
import time
import weakref
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
from sqlalchemy.pool import ConnectionPoolEntry

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
    """The engine; by default every checkout pings the connection (pre-ping).

    With `ping_after_idle_s`, only a connection idle that long is pinged. SQLAlchemy's
    pre-ping costs three round trips per checkout with asyncpg (BEGIN, `;`, ROLLBACK): more
    than the read itself, and half the round trips of a worker's short claims and records. A
    connection used moments ago is very likely alive; if the server went away meanwhile, the
    statement fails as a disconnect, SQLAlchemy discards every connection older than the
    failure, and the caller gets its usual outage answer (or retries, in a worker).
    """
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
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "connect")
    @event.listens_for(engine.sync_engine, "checkin")
    def stamp(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_CHECKED_IN] = time.monotonic()  # a new connection needs no ping either

    @event.listens_for(engine.sync_engine, "checkout")
    def ping(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        driver = getattr(dbapi_connection, "_connection", None)
        if driver is not None and driver.is_closed():  # the server hung up: free to know
            raise DisconnectionError("the connection was closed")
        checked_in = record.info.get(_CHECKED_IN)
        if checked_in is not None and time.monotonic() - checked_in < idle_s:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out another (up to three tries).
            raise DisconnectionError("the connection failed its ping") from error


_CHECKED_IN = "qraph.checked_in_at"


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


_READERS: weakref.WeakKeyDictionary[Any, async_sessionmaker[AsyncSession]] = (
    weakref.WeakKeyDictionary()
)


def reader_of(sessionmaker: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions on the same pool for reads that need no transaction: one statement each.

    In AUTOCOMMIT a read sends its statement and nothing else; in a transaction asyncpg adds
    BEGIN and ROLLBACK round trips, and the pool's ping two more (BEGIN and ROLLBACK again). A
    single statement reads one snapshot either way. Never write through these sessions: each
    statement would commit on its own.
    """
    found = _READERS.get(sessionmaker)
    if found is None:
        engine = sessionmaker.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
        found = _READERS[sessionmaker] = async_sessionmaker(engine, expire_on_commit=False)
    return found
