"""From submitted OpenQASM text to a checked circuit and its figures, choosing the parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qiskit import QuantumCircuit

from domain.circuits import metrics
from domain.circuits.errors import InvalidCircuit
from domain.circuits.qasm2_loader import find_non_finite, load_qasm2
from domain.circuits.qasm3_antlr import load_antlr
from domain.circuits.qasm3_native import load_native, native_program
from domain.circuits.screening import screen
from domain.circuits.source import CircuitFormat, Source, read_source
from domain.circuits.standard_gates import standardise
from domain.circuits.workload import Workload, measure_workload

MAX_QUBITS = 5000
MAX_CLBITS = 20_000

# Which parser read the program: Qiskit's native OpenQASM 2 parser, Qiskit's native
# (experimental) OpenQASM 3 parser, or the ANTLR reference grammar with qiskit_qasm3_import.
ParserName = Literal["qasm2", "qasm3-native", "qasm3-antlr"]


@dataclass(frozen=True)
class ParsedCircuit:
    """A parsed circuit with the figures that decide how, and whether, it runs."""

    circuit: QuantumCircuit
    format: CircuitFormat
    qubits: int
    clbits: int
    depth: int
    gate_counts: dict[str, int]
    measured: bool
    parser: ParserName
    workload: Workload


def parse_circuit(
    source: str, *, max_qubits: int = MAX_QUBITS, max_clbits: int = MAX_CLBITS
) -> ParsedCircuit:
    """Parse OpenQASM 2 or 3, or raise InvalidCircuit with a 1-based line and column.

    The version comes from the `OPENQASM x.y;` header, which may follow comments; a program
    without one is read as OpenQASM 3. Accepted versions are 2.0, 3, 3.0 and 3.1. Only the
    standard include files exist (`qelib1.inc` for 2, `stdgates.inc` for 3): nothing is read
    from disk. Sizes past `max_qubits` or `max_clbits` are refused before the registers are
    built. Blocking and CPU-bound: callers run it on the SDK thread.
    """
    text = read_source(source)
    screen(text)
    parser: ParserName
    if text.format == "QASM2":
        circuit, parser = load_qasm2(text, max_qubits=max_qubits, max_clbits=max_clbits), "qasm2"
        # The OpenQASM 3 importer does this per definition (qasm3_converter._standard_twin).
        circuit = standardise(circuit)
    else:
        native = None
        program = native_program(text, max_qubits=max_qubits, max_clbits=max_clbits)
        if program is not None:
            native = load_native(program)
        if native is not None:
            circuit, parser = native, "qasm3-native"
        else:
            circuit = load_antlr(text, max_qubits=max_qubits, max_clbits=max_clbits)
            parser = "qasm3-antlr"
    if circuit.num_qubits == 0:
        hint = "qreg q[2];" if text.format == "QASM2" else "qubit[2] q;"
        raise InvalidCircuit(
            f"the circuit has no qubits; declare some, e.g. '{hint}'", line=1, column=1
        )
    if circuit.num_qubits > max_qubits or circuit.num_clbits > max_clbits:
        # The parsers check declarations; this catches any other way of adding bits.
        raise InvalidCircuit(
            f"the circuit has {circuit.num_qubits:,} qubits and {circuit.num_clbits:,} "
            f"classical bits; the limits are {max_qubits:,} and {max_clbits:,}",
            line=1,
            column=1,
        )
    workload = _workload(text, circuit)
    counts = metrics.gate_counts(circuit)
    return ParsedCircuit(
        circuit=circuit,
        format=text.format,
        qubits=circuit.num_qubits,
        clbits=circuit.num_clbits,
        depth=metrics.depth(circuit),
        gate_counts=counts,
        measured="measure" in counts,
        parser=parser,
        workload=workload,
    )


def _workload(text: Source, circuit: QuantumCircuit) -> Workload:
    try:
        return measure_workload(circuit)
    except InvalidCircuit as error:
        # The walk knows what is wrong but not where; OpenQASM 2 angles can be found again.
        offset = find_non_finite(text) if text.format == "QASM2" else None
        if offset is None or "non-finite" not in error.message:
            raise
        raise text.error(error.message, offset) from None
