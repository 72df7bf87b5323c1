"""The exact outcome distribution of a dynamic circuit, by following every measurement branch.

A circuit with mid-circuit measurements, resets or classical control has no single final state
to read probabilities from. But a small one can be followed exactly: each measurement splits a
branch (probability, statevector, classical bits) in two, a reset projects and flips, and `if`,
`switch`, `for` and `while` are decided per branch from its bits. The distribution is the sum
of the branches' probabilities over their final bits. Bounded: a circuit that would need more
than MAX_BRANCHES branches or more than `max_work` amplitude updates gets None instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import (
    ClassicalRegister,
    Clbit,
    ForLoopOp,
    Gate,
    IfElseOp,
    Qubit,
    SwitchCaseOp,
    WhileLoopOp,
)
from qiskit.circuit.classical import expr, types
from qiskit.circuit.controlflow.switch_case import CASE_DEFAULT
from qiskit.quantum_info import Statevector

MAX_BRANCHES = 256
# Operations applied summed over branches: each costs tens of microseconds in Python whatever
# the state size, so this keeps a KPI under about a second.
MAX_BRANCH_STEPS = 20_000
MAX_WHILE_ITERATIONS = 64
_ZERO = 1e-12
_PASSIVE = frozenset({"barrier", "delay"})


class _GiveUp(Exception):
    """The circuit is outside what this method follows, or past its bounds."""


@dataclass
class _Branch:
    probability: float
    state: Statevector
    bits: list[int]  # by outer clbit index


def branch_distribution(circuit: QuantumCircuit, max_work: int) -> dict[tuple[int, ...], float]:
    """{clbit values (index order): probability}, or raise ValueError when not followable."""
    follower = _Follower(circuit, max_work)
    start = _Branch(1.0, Statevector.from_int(0, 2**circuit.num_qubits), [0] * circuit.num_clbits)
    try:
        branches = follower.block(circuit, [start], _identity(circuit))
    except _GiveUp as reason:
        raise ValueError(str(reason)) from None
    out: dict[tuple[int, ...], float] = {}
    for branch in branches:
        key = tuple(branch.bits)
        out[key] = out.get(key, 0.0) + branch.probability
    return out


@dataclass(frozen=True)
class _Mapping:
    qubits: dict[Qubit, int]
    clbits: dict[Clbit, int]


def _identity(circuit: QuantumCircuit) -> _Mapping:
    return _Mapping(
        {q: i for i, q in enumerate(circuit.qubits)}, {c: i for i, c in enumerate(circuit.clbits)}
    )


class _Follower:
    def __init__(self, circuit: QuantumCircuit, max_work: int) -> None:
        self.size = 2**circuit.num_qubits
        self.budget = max_work
        self.steps = MAX_BRANCH_STEPS
        self.outer = _identity(circuit)

    def _spend(self, branches: int) -> None:
        self.budget -= branches * self.size
        self.steps -= branches
        if self.budget < 0 or self.steps < 0:
            raise _GiveUp("too much work to follow exactly")

    def block(
        self, circuit: QuantumCircuit, branches: list[_Branch], mapping: _Mapping
    ) -> list[_Branch]:
        for item in circuit.data:
            qubits = [mapping.qubits[q] for q in item.qubits]
            clbits = [mapping.clbits[c] for c in item.clbits]
            operation = item.operation
            name = operation.name
            if name in _PASSIVE or not branches:
                continue
            self._spend(len(branches))
            if name == "measure":
                branches = [b for old in branches for b in _measure(old, qubits[0], clbits[0])]
            elif name == "reset":
                branches = [b for old in branches for b in _reset(old, qubits[0])]
            elif name == "store":
                lvalue, rvalue = operation.lvalue, operation.rvalue
                for branch in branches:
                    _assign(lvalue, _evaluate(rvalue, self._reader(branch)), branch, self.outer)
            elif isinstance(operation, IfElseOp | SwitchCaseOp | WhileLoopOp | ForLoopOp):
                branches = self._control(operation, qubits, clbits, branches)
            elif isinstance(operation, Gate) and not operation.is_parameterized():
                for branch in branches:
                    branch.state = branch.state.evolve(operation, qubits)
            else:
                raise _GiveUp(f"cannot follow '{name}'")
            if len(branches) > MAX_BRANCHES:
                raise _GiveUp("too many measurement branches")
        return branches

    def _inner(self, block: QuantumCircuit, qubits: list[int], clbits: list[int]) -> _Mapping:
        return _Mapping(
            dict(zip(block.qubits, qubits, strict=True)),
            dict(zip(block.clbits, clbits, strict=True)),
        )

    def _control(
        self, operation: object, qubits: list[int], clbits: list[int], branches: list[_Branch]
    ) -> list[_Branch]:
        if isinstance(operation, ForLoopOp):
            indexset, parameter, body = operation.params
            mapping = self._inner(body, qubits, clbits)
            for value in indexset:
                bound = body.assign_parameters({parameter: value}) if parameter else body
                branches = self.block(bound, branches, mapping)
            return branches
        out: list[_Branch] = []
        for branch in branches:
            out.extend(self._decide(operation, qubits, clbits, branch))
        return out

    def _decide(
        self, operation: object, qubits: list[int], clbits: list[int], branch: _Branch
    ) -> list[_Branch]:
        read = self._reader(branch)
        if isinstance(operation, IfElseOp):
            true_body, false_body = operation.blocks[0], operation.params[1]
            body = true_body if _condition(operation.condition, read) else false_body
            if body is None:
                return [branch]
            return self.block(body, [branch], self._inner(body, qubits, clbits))
        if isinstance(operation, SwitchCaseOp):
            value = _evaluate_target(operation.target, read)
            for values, body in operation.cases_specifier():
                if value in values or CASE_DEFAULT in values:
                    return self.block(body, [branch], self._inner(body, qubits, clbits))
            return [branch]
        if isinstance(operation, WhileLoopOp):
            body = operation.blocks[0]
            mapping = self._inner(body, qubits, clbits)
            done: list[_Branch] = []
            pending = [branch]
            for _ in range(MAX_WHILE_ITERATIONS):
                looping = [b for b in pending if _condition(operation.condition, self._reader(b))]
                done.extend(b for b in pending if b not in looping)
                if not looping:
                    return done
                pending = self.block(body, looping, mapping)
            raise _GiveUp("a while loop ran past the iterations followed")
        raise _GiveUp("unknown control flow")

    def _reader(self, branch: _Branch) -> Callable[[Clbit], int]:
        index = self.outer.clbits
        return lambda bit: branch.bits[index[bit]]


def _project(branch: _Branch, qubit: int, outcome: int) -> _Branch | None:
    probability = float(branch.state.probabilities([qubit])[outcome])
    if probability * branch.probability < _ZERO:
        return None
    data = np.array(branch.state.data, copy=True)
    mask = ((np.arange(len(data)) >> qubit) & 1) != outcome
    data[mask] = 0
    data /= np.sqrt(probability)
    return _Branch(branch.probability * probability, Statevector(data), list(branch.bits))


def _measure(branch: _Branch, qubit: int, clbit: int) -> list[_Branch]:
    out = []
    for outcome in (0, 1):
        child = _project(branch, qubit, outcome)
        if child is not None:
            child.bits[clbit] = outcome
            out.append(child)
    return out


def _reset(branch: _Branch, qubit: int) -> list[_Branch]:
    out = []
    for outcome in (0, 1):
        child = _project(branch, qubit, outcome)
        if child is not None:
            if outcome:
                child.state = child.state.evolve(_X, [qubit])
            out.append(child)
    return out


def _x() -> Gate:
    from qiskit.circuit.library import XGate

    return XGate()


_X = _x()


def _condition(condition: object, read: Callable[[Clbit], int]) -> bool:
    if isinstance(condition, tuple):
        target, value = condition
        return _register_value(target, read) == int(value)
    return bool(_evaluate(condition, read))


def _evaluate_target(target: object, read: Callable[[Clbit], int]) -> int:
    if isinstance(target, expr.Expr):
        return int(_evaluate(target, read))
    return _register_value(target, read)


def _register_value(target: object, read: Callable[[Clbit], int]) -> int:
    if isinstance(target, Clbit):
        return read(target)
    if isinstance(target, ClassicalRegister):
        return sum(read(bit) << i for i, bit in enumerate(target))
    raise _GiveUp("unknown condition target")


def _width(kind: types.Type) -> int:
    return 1 if kind.kind is types.Bool else int(getattr(kind, "width", 64))


def _evaluate(node: object, read: Callable[[Clbit], int]) -> int:
    if isinstance(node, expr.Var):
        return _register_value(node.var, read)
    if isinstance(node, expr.Value):
        return int(node.value)
    if isinstance(node, expr.Cast):
        value = _evaluate(node.operand, read)
        return int(bool(value)) if node.type.kind is types.Bool else value & _mask(node.type)
    if isinstance(node, expr.Index):
        return (_evaluate(node.target, read) >> _evaluate(node.index, read)) & 1
    if isinstance(node, expr.Unary):
        value = _evaluate(node.operand, read)
        if node.op is expr.Unary.Op.LOGIC_NOT:
            return int(not value)
        if node.op is expr.Unary.Op.BIT_NOT:
            return ~value & _mask(node.type)
    if isinstance(node, expr.Binary):
        left, right = _evaluate(node.left, read), _evaluate(node.right, read)
        operate = _BINARY.get(node.op)
        if operate is not None:
            return int(operate(left, right)) & _mask(node.type)
    raise _GiveUp(f"cannot evaluate {node!r}")


def _mask(kind: types.Type) -> int:
    return (1 << _width(kind)) - 1


_BINARY: dict[object, Callable[[int, int], int | bool]] = {
    expr.Binary.Op.BIT_AND: lambda a, b: a & b,
    expr.Binary.Op.BIT_OR: lambda a, b: a | b,
    expr.Binary.Op.BIT_XOR: lambda a, b: a ^ b,
    expr.Binary.Op.LOGIC_AND: lambda a, b: bool(a) and bool(b),
    expr.Binary.Op.LOGIC_OR: lambda a, b: bool(a) or bool(b),
    expr.Binary.Op.EQUAL: lambda a, b: a == b,
    expr.Binary.Op.NOT_EQUAL: lambda a, b: a != b,
    expr.Binary.Op.LESS: lambda a, b: a < b,
    expr.Binary.Op.LESS_EQUAL: lambda a, b: a <= b,
    expr.Binary.Op.GREATER: lambda a, b: a > b,
    expr.Binary.Op.GREATER_EQUAL: lambda a, b: a >= b,
    expr.Binary.Op.SHIFT_LEFT: lambda a, b: a << b,
    expr.Binary.Op.SHIFT_RIGHT: lambda a, b: a >> b,
}


def _assign(lvalue: expr.Expr, value: int, branch: _Branch, outer: _Mapping) -> None:
    if not isinstance(lvalue, expr.Var):
        raise _GiveUp("cannot assign to this")
    target = lvalue.var
    if isinstance(target, Clbit):
        branch.bits[outer.clbits[target]] = value & 1
    elif isinstance(target, ClassicalRegister):
        for i, bit in enumerate(target):
            branch.bits[outer.clbits[bit]] = (value >> i) & 1
    else:
        raise _GiveUp("cannot assign to a variable")
