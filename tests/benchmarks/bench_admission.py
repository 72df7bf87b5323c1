"""Admission figures: what bounding the door costs a submission, and how fast hostile input goes.

Run with `make bench` (or directly). No services needed. For each program: `admission.fit`
in-process (parse, check, estimate), then the same through the sandbox (`run_bounded`: a
child process of the parsing pool, the pickled answer back), after a warm-up that starts the
pool. Hostile programs show what the screening counters cost when they refuse.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.circuits import sandbox
from domain.errors import DomainError
from domain.jobs import admission
from tests.benchmarks.common import summary
from tests.hostile_circuits import HOSTILE

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
AER = admission.BackendSpec("aer_simulator", "AER", 30, "automatic")
LIMITS = admission.Limits()


def _ghz(qubits: int, version: int = 3) -> str:
    gates = ["h q[0];"] + [f"cx q[{i}], q[{i + 1}];" for i in range(qubits - 1)]
    if version == 2:
        head = f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{qubits}];\ncreg c[{qubits}];\n'
        return head + "\n".join(gates) + "\nmeasure q -> c;\n"
    head = f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[{qubits}] q;\nbit[{qubits}] c;\n'
    return head + "\n".join(gates) + "\nc = measure q;\n"


def _dynamic(layers: int) -> str:
    # `if` sends the program to the ANTLR importer, the slow path.
    head = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[4] q;\nbit[4] c;\n'
    body = "h q[0];\nc[0] = measure q[0];\nif (c[0] ^ c[1]) { x q[1]; }\n" * layers
    return head + body + "c = measure q;\n"


PROGRAMS = {
    "bell (3, native)": _ghz(2),
    "ghz 20 (2)": _ghz(20, 2),
    "ghz 500 (3, native)": _ghz(500),
    "dynamic 50 layers (3, antlr)": _dynamic(50),
}


def _run(label: str, call) -> None:
    latencies = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        with contextlib.suppress(DomainError):
            call()
        latencies.append((time.perf_counter() - started) * 1000)
    print(f"  {label} {summary(latencies)}")


async def _sandboxed(text: str) -> None:
    with contextlib.suppress(DomainError):
        await sandbox.run_bounded(admission.fit, text, AER, 1024, LIMITS)


def main() -> None:
    loop = asyncio.new_event_loop()
    loop.run_until_complete(_sandboxed(_ghz(2)))  # start the pool
    print("admission.fit, in process / through the sandbox (ms):")
    for name, text in PROGRAMS.items():
        _run(f"{name:30} in process ", lambda text=text: admission.fit(text, AER, 1024, LIMITS))
        _run(f"{name:30} sandboxed  ", lambda text=text: loop.run_until_complete(_sandboxed(text)))
    print("hostile programs refused in process (ms):")
    for case in HOSTILE[:: max(1, len(HOSTILE) // 12)]:
        spec = admission.BackendSpec(case.backend, "AER", 30, "automatic")
        if not case.backend.startswith("aer_simulator") or case.backend != "aer_simulator":
            continue
        _run(
            f"{case.id:30}",
            lambda case=case, spec=spec: admission.fit(case.circuit, spec, case.shots, LIMITS),
        )
    sandbox.shutdown()


if __name__ == "__main__":
    main()
