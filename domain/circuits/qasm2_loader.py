"""OpenQASM 2 through Qiskit's native parser, with sizes checked before anything is built."""

from __future__ import annotations

import ast
import math
import re

from qiskit import QuantumCircuit, qasm2

from domain.circuits.errors import InvalidCircuit
from domain.circuits.source import Source

# "<input>:5,0: message": the line is 1-based and the column 0-based.
_POSITION = re.compile(r"<input>:(?P<line>\d+),(?P<column>\d+):\s*(?P<message>.*)", re.DOTALL)
# With the legacy instructions, a qelib1 gate used without the include fails as below.
_QELIB1_MISSING = re.compile(r"cannot use non-builtin custom instruction '(?P<gate>\w+)' before")
_DECLARATION = re.compile(r"\b(?P<kind>qreg|creg)\s+[A-Za-z_]\w*\s*\[\s*(?P<size>\d+)\s*\]")
# The parser panics (a Rust unwrap) on an index past 64 bits; no real index has ten digits.
_HUGE_INDEX = re.compile(r"\[\s*(?P<digits>\d{10,})")


def load_qasm2(source: Source, *, max_qubits: int, max_clbits: int) -> QuantumCircuit:
    """Parse an OpenQASM 2 program; `qelib1.inc` is built in and no file is ever read."""
    check_register_sizes(source, max_qubits=max_qubits, max_clbits=max_clbits)
    if huge := _HUGE_INDEX.search(source.blanked):
        raise source.error("this index is far past any register's size", huge.start("digits"))
    try:
        # An empty include path keeps `include "/etc/passwd";` from reading the server's disk.
        # The legacy instructions add the gates of Qiskit's extended qelib1.inc (sx, rzz, cu,
        # c3x...) that `QuantumCircuit.from_qasm_str`, older exporters and users expect.
        return qasm2.loads(
            source.text,
            include_path=(),
            custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS,
        )
    except qasm2.QASM2ParseError as exc:
        raise _located(source, exc.message) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # pyo3's PanicException, from a case the checks above missed
        raise InvalidCircuit(f"the program could not be parsed ({exc})", line=1, column=1) from None


# A gate call's parameter list: `name(` then text with at most one level of nested parentheses.
_PARAMETERS = re.compile(r"\b[A-Za-z_]\w*\s*\((?P<params>(?:[^();]|\([^();]*\))*)\)")
_FUNCTIONS = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp,
              "ln": math.log, "sqrt": math.sqrt}  # fmt: skip


def find_non_finite(source: Source) -> int | None:
    """The offset of the first constant gate parameter that is not a finite number, if any.

    The native parser reports no positions for values, so the text is read again: each
    parameter list is evaluated as OpenQASM 2 arithmetic (`^` is a power), and one that names a
    gate parameter, or does not evaluate, is skipped.
    """
    for found in _PARAMETERS.finditer(source.blanked):
        for part in found["params"].split(","):
            value = _evaluate(part.replace("^", "**"))
            if value is not None and not math.isfinite(value):
                return found.start("params")
    return None


def _evaluate(text: str) -> float | None:
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return float(_value(tree.body))
    except OverflowError:
        return math.inf
    except (SyntaxError, ValueError, ArithmeticError, TypeError, KeyError, RecursionError):
        return None


def _value(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id == "pi":
        return math.pi
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _value(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right if right else math.copysign(math.inf, left) if left else math.nan
        if isinstance(node.op, ast.Pow):
            return float(left**right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
        return _FUNCTIONS[node.func.id](_value(node.args[0]))
    raise ValueError("not a constant")


def check_register_sizes(source: Source, *, max_qubits: int, max_clbits: int) -> None:
    """Refuse a `qreg`/`creg` total over the limits at the declaration that passes them.

    OpenQASM 2 sizes are integer literals, so a scan of the text finds them all; it runs first
    because the parser would allocate a register of any declared size.
    """
    totals = {"qreg": 0, "creg": 0}
    limits = {"qreg": (max_qubits, "qubits"), "creg": (max_clbits, "classical bits")}
    for found in _DECLARATION.finditer(source.blanked):
        kind = found["kind"]
        # Past 18 digits a size is over any limit (and may be too long for Python to convert).
        size = found["size"]
        totals[kind] += int(size) if len(size) <= 18 else 10**18
        limit, noun = limits[kind]
        if totals[kind] > limit:
            declared = f"{totals[kind]:,}" if len(size) <= 18 else "more than 10^18"
            raise source.error(
                f"the circuit declares {declared} {noun}; the limit is {limit:,}", found.start()
            )


def _located(source: Source, text: str) -> InvalidCircuit:
    found = _POSITION.match(text)
    if found is None:
        return InvalidCircuit(text, line=1, column=1)
    message = found["message"].strip()
    line, column = int(found["line"]), int(found["column"]) + 1
    if missing := _QELIB1_MISSING.match(message):
        message = f"gate '{missing['gate']}' is not defined (add 'include \"qelib1.inc\";')"
    elif message.startswith("needed ';'"):
        # Reported at the next statement, often a line later; the gap is after the previous
        # token, as the OpenQASM 3 path reports it.
        offset = len(source.blanked[: source.offset(line, column)].rstrip())
        return source.error("expected ';'", offset)
    return InvalidCircuit(message, line=line, column=column)
