"""A real API process (and optionally a worker) on a database of its own, for a test module.

Module-scoped servers start once for many tests: `database_url` is per test, so this clones the
session's template itself.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from domain.db import make_engine, make_sessionmaker
from domain.identity.principal import Role
from tests.conftest import TEMPLATE, _execute_autocommit, _with_database
from tests.e2e.test_live_updates import ROOT, STOP_S, Server, start, stop, wait_until_healthy
from tests.identity import SignedInUser, create_user


@contextlib.contextmanager
def serving(
    service_urls: tuple[str, str],
    logs: Path,
    *,
    worker: bool = False,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[Server, str]]:
    """(the server, its database URL), until the block ends."""
    server_url, redis_url = service_urls
    name = f"qraph_{logs.name.lower()}_{os.getpid()}"[:60]
    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    _execute_autocommit(server_url, drop, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    database_url = _with_database(server_url, name)
    environment = os.environ | {"DATABASE_URL": database_url, "REDIS_URL": redis_url} | (env or {})
    server = start(environment, logs / "api.log")
    process = None
    if worker:
        with (logs / "worker.log").open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "qraph", "worker"],
                cwd=ROOT,
                env=environment,
                stdout=sink,
                stderr=sink,
            )
    try:
        wait_until_healthy(server)
        yield server, database_url
    finally:
        stop(server)
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                process.kill()
        _execute_autocommit(server_url, drop)


async def signed_in(database_url: str, *roles: Role) -> SignedInUser:
    """A user written straight to the served database; the server trusts its token."""
    engine = make_engine(database_url)
    try:
        return await create_user(
            make_sessionmaker(engine), os.environ["QRAPH_JWT_SECRET"], *roles, ttl_s=3600
        )
    finally:
        await engine.dispose()
