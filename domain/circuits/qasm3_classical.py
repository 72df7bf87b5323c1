"""OpenQASM 3 classical expressions over bits, as Qiskit's exporter writes them, to Qiskit `expr`.

qiskit_qasm3_import reads only `bit == bool` and `register == int` conditions, so a program
that `qiskit.qasm3.dumps` wrote from a dynamic circuit (`if (c[0] ^ c[1])`, `if (!a && b == 2)`,
`c[1] = c[0] | c[1];`) was refused. Aer runs these expressions, so they are built here as
`qiskit.circuit.classical.expr` trees: bitwise `~ & | ^`, logical `! && ||`, comparisons and
shifts, over bits, registers and integer or boolean literals.
"""

from __future__ import annotations

from typing import Any

from openqasm3 import ast
from qiskit.circuit import ClassicalRegister, Clbit
from qiskit.circuit.classical import expr, types
from qiskit_qasm3_import import ConversionError
from qiskit_qasm3_import.expression import ValueResolver

_BINARY = {
    "&": expr.bit_and,
    "|": expr.bit_or,
    "^": expr.bit_xor,
    "&&": expr.logic_and,
    "||": expr.logic_or,
    "==": expr.equal,
    "!=": expr.not_equal,
    "<": expr.less,
    "<=": expr.less_equal,
    ">": expr.greater,
    ">=": expr.greater_equal,
    "<<": expr.shift_left,
    ">>": expr.shift_right,
}
_UNARY = {"~": expr.bit_not, "!": expr.logic_not}
# Compound assignments (`c ^= d;`) and the operator each applies.
_COMPOUND = {"&=": "&", "|=": "|", "^=": "^", "<<=": "<<", ">>=": ">>"}


def build(node: ast.QASMNode, context: Any, register: Any) -> expr.Expr | int | bool:
    """The expression for `node`; `register` turns a list of bits into a register (and adds it).

    Raises ConversionError at the innermost node that has no expression form.
    """
    if isinstance(node, ast.BinaryExpression):
        operator = _BINARY.get(node.op.name)
        if operator is None:
            raise ConversionError(f"unsupported operator '{node.op.name}' on bits", node)
        left = build(node.lhs, context, register)
        right = build(node.rhs, context, register)
        if not isinstance(left, expr.Expr) and not isinstance(right, expr.Expr):
            raise ConversionError("a condition needs at least one bit or register", node)
        try:
            return operator(left, right)
        except (TypeError, ValueError) as error:
            raise ConversionError(f"cannot apply '{node.op.name}' here: {error}", node) from None
    if isinstance(node, ast.UnaryExpression):
        operator = _UNARY.get(node.op.name)
        operand = build(node.expression, context, register)
        if operator is None or not isinstance(operand, expr.Expr):
            raise ConversionError(f"unsupported operator '{node.op.name}' on bits", node)
        try:
            return operator(operand)
        except (TypeError, ValueError) as error:
            raise ConversionError(f"cannot apply '{node.op.name}' here: {error}", node) from None
    if isinstance(node, ast.BooleanLiteral):
        return bool(node.value)
    if isinstance(node, ast.IntegerLiteral):
        return int(node.value)
    value, _ = ValueResolver(context, strict=True).visit(node)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Clbit | ClassicalRegister):
        return expr.lift(value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Clbit) for v in value):
        return expr.lift(register(list(value)))
    raise ConversionError(
        "only bits, registers and integer or boolean literals are supported", node
    )


def condition(node: ast.Expression, context: Any, register: Any) -> expr.Expr:
    """A Bool expression for an `if` or `while` condition (a register reads as `!= 0`)."""
    built = build(node, context, register)
    if not isinstance(built, expr.Expr):
        raise ConversionError("a condition needs at least one bit or register", node)
    if built.type.kind is types.Bool:
        return built
    return expr.not_equal(built, 0)


def assignment(node: ast.ClassicalAssignment, context: Any, register: Any) -> tuple[Any, Any]:
    """(target bit or register, value expression) for `c = e;` or `c op= e;`."""
    target = build(node.lvalue, context, register)
    if not isinstance(target, expr.Var):
        raise ConversionError("only bits and registers can be assigned", node.lvalue)
    operator = node.op.name
    if operator == "=":
        value = build(node.rvalue, context, register)
    elif operator in _COMPOUND:
        value = _BINARY[_COMPOUND[operator]](target, build(node.rvalue, context, register))
    else:
        raise ConversionError(f"unsupported assignment '{operator}' on bits", node)
    if not isinstance(value, expr.Expr):
        value = expr.lift(value, target.type)
    if value.type != target.type:
        value = expr.cast(value, target.type)
    return target.var, value
