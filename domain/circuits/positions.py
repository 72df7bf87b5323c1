"""Editor positions and plain messages for OpenQASM 3 errors from ANTLR and the reference AST."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from antlr4 import Token
from openqasm3 import ast

from domain.circuits.errors import InvalidCircuit
from domain.circuits.source import Source

_MISSING = re.compile(r"missing (?P<what>.+?) at ")
_EXPECTING = re.compile(r"expecting (?:\{(?P<many>.*)\}|(?P<one>.+))$", re.DOTALL)
_LEXER_TEXT = re.compile(r"token recognition error at: '(?P<text>.*)'$", re.DOTALL)
# ANTLR's names for token kinds, in words a user recognises.
_TOKEN_WORDS = {"Identifier": "a name", "HardwareQubit": "a physical qubit", "<EOF>": "the end"}
_MAX_ALTERNATIVES = 4  # past this, the list of what could come next is noise


def syntax_error(recognizer: Any, token: Any, line: int, column: int, msg: str) -> InvalidCircuit:
    """An ANTLR report as InvalidCircuit; ANTLR columns are 0-based."""
    if token is None:  # the lexer found no token here; `msg` quotes the text it gave up on
        found = _LEXER_TEXT.match(msg)
        text = found["text"] if found else ""
        what = "unterminated string" if text.startswith('"') else f"unexpected {text[:1]!r}"
        return InvalidCircuit(what, line=line, column=column + 1)
    missing = _MISSING.match(msg)
    if missing or token.type == Token.EOF:
        # Both are reported at the next token, often on a later line; the gap is right after
        # the previous token, which is where an editor should put the cursor.
        previous = _previous_token(recognizer, token)
        if previous is not None and "\n" not in previous.text:
            line, column = previous.line, previous.column + len(previous.text)
        if missing:
            return InvalidCircuit(f"expected {missing['what']}", line=line, column=column + 1)
    message = (
        "unexpected end of program" if token.type == Token.EOF else f"unexpected {token.text!r}"
    )
    if (expecting := _EXPECTING.search(msg)) is not None:
        choices = [c.strip() for c in (expecting["many"] or expecting["one"]).split(",")]
        if len(choices) <= _MAX_ALTERNATIVES:
            words = [_TOKEN_WORDS.get(choice, choice) for choice in choices]
            message += "; expected " + " or ".join(words)
    return InvalidCircuit(message, line=line, column=column + 1)


def column_of(source: Source, program: ast.Program, line: int, column: int) -> int:
    """The 1-based column of a converter error reported at (line, 0-based column).

    openqasm3 gives some identifiers (a register's name in `q[5]`, declared names) a span whose
    "column" is the character offset from the start of the program. When the reported place is
    such an identifier, the offset is turned back into a column.
    """
    line_start = source.offset(line, 1)
    for node in _walk(program):
        span = node.span
        if not isinstance(node, ast.Identifier) or span is None:
            continue
        if span.start_line != line or span.start_column != column:
            continue
        as_column = source.text.startswith(node.name, line_start + column)
        if not as_column and source.text.startswith(node.name, column):
            return column - line_start + 1
    return column + 1


def _previous_token(recognizer: Any, token: Any) -> Any:
    stream = recognizer.getInputStream()
    for index in range(token.tokenIndex - 1, -1, -1):
        candidate = stream.get(index)
        if candidate.channel == Token.DEFAULT_CHANNEL:
            return candidate
    return None


def _walk(root: ast.QASMNode) -> Iterator[ast.QASMNode]:
    pending: list[Any] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, ast.QASMNode):
            yield node
            pending.extend(getattr(node, field.name) for field in dataclasses.fields(node))
