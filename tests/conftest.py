"""Real PostgreSQL and Redis for every test.

The services are the ones named by TEST_DATABASE_URL / TEST_REDIS_URL, or embedded ones started
here. Once per session a template database is migrated and loaded with the real catalog; each
test that touches the database gets a fresh clone of it (CREATE DATABASE ... TEMPLATE), so tests
are isolated without sharing a session or rolling back under the app's feet.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QRAPH_ENV", "test")
os.environ.setdefault("QRAPH_LOG_LEVEL", "WARNING")
# Tests drive many requests from one address; the rate-limit tests set their own limits.
os.environ.setdefault("QRAPH_RATE_LIMIT_ANONYMOUS", "100000")
os.environ.setdefault("QRAPH_JWT_SECRET", "test-only-signing-secret-of-enough-length-0123456789")

from sqlalchemy import event
from sqlalchemy.engine import make_url

from qraph import embedded
from qraph.settings import Settings, get_settings

# Per session, so concurrent runs against one server never drop each other's template.
TEMPLATE = f"qraph_test_template_{os.getpid()}"


@pytest.fixture(scope="session")
def service_urls() -> Iterator[tuple[str, str]]:
    """(server URL of a PostgreSQL maintenance database, Redis URL), real either way."""
    database = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    started = None
    if not database or not redis_url:
        started = embedded.start(Path(tempfile.mkdtemp(prefix="qraph-test-")))
        database = database or started.database_url
        redis_url = redis_url or started.redis_url + "?db=9"
    yield database, redis_url
    if started is not None:
        started.stop()


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _execute_autocommit(url: str, *statements: str) -> None:
    import asyncpg  # the app's driver; no second Postgres driver is installed

    async def run() -> None:
        parsed = make_url(url)
        connection = await asyncpg.connect(
            user=parsed.username or "postgres",
            password=parsed.password or None,
            host=parsed.query.get("host") or parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            database="postgres",
        )
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def template_database(service_urls: tuple[str, str]) -> Iterator[str]:
    """A database migrated to head and loaded with the real catalog, used as a template."""
    server, redis_url = service_urls
    _execute_autocommit(
        server, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)", f"CREATE DATABASE {TEMPLATE}"
    )
    url = _with_database(server, TEMPLATE)
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = redis_url
    get_settings.cache_clear()
    from qraph.cli import _sync_backends, migrate

    migrate()
    asyncio.run(_sync_backends())
    yield url
    _execute_autocommit(server, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


@pytest.fixture
def database_url(service_urls: tuple[str, str], template_database: str) -> Iterator[str]:
    """A fresh database for one test, cloned from the template."""
    server, _ = service_urls
    name = f"qraph_test_{uuid.uuid4().hex[:12]}"
    _execute_autocommit(server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield _with_database(server, name)
    _execute_autocommit(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def redis_url(service_urls: tuple[str, str]) -> str:
    """The test Redis database, flushed before each test."""
    import redis

    url = service_urls[1]
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def settings(database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    """The real ASGI app with its lifespan running."""
    from qraph.app import create_app

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[Any]:
    import httpx

    from tests.support import MODERN_ACCEPT

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=MODERN_ACCEPT
    ) as http:
        yield http


class StatementCounter:
    """Counts SQL statements the app's engine sends, to pin N+1 regressions."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def sql_statements(app: Any) -> Iterator[StatementCounter]:
    engine = app.state.services.sessionmaker.kw["bind"].sync_engine
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)
