"""`qraph worker`: one arq worker that outlives Redis restarts.

arq's `Worker` raises out of its run loop when Redis drops the connection (and gives up after
five connection attempts at start). Here that is a transient fault: the worker closes what it
opened, waits with backoff, and starts again in the same process, until SIGINT or SIGTERM.
PostgreSQL needs no such loop: the engine pings a connection that sat idle before using it
(`domain.db.make_engine`), and a statement on a connection that died in use is a transient fault
that `run_job` retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from redis.exceptions import RedisError

from workers.wakeup import WakefulWorker

log = logging.getLogger("qraph.worker")

MIN_BACKOFF_S = 0.5
MAX_BACKOFF_S = 5.0


def run() -> int:
    """Run until a signal asks the worker to stop."""
    asyncio.run(_run())
    return 0


async def _run() -> None:
    from workers.settings import build_worker

    stop = asyncio.Event()
    backoff = MIN_BACKOFF_S
    while not stop.is_set():
        # arq installs its own SIGINT/SIGTERM handlers: they let in-flight jobs finish, then
        # cancel the run loop and call on_stop.
        worker = build_worker()
        worker.on_stop = lambda _signal: stop.set()
        try:
            await worker.async_run()
            return
        except asyncio.CancelledError:
            if not stop.is_set():
                raise
        except (RedisError, OSError) as exc:
            log.warning(
                "worker lost Redis; reconnecting", extra={"error": str(exc), "in_s": backoff}
            )
        finally:
            await _close(worker)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=backoff)
        backoff = min(backoff * 2, MAX_BACKOFF_S)


async def _close(worker: WakefulWorker) -> None:
    """arq's `close()` stops at the first Redis error and would skip `on_shutdown` (and with it
    the engine and the liveness task); every step here runs whatever fails before it."""
    await worker.stop_listening()
    tasks: list[Any] = list(worker.tasks.values())
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
    pool = worker._pool
    if pool is not None:
        with contextlib.suppress(Exception):
            await pool.delete(worker.health_check_key)
    if worker.on_shutdown is not None and "engine" in worker.ctx:
        try:
            await worker.on_shutdown(worker.ctx)
        except Exception:
            log.exception("worker shutdown failed")
    if pool is not None:
        with contextlib.suppress(Exception):
            await pool.close(close_connection_pool=True)
    worker._pool = None
