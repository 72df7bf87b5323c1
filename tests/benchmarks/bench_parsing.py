"""Circuit parsing figures: `parse_circuit` per path (OpenQASM 2, 3 native, 3 ANTLR).

Run with `make bench` (or directly). No services needed. Each program is parsed a few times to
warm up, then ROUNDS times; the figures include the figures `parse_circuit` computes (depth,
gate counts). The three OpenQASM 3 programs differ only in how angles are written: float
literals go straight to the native parser, `pi/4` is folded to a float literal first (the
native subset check does that), and `pi/4` with a `U` gate in front sends the whole program to
the ANTLR importer, as any construct outside the native subset does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.circuits import parse_circuit
from domain.circuits.qasm3_native import native_program
from domain.circuits.source import read_source
from tests.benchmarks.common import summary

ROUNDS = 500
WARM_UP = 20


def _program(version: str, qubits: int, layers: int, angle: str, antlr: bool = False) -> str:
    """A layered circuit: H, a CX ladder and RZ per layer, then every qubit measured."""
    if version == "2":
        lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{qubits}];"]
        lines.append(f"creg c[{qubits}];")
    else:
        lines = ["OPENQASM 3.0;", 'include "stdgates.inc";', f"qubit[{qubits}] q;"]
        lines.append(f"bit[{qubits}] c;")
        if antlr:
            lines.append("U(0, 0, 0) q[0];")  # the builtin U is outside the native subset
    for _ in range(layers):
        lines += [f"h q[{i}];" for i in range(qubits)]
        lines += [f"cx q[{i}], q[{i + 1}];" for i in range(qubits - 1)]
        lines += [f"rz({angle}) q[{i}];" for i in range(qubits)]
    lines.append("measure q -> c;" if version == "2" else "c = measure q;")
    return "\n".join(lines) + "\n"


def _latencies(function: Callable[[], object]) -> list[float]:
    for _ in range(WARM_UP):
        function()
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    sizes = {"small (2 qubits, 1 layer)": (2, 1), "medium (20 qubits, 10 layers)": (20, 10)}
    for label, (qubits, layers) in sizes.items():
        programs = {
            "OpenQASM 2        ": _program("2", qubits, layers, "pi/4"),
            "OpenQASM 3 native ": _program("3", qubits, layers, "0.785398"),
            "OpenQASM 3 folded ": _program("3", qubits, layers, "pi/4"),
            "OpenQASM 3 ANTLR  ": _program("3", qubits, layers, "pi/4", antlr=True),
        }
        print(f"parse_circuit, {label}:")
        for name, text in programs.items():
            parser = parse_circuit(text).parser
            print(
                f"  {name} {summary(_latencies(lambda text=text: parse_circuit(text)))}  {parser}"
            )
        native = read_source(programs["OpenQASM 3 folded "])
        check = _latencies(
            lambda native=native: native_program(native, max_qubits=5000, max_clbits=20_000)
        )
        print(f"  subset check+fold  {summary(check)}")


if __name__ == "__main__":
    main()
