"""Which failures mean PostgreSQL or Redis is out of reach, rather than a bug or bad input.

A request that meets one of these cannot be served right now but may be served in a moment,
so clients get 503 with `Retry-After` and the code SERVICE_UNAVAILABLE, never the driver's
message: it names hosts, socket paths and, for SQL errors, statements and parameters.
"""

from __future__ import annotations

import asyncpg
from redis import exceptions as redis_errors
from sqlalchemy import exc as sqlalchemy_errors

RETRY_AFTER_S = 5
MESSAGE = f"Qraph cannot reach its database or queue right now. Try again in {RETRY_AFTER_S} s."

_OUTAGES: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, unreachable, and a unix socket that is gone (FileNotFoundError)
    TimeoutError,  # connect timeouts, and the pool's wait for a free connection
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,  # the server is starting or shutting down
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    sqlalchemy_errors.TimeoutError,
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.BusyLoadingError,
)


def is_outage(error: BaseException | None) -> bool:
    """True when `error`, or an exception it was raised from, says a dependency is down."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, _OUTAGES):
            return True
        if isinstance(error, sqlalchemy_errors.DBAPIError) and error.connection_invalidated:
            return True
        error = error.__cause__ or error.__context__
    return False
