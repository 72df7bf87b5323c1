"""qiskit_qasm3_import's converter, made to place every error and to respect the size limits."""

from __future__ import annotations

import math
import re
from typing import Any

from openqasm3 import ast
from qiskit import QuantumCircuit
from qiskit.circuit import ClassicalRegister, Gate, ParameterExpression
from qiskit.circuit.library import get_standard_gate_name_mapping
from qiskit.exceptions import QiskitError
from qiskit.qasm3 import STDGATES_INC_GATES
from qiskit.quantum_info import Operator
from qiskit_qasm3_import import ConversionError
from qiskit_qasm3_import import types as qasm_types
from qiskit_qasm3_import.converter import ConvertVisitor, GateBuilder

from domain.circuits import qasm3_classical
from domain.circuits.errors import CircuitLimitExceeded
from domain.circuits.workload import MAX_LOOP_ITERATIONS
from domain.errors import DomainError

_STDGATES = frozenset(gate.name for gate in STDGATES_INC_GATES)
_PLACED = re.compile(r"\d+,\d+: ")  # how ConversionError prefixes a message with a position
# A defined gate that matches a standard gate of its name is built as that gate, so compilers
# know its rules: Qiskit's exporter defines `ecr`, `rzx` and others that stdgates.inc lacks, and
# a gate merely named `ecr` cannot be flipped to a device's native direction.
_STANDARD_GATE_QUBITS = 3
_PROBE_ANGLES = (0.3141, -1.2345, 2.71828)


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
        except DomainError:  # a limit, already placed
            raise
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

    def visit_QuantumGateDefinition(self, node: ast.QuantumGateDefinition, context: Any) -> Any:
        context = super().visit_QuantumGateDefinition(node, context)
        symbol = context.symbol_table.get(node.name.name, node)
        builder = getattr(symbol, "data", None)
        if isinstance(builder, GateBuilder):
            symbol.data = _standard_twin(builder) or _LazyBuilder(builder)
        return context

    def visit_ForInLoop(self, node: ast.ForInLoop, context: Any) -> Any:
        # Qiskit turns a range past 2^63 into a list, element by element: 10^30 iterations ran
        # for ten minutes before failing. The trip count is checked before anything is built.
        if isinstance(node.set_declaration, ast.RangeDefinition):
            declared: Any = node.set_declaration
            indexset, _ = self._resolve_generic(declared, context, strict=True)
            if isinstance(indexset, slice) and None not in (indexset.start, indexset.stop):
                trips = _range_length(indexset)
                if trips > MAX_LOOP_ITERATIONS:
                    span = node.span
                    raise CircuitLimitExceeded(
                        f"this loop runs {_count(trips)} iterations; "
                        f"the limit is {MAX_LOOP_ITERATIONS:,}",
                        limit="loop_iterations",
                        maximum=MAX_LOOP_ITERATIONS,
                        requested=trips,
                        line=span.start_line if span else 1,
                        column=span.start_column + 1 if span else 1,
                    )
        return super().visit_ForInLoop(node, context)

    def _resolve_angle(self, node: ast.Expression, context: Any) -> Any:
        value = super()._resolve_angle(node, context)
        if isinstance(value, float | int) and not math.isfinite(value):
            raise ConversionError(f"this angle is not a finite number ({value})", node)
        if isinstance(value, ParameterExpression) and not value.parameters:
            number = complex(value)
            if not (math.isfinite(number.real) and math.isfinite(number.imag)):
                raise ConversionError(f"this angle is not a finite number ({number.real})", node)
        return value

    def _resolve_condition(self, node: ast.Expression, context: Any) -> Any:
        try:
            return super()._resolve_condition(node, context)
        except ConversionError as original:
            try:
                return qasm3_classical.condition(node, context, self._bits_register(context))
            except ConversionError:
                raise original from None

    def visit_ClassicalAssignment(self, node: ast.ClassicalAssignment, context: Any) -> Any:
        target, value = qasm3_classical.assignment(node, context, self._bits_register(context))
        context.circuit.store(target, value)
        return context

    def _bits_register(self, context: Any) -> Any:
        def register(bits: list[Any]) -> ClassicalRegister:
            name = context.unique_name()
            created = ClassicalRegister(name=f"_expr_{name}", bits=bits)
            context.circuit.add_register(created)
            return created

        return register

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


class DefinedGate(Gate):
    """A gate the program defines. Its definition is built from a shared template on first use.

    The importer's own gates copy their whole definition, recursively, at every call: a chain
    of gates that each call the previous twice took seconds per level. These copy nothing
    until a definition is asked for, and then one level only.
    """

    def __init__(
        self, name: str, template: QuantumCircuit, order: tuple[Any, ...], params: list[Any]
    ) -> None:
        super().__init__(name, template.num_qubits, params)
        self._template = template
        self._order = order

    def _define(self) -> None:
        if self._order:
            bound = dict(zip(self._order, self.params, strict=True))
            self._definition = self._template.assign_parameters(bound)
        else:
            self._definition = self._template.copy()


class _LazyBuilder:
    def __init__(self, builder: GateBuilder) -> None:
        self._name = builder._name
        self._template: QuantumCircuit = builder._definition
        self._order: tuple[Any, ...] = tuple(builder._order)

    def __call__(self, *parameters: Any) -> Gate:
        if len(parameters) != len(self._order):
            raise ConversionError(
                f"gate '{self._name}' takes {len(self._order)} parameters, "
                f"but {len(parameters)} given"
            )
        return DefinedGate(self._name, self._template, self._order, list(parameters))


def _range_length(indexset: slice) -> int:
    step = indexset.step or 1
    span = indexset.stop - indexset.start
    return max(0, (span + step - (1 if step > 0 else -1)) // step)


def _count(count: int) -> str:
    return f"{count:,}" if count < 10**12 else f"about 10^{len(str(count)) - 1}"


def _standard_twin(builder: GateBuilder) -> Any:
    """A builder of the standard gate this definition equals (same name and matrix), or None."""
    definition: QuantumCircuit = builder._definition
    mapping = get_standard_gate_name_mapping()
    standard = mapping.get(builder._name)
    if (
        not isinstance(standard, Gate)
        or standard.num_qubits != definition.num_qubits
        or standard.num_qubits > _STANDARD_GATE_QUBITS
        or len(standard.params) != len(builder._order)
    ):
        return None
    gate_class = type(standard)
    probes = [_PROBE_ANGLES[: len(standard.params)]] if standard.params else [()]
    try:
        for angles in probes:
            ours = definition.assign_parameters(dict(zip(builder._order, angles, strict=True)))
            if not Operator(ours).equiv(Operator(gate_class(*angles))):
                return None
    except Exception:  # a definition Operator cannot build is simply not a twin
        return None

    def build(*parameters: Any) -> Gate:
        return gate_class(*parameters)

    return build


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
