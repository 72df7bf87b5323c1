"""Simulation processes a worker owns: warm, one request at a time, killed and replaced at will.

A worker's event loop only sends a request down a pipe and waits for the reply beside its other
work (claims, heartbeats, cron jobs, cancels), whatever the circuit does. A call ends in one of:

- the reply: one `Ran` or `Refused` per job;
- `Stopped`: the caller's stop event fired first (a cancel); the child is killed;
- `TimeLimitExceeded`: the reply did not come within the time limit; the child is killed;
- `MemoryLimitExceeded`: the child hit its memory limit (`RLIMIT_AS`) and said so;
- `ProcessDied`: the child died on its own (a crash, the kernel's OOM killer).

Every child that is killed or dies is replaced at once. Children are forked from a forkserver
that has preloaded the SDK (`domain.execution.child`), never from the worker itself, whose
threads and event loop a plain fork would copy half-alive; a replacement is ready in
milliseconds, and only the very first start of a process pays for importing qiskit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from domain.execution import BackendSpec, JobResult
from domain.execution.child import serve
from domain.execution.errors import MemoryLimitExceeded, TimeLimitExceeded

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkServerContext
    from multiprocessing.process import BaseProcess

log = logging.getLogger("qraph.simulation.pool")

START_TIMEOUT_S = 300.0  # a first start imports qiskit: seconds, minutes on a starved machine
EXIT_MARKER_ENV = "QRAPH_TEST_CHILD_EXIT_MARKER"  # test-only, see domain.execution.child


class ProcessDied(Exception):
    """The child exited or was killed by something other than the pool."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"simulation process died (exit code {exitcode})")
        self.exitcode = exitcode


class Stopped(Exception):
    """The caller's stop event fired before the reply; the child was killed."""


class SimulationFailed(Exception):
    """The child raised something unexpected (a bug); the name of the exception only."""


@lru_cache(maxsize=1)
def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["domain.execution.child"])
    return context


@dataclass(eq=False, slots=True)
class _Child:
    process: BaseProcess
    conn: Connection
    pid: int = 0


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def default_size(configured: int) -> int:
    """Processes per worker: the setting, or one per core when it is 0."""
    return configured if configured > 0 else max(1, os.cpu_count() or 1)


class SimulationPool:
    """`size` simulation processes; `run` sends one batch of jobs to an idle one."""

    def __init__(self, size: int, *, memory_limit_mb: int, exit_marker: str | None = None) -> None:
        self.size = size
        self.memory_limit_mb = memory_limit_mb
        self.exit_marker = (
            exit_marker if exit_marker is not None else os.environ.get(EXIT_MARKER_ENV)
        )
        self._idle: asyncio.Queue[_Child] = asyncio.Queue()
        self._children: set[_Child] = set()
        self._busy: set[_Child] = set()
        self._spawning: set[asyncio.Task[None]] = set()
        self._closing = False
        self.replaced = 0  # children killed or dead and replaced, for tests and logs

    async def start(self) -> None:
        """Start every process and wait until each is warm."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    def busy_pids(self) -> set[int]:
        """Processes computing a request now."""
        return {child.pid for child in self._busy}

    def pids(self) -> set[int]:
        return {child.pid for child in self._children}

    async def run(
        self,
        backend: BackendSpec,
        jobs: Sequence[tuple[str, int]],
        *,
        time_limit_s: float,
        stop: asyncio.Event | None = None,
    ) -> list[JobResult]:
        """Run the jobs in one child; see the module docstring for how a call can end."""
        child = await self._acquire(stop)
        healthy = False
        self._busy.add(child)
        try:
            child.conn.send((backend, list(jobs)))
            kind, value = await self._reply(child, time_limit_s, stop)
            healthy = kind == "ok"
        finally:
            self._busy.discard(child)
            if healthy:
                self._idle.put_nowait(child)
            else:
                self._replace(child)
        if kind == "memory":
            raise MemoryLimitExceeded(self.memory_limit_mb)
        if kind == "error":
            raise SimulationFailed(value)
        return value  # type: ignore[no-any-return]

    async def close(self) -> None:
        """Stop every process (killing any mid-request) and wait for them to exit."""
        self._closing = True
        for task in list(self._spawning):
            task.cancel()
        children = list(self._children)
        self._children.clear()
        for child in children:
            with contextlib.suppress(Exception):
                child.process.kill()
        await asyncio.gather(*(self._reap(child) for child in children))

    async def _acquire(self, stop: asyncio.Event | None) -> _Child:
        if stop is None:
            return await self._idle.get()
        get = asyncio.ensure_future(self._idle.get())
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({get, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not get.done():
                get.cancel()
        if get.done() and not get.cancelled():
            child = get.result()
            if not stop.is_set():
                return child
            self._idle.put_nowait(child)
        raise Stopped

    async def _reply(
        self, child: _Child, time_limit_s: float, stop: asyncio.Event | None
    ) -> tuple[str, Any]:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = child.conn.fileno()
        loop.add_reader(fd, _settle, readable)
        waits: set[asyncio.Future[Any]] = {readable}
        stopped = asyncio.ensure_future(stop.wait()) if stop is not None else None
        if stopped is not None:
            waits.add(stopped)
        try:
            done, _ = await asyncio.wait(
                waits, timeout=time_limit_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            loop.remove_reader(fd)
            if stopped is not None:
                stopped.cancel()
        if readable in done:
            try:
                reply: tuple[str, Any] = child.conn.recv()
            except (EOFError, OSError):
                await self._reap(child)
                raise ProcessDied(child.process.exitcode) from None
            return reply
        if stopped is not None and stopped in done:
            raise Stopped
        raise TimeLimitExceeded(time_limit_s)

    def _replace(self, child: _Child) -> None:
        with contextlib.suppress(Exception):
            child.process.kill()
        self._children.discard(child)
        self.replaced += 1
        self._background(self._reap(child))
        if not self._closing:
            self._background(self._spawn())

    def _background(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def _reap(self, child: _Child) -> None:
        await asyncio.to_thread(child.process.join, 10)
        with contextlib.suppress(Exception):
            child.conn.close()

    async def _spawn(self) -> None:
        child = await asyncio.to_thread(self._start_process)
        self._children.add(child)
        try:
            _, pid = await asyncio.wait_for(self._read(child), START_TIMEOUT_S)
        except BaseException:
            self._children.discard(child)
            with contextlib.suppress(Exception):
                child.process.kill()
            raise
        child.pid = int(pid)
        if self._closing:
            child.process.kill()
            return
        self._idle.put_nowait(child)

    async def _read(self, child: _Child) -> Any:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = child.conn.fileno()
        loop.add_reader(fd, _settle, readable)
        try:
            await readable
        finally:
            loop.remove_reader(fd)
        return child.conn.recv()

    def _start_process(self) -> _Child:
        context = _context()
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=serve,
            args=(child_end, self.memory_limit_mb, self.exit_marker),
            name="qraph-simulation",
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Child(process=process, conn=parent_end)
