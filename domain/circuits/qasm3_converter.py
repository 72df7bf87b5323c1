"""qiskit_qasm3_import's converter, made to place every error and to respect the size limits."""

from __future__ import annotations

import re
from typing import Any

from openqasm3 import ast
from qiskit.exceptions import QiskitError
from qiskit.qasm3 import STDGATES_INC_GATES
from qiskit_qasm3_import import ConversionError
from qiskit_qasm3_import import types as qasm_types
from qiskit_qasm3_import.converter import ConvertVisitor

_STDGATES = frozenset(gate.name for gate in STDGATES_INC_GATES)
_PLACED = re.compile(r"\d+,\d+: ")  # how ConversionError prefixes a message with a position


class PlacingConverter(ConvertVisitor):
    """Every failure leaves as a ConversionError whose message starts "line,column: "."""

    Error = ConversionError

    def __init__(self, *, max_qubits: int, max_clbits: int) -> None:
        super().__init__()
        self._limits = {"qubits": max_qubits, "classical bits": max_clbits}
        self._declared = {"qubits": 0, "classical bits": 0}
        self._stdgates = False

    def visit(self, node: ast.QASMNode, context: Any = None) -> Any:
        try:
            return super().visit(node, context)
        except ConversionError as exc:
            if _PLACED.match(exc.message) or getattr(node, "span", None) is None:
                raise
            raise ConversionError(exc.message, node) from exc
        except Exception as exc:
            # The importer assumes a valid program, so an invalid one can fail anywhere inside
            # it (CircuitError, IndexError, TypeError); the innermost node visited is the place.
            raise ConversionError(_explain(exc), node) from exc

    def visit_Include(self, node: ast.Include, context: Any) -> Any:
        if node.filename != "stdgates.inc":
            hint = (
                "; qelib1.inc belongs to OpenQASM 2: start the program with 'OPENQASM 2.0;'"
                if node.filename == "qelib1.inc"
                else ""
            )
            raise ConversionError(
                f"cannot include '{node.filename}': only 'stdgates.inc' is available{hint}", node
            )
        self._stdgates = True
        return super().visit_Include(node, context)

    def visit_QubitDeclaration(self, node: ast.QubitDeclaration, context: Any) -> Any:
        self._count("qubits", node.size, node, context)
        return super().visit_QubitDeclaration(node, context)

    def visit_ClassicalDeclaration(self, node: ast.ClassicalDeclaration, context: Any) -> Any:
        if isinstance(node.type, ast.BitType):
            self._count("classical bits", node.type.size, node, context)
        return super().visit_ClassicalDeclaration(node, context)

    def visit_QuantumGate(self, node: ast.QuantumGate, context: Any) -> Any:
        name = node.name.name
        symbol = context.symbol_table.get(name, node)
        if symbol is None:
            hint = (
                " (add 'include \"stdgates.inc\";' after the header)"
                if name in _STDGATES and not self._stdgates
                else ""
            )
            raise ConversionError(f"gate '{name}' is not defined{hint}", node)
        kind = symbol.type
        if isinstance(kind, qasm_types.Gate) and not node.modifiers:
            # Defined gates store counts; the built-in U stores lists of argument types.
            n_params, n_qubits = (_size(kind.n_classical), _size(kind.n_quantum))
            if len(node.arguments) != n_params:
                taken, given = _amount(n_params, "parameter"), len(node.arguments)
                raise ConversionError(f"gate '{name}' takes {taken}, but {given} given", node)
            if len(node.qubits) != n_qubits:
                taken, given = _amount(n_qubits, "qubit"), len(node.qubits)
                raise ConversionError(f"gate '{name}' takes {taken}, but {given} given", node)
        return super().visit_QuantumGate(node, context)

    def _resolve_qarg(self, node: ast.Expression, context: Any) -> Any:
        if isinstance(node, ast.Identifier) and node.name.startswith("$"):
            # A physical qubit `$n` makes the importer add n + 1 qubits; check before it does.
            digits, limit = node.name[1:], self._limits["qubits"]
            if len(digits) > 9 or int(digits) >= limit:
                raise ConversionError(
                    f"physical qubit {node.name} is past the limit of {limit:,} qubits", node
                )
        try:
            return super()._resolve_qarg(node, context)
        except IndexError:
            raise _out_of_range(node, context, "qubit") from None

    def _resolve_carg(self, node: ast.Expression, context: Any) -> Any:
        try:
            return super()._resolve_carg(node, context)
        except IndexError:
            raise _out_of_range(node, context, "bit") from None

    def _count(
        self, what: str, size: ast.Expression | None, node: ast.QASMNode, context: Any
    ) -> None:
        # Before the register is built: `qubit[2000000000] q;` would otherwise allocate it.
        self._declared[what] += 1 if size is None else self._resolve_constant_int(size, context)
        if self._declared[what] > self._limits[what]:
            raise ConversionError(
                f"the circuit declares {self._declared[what]:,} {what}; "
                f"the limit is {self._limits[what]:,}",
                node,
            )


def _out_of_range(node: ast.Expression, context: Any, noun: str) -> ConversionError:
    if not isinstance(node, ast.IndexedIdentifier):
        return ConversionError(f"{noun} index out of range", node)
    name = node.name.name
    symbol = context.symbol_table.get(name, node)
    size = getattr(getattr(symbol, "type", None), "size", None)
    first = node.indices[0]
    if isinstance(first, list) and len(first) == 1 and isinstance(first[0], ast.IntegerLiteral):
        where = first[0] if first[0].span is not None else node
        has = f": '{name}' has {_amount(size, noun)}" if isinstance(size, int) else ""
        return ConversionError(f"index {first[0].value} is out of range{has}", where)
    return ConversionError(f"{noun} index out of range for '{name}'", node)


def _explain(exc: Exception) -> str:
    if isinstance(exc, QiskitError):  # Qiskit's own words are meant for users
        return str(exc.message)
    return f"could not build this statement ({exc})"


def _size(count: int | list[Any]) -> int:
    return count if isinstance(count, int) else len(count)


def _amount(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
