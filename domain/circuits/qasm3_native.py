"""The fast path: Qiskit's native OpenQASM 3 parser, for the flat circuits it is known to handle.

`qiskit.qasm3.loads_experimental` is about 25 times faster than the ANTLR importer, but on a
program it rejects it prints diagnostics (or a Rust panic) straight to the process's stderr,
panics with an exception outside `Exception`, and resolves unknown `include` files on the
server's disk. So it only ever sees programs that `native_program` has fully checked: a
header, `include "stdgates.inc"`, `qubit`/`bit` declarations, standard gates with constant
angles (folded to the float literals it requires), `barrier` and `c = measure q`. Everything
else goes to the ANTLR importer, which also owns every error message.
"""

from __future__ import annotations

import logging
import re
import warnings

from qiskit import QuantumCircuit, qasm3
from qiskit.exceptions import ExperimentalWarning

from domain.circuits.angles import fold_angle
from domain.circuits.source import Source

logger = logging.getLogger(__name__)

# `id` is left out because the two importers build it differently (IGate against U(0, 0, 0)),
# and the same program should give the same circuit whichever parser reads it.
NATIVE_GATES: dict[str, tuple[int, int]] = {
    gate.name: (gate.num_params, gate.num_qubits)
    for gate in qasm3.STDGATES_INC_GATES
    if gate.name != "id"
}
# Names the native parser gives a meaning of its own, so a register may not take them.
_KEYWORDS = frozenset(
    {
        "OPENQASM", "include", "defcalgrammar", "def", "cal", "defcal", "gate", "extern", "box",
        "let", "break", "continue", "if", "else", "end", "return", "for", "while", "in",
        "switch", "case", "default", "pragma", "input", "output", "const", "readonly", "mutable",
        "qreg", "qubit", "creg", "bool", "bit", "int", "uint", "float", "angle", "complex",
        "array", "void", "duration", "stretch", "gphase", "inv", "pow", "ctrl", "negctrl", "dim",
        "durationof", "delay", "reset", "measure", "barrier", "true", "false", "im", "pi", "tau",
        "euler", "sizeof", "U",
    }
)  # fmt: skip
_RESERVED = _KEYWORDS | NATIVE_GATES.keys() | {"id"}

_WS = "[ \t\r\n]"  # `\s` would also accept Unicode spaces, which the native lexer rejects
_ID = "[A-Za-z_][A-Za-z0-9_]*"
_HEADER = re.compile(rf"OPENQASM{_WS}+3\.[01]")
_INCLUDE = re.compile(rf'include{_WS}*"stdgates\.inc"')
# A name must be followed by whitespace or a bracket, or `hq[0]` would read as `h q[0]`.
_DECLARATION = re.compile(
    rf"(?P<kind>qubit|bit)(?:{_WS}*\[{_WS}*(?P<size>\d{{1,9}}){_WS}*\]{_WS}*|{_WS}+)(?P<name>{_ID})"
)
_MEASURE = re.compile(rf"(?P<target>[^=]+)={_WS}*measure{_WS}+(?P<source>.+)", re.DOTALL)
_BARRIER = re.compile(rf"barrier{_WS}+(?P<operands>.+)", re.DOTALL)
_CALL = re.compile(
    rf"(?P<name>{_ID})(?:{_WS}*\((?P<params>(?:[^()]|\([^()]*\))*)\){_WS}*|{_WS}+)(?P<operands>.+)",
    re.DOTALL,
)
# Sizes and indices of up to nine digits: longer ones are past any limit (or Python's own cap
# on converting digits to an int) and are the ANTLR path's to report.
_OPERAND = re.compile(rf"(?P<name>{_ID})(?:{_WS}*\[{_WS}*(?P<index>\d{{1,9}}){_WS}*\])?")
# The native importer takes float literals only: `pi`, integers and arithmetic make it fail,
# so any other angle is folded to one first. Passed as written only when surely finite.
_FLOAT = re.compile(r"-?(?:\d{1,17}\.\d{0,17}(?:[eE][+-]?\d{1,2})?|\d{1,17}[eE][+-]?\d{1,2})")

# An operand as (register, index); index None means the whole register, or a lone `qubit q;`.
Operand = tuple[str, int | None]


class _Program:
    """Declarations seen so far; `None` as a size marks a scalar `qubit q;` or `bit c;`."""

    def __init__(self) -> None:
        self.qubits: dict[str, int | None] = {}
        self.bits: dict[str, int | None] = {}
        self.stdgates = False

    def statement(self, text: str, first: bool) -> str | None:
        """Record one statement and return it as the native parser should see it.

        None when the statement is outside the subset.
        """
        if first and _HEADER.fullmatch(text):
            return text
        if _INCLUDE.fullmatch(text):
            self.stdgates, seen = True, self.stdgates
            return None if seen else text
        if found := _DECLARATION.fullmatch(text):
            return text if self._declare(found["kind"], found["name"], found["size"]) else None
        if found := _MEASURE.fullmatch(text):
            target, source = _operands(found["target"]), _operands(found["source"])
            if target is None or source is None or len(target) != 1 or len(source) != 1:
                return None
            shapes = self._shape(target[0], self.bits), self._shape(source[0], self.qubits)
            return text if shapes[0] is not None and shapes[0] == shapes[1] else None
        if found := _BARRIER.fullmatch(text):
            return text if self._quantum_operands(found["operands"]) is not None else None
        if (found := _CALL.fullmatch(text)) and self.stdgates and found["name"] in NATIVE_GATES:
            return self._call(text, found)
        return None

    def _call(self, text: str, found: re.Match[str]) -> str | None:
        n_params, n_qubits = NATIVE_GATES[found["name"]]
        params = found["params"].split(",") if found["params"] is not None else []
        operands = self._quantum_operands(found["operands"])
        if len(params) != n_params or operands is None or len(operands) != n_qubits:
            return None
        if all(_FLOAT.fullmatch(param.strip(" \t\r\n")) for param in params):
            return text
        folded = [fold_angle(param) for param in params]
        if None in folded:
            return None
        return f"{found['name']}({', '.join(map(str, folded))}) {found['operands']}"

    def _declare(self, kind: str, name: str, size: str | None) -> bool:
        if name in _RESERVED or name in self.qubits or name in self.bits:
            return False
        (self.qubits if kind == "qubit" else self.bits)[name] = None if size is None else int(size)
        return True

    def _shape(self, operand: Operand, declared: dict[str, int | None]) -> tuple[str, int] | None:
        """("scalar", 1), ("element", 1) or ("register", size); None when not a valid operand."""
        name, index = operand
        if name not in declared:
            return None
        size = declared[name]
        if size is None:
            return ("scalar", 1) if index is None else None
        if index is None:
            return ("register", size) if size > 0 else None
        return ("element", 1) if index < size else None

    def _quantum_operands(self, text: str) -> list[Operand] | None:
        """Gate or barrier operands, if all are declared qubits, distinct and broadcastable."""
        operands = _operands(text)
        if operands is None:
            return None
        shapes = [self._shape(operand, self.qubits) for operand in operands]
        wholes = {name for name, index in operands if index is None}
        elements = {operand for operand in operands if operand[1] is not None}
        broadcast = {shape[1] for shape in shapes if shape is not None and shape[0] == "register"}
        # Qiskit refuses a qubit twice in one instruction, and broadcasting needs equal sizes.
        if None in shapes or len(elements) + len(wholes) != len(operands) or len(broadcast) > 1:
            return None
        if any(name in wholes for name, _ in elements):
            return None
        return operands


def native_program(source: Source, *, max_qubits: int, max_clbits: int) -> str | None:
    """The program as the native parser should read it, or None when outside the subset.

    Within the subset the native parser builds the same circuit as the ANTLR one; comments
    are blanked and constant angles folded to float literals.
    """
    statements = source.blanked.split(";")
    if statements[-1].strip(" \t\r\n"):
        return None
    program = _Program()
    native = []
    for number, statement in enumerate(statements[:-1]):
        rewritten = program.statement(statement.strip(" \t\r\n"), first=number == 0)
        if rewritten is None:
            return None
        native.append(rewritten)
    qubits = sum(1 if size is None else size for size in program.qubits.values())
    clbits = sum(1 if size is None else size for size in program.bits.values())
    if qubits > max_qubits or clbits > max_clbits:
        return None
    return ";\n".join(native) + ";\n"


def load_native(program: str) -> QuantumCircuit | None:
    """The native parser's circuit for a `native_program`, or None (and a warning log)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExperimentalWarning)
            # An empty include path: `stdgates.inc` is built in and nothing is read from disk.
            return qasm3.loads_experimental(program, include_path=[])
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        logger.warning("native OpenQASM 3 parser refused a subset program: %s", exc)
        return None


def _operands(text: str) -> list[Operand] | None:
    operands: list[Operand] = []
    for part in text.split(","):
        found = _OPERAND.fullmatch(part.strip(" \t\r\n"))
        if found is None:
            return None
        index = found["index"]
        operands.append((found["name"], None if index is None else int(index)))
    return operands
