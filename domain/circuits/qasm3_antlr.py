"""OpenQASM 3 through the ANTLR reference grammar and qiskit_qasm3_import, every error placed.

`qiskit.qasm3.loads` runs the same two steps but loses positions: ANTLR's bail-out strategy
raises `QASM3ParsingError()` with an empty message, and the converter lets `CircuitError` or
`IndexError` escape with none. Here the lexer and parser report to a listener that stops at the
first error with its line and column, and a converter subclass places every failure at the
innermost statement (or operand) it was working on.
"""

from __future__ import annotations

import re
from typing import Any, cast

from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from openqasm3 import ast
from openqasm3._antlr.qasm3Lexer import qasm3Lexer
from openqasm3._antlr.qasm3Parser import qasm3Parser
from openqasm3.parser import QASM3ParsingError, QASMNodeVisitor
from qiskit import QuantumCircuit

from domain.circuits.errors import InvalidCircuit
from domain.circuits.positions import column_of, syntax_error
from domain.circuits.qasm3_converter import PlacingConverter
from domain.circuits.source import Source

# Positions in the texts of the two libraries' errors: "L4:C7: ..." from the AST builder and
# "4,7: ..." from the converter, both with 1-based lines and 0-based columns.
_BUILDER_POSITION = re.compile(r"L(?P<line>\d+):C(?P<column>\d+):\s*(?P<message>.*)", re.DOTALL)
_CONVERTER_POSITION = re.compile(r"(?P<line>\d+),(?P<column>\d+):\s*(?P<message>.*)", re.DOTALL)
_UNDEFINED = re.compile(r"Undefined symbol '(?P<name>.+)'")
_BRACKETS = re.compile(r"[()\[\]{}]")
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000,}")  # Python will not convert 4,300 digits to int
# Well past any real program. ANTLR's Python runtime recurses per level and took 18 s to give
# up on 50,000 nested parentheses, so deeper programs are refused before it starts.
MAX_NESTING = 64


class _StopAtFirstError(ErrorListener):
    """Raise on the first lexer or parser error; ANTLR's default prints it and recovers."""

    def syntaxError(
        self, recognizer: Any, offendingSymbol: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        raise syntax_error(recognizer, offendingSymbol, line, column, msg)


def load_antlr(source: Source, *, max_qubits: int, max_clbits: int) -> QuantumCircuit:
    """Parse and convert an OpenQASM 3 program, or raise InvalidCircuit with its position."""
    program = parse_program(source)
    converter = PlacingConverter(max_qubits=max_qubits, max_clbits=max_clbits)
    try:
        # `convert` is annotated as returning the circuit but returns the conversion state.
        state: Any = converter.convert(program, source=source.text)
    except PlacingConverter.Error as exc:
        found = _CONVERTER_POSITION.match(exc.message)
        if found is None:
            raise InvalidCircuit(exc.message, line=1, column=1) from None
        line = int(found["line"])
        column = column_of(source, program, line, int(found["column"]))
        # The importer's sentences end with a full stop; ours, and Qiskit's, do not.
        message = found["message"].strip().removesuffix(".")
        if undefined := _UNDEFINED.fullmatch(message):
            message = f"'{undefined['name']}' is not declared"
        raise InvalidCircuit(message, line=line, column=column) from None
    return cast(QuantumCircuit, state.circuit)


def parse_program(source: Source) -> ast.Program:
    """The reference AST of a program, or InvalidCircuit at its first syntax error."""
    _check_nesting(source)
    lexer = qasm3Lexer(InputStream(source.text))
    parser = qasm3Parser(CommonTokenStream(lexer))
    for recognizer in (lexer, parser):
        recognizer.removeErrorListeners()
        recognizer.addErrorListener(_StopAtFirstError())
    try:
        tree = parser.program()
        return cast(ast.Program, QASMNodeVisitor().visitProgram(tree))
    except QASM3ParsingError as exc:
        found = _BUILDER_POSITION.match(str(exc))
        if found is None:
            raise InvalidCircuit(str(exc) or "invalid program", line=1, column=1) from None
        raise InvalidCircuit(
            found["message"], line=int(found["line"]), column=int(found["column"]) + 1
        ) from None
    except RecursionError:
        raise InvalidCircuit("the program is nested too deeply", line=1, column=1) from None
    except ValueError:
        if (number := _LONG_NUMBER.search(source.blanked)) is None:
            raise
        raise source.error("this number is too long", number.start()) from None


def _check_nesting(source: Source) -> None:
    depth = 0
    for found in _BRACKETS.finditer(source.blanked):
        depth = depth + 1 if found.group() in "([{" else max(0, depth - 1)
        if depth > MAX_NESTING:
            raise source.error(f"brackets are nested more than {MAX_NESTING} deep", found.start())
