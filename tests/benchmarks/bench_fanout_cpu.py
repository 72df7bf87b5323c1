"""Subscription fan-out, in process: the API's CPU per message per socket, without the network.

`bench_subscriptions.py` measures delivery through real sockets and a real client, where the
machine's load moves every wall-clock figure. This one runs the app in this process, with N
in-memory graphql-transport-ws connections (ASGI `receive`/`send` queues, no uvicorn, no
kernel), all following `jobUpdates` as one admin, and counts the process's CPU time
(`time.process_time`) while M jobs complete (each RUNNING, then COMPLETED, committed and
published through the real Redis, read from the real PostgreSQL). Run once with one socket and
once with N, the difference divided by the extra messages is the cost of one more message to
one more socket: what fan-out to 2,000 subscribers multiplies.

    python tests/benchmarks/bench_fanout_cpu.py --subscribers 500 --jobs 40
    python tests/benchmarks/bench_fanout_cpu.py --api-root /tmp/baseline   # the same, from
        # another checkout (e.g. `git archive` of a baseline), for a same-machine comparison

Uses BENCH_DATABASE_URL / BENCH_REDIS_URL when set (a throwaway database), else embedded ones.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

QUERY = "subscription Bench { jobUpdates { id status name finishedAt } }"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--api-root", type=Path, default=ROOT, help="serve from this checkout")
    parser.add_argument("--profile", action="store_true", help="cProfile the N-socket run")
    return parser.parse_args()


class Socket:
    """One in-memory WebSocket connection to the ASGI app."""

    def __init__(self, app: Any, authorization: str) -> None:
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.completed = 0
        self.acked = asyncio.Event()
        self.frames = 0
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "query_string": b"",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"sec-websocket-protocol", b"graphql-transport-ws"),
            ],
            "subprotocols": ["graphql-transport-ws"],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 2),
            "state": {},
        }
        self.inbox.put_nowait({"type": "websocket.connect"})
        self.say({"type": "connection_init", "payload": {"authorization": authorization}})
        self.task = asyncio.create_task(app(scope, self.inbox.get, self.send))

    def say(self, message: dict[str, Any]) -> None:
        self.inbox.put_nowait({"type": "websocket.receive", "text": json.dumps(message)})

    async def send(self, message: dict[str, Any]) -> None:
        text = message.get("text")
        if text is None:
            return
        if '"connection_ack"' in text:
            self.acked.set()
        elif '"next"' in text:
            self.frames += 1
            if '"COMPLETED"' in text and '"bench"' in text:
                self.completed += 1

    async def close(self) -> None:
        self.inbox.put_nowait({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait([self.task], timeout=5)


async def measure(
    app: Any, jobs: Any, authorization: str, sockets: int, count: int
) -> tuple[float, int]:
    """CPU seconds this process spent while `count` jobs reached every one of `sockets`, and
    the `next` frames sent meanwhile."""
    clients = [Socket(app, authorization) for _ in range(sockets)]
    try:
        await asyncio.gather(*(c.acked.wait() for c in clients))
        for client in clients:
            client.say({"id": "1", "type": "subscribe", "payload": {"query": QUERY}})
        feed = app.state.services.job_feed
        while len(feed._everyone) < sockets:  # noqa: ASYNC110 - no hook to wait on
            await asyncio.sleep(0.01)
        ids = await jobs.insert(count, "bench")
        started = time.process_time()
        for job_id in ids:
            await jobs.run(job_id)
        while any(c.completed < count for c in clients):  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        return time.process_time() - started, sum(c.frames for c in clients)
    finally:
        for client in clients:
            await client.close()


async def main(args: argparse.Namespace) -> None:
    from redis.asyncio import Redis
    from sqlalchemy import select

    from domain.backends.models import Backend
    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.benchmarks.bench_subscriptions import Jobs
    from tests.identity import create_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    redis = Redis.from_url(settings.redis_url or "")
    admin = await create_user(sessionmaker, os.environ["QRAPH_JWT_SECRET"], Role.ADMIN)
    async with sessionmaker() as session:
        backend = await session.scalar(select(Backend).where(Backend.name == "aer_simulator"))
    jobs = Jobs(sessionmaker, redis, admin.id, backend)
    app = create_app(settings)
    authorization = admin.headers["Authorization"]
    try:
        async with app.router.lifespan_context(app):
            await measure(app, jobs, authorization, 1, 5)  # warm: imports, caches, pools
            one, one_frames = await measure(app, jobs, authorization, 1, args.jobs)
            profiler = cProfile.Profile() if args.profile else None
            if profiler is not None:
                profiler.enable()
            many, frames = await measure(app, jobs, authorization, args.subscribers, args.jobs)
            if profiler is not None:
                profiler.disable()
                stats = pstats.Stats(profiler).sort_stats("tottime")
                stats.print_stats(35)
    finally:
        await redis.aclose()
        await engine.dispose()
    print(
        f"\nfan-out CPU in process: {args.subscribers} jobUpdates sockets (in memory, one admin), "
        f"{args.jobs} jobs, each RUNNING then COMPLETED"
    )
    print(f"  1 socket          {one * 1e3:9.1f} ms CPU, {one_frames} frames")
    print(f"  {args.subscribers:>5} sockets     {many * 1e3:9.1f} ms CPU, {frames} frames")
    print(f"  per frame per extra socket  {(many - one) / (frames - one_frames) * 1e6:7.1f} µs CPU")
    if args.api_root != ROOT:
        print(f"  (the API from {args.api_root})")


if __name__ == "__main__":
    options = arguments()
    sys.path.insert(0, str(options.api_root.resolve()))
    if options.api_root.resolve() != ROOT:
        sys.path.insert(1, str(ROOT))  # this checkout's benchmark helpers, after the API's code
    os.environ.setdefault("QRAPH_JWT_SECRET", secrets.token_hex(32))
    from tests.benchmarks.common import services

    with services():
        asyncio.run(main(options))
