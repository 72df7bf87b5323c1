"""Counters over the source text that run before any parser, so hostile programs cost microseconds.

Each parser has inputs that make it slow or huge: the ANTLR runtime and the AST builder recurse
once per operator (50,000 unary minus signs is a MemoryError, 20,000 `+` signs three seconds of
recursion), and qiskit_qasm3_import copies a gate's definition at every call, so 40 gates that
each call the previous one twice grow the process by gigabytes. Each limit below sits far past
what real programs use (Qiskit's own exporters included) and is checked in one linear pass.
"""

from __future__ import annotations

import re

from domain.circuits.errors import CircuitLimitExceeded
from domain.circuits.source import Source

MAX_SOURCE_BYTES = 400_000  # UTF-8 bytes; `read_source` also caps characters
MAX_STATEMENTS = 50_000
# Arithmetic, bitwise and logical operator characters in one statement. The AST recursion is
# what they bound: 200 keeps it well inside Python's default stack in every parser.
MAX_OPERATORS_PER_STATEMENT = 200
# Gate definitions: how deep calls may nest, and how many gates one call may expand to.
MAX_GATE_DEPTH = 24
MAX_GATE_EXPANSION = 100_000
# Brackets of any kind nested inside each other (the native OpenQASM 2 parser recurses too).
MAX_NESTING = 64

_OPERATOR = re.compile(r"[-+*/%^&|!~<>=]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_GATE = re.compile(r"\bgate\s+(?P<name>[A-Za-z_]\w*)[^{;]*\{(?P<body>[^{}]*)\}")
_CALLEE = re.compile(
    r"^\s*(?:(?:ctrl|negctrl|inv|pow)\s*(?:\([^()]*\))?\s*@\s*)*(?P<name>[A-Za-z_]\w*)"
)
_OPAQUE = re.compile(r"\bopaque\b")
_BRACKETS = re.compile(r"[()\[\]{}]")


def screen(source: Source) -> None:
    """Refuse text no parser should see: bad characters, or more work than any limit allows."""
    text = source.text
    if found := _SURROGATE.search(text):
        raise source.error(
            "the program contains a lone surrogate (not valid Unicode)", found.start()
        )
    if found := _CONTROL.search(text):
        code = f"U+{ord(found.group()):04X}"
        raise source.error(f"the program contains the control character {code}", found.start())
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        raise CircuitLimitExceeded(
            limit="program_bytes",
            maximum=MAX_SOURCE_BYTES,
            requested=size,
            message=f"the program is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}",
        )
    blanked = source.blanked
    statements = blanked.count(";")
    if statements > MAX_STATEMENTS:
        raise CircuitLimitExceeded(
            limit="statements",
            maximum=MAX_STATEMENTS,
            requested=statements,
            message=f"the program has {statements:,} statements; the limit is {MAX_STATEMENTS:,}",
        )
    _check_operators(source, blanked)
    _check_nesting(source, blanked)
    if source.format == "QASM2" and (found := _OPAQUE.search(blanked)):
        raise source.error(
            "opaque gates have no definition, so no simulator can run them", found.start()
        )
    _check_gate_definitions(source, blanked)


def _check_operators(source: Source, blanked: str) -> None:
    start = 0
    for end in (*(m.start() for m in re.finditer("[;{}]", blanked)), len(blanked)):
        segment = blanked[start:end]
        # `->` in an OpenQASM 2 measure is punctuation, not arithmetic.
        count = len(_OPERATOR.findall(segment)) - 2 * segment.count("->")
        if count > MAX_OPERATORS_PER_STATEMENT:
            offset = start + len(segment) - len(segment.lstrip())
            raise CircuitLimitExceeded(
                limit="operators_per_statement",
                maximum=MAX_OPERATORS_PER_STATEMENT,
                requested=count,
                message=(
                    f"this statement has {count:,} operators; the limit is "
                    f"{MAX_OPERATORS_PER_STATEMENT:,}"
                ),
                **_place(source, offset),
            )
        start = end + 1


def _check_nesting(source: Source, blanked: str) -> None:
    depth = 0
    for found in _BRACKETS.finditer(blanked):
        depth = depth + 1 if found.group() in "([{" else max(0, depth - 1)
        if depth > MAX_NESTING:
            raise CircuitLimitExceeded(
                f"brackets are nested more than {MAX_NESTING} deep",
                limit="nesting",
                maximum=MAX_NESTING,
                requested=depth,
                **_place(source, found.start()),
            )


def _check_gate_definitions(source: Source, blanked: str) -> None:
    """Depth and expansion of each `gate` definition, from the names its body calls.

    A call to a gate defined earlier costs that gate's expansion; anything else (a standard
    gate, `U`, `CX`, `barrier`) costs one. A redefinition is the parser's error to report.
    """
    sizes: dict[str, int] = {}
    depths: dict[str, int] = {}
    for found in _GATE.finditer(blanked):
        size, depth = 0, 1
        for statement in found["body"].split(";"):
            callee = _CALLEE.match(statement)
            if callee is None:
                continue
            name = callee["name"]
            size += sizes.get(name, 1)
            depth = max(depth, depths.get(name, 0) + 1)
        name = found["name"]
        if depth > MAX_GATE_DEPTH:
            raise CircuitLimitExceeded(
                limit="gate_definition_depth",
                maximum=MAX_GATE_DEPTH,
                requested=depth,
                message=(
                    f"gate '{name}' nests gate definitions {depth} deep; "
                    f"the limit is {MAX_GATE_DEPTH}"
                ),
                **_place(source, found.start()),
            )
        if size > MAX_GATE_EXPANSION:
            raise CircuitLimitExceeded(
                limit="gate_expansion",
                maximum=MAX_GATE_EXPANSION,
                requested=size,
                message=(
                    f"gate '{name}' expands to {size:,} gates; the limit is {MAX_GATE_EXPANSION:,}"
                ),
                **_place(source, found.start()),
            )
        sizes[name], depths[name] = max(size, 1), depth


def _place(source: Source, offset: int) -> dict[str, int]:
    line, column = source.position(offset)
    return {"line": line, "column": column}
