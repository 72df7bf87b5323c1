"""What runs inside a simulation process: parse, check, simulate and score jobs; its serve loop.

A worker never parses or simulates a circuit itself: it sends `(backend, [(source, shots)])`
to a child process of its `SimulationPool` and reads back one `Ran` or `Refused` per job. The
child can then be killed at any moment (cancel, time limit) without touching the worker, and
its memory is capped (`RLIMIT_AS`) so a runaway allocation fails the child, not the machine.

The SDK is imported at module level on purpose: the pool's forkserver preloads this module, so
every child is forked with qiskit and Aer already loaded and starts in milliseconds.

Test-only: a pool started with `exit_marker` (from `QRAPH_TEST_CHILD_EXIT_MARKER`) makes the
child `os._exit` when a job's source contains the marker, standing in for a circuit that
crashes its process. Never set it elsewhere.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import resource
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import qiskit  # noqa: F401  (preloaded: see the module docstring)
import qiskit_aer  # noqa: F401

from domain.circuits import InvalidCircuit, hellinger_fidelity, ideal_distribution, parse_circuit
from domain.errors import DomainError
from domain.execution import BackendSpec, JobResult, Ran, Refused, aer, runner
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from qiskit import QuantumCircuit

log = logging.getLogger("qraph.simulation")

PR_SET_PDEATHSIG = 1
CRASH_EXIT_CODE = 70  # what the test-only exit marker exits with
_BELL = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)


@dataclass(frozen=True, slots=True)
class _Prepared:
    circuit: QuantumCircuit
    ideal: dict[str, float] | None


@lru_cache(maxsize=512)
def _prepare(source: str) -> _Prepared:
    # Parsing and the ideal distribution depend on the text alone; repeated circuits (the common
    # case: the same Bell or GHZ program submitted many times) skip both. Errors are not cached.
    circuit = parse_circuit(source).circuit
    return _Prepared(circuit=circuit, ideal=ideal_distribution(circuit))


def run_jobs(
    backend: BackendSpec, jobs: Sequence[tuple[str, int]], *, exit_marker: str | None = None
) -> list[JobResult]:
    """Parse, check and run each (source, shots), in one simulator call where they allow."""
    results: list[JobResult | None] = [None] * len(jobs)
    runnable: list[tuple[int, _Prepared, int]] = []
    for position, (source, shots) in enumerate(jobs):
        if exit_marker and exit_marker in source:
            os._exit(CRASH_EXIT_CODE)
        try:
            prepared = _prepare(source)
            runner.check(backend, prepared.circuit)
        except (InvalidCircuit, CircuitTooLarge, UnsupportedCircuit) as error:
            results[position] = Refused.of(error)
        else:
            runnable.append((position, prepared, shots))
    outcomes = runner.run_many(backend, [(p.circuit, shots) for _, p, shots in runnable])
    for (position, prepared, _), outcome in zip(runnable, outcomes, strict=True):
        if isinstance(outcome, DomainError):
            results[position] = Refused.of(outcome)
            continue
        fidelity = (
            hellinger_fidelity(outcome.counts, prepared.ideal)
            if prepared.ideal and outcome.counts
            else None
        )
        results[position] = Ran(outcome=outcome, fidelity=fidelity)
    return [result for result in results if result is not None]


def _die_with_parent() -> None:
    # The parent is the pool's forkserver, which exits when the worker does; a child in the
    # middle of a simulation would otherwise compute on, unheld, until it finished.
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _limit_memory(limit_mb: int) -> None:
    if limit_mb > 0:
        limit = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # Aer sizes a state before allocating it; past this it refuses the run cleanly.
        baseline_mb = _address_space_mb()
        aer.MAX_MEMORY_MB = max(1, limit_mb - baseline_mb)


def _address_space_mb() -> int:
    pages = int(Path(f"/proc/{os.getpid()}/statm").read_text().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def _warm_up() -> None:
    spec = BackendSpec("aer_simulator", "AER", 2, None)
    run_jobs(spec, [(_BELL, 16)])


def serve(conn: Connection, memory_limit_mb: int, exit_marker: str | None) -> None:
    """The child's loop: one request at a time until the pipe closes or None arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the worker, which stops us
    _die_with_parent()
    _warm_up()
    _limit_memory(memory_limit_mb)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        backend, jobs = request
        reply: tuple[str, Any]
        try:
            reply = ("ok", run_jobs(backend, jobs, exit_marker=exit_marker))
        except MemoryError:
            reply = ("memory", None)
        except Exception as error:  # a bug: the worker fails the jobs without the details
            log.exception("simulation failed")
            reply = ("error", type(error).__name__)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
