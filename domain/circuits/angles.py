"""Constant gate angles (`pi/4`, `-2*pi/3 + 0.1`) folded to float literals for the native parser.

The native OpenQASM 3 parser takes float literals only, while Qiskit's own exporter and most
hand-written programs write angles with `pi`. Folding them here keeps those programs on the
fast path. The arithmetic mirrors qiskit_qasm3_import's constant evaluation step by step (ints
stay ints and divide by floor division, floats divide exactly, the same `math` constants), so
both parsers produce the same parameter, bit for bit.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from functools import lru_cache

_CONSTANTS: dict[str, float] = {
    "pi": math.pi,
    "π": math.pi,
    "tau": math.tau,
    "τ": math.tau,
    "euler": math.e,
}
# Decimal numbers, the constants, operators and parentheses: a guard so that Python-only syntax
# (`0O17`, `1j`, `x if y else z`) never reaches `ast.parse` and passes for OpenQASM. Possessive
# quantifiers keep a miss linear: "1111...x" is never re-split into shorter numbers.
_TOKENS = re.compile(
    r"(?:[0-9][0-9_]*+(?:\.[0-9_]*+)?+(?:[eE][+-]?[0-9_]++)?+|\.[0-9][0-9_]*+(?:[eE][+-]?[0-9_]++)?+"
    r"|pi|π|tau|τ|euler|[-+*/() \t])*+"
)
_OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@lru_cache(maxsize=4096)  # a circuit repeats a handful of angles; the function is pure
def fold_angle(text: str) -> str | None:
    """A float literal with the value of a constant angle expression, or None if not one.

    Accepts numbers, `pi`/`π`, `tau`/`τ`, `euler`, unary minus, `+ - * /` and parentheses;
    anything else (names, `**`, unary plus, which OpenQASM 3 lacks) is left to the ANTLR path.
    """
    text = text.strip(" \t\r\n")
    if not _TOKENS.fullmatch(text):
        return None
    try:
        tree = ast.parse(text, mode="eval")
        value = _evaluate(tree.body)
    except (SyntaxError, ValueError, ArithmeticError, RecursionError):
        return None
    if value is None or not math.isfinite(value):
        return None
    return repr(float(value))  # the shortest text that reads back as the same double


def _evaluate(node: ast.expr) -> float | None:
    if isinstance(node, ast.Constant):
        # bool is an int to Python but not a number to OpenQASM; complex is `1im` there.
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return value
    if isinstance(node, ast.Name):
        return _CONSTANTS.get(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _evaluate(node.operand)
        return None if operand is None else -operand
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and isinstance(left, int) and isinstance(right, int):
            return left // right  # OpenQASM 3 integer division, as the importer computes it
        return _OPERATORS[type(node.op)](left, right)
    return None
