"""`qraph`: serve, worker, migrate, sync-backends, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from qraph import embedded
from qraph.settings import Environment, get_settings

if TYPE_CHECKING:
    from domain.identity.bootstrap import DevAdmin

log = logging.getLogger("qraph.cli")


@contextlib.contextmanager
def services_env() -> Iterator[None]:
    """Use DATABASE_URL/REDIS_URL when set; otherwise start the embedded services for the block."""
    settings = get_settings()
    if settings.database_url and settings.redis_url:
        yield
        return
    started = embedded.start(settings.data_dir)
    os.environ["DATABASE_URL"] = started.database_url
    os.environ["REDIS_URL"] = started.redis_url
    get_settings.cache_clear()
    try:
        yield
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
        key_file.touch(mode=0o600)
        key_file.write_text(admin.api_key)
    return admin


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def serve(args: argparse.Namespace) -> int:
    """Start everything a newcomer needs, and stop it all on Ctrl-C."""
    started = time.perf_counter()
    if args.host:
        os.environ["QRAPH_HOST"] = args.host
    if args.port:
        os.environ["QRAPH_PORT"] = str(args.port)
    if args.data_dir:
        os.environ["QRAPH_DATA_DIR"] = str(args.data_dir)
    get_settings.cache_clear()
    with services_env():
        settings = get_settings()
        _say(f"qraph: migrations applied in {migrate():.2f}s")
        report = asyncio.run(_sync_backends())
        _say(f"qraph: backend catalog loaded: {report}")
        if settings.env is Environment.DEVELOPMENT and settings.create_dev_admin:
            admin = asyncio.run(_dev_admin())
            _say(
                f"qraph: local admin {admin.username!r} "
                f"({'created' if admin.created else 'exists'}). In GraphiQL's Headers tab paste:\n"
                f'  {{"Authorization": "Bearer {admin.api_key}"}}'
            )
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "qraph.app:create_app",
                    "--factory",
                    "--host",
                    settings.host,
                    "--port",
                    str(settings.port),
                    "--no-access-log",
                    "--ws-ping-interval",
                    "20",
                ]
            )
        ]
        if not args.no_worker:
            children.append(subprocess.Popen([sys.executable, "-m", "qraph", "worker"]))
        _say(
            f"qraph: ready in {time.perf_counter() - started:.1f}s. GraphiQL: "
            f"http://{settings.host}:{settings.port}/graphql   (Ctrl-C stops everything)"
        )
        return _wait(children)


def _wait(children: list[subprocess.Popen[bytes]]) -> int:
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        exited = [c for c in children if c.poll() is not None]
        if exited:
            code = exited[0].returncode or 1
            _say(f"qraph: a child process exited ({code}); stopping the rest")
            break
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else code


def worker(_: argparse.Namespace) -> int:
    """Run one arq worker in the foreground."""
    from workers.settings import run_worker

    run_worker()
    return 0


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
    from qraph.observability import configure_logging

    configure_logging(get_settings())
    parser = argparse.ArgumentParser(prog="qraph", description="Qraph, the quantum hub's API.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("serve", help="Run the API and a worker (embedded services if needed).")
    p.add_argument("--host", help="Bind address (QRAPH_HOST, default 127.0.0.1).")
    p.add_argument("--port", type=int, help="Port (QRAPH_PORT, default 8000).")
    p.add_argument("--data-dir", type=Path, help="Embedded data directory (QRAPH_DATA_DIR).")
    p.add_argument("--no-worker", action="store_true", help="Run the API only.")
    p.set_defaults(run=serve)

    p = commands.add_parser("worker", help="Run one arq worker (needs DATABASE_URL, REDIS_URL).")
    p.set_defaults(run=worker)

    p = commands.add_parser("migrate", help="Apply the database migrations.")
    p.set_defaults(run=lambda _: _with_services(lambda: _say(f"migrated in {migrate():.2f}s")))

    p = commands.add_parser("sync-backends", help="Load every provider into the catalog.")
    p.set_defaults(run=lambda _: _with_services(lambda: _say(str(asyncio.run(_sync_backends())))))

    p = commands.add_parser("export-schema", help="Print the sorted GraphQL SDL.")
    p.add_argument("--output", "-o", help="Write to this file instead of stdout.")
    p.set_defaults(run=export_schema)

    args = parser.parse_args(argv)
    sys.exit(args.run(args))


def _with_services(action: object) -> int:
    with services_env():
        action()  # type: ignore[operator]
    return 0
