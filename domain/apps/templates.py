"""An app version's circuit template: OpenQASM 3 whose parameters are `input` declarations.

The template is parsed by the circuit parser jobs use (`parse_circuit`), so a bad template is
an InvalidCircuit with its line and column, and its figures (qubits, depth, two-qubit gates)
are the ones admission would see. The `input` declarations are then read from the reference
AST for their names, types and places. The circuit parser binds only `angle` and `float`
inputs (it refuses others at their declaration), so every input is a JSON number.
Blocking and CPU-bound: run `read_template` in the parsing sandbox, as submissions do.
"""

from __future__ import annotations

from dataclasses import dataclass

from openqasm3 import ast

from domain.circuits.errors import InvalidCircuit
from domain.circuits.parsing import parse_circuit
from domain.circuits.qasm3_antlr import parse_program
from domain.circuits.source import read_source


@dataclass(frozen=True, slots=True)
class DeclaredInput:
    """One `input` declaration: its name, OpenQASM type as written, and place."""

    name: str
    qasm_type: str  # e.g. "angle[32]", "float[64]", "float"
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class TemplateFigures:
    inputs: tuple[DeclaredInput, ...]
    qubits: int
    depth: int
    two_qubit_gates: int


def read_template(text: str) -> TemplateFigures:
    """Parse the template, or raise InvalidCircuit with the 1-based line and column."""
    source = read_source(text)
    if source.format != "QASM3":
        raise InvalidCircuit(
            "a template is OpenQASM 3 (`OPENQASM 3.0;`), so that it can declare `input` parameters",
            line=1,
            column=1,
        )
    parsed = parse_circuit(text)
    program = parse_program(source)
    inputs = []
    for statement in program.statements:
        if isinstance(statement, ast.IODeclaration) and statement.io_identifier.name == "input":
            span = statement.span
            inputs.append(
                DeclaredInput(
                    name=statement.identifier.name,
                    qasm_type=_type_name(statement.type),
                    line=span.start_line if span else 1,
                    column=span.start_column + 1 if span else 1,
                )
            )
    return TemplateFigures(
        inputs=tuple(inputs),
        qubits=parsed.qubits,
        depth=parsed.depth,
        two_qubit_gates=parsed.workload.two_qubit,
    )


def _type_name(qasm_type: ast.ClassicalType) -> str:
    name = {ast.AngleType: "angle", ast.FloatType: "float"}.get(type(qasm_type), "float")
    size = getattr(qasm_type, "size", None)
    if isinstance(size, ast.IntegerLiteral):
        return f"{name}[{size.value}]"
    return name
