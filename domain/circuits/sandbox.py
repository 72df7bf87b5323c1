"""Parsing in child processes with a time limit and a memory cap, off the API's event loop.

The screening counters refuse nearly every hostile program in microseconds, but a parser is
large native and Python code, and the next trick may get past them. So submissions parse in a
small pool of child processes: each has its address space capped (RLIMIT_AS) a fixed amount
above what it holds after importing the SDKs, and a call that runs past its time limit has the
pool's processes killed and the pool rebuilt. A crash (a Rust panic that aborts, a stack
overflow) breaks only the pool, which is rebuilt too.

One exception keeps the common case off the pool's round trip: a short program (at most
`IN_PROCESS_CHARS` characters) that passes the screening counters and lies wholly inside the
native parser's checked subset (declarations, standard gates with constant angles, barriers,
measurements: `qasm3_native.native_program`) on a few qubits. Such a program has no loops,
no gate definitions and no expressions beyond constant angles, so parsing it is a few hundred
microseconds of bounded work, and `parses_in_process` lets the caller run it where it is.

The children start from a fork server that imported Qiskit once, so a replacement costs a
fork, not a second of imports. Calls that were in flight in a pool that had to be killed are
run again once in the new pool: they were not the cause.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from domain.circuits.errors import CircuitLimitExceeded
from domain.circuits.qasm3_native import native_program
from domain.circuits.screening import screen
from domain.circuits.source import read_source
from domain.errors import DomainError

log = logging.getLogger(__name__)

T = TypeVar("T")

PROCESSES = 2
TIME_LIMIT_S = 15.0
# Address space a child may grow by beyond its size after imports; the largest legitimate
# program (400 KB of OpenQASM) parses within a few hundred MB.
MEMORY_LIMIT_MB = 1024
_PRELOAD = ["domain.jobs.admission"]
IN_PROCESS_CHARS = 2048
IN_PROCESS_QUBITS = 32


class _Current:
    """The live pool, if any; replaced whole when one has to be killed."""

    lock = threading.Lock()
    pool: ProcessPoolExecutor | None = None


def parses_in_process(text: str) -> bool:
    """Whether `text` is small and flat enough to parse without the sandbox (see above)."""
    if len(text) > IN_PROCESS_CHARS:
        return False
    try:
        source = read_source(text)
        screen(source)
    except DomainError:
        return False  # the sandbox's parse reports it, as for any other program
    if source.format != "QASM3":
        return False
    program = native_program(source, max_qubits=IN_PROCESS_QUBITS, max_clbits=IN_PROCESS_QUBITS * 4)
    return program is not None


def _limit_memory(memory_mb: int) -> None:
    for module in _PRELOAD:
        __import__(module)
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    size = pages * os.sysconf("SC_PAGE_SIZE")
    cap = size + memory_mb * (1 << 20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _pool_now() -> ProcessPoolExecutor:
    with _Current.lock:
        if _Current.pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _Current.pool = ProcessPoolExecutor(
                max_workers=PROCESSES,
                mp_context=context,
                initializer=_limit_memory,
                initargs=(MEMORY_LIMIT_MB,),
            )
        return _Current.pool


def _discard(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes and forget it; the next call starts a fresh one."""
    with _Current.lock:
        if _Current.pool is pool:
            _Current.pool = None
    # None once the executor has shut itself down (a crash in another call got there first).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


async def warm() -> None:
    """Start the pool's processes now, so the first submission does not pay for it.

    The first `submit` starts the fork server and waits while it imports the SDKs (seconds);
    done in a thread, so the event loop serves meanwhile (it used to hold up the API's start).
    """
    future = await asyncio.to_thread(lambda: _pool_now().submit(_call, _ready, ()))
    await asyncio.wrap_future(future)


def _ready() -> bool:
    return True


def shutdown() -> None:
    """Stop the pool (the API's shutdown, and tests)."""
    with _Current.lock:
        pool, _Current.pool = _Current.pool, None
    if pool is not None:
        _discard(pool)


async def run_bounded(
    function: Callable[..., T], *args: Any, time_limit_s: float = TIME_LIMIT_S
) -> T:
    """`function(*args)` in a child process; its DomainError is raised here as itself.

    Past the time limit, or when the child dies or runs out of memory, CircuitLimitExceeded.
    """
    for attempt in range(2):
        pool = _pool_now()
        try:
            future: Future[Any] = pool.submit(_call, function, args)
        except (BrokenProcessPool, RuntimeError):  # broken or shut down between calls
            _discard(pool)
            continue
        try:
            kind, value = await asyncio.wait_for(asyncio.wrap_future(future), time_limit_s)
        except TimeoutError:
            _discard(pool)
            log.warning("a circuit took over %.0f s to parse; its process was killed", time_limit_s)
            raise CircuitLimitExceeded(
                f"checking this circuit took longer than {time_limit_s:.0f} s, the limit",
                limit="parse_seconds",
                maximum=time_limit_s,
                requested=time_limit_s,
            ) from None
        except BrokenProcessPool:
            _discard(pool)
            if attempt == 0:
                continue  # maybe another call's crash; ours gets one more try alone
            log.warning("a circuit crashed its parsing process twice")
            raise CircuitLimitExceeded(
                "checking this circuit crashed the parser; it cannot be accepted",
                limit="parse_memory_mb",
                maximum=MEMORY_LIMIT_MB,
                requested=MEMORY_LIMIT_MB,
            ) from None
        return _result(kind, value)
    raise CircuitLimitExceeded(
        "the parsing processes could not be started; try again",
        limit="parse_processes",
        maximum=PROCESSES,
        requested=PROCESSES,
    )


def _call(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    """In the child: run, and turn every failure into something that pickles."""
    try:
        return "ok", function(*args)
    except DomainError as error:
        return "error", (type(error), error.message, dict(vars(error)))
    except MemoryError:
        return "memory", None
    except RecursionError:
        return "recursion", None


def _result(kind: str, value: Any) -> Any:
    if kind == "ok":
        return value
    if kind == "error":
        cls, message, state = value
        error = cls.__new__(cls)
        Exception.__init__(error, message)
        error.__dict__.update(state)
        raise error
    if kind == "memory":
        raise CircuitLimitExceeded(
            f"checking this circuit needs more than {MEMORY_LIMIT_MB:,} MB, the limit",
            limit="parse_memory_mb",
            maximum=MEMORY_LIMIT_MB,
            requested=MEMORY_LIMIT_MB,
        )
    raise CircuitLimitExceeded(
        "this circuit nests too deeply to check",
        limit="parse_recursion",
        maximum=1,
        requested=1,
    )
