"""CPU per request through the whole ASGI app: middleware, the view, authentication, the schema.

The three reads of issue 7 (`{ __typename }`, the backends page, the jobs page) are sent straight
to the ASGI callable (no sockets, no HTTP client), one after another, and this process's CPU
time per request is printed: steadier than wall clock on a busy machine, and what caps req/s
when the server is CPU-bound. `--profile` adds cProfile's functions with the most own time.

Run with `make bench` (or `python tests/benchmarks/bench_request_cpu.py [--rounds N]
[--profile]`). Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set (a throwaway database: it is
migrated, the catalog loaded and 50 jobs added), else embedded services.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
from asyncio import selector_events
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import orjson

from tests.benchmarks.common import services

ROOT = Path(__file__).resolve().parents[2]

TYPENAME = "{ __typename }"
BACKENDS_PAGE = "{ backends(first: 50) { edges { node { name qubits provider } } } }"
JOBS_PAGE = (
    "{ jobs(first: 50) { edges { node { backend { name } kpis { fidelity } "
    "statusHistory { status } } } } }"
)


def asgi_post(app: Any, query: str, headers: dict[str, str]) -> Callable[[], Awaitable[Any]]:
    """One POST /graphql through the ASGI app, as uvicorn would send it; returns the JSON."""
    body = orjson.dumps({"query": query})
    raw_headers = [
        (b"host", b"bench"),
        (b"content-type", b"application/json"),
        (b"accept", b"application/graphql-response+json"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in headers.items()),
    ]

    async def post() -> Any:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False
        chunks: list[bytes] = []
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        answer = orjson.loads(b"".join(chunks))
        assert status == [200] and "errors" not in answer, (status, answer)
        return answer

    return post


class SocketWrites:
    """Writes to sockets by this process (to PostgreSQL, Redis): one per round trip, about.

    A steady count, unlike time: on a busy machine each round trip also costs CPU in the
    kernel and the event loop, so fewer of them is the first thing to look for.
    """

    def __init__(self) -> None:
        self.count = 0
        transport = selector_events._SelectorSocketTransport
        # `writelines` calls `write`, so counting this one counts each send once.
        transport.write = self._counting(transport.write)  # type: ignore[method-assign]

    def _counting(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(transport: Any, data: Any) -> Any:
            self.count += 1
            return original(transport, data)

        return counted


async def cpu_per_request(post: Callable[[], Awaitable[Any]], rounds: int) -> float:
    """This process's CPU per request, in milliseconds, after a few warm-ups."""
    for _ in range(5):
        await post()
    started = time.process_time()
    for _ in range(rounds):
        await post()
    return (time.process_time() - started) * 1000 / rounds


async def own_time_profile(
    post: Callable[[], Awaitable[Any]], rounds: int, top: int = 30, sort: str = "tottime"
) -> str:
    """cProfile over `rounds` requests: the functions with the most own (or cumulative) time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        await post()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    return by_package(stats, rounds) + out.getvalue()


def by_package(stats: pstats.Stats, rounds: int) -> str:
    """Own time per request, summed by the package (or our layer) the functions live in."""
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        parts = Path(filename).parts
        if "site-packages" in parts:
            where = parts[parts.index("site-packages") + 1]
        elif str(ROOT) in filename:
            where = Path(filename).relative_to(ROOT).parts[0]
        else:
            where = "python" if filename.startswith(("/", "<frozen")) else filename
        totals[where] = totals.get(where, 0.0) + own
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    lines = [f"  {name:24s} {own * 1000 / rounds:7.3f} ms" for name, own in ranked[:14]]
    return "own time per request under cProfile, by package:\n" + "\n".join(lines) + "\n"


async def _ensure_data(app: Any) -> dict[str, str]:
    """The catalog (once per database) and a user owning 50 jobs; returns their headers."""
    from sqlalchemy import func, select

    from domain.backends.models import Backend
    from domain.identity.principal import Role
    from qraph.cli import _sync_backends
    from tests.identity import make_user
    from tests.integration.test_job_reads import insert_jobs

    async with app.state.services.sessionmaker() as session:
        if not await session.scalar(select(func.count()).select_from(Backend)):
            await _sync_backends()
    owner = await make_user(app, Role.CONSUMER)
    await insert_jobs(app, owner.id, 50)
    return dict(owner.headers)


async def main(rounds: int, with_profile: bool, sort: str) -> None:
    from qraph.app import create_app
    from qraph.cli import migrate
    from qraph.settings import get_settings

    await asyncio.to_thread(migrate)
    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        owner = await _ensure_data(app)
        cases = (
            ("{ __typename }, anonymous", asgi_post(app, TYPENAME, {})),
            ("{ __typename }, signed in (JWT)", asgi_post(app, TYPENAME, owner)),
            ("backends(first: 50), anonymous", asgi_post(app, BACKENDS_PAGE, {})),
            ("jobs(first: 50) page, owner (JWT)", asgi_post(app, JOBS_PAGE, owner)),
        )
        writes = SocketWrites()
        print(f"CPU per request through the ASGI app, {rounds} sequential requests each")
        for name, post in cases:
            cpu = await cpu_per_request(post, rounds)
            writes.count = 0
            await post()
            print(
                f"{name:36s} {cpu:7.3f} ms CPU   (ceiling {1000 / cpu:6.0f} req/s per core)   "
                f"socket writes: {writes.count}"
            )
        if with_profile:
            for name, post in cases[0:1] + cases[2:]:
                print(f"\n--- {name} ---")
                print(await own_time_profile(post, rounds, sort=sort))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="requests per figure")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime, cumulative")
    args = parser.parse_args()
    with services():
        asyncio.run(main(args.rounds, args.profile, args.sort))
