"""Admission at the door: every hostile circuit is refused with its typed error, in bounded time,
in the sandbox's child processes; valid circuits are admitted with a sane estimate."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from domain.circuits import sandbox
from domain.circuits.errors import CircuitLimitExceeded, InvalidCircuit
from domain.errors import DomainError
from domain.jobs import admission
from schema.errors import to_error
from tests.hostile_circuits import HOSTILE, Hostile

# Backends as the catalog holds them (their rows are what submission passes).
BACKENDS = {
    "aer_simulator": ("AER", 30, "automatic"),
    "aer_simulator_statevector": ("AER", 30, "statevector"),
    "aer_simulator_density_matrix": ("AER", 15, "density_matrix"),
    "aer_simulator_matrix_product_state": ("AER", 63, "matrix_product_state"),
    "aer_simulator_stabilizer": ("AER", 10_000, "stabilizer"),
    "fake_sherbrooke": ("IBM_EMULATOR", 127, None),
    "fake_manila": ("IBM_EMULATOR", 5, None),
    "fake_quito": ("IBM_EMULATOR", 5, None),
}
# Generous: a refusal takes milliseconds to a few seconds; the wait only catches a hang.
BOUND_S = 120.0
LIMITS = admission.Limits(time_s=60.0, memory_mb=4096.0)


def spec(name: str) -> admission.BackendSpec:
    provider, qubits, method = BACKENDS[name]
    return admission.BackendSpec(name, provider, qubits, method)


async def fit(circuit: str, backend: str = "aer_simulator", shots: int = 1024) -> admission.Fitted:
    try:
        return await asyncio.wait_for(
            sandbox.run_bounded(admission.fit, circuit, spec(backend), shots, LIMITS), BOUND_S
        )
    except TimeoutError:
        pytest.fail(f"admission did not answer within {BOUND_S:.0f} s")


# Shots past a backend's maximum are refused before the circuit is looked at (submission's
# check_backend); the integration test covers them.
CIRCUIT_CASES = [h for h in HOSTILE if h.expect != "ShotsOutOfRangeError"]


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(HOSTILE) >= 60
    limits = {h.limit for h in HOSTILE if h.limit}
    assert {
        "program_bytes", "statements", "nesting", "operators_per_statement", "loop_iterations",
        "operations", "gate_expansion", "gate_definition_depth", "simulation_seconds",
        "simulation_memory_mb",
    } <= limits  # fmt: skip


@pytest.mark.parametrize("case", CIRCUIT_CASES, ids=lambda h: h.id)
async def test_a_hostile_circuit_is_refused_with_its_typed_error(case: Hostile) -> None:
    # when the circuit is admitted for its backend
    with pytest.raises(DomainError) as refused:
        await fit(case.circuit, case.backend, case.shots)
    # then it is refused with the expected GraphQL type, naming the limit when there is one
    error = to_error(refused.value)
    assert type(error).__name__ == case.expect, refused.value
    if case.limit is not None:
        assert isinstance(refused.value, CircuitLimitExceeded)
        assert refused.value.limit == case.limit
        assert refused.value.requested > refused.value.maximum
    if isinstance(refused.value, InvalidCircuit):
        assert refused.value.line >= 1 and refused.value.column >= 1


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nbit c;\nrz(1e400 * 0) q;\n', 5, 4),
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nbit c;\nx q;\nrz(1e400) q;\n', 6, 4),
        (
            'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nu3(1e400,0,0) q[0];\n',
            5,
            4,
        ),
        ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nopaque g a;\n', 4, 1),
        ("OPENQASM 3.0;\nqubit q;\nbit c;\n\nh\x00 q;\n", 5, 2),
    ],
)
async def test_non_finite_angles_opaque_and_nul_are_placed(source, line, column) -> None:
    with pytest.raises(InvalidCircuit) as refused:
        await fit(source)
    assert (refused.value.line, refused.value.column) == (line, column), refused.value


async def test_the_time_refusal_says_which_limit_and_by_how_much() -> None:
    ghz = next(h for h in HOSTILE if h.id == "sherbrooke-ghz12-20000-shots")
    with pytest.raises(CircuitLimitExceeded) as refused:
        await fit(ghz.circuit, ghz.backend, ghz.shots)
    error = refused.value
    assert error.limit == "simulation_seconds" and error.maximum == 60.0
    assert "time limit per job is 60 s" in error.message
    assert f"{error.requested / error.maximum:,.1f} times over" in error.message


@pytest.mark.parametrize(
    ("qubits", "backend", "shots"),
    [
        (2, "aer_simulator", 100_000),
        (20, "aer_simulator_statevector", 1024),
        (12, "fake_sherbrooke", 1000),
        (1000, "aer_simulator_stabilizer", 10),
        (50, "aer_simulator_matrix_product_state", 1000),
    ],
)
async def test_realistic_jobs_are_admitted(qubits, backend, shots) -> None:
    gates = "h q[0];\n" + "".join(f"cx q[{i}], q[{i + 1}];\n" for i in range(qubits - 1))
    circuit = (
        f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[{qubits}] q;\nbit[{qubits}] c;\n'
        f"{gates}c = measure q;\n"
    )
    fitted = await fit(circuit, backend, shots)
    assert fitted.qubits == qubits
    assert 0 < fitted.estimate.seconds <= LIMITS.time_s
    assert fitted.estimate.memory_mb <= LIMITS.memory_mb


async def test_a_lower_time_limit_refuses_what_a_higher_one_admits() -> None:
    ghz = "".join(f"cx q[{i}], q[{i + 1}];\n" for i in range(11))
    circuit = (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[12] q;\nbit[12] c;\nh q[0];\n'
        f"{ghz}c = measure q;\n"
    )
    strict = admission.Limits(time_s=1.0, memory_mb=4096.0)
    await fit(circuit, "fake_sherbrooke", 2000)
    with pytest.raises(CircuitLimitExceeded):
        await sandbox.run_bounded(admission.fit, circuit, spec("fake_sherbrooke"), 2000, strict)


def _sleep_forever(_: str) -> None:
    time.sleep(3600)


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes << 20))


def _die(_: str) -> None:
    os.abort()


async def test_a_call_past_the_time_limit_is_killed_and_the_pool_serves_the_next() -> None:
    started = time.monotonic()
    with pytest.raises(CircuitLimitExceeded) as refused:
        await sandbox.run_bounded(_sleep_forever, "x", time_limit_s=2.0)
    assert refused.value.limit == "parse_seconds"
    assert time.monotonic() - started < BOUND_S
    fitted = await fit(HOSTILE[0].circuit.replace("x q[0];\n" * 30_000, "x q[0];\n"))
    assert fitted.qubits == 2


async def test_memory_past_the_cap_is_a_typed_refusal() -> None:
    with pytest.raises(CircuitLimitExceeded) as refused:
        await sandbox.run_bounded(_allocate, sandbox.MEMORY_LIMIT_MB + 512)
    assert refused.value.limit == "parse_memory_mb"
    assert await sandbox.run_bounded(_allocate, 16) == 16 << 20


async def test_a_crashing_parser_breaks_only_its_pool() -> None:
    with pytest.raises(CircuitLimitExceeded):
        await sandbox.run_bounded(_die, "x")
    assert await sandbox.run_bounded(_allocate, 1) == 1 << 20


def test_a_while_loop_is_unbounded_and_a_for_loop_is_not() -> None:
    # The heavy lane counts an unbounded job as running to the time limit (fairness).
    looping = (
        "OPENQASM 3.0;\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n"
        "while (c[0] == false) { reset q[0]; c[0] = measure q[0]; }\n"
    )
    counted = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\n'
    counted += "for int i in [0:9] { h q[0]; }\nc[0] = measure q[0];\n"
    backend = spec("aer_simulator")
    assert admission.fit(looping, backend, 100, LIMITS).unbounded
    assert not admission.fit(counted, backend, 100, LIMITS).unbounded


async def test_a_call_stuck_past_its_limit_does_not_fail_the_calls_beside_it() -> None:
    # Two calls hold both processes past their limit; the pool is killed under a third, queued
    # behind them, which must still get its answer (it runs again in a fresh pool).
    slow = [
        asyncio.create_task(sandbox.run_bounded(time.sleep, 30, time_limit_s=2.0))
        for _ in range(sandbox.PROCESSES)
    ]
    await asyncio.sleep(0.5)
    assert await asyncio.wait_for(sandbox.run_bounded(max, 1, 2), BOUND_S) == 2
    for task in slow:
        with pytest.raises(CircuitLimitExceeded):
            await task
