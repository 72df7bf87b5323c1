"""`qraph`: serve, api, worker, migrate, sync-backends, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from qraph import catalog_status, embedded
from qraph.settings import Environment, Settings, get_settings
from qraph.startup import Startup, say
from qraph.supervisor import Child, Command, Supervisor

if TYPE_CHECKING:
    from domain.identity.bootstrap import DevAdmin

log = logging.getLogger("qraph.cli")


@contextlib.contextmanager
def services_env() -> Iterator[embedded.EmbeddedServices | None]:
    """Use DATABASE_URL/REDIS_URL when set; otherwise start the embedded services for the block."""
    settings = get_settings()
    if settings.database_url and settings.redis_url:
        yield None
        return
    started = embedded.start(settings.data_dir)
    os.environ["DATABASE_URL"] = started.database_url
    os.environ["REDIS_URL"] = started.redis_url
    get_settings.cache_clear()
    try:
        yield started
    finally:
        started.stop()


def migrate() -> float:
    """Apply every alembic migration; returns the seconds it took."""
    from alembic import command
    from alembic.config import Config

    started = time.perf_counter()
    config = Config(str(Path(__file__).resolve().parent.parent / "alembic.ini"))
    config.set_main_option(
        "script_location", str(Path(__file__).resolve().parent.parent / "migrations")
    )
    command.upgrade(config, "head")
    return time.perf_counter() - started


async def _sync_backends() -> dict[str, float]:
    from domain.backends.sync import sync_catalog
    from domain.db import make_engine, make_sessionmaker
    from domain.providers.registry import default_providers

    engine = make_engine(get_settings().database_url or "")
    try:
        async with make_sessionmaker(engine)() as session:
            report = await sync_catalog(session, default_providers())
    finally:
        await engine.dispose()
    return {
        "created": report.created,
        "updated": report.updated,
        "retired": report.retired,
        "calibrations_written": report.calibrations_written,
        "calibrations_unchanged": report.calibrations_unchanged,
        "seconds": round(report.seconds, 2),
    }


async def _dev_admin() -> DevAdmin:
    from domain.db import make_engine, make_sessionmaker
    from domain.identity.bootstrap import ensure_dev_admin

    settings = get_settings()
    key_file = settings.data_dir / "dev-admin-key"
    saved = key_file.read_text() if key_file.exists() else None
    engine = make_engine(settings.database_url or "")
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            admin = await ensure_dev_admin(session, saved_key=saved)
    finally:
        await engine.dispose()
    if admin.api_key != saved:
        # With DATABASE_URL and REDIS_URL set nothing embedded has created the data dir yet.
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(admin.api_key)
    return admin


def _say(message: str) -> None:
    say(message)


def serve(args: argparse.Namespace) -> int:
    """Start everything a newcomer needs, keep it running, and stop it all on Ctrl-C."""
    started = time.perf_counter()
    if args.host:
        os.environ["QRAPH_HOST"] = args.host
    if args.port:
        os.environ["QRAPH_PORT"] = str(args.port)
    if args.data_dir:
        os.environ["QRAPH_DATA_DIR"] = str(args.data_dir)
    if args.processes:
        os.environ["QRAPH_API_PROCESSES"] = str(args.processes)
    get_settings.cache_clear()
    settings = get_settings()
    # Bound first: a port in use fails before anything starts, and connections that arrive
    # while an API process restarts wait in the backlog instead of being refused.
    listener = listen(settings.host, settings.port)
    stop_requested = False

    def stop(*_: object) -> None:
        nonlocal stop_requested
        stop_requested = True
        if supervisor is not None:
            supervisor.request_stop()

    supervisor: Supervisor | None = None
    signal.signal(signal.SIGTERM, stop)
    with services_env() as services:
        settings = get_settings()
        _prepare(settings)
        processes = settings.api_processes or _cores()
        layers: list[list[Child]] = [
            [services.postgres, services.redis] if services is not None else [],
            _api_processes(processes, listener),
            []
            if args.no_worker
            else [Command("worker", [sys.executable, "-m", "qraph", "worker"])],
        ]
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        supervisor = Supervisor(layers, state_file=settings.data_dir / "serve.json")
        # The catalog loads once the API answers: the API serves what is there meanwhile, and
        # a first start answers in seconds instead of after every provider has loaded.
        catalog = Command("catalog", [sys.executable, "-m", "qraph", "sync-backends", "--serve"])
        # The worker starts once the API answers too: on a small machine, the API processes
        # and the worker importing their SDKs at once made the first answer seconds later.
        startup = Startup(
            settings, started, processes, None, catalog, on_ready=supervisor.start_deferred
        )
        signal.signal(signal.SIGINT, stop)  # from here on, Ctrl-C stops the children in order
        try:
            if stop_requested:
                return 0
            supervisor.start(already_running=("postgres", "redis"), defer=("worker",))
            # While the API processes import (seconds), not before: the first start is shorter.
            startup.admin_key = _local_admin(settings)
            supervisor.run(on_tick=startup.tick)
        finally:
            startup.stop()
            supervisor.stop()
            listener.close()
        _say("qraph: stopped")
    return 0


def _prepare(settings: Settings) -> None:
    """What runs once, before any API process: the migrations, and the catalog's status."""
    _say(f"qraph: migrations applied in {migrate():.2f}s")
    asyncio.run(_mark_catalog(settings))


async def _mark_catalog(settings: Settings) -> None:
    from sqlalchemy import select

    from domain.backends.models import Backend
    from domain.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url or "")
    try:
        async with make_sessionmaker(engine)() as session:
            empty = (await session.scalar(select(Backend.name).limit(1))) is None
    finally:
        await engine.dispose()
    # Marked before the API starts, so no client sees an empty catalog called ready; cleared
    # when rows exist (a load stopped by Ctrl-C leaves its marker behind).
    await _set_catalog_status(settings, catalog_status.loading_marker() if empty else None)


def _local_admin(settings: Settings) -> str | None:
    """In development, the local admin's API key (the admin is created on the first start)."""
    if settings.env is not Environment.DEVELOPMENT or not settings.create_dev_admin:
        return None
    admin = asyncio.run(_dev_admin())
    if admin.created:
        key_file = settings.data_dir / "dev-admin-key"
        _say(f"qraph: local admin {admin.username!r} created (its API key: {key_file})")
    return admin.api_key


async def _set_catalog_status(
    settings: Settings, marker: str | None, *, ttl_s: int = catalog_status.LOADING_TTL_S
) -> None:
    """Write (or clear, with None) the catalog status /health reports; Redis down is no error."""
    from redis.asyncio import Redis

    client = Redis.from_url(settings.redis_url or "")
    try:
        if marker is None:
            await client.delete(catalog_status.KEY)
        else:
            await client.set(catalog_status.KEY, marker, ex=ttl_s)
    except Exception as exc:  # /health then says "ready" early; the load itself goes on
        log.warning("could not record the catalog status", extra={"error": repr(exc)})
    finally:
        await client.aclose()


def sync_backends(args: argparse.Namespace) -> int:
    """Load every provider into the catalog; under `serve` (`--serve`), record the outcome."""
    if not args.serve:
        return _with_services(lambda: _say(str(asyncio.run(_sync_backends()))))
    settings = get_settings()
    try:
        report = asyncio.run(_sync_backends())
    except Exception as exc:
        log.exception("loading the backend catalog failed")
        failed = catalog_status.failed_marker(repr(exc))
        asyncio.run(_set_catalog_status(settings, failed, ttl_s=catalog_status.FAILED_TTL_S))
        return 1
    asyncio.run(_set_catalog_status(settings, None))
    log.info("backend catalog loaded", extra={"catalog": report})
    return 0


def _api_processes(count: int, listener: socket.socket) -> list[Child]:
    fd = listener.fileno()
    command = [sys.executable, "-m", "qraph", "api", "--fd", str(fd)]
    return [Command(f"api-{n}", command, pass_fds=(fd,)) for n in range(1, count + 1)]


def _cores() -> int:
    """Cores this process may run on (a container's cpuset, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every API process accepts on (inherited by file descriptor)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as exc:
        listener.close()
        raise SystemExit(f"qraph: cannot listen on {host}:{port}: {exc.strerror}") from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


def api(args: argparse.Namespace) -> int:
    """One API process: on an inherited socket (`--fd`, what `serve` runs), else on host:port."""
    import uvicorn

    settings = get_settings()
    config = uvicorn.Config(
        "qraph.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        access_log=False,
        ws_ping_interval=20,
        # Subscription frames are a few hundred bytes, the same for many sockets: compressing
        # each one per socket (permessage-deflate keeps a zlib stream per connection) cost more
        # CPU per message than everything else of a delivery, and saves almost nothing.
        ws_per_message_deflate=False,
        # A WebSocket message is a GraphQL request too: the same size limit as an HTTP body.
        ws_max_size=settings.max_body_bytes,
        # Longer than a client's think time and a load balancer's idle timeout (60 s on the
        # common ones): uvicorn's 5 s closes idle connections just as clients reuse them.
        timeout_keep_alive=75,
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    if args.fd is None:
        server.run()
    else:
        server.run(sockets=[socket.socket(fileno=args.fd)])
    return 0 if server.started else 3  # 3: uvicorn's "startup failed"


def worker(_: argparse.Namespace) -> int:
    """Run one arq worker in the foreground; it reconnects when Redis restarts."""
    from qraph import worker_loop

    return worker_loop.run()


def export_schema(args: argparse.Namespace) -> int:
    """Print (or write) the sorted SDL."""
    from schema import export_sdl

    sdl = export_sdl(get_settings())
    if args.output:
        Path(args.output).write_text(sdl)
    else:
        sys.stdout.write(sdl)
    return 0


def main(argv: list[str] | None = None) -> None:
    """The CLI. Ctrl-C at any point exits 130 without a traceback (`serve` stops in order)."""
    try:
        _main(argv)
    except KeyboardInterrupt:
        sys.exit(130)


def _main(argv: list[str] | None) -> None:
    from qraph.observability import configure_logging

    configure_logging(get_settings())
    parser = argparse.ArgumentParser(prog="qraph", description="Qraph, the quantum hub's API.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("serve", help="Run the API and a worker (embedded services if needed).")
    p.add_argument("--host", help="Bind address (QRAPH_HOST, default 127.0.0.1).")
    p.add_argument("--port", type=int, help="Port (QRAPH_PORT, default 8000).")
    p.add_argument("--data-dir", type=Path, help="Embedded data directory (QRAPH_DATA_DIR).")
    p.add_argument("--no-worker", action="store_true", help="Run the API only.")
    p.add_argument(
        "--processes",
        type=int,
        help="API processes on the port (QRAPH_API_PROCESSES, default one per core).",
    )
    p.set_defaults(run=serve)

    p = commands.add_parser("api", help="Run one API process (no migrations, no worker).")
    p.add_argument("--fd", type=int, help="Accept on this inherited listening socket.")
    p.set_defaults(run=api)

    p = commands.add_parser("worker", help="Run one arq worker (needs DATABASE_URL, REDIS_URL).")
    p.set_defaults(run=worker)

    p = commands.add_parser("migrate", help="Apply the database migrations.")
    p.set_defaults(run=lambda _: _with_services(lambda: _say(f"migrated in {migrate():.2f}s")))

    p = commands.add_parser("sync-backends", help="Load every provider into the catalog.")
    # `serve`'s background load: services from its environment, outcome recorded for /health.
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=sync_backends)

    p = commands.add_parser("export-schema", help="Print the sorted GraphQL SDL.")
    p.add_argument("--output", "-o", help="Write to this file instead of stdout.")
    p.set_defaults(run=export_schema)

    args = parser.parse_args(argv)
    sys.exit(args.run(args))


def _with_services(action: object) -> int:
    with services_env():
        action()  # type: ignore[operator]
    return 0
